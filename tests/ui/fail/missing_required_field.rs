stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

fn main() {
    // `password` is required by the card, so the struct has no default for it.
    let _ = PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: None,
        encryption_username: None,
        sslrootcert: None,
    };
}

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

fn main() {
    // A typo in a property name.
    let _ = PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        hots: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: None,
        encryption_username: None,
        sslrootcert: None,
    };
}

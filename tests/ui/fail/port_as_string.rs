stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

fn main() {
    // `^\d+$` maps to an integer; the string form is written by serialization.
    let _ = PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: "5432",
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: None,
        encryption_username: None,
        sslrootcert: None,
    };
}

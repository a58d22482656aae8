// Building from the required values alone is still checked at compile time: leaving one out of
// `PostgresRequired` is a missing field, named.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

fn main() {
    let _properties = PostgresProperties {
        sslrootcert: Some("-----BEGIN CERTIFICATE-----".into()),
        ..PostgresRequired {
            database: "analytics".into(),
            encryption_type: PostgresEncryptionType::None,
            host: "db.example.com".into(),
            port: 5432,
            ssl: false,
            username: "stitch".into(),
        }
        .into()
    };
}

// Properties from the required values alone, and with one optional value more.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

fn required() -> PostgresRequired {
    PostgresRequired {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
    }
}

fn main() {
    let plain = PostgresProperties::from(required());
    assert_eq!(plain.sslrootcert, None);
    assert_eq!(plain.encryption_port, None);
    let with_cert = PostgresProperties {
        sslrootcert: Some("cert".into()),
        ..required().into()
    };
    let body = serde_json::to_value(&with_cert).unwrap();
    assert_eq!(body["sslrootcert"], "cert");
    assert_eq!(body["port"], "5432");
    assert_eq!(body.as_object().unwrap().len(), 8);
}

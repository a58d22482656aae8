use stitch_types::{CreateDestination, DestinationProperties, Properties};

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

fn takes_destination_properties<P: DestinationProperties>(_: &P) {}

fn main() {
    let props = PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: Some(22),
        encryption_username: None,
        sslrootcert: None,
    };
    takes_destination_properties(&props);
    assert_eq!(PostgresProperties::CARD_TYPE, "postgres");
    let body = CreateDestination::new("Staging", props).description("Postgres for staging");
    assert_eq!(body.properties().port, 5432);
}

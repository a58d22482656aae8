use stitch_types::{CreateDestination, Properties, Secret};

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

/// A user's own config struct, checked against the card.
#[derive(stitch_types::Properties, Clone)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    host: String,
    port: u32,
    database: String,
    #[stitch(rename = "username")]
    user: String,
    password: Secret<String>,
    ssl: bool,
    encryption_type: PostgresEncryptionType,
    encryption_port: Option<u16>,
}

fn main() {
    let warehouse = Warehouse {
        host: "db.example.com".into(),
        port: 5432,
        database: "analytics".into(),
        user: "stitch".into(),
        password: "hunter2".into(),
        ssl: true,
        encryption_type: PostgresEncryptionType::Ssh,
        encryption_port: Some(22),
    };
    assert_eq!(Warehouse::CARD_TYPE, "postgres");
    let body = CreateDestination::new("Staging", warehouse.clone());
    assert!(!format!("{body:?}").contains("hunter2"));
    let _ = (warehouse.host, warehouse.port, warehouse.database, warehouse.user, warehouse.ssl);
}

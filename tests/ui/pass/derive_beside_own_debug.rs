// The user's own `Debug` beside the derive: `skip_impls(Debug)` leaves it to them, and a
// credential still never shows, because it is a `Secret`.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(Clone, Debug, stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json", skip_impls(Debug))]
struct Warehouse {
    database: String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: stitch_types::Secret<String>,
    port: u16,
    ssl: bool,
    username: String,
}

fn main() {
    let warehouse = Warehouse {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
    };
    let shown = format!("{warehouse:?}");
    assert!(shown.starts_with("Warehouse { database: \"analytics\""), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    let body = serde_json::to_value(stitch_types::CreateDestination::new("Staging", warehouse.clone())).unwrap();
    assert_eq!(body["properties"]["port"], "5432");
}

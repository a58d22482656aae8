// One mistake, one error: the struct still implements the traits, so using it in a request body
// adds no errors of its own.
use stitch_types::{CreateDestination, Secret};

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    database: String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: Secret<String>,
    port: u16,
    ssl: String,
    username: String,
}

fn send(warehouse: Warehouse) -> String {
    let body = CreateDestination::new("Staging", warehouse);
    format!("{body:?}")
}

fn main() {
    let _ = send;
}

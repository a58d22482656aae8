// `^(true|false)$` cannot be held in a String.

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    database: String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: stitch_types::Secret<String>,
    port: u16,
    ssl: String,
    username: String,
}

fn main() {}

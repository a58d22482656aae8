// A credential outside Secret could show up in Debug output and errors.

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    database: String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: String,
    port: u16,
    ssl: bool,
    username: String,
}

fn main() {}

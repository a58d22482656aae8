// A `Debug` derived after the derive would clash with the one it writes: the error says which
// and what to do, instead of rustc's bare "conflicting implementations".
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
#[derive(PartialEq, Debug)]
struct Warehouse {
    database: String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: stitch_types::Secret<String>,
    port: u16,
    ssl: bool,
    username: String,
}

fn main() {}

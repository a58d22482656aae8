// An alias of a type that cannot hold the property: the compiler's check, on the user's type.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

type Port = i64;

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    database: String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: stitch_types::Secret<String>,
    port: Port,
    ssl: bool,
    username: String,
}

fn main() {}

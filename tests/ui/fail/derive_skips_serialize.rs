// `Serialize` is the wire form: it cannot be left to the user.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json", skip_impls(Serialize, Clone))]
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

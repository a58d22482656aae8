// A struct named `stitch` would meet the local path generated impls use: one clear error.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
#[allow(non_camel_case_types)]
struct stitch {
    database: String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: stitch_types::Secret<String>,
    port: u16,
    ssl: bool,
    username: String,
}

fn main() {}

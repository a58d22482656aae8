// Every required property the struct lacks, in one error on the struct's name.

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    encryption_type: PostgresEncryptionType,
    host: String,
    port: u16,
    ssl: bool,
}

fn main() {}

// A misspelt attribute key, on the struct and on a field.
#[derive(stitch_types::Properties)]
#[stitch(report_cards = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    #[stitch(renamed = "host")]
    hostname: String,
}

fn main() {}

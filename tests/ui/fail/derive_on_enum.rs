// The derive works on structs with named fields.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
enum Warehouse {
    Postgres,
}

fn main() {}

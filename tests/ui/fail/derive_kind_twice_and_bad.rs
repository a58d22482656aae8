// `kind` takes `source` or `destination`, once.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json", kind = "warehouse")]
struct Warehouse {
    host: String,
}

fn main() {}

// The card path is checked like include_report_card!'s: the error is on the literal.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgress.json")]
struct Warehouse {
    host: String,
}

fn main() {}

// A struct checked against a card that was edited after it was locked: the derive checks the
// lock as `include_report_card!` does.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../tests/ui/cards/locked/destinations/edited.json")]
struct Edited {
    host: String,
}

fn main() {}

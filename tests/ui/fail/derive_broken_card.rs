// A card with problems: the derive reports the card's diagnostics on the path.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../tests/ui/cards/one-bad-pattern.json")]
struct Partly {
    host: String,
}

fn main() {}

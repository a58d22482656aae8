stitch_types::include_report_card!("../../../../tests/ui/cards/malformed.json");

fn main() {}

// Every problem in the card is reported at once, each with its line, column and JSON pointer.
stitch_types::include_report_card!("../../../../tests/ui/cards/wrong_shape.json");

fn main() {}

// One broken pattern in a card is one error: the card's types are still generated (with a
// stand-in for the broken property), so code using the other properties compiles.
stitch_types::include_report_card!("../../../../tests/ui/cards/one-bad-pattern.json");

fn describe(properties: &PartlyBrokenProperties) -> String {
    format!("{}:{:?}", properties.host, properties.ssl)
}

fn update() -> PartlyBrokenUpdate {
    PartlyBrokenUpdate {
        ssl: Some(true),
        ..Default::default()
    }
}

fn main() {
    let _ = (describe, update);
}

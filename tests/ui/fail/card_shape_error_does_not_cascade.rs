// Shape errors in a card (`"is_required": "yes"`, `"name": 5`) are the card's errors alone: the
// types are still generated, with a stand-in for a property whose name is known, so code using
// the card's properties adds no errors of its own.
stitch_types::include_report_card!("../../../../tests/ui/cards/broken-shapes.json");

fn build() -> BrokenShapesProperties {
    BrokenShapesProperties {
        host: "db.example.com".into(),
        port: "5432".into(),
        ssl: Some(true),
    }
}

fn describe(properties: &BrokenShapesProperties) -> String {
    format!("{}:{:?}:{:?}", properties.host, properties.port, properties.ssl)
}

fn update() -> BrokenShapesUpdate {
    BrokenShapesUpdate {
        port: Some("5433".into()),
        ..Default::default()
    }
}

fn main() {
    let _ = (build, describe, update);
}

//! The synthetic cards of the benchmarks (`build.rs`) and of the large-card test
//! (`tests/tests/large_card.rs`, which includes this file with `#[path]`): one generator, so the
//! card the test builds is the one the benchmarks measure.

use serde_json::{Map, Value, json};

/// A card of `count` properties cycling through the common forms: plain strings, ports,
/// booleans as strings, a closed set; one in three required.
pub fn synthetic_card(count: usize) -> (Value, Map<String, Value>) {
    let mut properties = Vec::new();
    let mut sample = Map::new();
    for index in 0..count {
        let name = format!("property_{index}");
        let (schema, value) = match index % 4 {
            0 => (json!({"type": "string"}), json!("db.example.com")),
            1 => (
                json!({"type": "string", "pattern": "^\\d+$"}),
                json!("5432"),
            ),
            2 => (
                json!({"type": "string", "pattern": "^(true|false)$"}),
                json!("true"),
            ),
            _ => (
                json!({"type": "string", "pattern": "^(ssh|none|tls)$"}),
                json!("ssh"),
            ),
        };
        properties.push(json!({"name": name, "is_required": index % 3 == 0,
            "is_credential": false, "property_type": "user_provided", "json_schema": schema}));
        sample.insert(name, value);
    }
    let card = json!({"type": format!("synthetic_{count}"),
        "steps": [{"type": "form", "properties": properties}]});
    (card, sample)
}

//! Valid values made from a card's own JSON schemas, without looking at the generator: a sample
//! per schema form, and for patterns the first candidate that the pattern accepts under
//! ECMA-262 semantics (checked with `regress`), so a pattern with no candidate fails by name.

use serde_json::{Map, Value, json};

/// One sample per settable property (create), and per updatable property (update).
pub fn sample_properties(card: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let mut create = Map::new();
    let mut update = Map::new();
    for step in card["steps"].as_array().into_iter().flatten() {
        let step_type = step["type"].as_str().unwrap_or_default();
        if !matches!(step_type, "form" | "oauth" | "profile") {
            continue;
        }
        for property in step["properties"].as_array().into_iter().flatten() {
            let name = property["name"].as_str().unwrap().to_owned();
            let property_type = property["property_type"]
                .as_str()
                .unwrap_or("user_provided");
            if property_type == "read_only" {
                continue;
            }
            let schema = &property["json_schema"];
            let value = sample(schema, schema);
            if property_type != "user_provided_immutable" {
                update.insert(name.clone(), value.clone());
            }
            create.insert(name, value);
        }
    }
    (create, update)
}

/// A value `schema` accepts. `root` is the property's schema, which `$ref`s resolve against.
pub fn sample(schema: &Value, root: &Value) -> Value {
    if schema.is_null() {
        return json!("sample text");
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = root
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("unresolved $ref {reference}"));
        return sample(target, root);
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        return any_of_sample(schema, branches, root);
    }
    match schema["type"].as_str() {
        Some("string") => string_sample(schema),
        Some("integer") => json!(42),
        Some("boolean") => json!(true),
        Some("array") => json!([sample(&schema["items"], root)]),
        Some("object") => {
            let mut object = Map::new();
            for (name, field) in schema["properties"].as_object().into_iter().flatten() {
                object.insert(name.clone(), sample(field, root));
            }
            Value::Object(object)
        }
        // An `anyOf` branch may give only a `format`, the type standing beside the `anyOf`.
        None if schema.get("format").is_some() => string_sample(schema),
        other => panic!("no sample for schema type {other:?}: {schema}"),
    }
}

fn any_of_sample(schema: &Value, branches: &[Value], root: &Value) -> Value {
    let formats: Vec<&str> = branches
        .iter()
        .filter_map(|branch| branch.get("format").and_then(Value::as_str))
        .collect();
    if formats.len() == branches.len() {
        let _ = schema;
        return json!("db.example.com");
    }
    let types: Vec<&str> = branches
        .iter()
        .filter_map(|branch| branch.get("type").and_then(Value::as_str))
        .collect();
    match types.as_slice() {
        // The string branch: the form the sources API answers with.
        ["integer", "string"] | ["string", "integer"] => json!("30"),
        ["string", "array"] | ["array", "string"] => json!(["analytics", "billing"]),
        // `$ref` branches: the first one.
        _ => sample(&branches[0], root),
    }
}

fn string_sample(schema: &Value) -> Value {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values[0].clone();
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        return json!(pattern_sample(pattern));
    }
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => json!("2024-01-31T12:30:00Z"),
        Some("uri") => json!("https://example.com/oauth/callback"),
        Some("hostname") => json!("db.example.com"),
        Some("ipv4") => json!("10.0.0.7"),
        Some("ipv6") => json!("::1"),
        Some("email") => json!("ops@example.com"),
        Some(other) => panic!("no sample for format {other}"),
        None => json!("sample text"),
    }
}

/// The first candidate the pattern accepts (ECMA-262, Unicode flag, a search as JSON Schema
/// says), or else the first branch of a pattern of plain words (`^(us|eu)$` gives `us`), checked
/// the same way.
pub fn pattern_sample(pattern: &str) -> String {
    const CANDIDATES: &[&str] = &[
        "30",
        "5432",
        "true",
        "2024-01-01T00:00:00Z",
        "none",
        "csv",
        "UPSERT",
        "EU",
        "US",
        "REST",
        "AQUA",
        "LOG_BASED",
        "123456789012",
        "stitch-challenge-file-7f3a",
        "jdbc:spark://dbc.cloud.databricks.com:443/default",
        "my-bucket",
        "s3",
        "Advertisers",
    ];
    let regex = regress::Regex::with_flags(pattern, "u").expect("card patterns compile");
    let first_word: String = pattern
        .trim_start_matches(['^', '('])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    CANDIDATES
        .iter()
        .copied()
        .chain([first_word.as_str()])
        .find(|candidate| regex.find(candidate).is_some())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no sample candidate matches the pattern {pattern}"))
}

//! Key order, which a `serde_json::Value` of this workspace forgets: read from the cards' text
//! with a parser that keeps it.

use std::collections::BTreeMap;

use jsonc_parser::ast::Value;
use jsonc_parser::{CollectOptions, ParseOptions};

/// The keys of every object in `text`, in order, by JSON pointer. Empty when the text does not
/// parse (the card was read already, so it does).
pub fn key_orders(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut orders = BTreeMap::new();
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default());
    if let Ok(parsed) = parsed {
        if let Some(root) = &parsed.value {
            collect(root, String::new(), &mut orders);
        }
    }
    orders
}

fn collect(value: &Value<'_>, pointer: String, orders: &mut BTreeMap<String, Vec<String>>) {
    match value {
        Value::Object(object) => {
            let mut keys = Vec::new();
            for property in &object.properties {
                let key = property.name.as_str().to_owned();
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                collect(&property.value, child, orders);
                keys.push(key);
            }
            orders.insert(pointer, keys);
        }
        Value::Array(array) => {
            for (index, element) in array.elements.iter().enumerate() {
                collect(element, format!("{pointer}/{index}"), orders);
            }
        }
        _ => {}
    }
}

/// The pointers of objects whose shared keys come in a different order in `new` than in `old`.
pub fn reordered(old: &str, new: &str) -> Vec<String> {
    let old = key_orders(old);
    let new = key_orders(new);
    let mut pointers = Vec::new();
    for (pointer, old_keys) in &old {
        let Some(new_keys) = new.get(pointer) else {
            continue;
        };
        let shared_old: Vec<&String> = old_keys
            .iter()
            .filter(|key| new_keys.contains(key))
            .collect();
        let shared_new: Vec<&String> = new_keys
            .iter()
            .filter(|key| old_keys.contains(key))
            .collect();
        if shared_old != shared_new {
            pointers.push(pointer.clone());
        }
    }
    pointers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_elements_are_matched_by_name() {
        let old = r#"{"p": [{"name": "a", "x": 1, "y": 2}, {"name": "b", "x": 1, "y": 2}]}"#;
        let new = r#"{"p": [{"name": "b", "y": 2, "x": 1}]}"#;
        assert_eq!(reordered(old, new), ["/p/0"]);
    }

    #[test]
    fn finds_objects_whose_keys_moved() {
        let old = r#"{"a": 1, "b": {"x": 1, "y": 2}, "c": [{"p": 1, "q": 2}]}"#;
        let new = r#"{"a": 1, "b": {"y": 2, "x": 1, "z": 3}, "c": [{"p": 1, "q": 2}]}"#;
        assert_eq!(reordered(old, new), ["/b"]);
        assert_eq!(reordered(old, old), Vec::<String>::new());
    }
}

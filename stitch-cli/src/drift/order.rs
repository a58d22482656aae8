//! Key order, which a `serde_json::Value` of this workspace forgets: read from the cards' text
//! with a parser that keeps it.
//!
//! Both cards are walked side by side. Objects are matched by key; the elements of a
//! `properties` array (a step's properties) by their `name`, since a property added or removed
//! shifts the others' indices, and comparing two different properties' keys says nothing; any
//! other array's elements (`steps`, `anyOf`) by index.

use jsonc_parser::ast::{Array, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

/// The pointers (in `new`) of objects whose shared keys come in a different order in `new`
/// than in `old`. Empty when either text does not parse (both cards were read already, so they
/// do).
pub fn reordered(old: &str, new: &str) -> Vec<String> {
    let parse = |text| {
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
    };
    let (Ok(old), Ok(new)) = (parse(old), parse(new)) else {
        return Vec::new();
    };
    let mut pointers = Vec::new();
    if let (Some(old), Some(new)) = (&old.value, &new.value) {
        walk(old, new, "", None, &mut pointers);
    }
    pointers
}

/// Compares `old` and `new`, found at `pointer` in the new card under the key `key`.
fn walk(
    old: &Value<'_>,
    new: &Value<'_>,
    pointer: &str,
    key: Option<&str>,
    pointers: &mut Vec<String>,
) {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            let old_keys: Vec<&str> = old.properties.iter().map(|p| p.name.as_str()).collect();
            let new_keys: Vec<&str> = new.properties.iter().map(|p| p.name.as_str()).collect();
            let shared_old: Vec<&str> = old_keys
                .iter()
                .copied()
                .filter(|key| new_keys.contains(key))
                .collect();
            let shared_new: Vec<&str> = new_keys
                .iter()
                .copied()
                .filter(|key| old_keys.contains(key))
                .collect();
            if shared_old != shared_new {
                pointers.push(pointer.to_owned());
            }
            for property in &new.properties {
                let name = property.name.as_str();
                if let Some(before) = old.get(name) {
                    let child = format!("{pointer}/{}", escape(name));
                    walk(&before.value, &property.value, &child, Some(name), pointers);
                }
            }
        }
        (Value::Array(old), Value::Array(new)) => {
            let by_name = key == Some("properties") && named(old) && named(new);
            for (index, element) in new.elements.iter().enumerate() {
                let before = if by_name {
                    let name = element_name(element);
                    old.elements
                        .iter()
                        .find(|before| element_name(before) == name)
                } else {
                    old.elements.get(index)
                };
                if let Some(before) = before {
                    walk(
                        before,
                        element,
                        &format!("{pointer}/{index}"),
                        None,
                        pointers,
                    );
                }
            }
        }
        _ => {}
    }
}

/// Whether every element is an object with a string `name` (as a step's properties are).
fn named(array: &Array<'_>) -> bool {
    array
        .elements
        .iter()
        .all(|element| element_name(element).is_some())
}

fn element_name<'a>(element: &'a Value<'_>) -> Option<&'a str> {
    match element {
        Value::Object(object) => object.get_string("name").map(|name| name.value.as_ref()),
        _ => None,
    }
}

fn escape(key: &str) -> String {
    stitch_report_card::pointer::escape(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_elements_are_matched_by_name() {
        // `a` removed shifts `b` to index 0: by index, `a`'s keys would be compared with `b`'s.
        let old =
            r#"{"properties": [{"name": "a", "x": 1, "y": 2}, {"name": "b", "y": 2, "x": 1}]}"#;
        let new = r#"{"properties": [{"name": "b", "y": 2, "x": 1}]}"#;
        assert_eq!(reordered(old, new), Vec::<String>::new());
        // Swapped properties, each keeping its keys' order: nothing reordered.
        let swapped =
            r#"{"properties": [{"name": "b", "y": 2, "x": 1}, {"name": "a", "x": 1, "y": 2}]}"#;
        assert_eq!(reordered(old, swapped), Vec::<String>::new());
        // A property whose keys moved is reported at its pointer in the new card, nested
        // objects too.
        let old = r#"{"properties": [{"name": "a", "s": {"p": 1, "q": 2}}, {"name": "b", "x": 1, "y": 2}]}"#;
        let new = r#"{"properties": [{"name": "b", "y": 2, "x": 1}, {"name": "a", "s": {"q": 2, "p": 1}}]}"#;
        assert_eq!(reordered(old, new), ["/properties/0", "/properties/1/s"]);
    }

    #[test]
    fn other_arrays_are_matched_by_index() {
        let old = r#"{"steps": [{"type": "form", "x": 1, "y": 2}, {"type": "oauth"}]}"#;
        let new = r#"{"steps": [{"type": "oauth"}, {"type": "form", "y": 2, "x": 1}]}"#;
        assert_eq!(reordered(old, new), Vec::<String>::new());
        let new = r#"{"steps": [{"x": 1, "type": "form", "y": 2}, {"type": "oauth"}]}"#;
        assert_eq!(reordered(old, new), ["/steps/0"]);
    }

    #[test]
    fn finds_objects_whose_keys_moved() {
        let old = r#"{"a": 1, "b": {"x": 1, "y": 2}, "c": [{"p": 1, "q": 2}]}"#;
        let new = r#"{"a": 1, "b": {"y": 2, "x": 1, "z": 3}, "c": [{"p": 1, "q": 2}]}"#;
        assert_eq!(reordered(old, new), ["/b"]);
        assert_eq!(reordered(old, old), Vec::<String>::new());
        let new = r#"{"b": {"x": 1, "y": 2}, "a": 1, "c": [{"p": 1, "q": 2}]}"#;
        assert_eq!(reordered(old, new), [""]);
    }
}

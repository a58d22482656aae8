//! Checks a request's `properties` object against a report card, the way the Connect API's
//! `InvalidProperties` error describes: wrong format or data type, an empty string, a
//! `read_only` property, plus unknown keys, missing required properties, strings longer than
//! the emulator accepts and (on update) properties that cannot change after creation.

use std::fmt;

use serde_json::{Map, Value};
use stitch_types::{PropertyType, StepType};

use crate::catalog::Card;
use crate::connection::Connection;

/// The longest string, in bytes, a property value may hold anywhere inside it: the emulator's
/// own limit (the docs give none).
///
/// Long strings are refused before any pattern runs. ECMA-262 patterns backtrack, and a card's
/// pattern can be slow on long input: netsuite's `^\d+.?\d*$` takes time quadratic in the
/// length of a string of digits that ends in two other characters (about 20 s for 64 KiB in a
/// release build). No real value comes near this size; the largest, PEM certificates and
/// service-account keys, are a few KiB.
pub(crate) const MAX_STRING_BYTES: usize = 64 * 1024;

/// Whether missing required properties are an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Required {
    /// Every required property of the `form` step must be present (creating a destination).
    FormStep,
    /// Properties may arrive over several requests (sources, updates).
    NotChecked,
}

/// One property the API would list in `bad_properties`, with the reason for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadProperty {
    /// The property's name, as sent (or as the card spells it, when missing).
    pub(crate) name: String,
    /// Why. Never contains the value: it may be a credential.
    pub(crate) reason: String,
}

impl fmt::Display for BadProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.name, self.reason)
    }
}

/// Every problem with `properties` that the card alone decides, in the order the keys were
/// sent, missing ones last.
///
/// This is the slow part of a request (patterns), and needs no stored state, so it runs before
/// the store is locked; [`check_changes`] adds what depends on the stored values.
pub(crate) fn check_properties(
    card: &Card,
    properties: &Map<String, Value>,
    required: Required,
) -> Vec<BadProperty> {
    let mut bad = Vec::new();
    for (name, value) in properties {
        let mut reject = |reason: String| {
            bad.push(BadProperty {
                name: name.clone(),
                reason,
            })
        };
        let Some((property, schema)) = card.property(name) else {
            reject("is not a property of this report card".into());
            continue;
        };
        if property.effective_property_type() == PropertyType::ReadOnly {
            reject("is read_only: Stitch sets it".into());
            continue;
        }
        if longest_string(value) > MAX_STRING_BYTES {
            reject(format!(
                "holds a string longer than {MAX_STRING_BYTES} bytes (the emulator's own limit)"
            ));
            continue;
        }
        if value.as_str() == Some("") {
            reject("is an empty string".into());
            continue;
        }
        if let Some(schema) = schema {
            let violations = schema.check(value);
            if !violations.is_empty() {
                let reasons: Vec<String> = violations.iter().map(ToString::to_string).collect();
                reject(reasons.join("; "));
            }
        }
    }
    if required == Required::FormStep {
        let form_properties = card
            .card
            .steps
            .iter()
            .filter(|step| step.step_type == StepType::Form)
            .flat_map(|step| &step.properties);
        for property in form_properties {
            if property.is_required_from_user() && !properties.contains_key(&property.name) {
                bad.push(BadProperty {
                    name: property.name.clone(),
                    reason: "is required but missing".into(),
                });
            }
        }
    }
    bad
}

/// `bad` (from [`check_properties`]) with the `user_provided_immutable` properties that an
/// update of `current` would change, in the order the keys were sent, missing ones last.
///
/// A `user_provided_immutable` property may be set when it has no value yet (sources are
/// configured over several requests), or sent again unchanged, but not changed.
pub(crate) fn check_changes(
    card: &Card,
    properties: &Map<String, Value>,
    current: &Connection,
    bad: Vec<BadProperty>,
) -> Vec<BadProperty> {
    let mut earlier = bad.into_iter().peekable();
    let mut merged = Vec::new();
    for (name, value) in properties {
        // `bad` lists the sent keys in this same order.
        if let Some(problem) = earlier.next_if(|problem| problem.name == *name) {
            merged.push(problem);
            continue;
        }
        let immutable = card.property(name).is_some_and(|(property, _)| {
            property.effective_property_type() == PropertyType::UserProvidedImmutable
        });
        if immutable && current.would_change(name, value) {
            merged.push(BadProperty {
                name: name.clone(),
                reason: "is user_provided_immutable: it cannot change once set".into(),
            });
        }
    }
    merged.extend(earlier);
    merged
}

/// The length in bytes of the longest string in `value`, object keys included.
fn longest_string(value: &Value) -> usize {
    match value {
        Value::String(text) => text.len(),
        Value::Array(items) => items.iter().map(longest_string).max().unwrap_or(0),
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| key.len().max(longest_string(value)))
            .max()
            .unwrap_or(0),
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;

    use super::*;
    use crate::catalog::{CardKind, Catalog};

    fn check(properties: Value, required: Required) -> Vec<String> {
        let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let catalog = Catalog::load(&[schemas]).unwrap();
        let card = catalog.card(CardKind::Destination, "postgres").unwrap();
        let Value::Object(properties) = properties else {
            unreachable!()
        };
        check_properties(card, &properties, required)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_problem_of_a_postgres_body_is_found_without_echoing_values() {
        let problems = check(
            json!({"host": "", "port": "54x32", "ssl": false, "hots": "x", "password": "hunter2-secret"}),
            Required::FormStep,
        );
        assert_eq!(
            problems,
            [
                "`host` is an empty string",
                "`hots` is not a property of this report card",
                "`port` does not match the pattern `^\\d+$`",
                "`ssl` expected string, found boolean",
                "`database` is required but missing",
                "`encryption_type` is required but missing",
                "`username` is required but missing",
            ]
        );
        assert!(!problems.concat().contains("hunter2-secret"));
    }

    #[test]
    fn an_update_may_leave_out_required_properties() {
        let problems = check(json!({"port": "5433"}), Required::NotChecked);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn long_strings_are_refused_at_any_depth_before_any_pattern_runs() {
        let long = "1".repeat(MAX_STRING_BYTES + 1);
        let at_limit = "1".repeat(MAX_STRING_BYTES);
        assert_eq!(longest_string(&json!(long)), MAX_STRING_BYTES + 1);
        assert_eq!(
            longest_string(&json!([1, {"a": [long.clone()]}])),
            MAX_STRING_BYTES + 1
        );
        assert_eq!(
            longest_string(&json!({long.clone(): 1})),
            MAX_STRING_BYTES + 1
        );
        assert_eq!(longest_string(&json!({"a": [true, null, 3]})), 1);
        let problems = check(
            json!({"port": long, "database": at_limit}),
            Required::NotChecked,
        );
        assert_eq!(
            problems,
            ["`port` holds a string longer than 65536 bytes (the emulator's own limit)"]
        );
    }

    #[test]
    fn immutable_changes_join_the_other_problems_in_key_order() {
        let cards = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cards");
        let catalog = Catalog::load(&[cards]).unwrap();
        let card = catalog.card(CardKind::Source, "platform.example").unwrap();
        let mut current = Connection::default();
        current.apply(card, json!({"region": "eu"}).as_object().unwrap().clone());
        let sent =
            json!({"account_id": "1", "page_size": "x", "region": "us", "subdomain": "acme"});
        let sent = sent.as_object().unwrap();
        let bad = check_properties(card, sent, Required::NotChecked);
        let names = |problems: &[BadProperty]| -> Vec<String> {
            problems
                .iter()
                .map(|problem| problem.name.clone())
                .collect()
        };
        assert_eq!(names(&bad), ["account_id", "page_size"]);
        let merged = check_changes(card, sent, &current, bad);
        assert_eq!(names(&merged), ["account_id", "page_size", "region"]);
        let unchanged = json!({"region": "eu"});
        let unchanged = unchanged.as_object().unwrap();
        assert!(check_changes(card, unchanged, &current, Vec::new()).is_empty());
    }
}

//! Checks a request's `properties` object against a report card, the way the Connect API's
//! `InvalidProperties` error describes: wrong format or data type, an empty string, a
//! `read_only` property, plus unknown keys, missing required properties, strings longer than
//! the emulator accepts and (on update) properties that cannot change after creation.
//!
//! Values are checked by `stitch_types::runtime::CardChecker`: the rules, and the words, of the
//! generated types. What the emulator adds is its own: the string-length limit, and when a
//! `user_provided_immutable` property may be sent.

use std::fmt;

use serde_json::{Map, Value};
use stitch_types::PropertyType;
use stitch_types::validation::{Problem, PropertiesError, PropertyError};

use crate::catalog::{Card, KindChecker};
use crate::connection::Connection;

/// The longest string, in bytes, a property value may hold anywhere inside it: the emulator's
/// own limit (the docs give none).
///
/// Long strings are refused before any pattern runs. Patterns are checked in time linear in
/// the value, or within a step bound where they need backtracking
/// (`stitch_report_card::pattern`), so this bounds the work of a request, not of one check. No
/// real value comes near this size; the largest, PEM certificates and service-account keys, are
/// a few KiB.
pub(crate) const MAX_STRING_BYTES: usize = 64 * 1024;

/// Whether missing required properties are an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Required {
    /// Every property the user must give is present (creating a destination), as the
    /// generated `{Type}Properties` requires.
    All,
    /// Properties may arrive over several requests (sources, updates).
    NotChecked,
}

/// One property the API would list in `bad_properties`, with the problem for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadProperty {
    /// The property's name, as sent (or as the card spells it, when missing).
    pub(crate) name: String,
    /// What is wrong, in the generated types' words, without the value (which may be a
    /// credential sent under the wrong name).
    pub(crate) problem: String,
}

impl fmt::Display for BadProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem)
    }
}

/// The properties in the form they are stored (the form generated types send: `5432` read
/// for `^\d+$` becomes `"5432"`, `null` for an optional property is left out), or every
/// problem with them, in card order with unknown keys last.
///
/// This is the slow part of a request (patterns), and needs no stored state, so it runs before
/// the store is locked; [`check_changes`] adds what depends on the stored values.
pub(crate) fn check_properties(
    card: &Card,
    properties: Map<String, Value>,
    required: Required,
) -> Result<Map<String, Value>, Vec<BadProperty>> {
    let too_long: Vec<BadProperty> = properties
        .iter()
        .filter(|(_, value)| longest_string(value) > MAX_STRING_BYTES)
        .map(|(name, _)| BadProperty {
            name: name.clone(),
            problem: format!(
                "`{name}` holds a string longer than {MAX_STRING_BYTES} bytes (the emulator's \
                 own limit)"
            ),
        })
        .collect();
    if !too_long.is_empty() {
        return Err(too_long);
    }
    let sent: Vec<String> = properties.keys().cloned().collect();
    let checked = match (&card.checker, required) {
        (KindChecker::Destination(checker), Required::All) => checker
            .check(properties)
            .map(|checked| checked.expose_all()),
        (KindChecker::Destination(checker), Required::NotChecked) => checker
            .check_partial(properties)
            .map(|checked| checked.expose_all()),
        (KindChecker::Source(checker), Required::All) => checker
            .check(properties)
            .map(|checked| checked.expose_all()),
        (KindChecker::Source(checker), Required::NotChecked) => checker
            .check_partial(properties)
            .map(|checked| checked.expose_all()),
        // Emulator's choice (the docs say nothing of creating a stub's type): a stub has no
        // properties, so any property sent is unknown, as it was for an empty card.
        (KindChecker::Stub, _) => {
            let problems: Vec<stitch_types::PropertyError> = properties
                .keys()
                .map(|name| {
                    let unknown = stitch_types::validation::Problem::Unknown { suggestion: None };
                    stitch_types::PropertyError::new(name.clone(), unknown)
                })
                .collect();
            if problems.is_empty() {
                Ok(Map::new())
            } else {
                Err(PropertiesError::new(card.card.card_type.clone(), problems))
            }
        }
    };
    checked.map_err(|error| bad_properties(card, &sent, error))
}

/// One entry per problem, named by the top-level property it is in.
fn bad_properties(card: &Card, sent: &[String], error: PropertiesError) -> Vec<BadProperty> {
    error
        .into_problems()
        .into_iter()
        .map(|problem| BadProperty {
            name: top_level_name(card, sent, problem.path()),
            // Logged: a value sent under the wrong name may be a credential.
            problem: problem.redacted().to_string(),
        })
        .collect()
}

/// The property a problem's path (`ssh_config.ssh_port`, `reports[0]`) starts with. Property
/// names may hold `.` themselves, so the longest known name that the path starts with, followed
/// by the end, `.` or `[`, wins.
fn top_level_name(card: &Card, sent: &[String], path: &str) -> String {
    let card_names = card
        .card
        .properties()
        .map(|(_, property)| property.name.as_str());
    sent.iter()
        .map(String::as_str)
        .chain(card_names)
        .filter(|name| {
            path.strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .max_by_key(|name| name.len())
        .unwrap_or(path)
        .to_owned()
}

/// `bad` (from [`check_properties`]) with the `user_provided_immutable` properties that an
/// update of `current` would change.
///
/// The emulator's choice: a `user_provided_immutable` property may be set when it has no value
/// yet (sources are configured over several requests), or sent again unchanged, but not
/// changed.
pub(crate) fn check_changes(
    card: &Card,
    properties: &Map<String, Value>,
    current: &Connection,
) -> Vec<BadProperty> {
    properties
        .iter()
        .filter(|(name, value)| {
            let immutable = card.property(name).is_some_and(|property| {
                property.effective_property_type() == PropertyType::UserProvidedImmutable
            });
            immutable && current.would_change(name, value)
        })
        .map(|(name, _)| BadProperty {
            name: name.clone(),
            problem: PropertyError::new(name.clone(), Problem::Immutable).to_string(),
        })
        .collect()
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

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn postgres_problems(properties: Value, required: Required) -> Vec<String> {
        let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let catalog = Catalog::load(&[schemas]).unwrap();
        let card = catalog.card(CardKind::Destination, "postgres").unwrap();
        match check_properties(card, object(properties), required) {
            Ok(_) => Vec::new(),
            Err(bad) => bad.iter().map(ToString::to_string).collect(),
        }
    }

    fn example_card() -> std::sync::Arc<Card> {
        let cards = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cards");
        let catalog = Catalog::load(&[cards]).unwrap();
        std::sync::Arc::clone(catalog.card(CardKind::Source, "platform.example").unwrap())
    }

    #[test]
    fn every_problem_of_a_postgres_body_is_found_in_the_generated_types_words() {
        let problems = postgres_problems(
            json!({"host": "", "port": "54x32", "ssl": false, "hots": "x", "password": "hunter2-secret"}),
            Required::All,
        );
        assert_eq!(
            problems,
            [
                "`database` is required but missing",
                "`encryption_type` is required but missing",
                "`host` is an empty string, which the Connect API rejects",
                "`port` (value not shown) does not match the pattern `^\\d+$` (ASCII digits only, such as \"5432\")",
                "`ssl` must be the string \"true\" or \"false\" (the API takes booleans as strings), found a JSON boolean",
                "`username` is required but missing",
                "`hots` is not a property of this report card; did you mean `host`?",
            ]
        );
        assert!(!problems.concat().contains("hunter2-secret"));
    }

    #[test]
    fn an_update_may_leave_out_required_properties() {
        let problems = postgres_problems(json!({"port": "5433"}), Required::NotChecked);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn values_are_stored_in_the_form_generated_types_send() {
        let card = example_card();
        let stored = check_properties(
            &card,
            object(json!({"page_size": "0100", "cron_expression": null, "region": "eu"})),
            Required::NotChecked,
        )
        .unwrap();
        assert_eq!(stored, object(json!({"page_size": "100", "region": "eu"})));
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
        let problems = postgres_problems(
            json!({"port": long, "database": at_limit}),
            Required::NotChecked,
        );
        assert_eq!(
            problems,
            ["`port` holds a string longer than 65536 bytes (the emulator's own limit)"]
        );
    }

    #[test]
    fn immutable_properties_may_be_set_once_but_not_changed() {
        let card = example_card();
        let mut current = Connection::default();
        current.apply(&card, object(json!({"region": "eu"})));
        let names = |problems: &[BadProperty]| -> Vec<String> {
            problems
                .iter()
                .map(|problem| problem.name.clone())
                .collect()
        };
        let changed = check_changes(
            &card,
            &object(json!({"region": "us", "subdomain": "acme"})),
            &current,
        );
        assert_eq!(names(&changed), ["region"]);
        assert_eq!(
            changed[0].to_string(),
            "`region` is set when the connection is created and cannot be updated"
        );
        assert!(check_changes(&card, &object(json!({"region": "eu"})), &current).is_empty());
        let unset = Connection::default();
        assert!(check_changes(&card, &object(json!({"region": "us"})), &unset).is_empty());
    }

    #[test]
    fn problems_inside_a_property_are_named_by_the_property() {
        let card = example_card();
        let sent = ["api_token".to_owned(), "a.b".to_owned()];
        assert_eq!(top_level_name(&card, &sent, "api_token"), "api_token");
        assert_eq!(top_level_name(&card, &sent, "a.b.c"), "a.b");
        assert_eq!(top_level_name(&card, &sent, "a.b[0]"), "a.b");
        assert_eq!(top_level_name(&card, &sent, "region"), "region");
        assert_eq!(top_level_name(&card, &sent, "unknown"), "unknown");
    }
}

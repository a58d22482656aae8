//! Checks a request's `properties` object against a report card, the way the Connect API's
//! `InvalidProperties` error describes: wrong format or data type, an empty string, a
//! `read_only` property, plus unknown keys, missing required properties and (on update)
//! properties that cannot change after creation.

use std::fmt;

use serde_json::{Map, Value};
use stitch_types::{PropertyType, StepType};

use crate::catalog::Card;
use crate::connection::Connection;

/// Whether the properties create a connection or change an existing one.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Operation<'a> {
    /// `POST`: every property the user can set is allowed.
    Create,
    /// `PUT` of this connection: a `user_provided_immutable` property may be set when it has no
    /// value yet (sources are configured over several requests), or sent again unchanged, but
    /// not changed.
    Update(&'a Connection),
}

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

/// Every problem with `properties`, in the order the keys were sent, missing ones last.
pub(crate) fn check_properties(
    card: &Card,
    properties: &Map<String, Value>,
    operation: Operation,
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
        match property.effective_property_type() {
            PropertyType::ReadOnly => {
                reject("is read_only: Stitch sets it".into());
                continue;
            }
            PropertyType::UserProvidedImmutable if matches!(operation, Operation::Update(current) if current.would_change(name, value)) =>
            {
                reject("is user_provided_immutable: it cannot change once set".into());
                continue;
            }
            _ => {}
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;

    use super::*;
    use crate::catalog::{CardKind, Catalog};

    fn check(properties: Value, operation: Operation, required: Required) -> Vec<String> {
        let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let catalog = Catalog::load(&[schemas]).unwrap();
        let card = catalog.card(CardKind::Destination, "postgres").unwrap();
        let Value::Object(properties) = properties else {
            unreachable!()
        };
        check_properties(card, &properties, operation, required)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_problem_of_a_postgres_body_is_found_without_echoing_values() {
        let problems = check(
            json!({"host": "", "port": "54x32", "ssl": false, "hots": "x", "password": "hunter2-secret"}),
            Operation::Create,
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
        let current = Connection::default();
        let problems = check(
            json!({"port": "5433"}),
            Operation::Update(&current),
            Required::NotChecked,
        );
        assert!(problems.is_empty(), "{problems:?}");
    }
}

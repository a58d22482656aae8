//! Two cards compared: their properties by wire name (with the checked model `stitch-schema`
//! reads, the one code is generated from), their steps and details (from their JSON), and
//! their key order (from their text).

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::Value;
use stitch_report_card::{PropertyType, StepType};
use stitch_schema::model::{CardProperty, Shape, StructDef};

use super::schema::{self, Verdict};
use super::{Category, Change, Side};

/// Every change from `old` to `new`, in card order.
pub fn compare(old: &Side, new: &Side) -> Vec<Change> {
    let mut changes = Vec::new();
    compare_type(old, new, &mut changes);
    compare_steps(old, new, &mut changes);
    for old_property in &old.card.properties {
        match new
            .card
            .properties
            .iter()
            .find(|p| p.wire_name == old_property.wire_name)
        {
            Some(new_property) => {
                compare_property(old, new, old_property, new_property, &mut changes);
            }
            None => removed(old, old_property, &mut changes),
        }
    }
    for new_property in &new.card.properties {
        if !old
            .card
            .properties
            .iter()
            .any(|p| p.wire_name == new_property.wire_name)
        {
            added(new, new_property, &mut changes);
        }
    }
    compare_details(old, new, &mut changes);
    compare_other_keys(old, new, &mut changes);
    compare_order(old, new, &mut changes);
    changes
}

fn change(
    category: Category,
    property: Option<&str>,
    pointer: &str,
    message: impl Into<String>,
    breaks_generated_code: bool,
) -> Change {
    Change {
        category,
        property: property.map(str::to_owned),
        pointer: pointer.to_owned(),
        message: message.into(),
        breaks_generated_code,
    }
}

fn compare_type(old: &Side, new: &Side, changes: &mut Vec<Change>) {
    if old.card.card_type != new.card.card_type {
        changes.push(change(
            Category::Breaking,
            None,
            "/type",
            format!(
                "the card's type changed from `{}` to `{}`: requests name the type, and every \
                 generated type is renamed",
                old.card.card_type, new.card.card_type
            ),
            true,
        ));
    }
}

/// The step types in order.
fn steps(side: &Side) -> Vec<String> {
    side.json
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|step| step.get("type")?.as_str().map(str::to_owned))
        .collect()
}

fn compare_steps(old: &Side, new: &Side, changes: &mut Vec<Change>) {
    let (old_steps, new_steps) = (steps(old), steps(new));
    for (index, step) in new_steps.iter().enumerate() {
        if old_steps.contains(step) {
            continue;
        }
        let pointer = format!("/steps/{index}");
        let Ok(step_type) = step.parse::<StepType>();
        if step_type.takes_user_properties() {
            changes.push(change(
                Category::Breaking,
                None,
                &pointer,
                format!(
                    "new `{step}` step, which needs user input: a connection set up with the old \
                     card's steps is not fully configured"
                ),
                false,
            ));
        } else {
            changes.push(change(
                Category::Informational,
                None,
                &pointer,
                format!("new `{step}` step (it takes no user input)"),
                false,
            ));
        }
    }
    for (index, step) in old_steps.iter().enumerate() {
        if !new_steps.contains(step) {
            changes.push(change(
                Category::Informational,
                None,
                &format!("/steps/{index}"),
                format!("the `{step}` step was removed"),
                false,
            ));
        }
    }
    let shared_old: Vec<&String> = old_steps.iter().filter(|s| new_steps.contains(s)).collect();
    let shared_new: Vec<&String> = new_steps.iter().filter(|s| old_steps.contains(s)).collect();
    if shared_old != shared_new {
        changes.push(change(
            Category::Informational,
            None,
            "/steps",
            format!(
                "the steps were reordered: {} → {}",
                old_steps.join(", "),
                new_steps.join(", ")
            ),
            false,
        ));
    }
}

fn removed(old: &Side, property: &CardProperty, changes: &mut Vec<Change>) {
    let name = property.wire_name.as_str();
    if property.is_settable() {
        changes.push(change(
            Category::Breaking,
            Some(name),
            &property.pointer,
            "property removed: requests that set it are rejected as unknown",
            true,
        ));
    } else {
        changes.push(change(
            Category::Informational,
            Some(name),
            &property.pointer,
            format!(
                "read-only property removed (never sent, so no request changes); it was in `{}`",
                old.name
            ),
            false,
        ));
    }
}

fn added(new: &Side, property: &CardProperty, changes: &mut Vec<Change>) {
    let name = property.wire_name.as_str();
    let struct_name = new.card.properties_type_name();
    if !property.is_settable() {
        changes.push(change(
            Category::Informational,
            Some(name),
            &property.pointer,
            "new read-only property: Stitch sets it, requests never send it",
            false,
        ));
    } else if property.is_required_field() {
        changes.push(change(
            Category::Breaking,
            Some(name),
            &property.pointer,
            "new required property: requests without it are rejected",
            true,
        ));
    } else {
        changes.push(change(
            Category::Additive,
            Some(name),
            &property.pointer,
            format!(
                "new optional property; a struct literal of `{struct_name}` must now name it \
                 (`{}: None`)",
                property.field_name
            ),
            true,
        ));
    }
}

/// A property in both cards: what the model holds (the rules code is generated from), then
/// every key it does not.
fn compare_property(
    old: &Side,
    new: &Side,
    before: &CardProperty,
    after: &CardProperty,
    changes: &mut Vec<Change>,
) {
    compare_modelled(new, before, after, changes);
    compare_unmodelled_keys(old, new, before, after, changes);
}

fn compare_modelled(
    new: &Side,
    before: &CardProperty,
    after: &CardProperty,
    changes: &mut Vec<Change>,
) {
    let name = Some(after.wire_name.as_str());
    let pointer = after.pointer.as_str();
    if before.is_credential != after.is_credential {
        let message = if after.is_credential {
            "is now a credential: the value that was shown becomes secret (the API stops \
             returning it; generated code holds it in a `Secret`)"
        } else {
            "is no longer a credential: the API may now return a value that was secret \
             (generated code no longer holds it in a `Secret`)"
        };
        changes.push(change(
            Category::Credential,
            name,
            &format!("{pointer}/is_credential"),
            message,
            true,
        ));
    }
    let type_pointer = format!("{pointer}/property_type");
    match (before.is_settable(), after.is_settable()) {
        (true, false) => {
            changes.push(change(
                Category::Breaking,
                name,
                &type_pointer,
                format!(
                    "became read_only (was {}): requests that set it are rejected",
                    before.property_type
                ),
                true,
            ));
            return;
        }
        (false, true) => {
            let (category, what) = if after.is_required_field() {
                (
                    Category::Breaking,
                    "and required: requests without it are rejected",
                )
            } else {
                (Category::Additive, "and optional")
            };
            changes.push(change(
                category,
                name,
                &type_pointer,
                format!("was read_only, now {} {what}", after.property_type),
                true,
            ));
            return;
        }
        (false, false) => {
            if before.json_schema != after.json_schema {
                changes.push(change(
                    Category::Informational,
                    name,
                    &format!("{pointer}/json_schema"),
                    "the schema of a read-only property changed (it is never sent)",
                    false,
                ));
            }
            return;
        }
        (true, true) => {}
    }
    compare_property_type(new, before, after, &type_pointer, changes);
    compare_required(before, after, name, pointer, changes);
    if before.step != after.step {
        changes.push(change(
            Category::Informational,
            name,
            pointer,
            format!(
                "moved from the `{}` step to the `{}` step",
                before.step, after.step
            ),
            false,
        ));
    }
    compare_schema(before, after, name, pointer, changes);
}

fn compare_property_type(
    new: &Side,
    before: &CardProperty,
    after: &CardProperty,
    pointer: &str,
    changes: &mut Vec<Change>,
) {
    if before.property_type == after.property_type {
        return;
    }
    let name = Some(after.wire_name.as_str());
    let (from, to) = (&before.property_type, &after.property_type);
    let now_immutable = before.property_type.is_updatable() && !after.property_type.is_updatable();
    let now_updatable = !before.property_type.is_updatable() && after.property_type.is_updatable();
    if now_immutable {
        changes.push(change(
            Category::Breaking,
            name,
            pointer,
            format!("became {to} (was {from}): updates that set it are rejected"),
            true,
        ));
    } else if now_updatable {
        // The field joins `{Type}Update`, whose struct literals must now name it, as a new
        // optional property joins `{Type}Properties` (see `added`).
        changes.push(change(
            Category::Additive,
            name,
            pointer,
            format!(
                "became {to} (was {from}): updates may now set it; a struct literal of `{}` \
                 must now name it (`{}: None`)",
                new.card.update_type_name(),
                after.field_name
            ),
            true,
        ));
    } else if after.property_type == PropertyType::ReadOnly {
        // Handled with settable-ness.
    } else {
        changes.push(change(
            Category::Informational,
            name,
            pointer,
            format!("property_type changed from {from} to {to}"),
            false,
        ));
    }
}

fn compare_required(
    before: &CardProperty,
    after: &CardProperty,
    name: Option<&str>,
    pointer: &str,
    changes: &mut Vec<Change>,
) {
    let at = format!("{pointer}/is_required");
    match (before.is_required_field(), after.is_required_field()) {
        (false, true) => changes.push(change(
            Category::Breaking,
            name,
            &at,
            "optional → required: requests without it are rejected (the generated field \
             changes from `Option<T>` to `T`)",
            true,
        )),
        (true, false) => changes.push(change(
            Category::Additive,
            name,
            &at,
            "required → optional (the generated field changes from `T` to `Option<T>`)",
            true,
        )),
        _ if before.is_required != after.is_required => changes.push(change(
            Category::Informational,
            name,
            &at,
            format!(
                "is_required changed from {} to {}; as a {} property it stays optional",
                before.is_required, after.is_required, after.property_type
            ),
            false,
        )),
        _ => {}
    }
}

fn compare_schema(
    before: &CardProperty,
    after: &CardProperty,
    name: Option<&str>,
    pointer: &str,
    changes: &mut Vec<Change>,
) {
    if before.json_schema == after.json_schema {
        return;
    }
    let breaks = !compatible(&before.shape, &after.shape);
    let findings = schema::compare(
        before.json_schema.as_ref(),
        after.json_schema.as_ref(),
        &format!("{pointer}/json_schema"),
    );
    if findings.is_empty() {
        changes.push(change(
            Category::Informational,
            name,
            &format!("{pointer}/json_schema"),
            "the json_schema changed without changing what it accepts",
            breaks,
        ));
    }
    for finding in findings {
        let category = match finding.verdict {
            Verdict::Tighter | Verdict::Changed => Category::Breaking,
            Verdict::Looser => Category::Additive,
            Verdict::Equivalent => Category::Informational,
        };
        changes.push(change(
            category,
            name,
            &finding.pointer,
            finding.message,
            breaks,
        ));
    }
}

/// Whether code that compiled against the Rust type of `old` compiles against that of `new`:
/// the same type, an enum with the same variants, a struct or union of compatible parts.
///
/// Generated enums are exhaustive, so a variant added breaks a user's `match` as surely as one
/// removed breaks a use of it; a field added to a generated struct breaks its struct literals,
/// as a new optional property breaks `{Type}Properties` literals (see [`added`]).
fn compatible(old: &Shape, new: &Shape) -> bool {
    compatible_shapes(old, new, &mut HashSet::new())
}

/// `compared` holds the pairs of shared structs and unions already compared (by address):
/// fields that `$ref` one definition share its type, and comparing it once per path to it
/// would be exponential on a card whose definitions share one another. A pair met again
/// counts as compatible: had it not been, the first comparison would have ended the walk.
fn compatible_shapes(
    old: &Shape,
    new: &Shape,
    compared: &mut HashSet<(*const (), *const ())>,
) -> bool {
    match (old, new) {
        (Shape::Enum(a), Shape::Enum(b)) => {
            a.type_name == b.type_name
                && a.variants.len() == b.variants.len()
                && a.variants
                    .iter()
                    .all(|v| b.variants.iter().any(|w| w.ident == v.ident))
        }
        (Shape::Pattern(a), Shape::Pattern(b)) => a.type_name == b.type_name,
        (Shape::Unsigned { width: a, .. }, Shape::Unsigned { width: b, .. }) => a == b,
        (Shape::Bool { .. }, Shape::Bool { .. }) => true,
        (Shape::Array(a), Shape::Array(b)) => compatible_shapes(a, b, compared),
        (Shape::Struct(a), Shape::Struct(b)) => {
            !compared.insert((Arc::as_ptr(a).cast(), Arc::as_ptr(b).cast()))
                || compatible_structs(a, b, compared)
        }
        (Shape::Union(a), Shape::Union(b)) => {
            if !compared.insert((Arc::as_ptr(a).cast(), Arc::as_ptr(b).cast())) {
                return true;
            }
            a.type_name == b.type_name
                && a.variants.len() == b.variants.len()
                && a.variants.iter().zip(&b.variants).all(|(v, w)| {
                    v.ident == w.ident
                        && match (&v.payload, &w.payload) {
                            (None, None) => true,
                            (Some(p), Some(q)) => compatible_structs(p, q, compared),
                            _ => false,
                        }
                })
        }
        (a, b) => a == b,
    }
}

fn compatible_structs(
    a: &StructDef,
    b: &StructDef,
    compared: &mut HashSet<(*const (), *const ())>,
) -> bool {
    a.type_name == b.type_name
        && a.fields.len() == b.fields.len()
        && a.fields.iter().all(|field| {
            b.fields.iter().any(|other| {
                other.field_name == field.field_name
                    && other.required == field.required
                    && compatible_shapes(&field.shape, &other.shape, compared)
            })
        })
}

/// The keys of a property the model reads, and [`compare_modelled`] compares.
const MODELLED_KEYS: &[&str] = &[
    "name",
    "is_required",
    "is_credential",
    "property_type",
    "json_schema",
];

/// Every other key of a property, from the JSON: `provided`, `system_provided` (which only
/// counts where `property_type` is absent, and then shows as a `property_type` change),
/// `tap_mutable`, and whatever the API adds. None changes what a request may send.
fn compare_unmodelled_keys(
    old: &Side,
    new: &Side,
    before: &CardProperty,
    after: &CardProperty,
    changes: &mut Vec<Change>,
) {
    let object = |side: &Side, property: &CardProperty| {
        side.json
            .pointer(&property.pointer)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (was, is) = (object(old, before), object(new, after));
    let mut keys: Vec<&String> = was.keys().collect();
    keys.extend(is.keys().filter(|key| !was.contains_key(*key)));
    for key in keys {
        if MODELLED_KEYS.contains(&key.as_str()) || was.get(key) == is.get(key) {
            continue;
        }
        let shown = |value: Option<&Value>| value.map_or("absent".to_owned(), Value::to_string);
        changes.push(change(
            Category::Informational,
            Some(&after.wire_name),
            &stitch_report_card::pointer::join(&after.pointer, key),
            format!(
                "{key} changed from {} to {}",
                shown(was.get(key)),
                shown(is.get(key))
            ),
            false,
        ));
    }
}

fn compare_details(old: &Side, new: &Side, changes: &mut Vec<Change>) {
    let empty = serde_json::Map::new();
    let details = |side: &Side| {
        side.json
            .get("details")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_else(|| empty.clone())
    };
    let (before, after) = (details(old), details(new));
    let mut keys: Vec<&String> = before.keys().collect();
    keys.extend(after.keys().filter(|key| !before.contains_key(*key)));
    for key in keys {
        let (was, is) = (before.get(key), after.get(key));
        if was == is {
            continue;
        }
        let pointer = format!("/details/{key}");
        let shown = |value: Option<&Value>| value.map_or("absent".to_owned(), Value::to_string);
        let message = format!("details.{key} changed from {} to {}", shown(was), shown(is));
        let category = if key == "access" {
            let access = |value: Option<&Value>| value.and_then(Value::as_bool).unwrap_or(false);
            match (access(was), access(is)) {
                (true, false) => Category::Breaking,
                (false, true) => Category::Additive,
                _ => Category::Informational,
            }
        } else {
            Category::Informational
        };
        let message = match category {
            Category::Breaking => {
                format!("{message}: the account's plan can no longer create this type")
            }
            Category::Additive => format!("{message}: the account's plan can now create this type"),
            _ => message,
        };
        changes.push(change(category, None, &pointer, message, false));
    }
}

/// Top-level keys other than `type`, `steps` and `details`: `upgrade_available`,
/// `current_step`, and whatever the API adds.
fn compare_other_keys(old: &Side, new: &Side, changes: &mut Vec<Change>) {
    let (Some(before), Some(after)) = (old.json.as_object(), new.json.as_object()) else {
        return;
    };
    let mut keys: Vec<&String> = before.keys().collect();
    keys.extend(after.keys().filter(|key| !before.contains_key(*key)));
    for key in keys {
        if matches!(key.as_str(), "type" | "steps" | "details") {
            continue;
        }
        let (was, is) = (before.get(key), after.get(key));
        if was != is {
            let shown = |value: Option<&Value>| value.map_or("absent".to_owned(), Value::to_string);
            changes.push(change(
                Category::Informational,
                None,
                &stitch_report_card::pointer::join("", key),
                format!("`{key}` changed from {} to {}", shown(was), shown(is)),
                false,
            ));
        }
    }
}

fn compare_order(old: &Side, new: &Side, changes: &mut Vec<Change>) {
    // Properties of a step: generated fields follow card order.
    let order = |side: &Side| -> Vec<String> {
        side.card
            .properties
            .iter()
            .map(|p| p.wire_name.clone())
            .collect()
    };
    let (before, after) = (order(old), order(new));
    let shared_old: Vec<&String> = before.iter().filter(|p| after.contains(p)).collect();
    let shared_new: Vec<&String> = after.iter().filter(|p| before.contains(p)).collect();
    if shared_old != shared_new {
        changes.push(change(
            Category::Informational,
            None,
            "/steps",
            "the properties were reordered (generated fields follow card order; struct \
             literals name fields, so code is unaffected)",
            false,
        ));
    }
    let reordered = super::order::reordered(&old.text, &new.text);
    if let Some(first) = reordered.first() {
        const SHOWN: usize = 5;
        let mut listed: Vec<&str> = reordered
            .iter()
            .take(SHOWN)
            .map(|pointer| {
                if pointer.is_empty() {
                    "(the card)"
                } else {
                    pointer
                }
            })
            .collect();
        if reordered.len() > SHOWN {
            listed.push("…");
        }
        let noun = if reordered.len() == 1 {
            "object"
        } else {
            "objects"
        };
        changes.push(change(
            Category::Informational,
            None,
            first,
            format!(
                "key order changed in {} {noun}: {}",
                reordered.len(),
                listed.join(", ")
            ),
            false,
        ));
    }
}

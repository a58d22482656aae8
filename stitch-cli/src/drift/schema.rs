//! Whether a property's new JSON schema accepts more or fewer values than its old one.
//!
//! Only what the captured cards use is given a meaning (`type`, `pattern`, `enum`, `format`,
//! `minLength`, `items`, `properties`, `required`, `additionalProperties`, `anyOf`, local
//! `$ref`s); any other keyword that changed is "changed", which counts as breaking, since a
//! looser schema cannot be proven.

use std::cell::Cell;

use serde_json::{Map, Value};

use super::language::{self, Language};

/// How a part of a schema changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Accepts every value it accepted, and more.
    Looser,
    /// Provably rejects a value it accepted.
    Tighter,
    /// Changed in a way neither looser nor tighter can be proven.
    Changed,
    /// Written differently, accepting the same values.
    Equivalent,
}

/// One change found in a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How it changed.
    pub verdict: Verdict,
    /// JSON pointer of the changed keyword.
    pub pointer: String,
    /// What changed.
    pub message: String,
}

/// The keywords this module gives a meaning; others that change are reported as changed.
const UNDERSTOOD: &[&str] = &[
    "type",
    "pattern",
    "enum",
    "format",
    "minLength",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "anyOf",
    "definitions",
    "$ref",
];

/// Keywords that annotate without constraining.
const ANNOTATIONS: &[&str] = &["title", "description", "examples", "default", "$comment"];

/// Compares a property's old and new `json_schema` (`None` or `null`: no schema), reporting
/// findings under `pointer` (the new schema's pointer).
pub fn compare(old: Option<&Value>, new: Option<&Value>, pointer: &str) -> Vec<Finding> {
    let null = Value::Null;
    let old = old.unwrap_or(&null);
    let new = new.unwrap_or(&null);
    let mut findings = Vec::new();
    let comparisons = Cell::new(0);
    let roots = Roots {
        old,
        new,
        comparisons: &comparisons,
    };
    compare_at(&roots, old, new, pointer, &mut findings);
    if roots.comparisons.get() > MAX_COMPARISONS {
        // Every comparison cut short said so; once, at the property, is enough.
        findings.retain(|finding| finding.message != TOO_LARGE);
        finding(
            &mut findings,
            Verdict::Changed,
            pointer,
            TOO_LARGE.to_owned(),
        );
    }
    findings
}

/// How many pairs of (sub)schemas one property's comparison may visit. Each `$ref` is followed
/// where it is used, so definitions that refer to one another twice per level are visited
/// exponentially often; a real card's property has a few dozen subschemas.
const MAX_COMPARISONS: usize = 100_000;

/// What a comparison cut short by [`MAX_COMPARISONS`] finds: a change, which counts as
/// breaking, since nothing is proven.
const TOO_LARGE: &str = "the schemas are too large to compare (their definitions refer to one \
                         another too many times over); counted as changed";

/// The property-level schemas, against which `#/definitions/…` resolves.
struct Roots<'a> {
    old: &'a Value,
    new: &'a Value,
    /// How many pairs of schemas have been compared (see [`MAX_COMPARISONS`]), the other
    /// way round included.
    comparisons: &'a Cell<usize>,
}

fn finding(findings: &mut Vec<Finding>, verdict: Verdict, pointer: &str, message: String) {
    findings.push(Finding {
        verdict,
        pointer: pointer.to_owned(),
        message,
    });
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let reference = schema.get("$ref").and_then(Value::as_str);
    match reference.and_then(|r| r.strip_prefix("#/definitions/")) {
        Some(name) => root
            .get("definitions")
            .and_then(|definitions| definitions.get(name))
            .unwrap_or(schema),
        None => schema,
    }
}

/// Whether a schema constrains nothing (`null`, `{}`, annotations only).
fn is_unconstrained(schema: &Value) -> bool {
    match schema {
        Value::Null | Value::Bool(true) => true,
        Value::Object(map) => map.keys().all(|key| ANNOTATIONS.contains(&key.as_str())),
        _ => false,
    }
}

fn compare_at(roots: &Roots<'_>, old: &Value, new: &Value, pointer: &str, out: &mut Vec<Finding>) {
    let comparisons = roots.comparisons.get() + 1;
    roots.comparisons.set(comparisons);
    if comparisons > MAX_COMPARISONS {
        // Said at each comparison cut short, not once: some callers compare into findings of
        // their own, to judge coverage, and must see that nothing was proven.
        return finding(out, Verdict::Changed, pointer, TOO_LARGE.to_owned());
    }
    let old = resolve(roots.old, old);
    let new = resolve(roots.new, new);
    if old == new {
        return;
    }
    match (is_unconstrained(old), is_unconstrained(new)) {
        (true, true) => return,
        (true, false) => {
            return finding(
                out,
                Verdict::Tighter,
                pointer,
                format!("a schema now constrains a value that had none: {new}"),
            );
        }
        (false, true) => {
            return finding(
                out,
                Verdict::Looser,
                pointer,
                "the schema was dropped: any value is accepted".to_owned(),
            );
        }
        (false, false) => {}
    }
    let (Value::Object(old_map), Value::Object(new_map)) = (old, new) else {
        return finding(
            out,
            Verdict::Changed,
            pointer,
            format!("the schema changed from {old} to {new}"),
        );
    };
    if old_map.contains_key("anyOf") || new_map.contains_key("anyOf") {
        return compare_alternatives(roots, old, new, pointer, out);
    }
    compare_objects(roots, old_map, new_map, pointer, out);
}

/// `type`, then what the type's keywords say, then any other keyword.
fn compare_objects(
    roots: &Roots<'_>,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    pointer: &str,
    out: &mut Vec<Finding>,
) {
    let old_type = old.get("type");
    let new_type = new.get("type");
    let type_pointer = format!("{pointer}/type");
    match (old_type, new_type) {
        (Some(a), Some(b)) if a != b => {
            return finding(
                out,
                Verdict::Tighter,
                &type_pointer,
                format!("type changed from {a} to {b}: a value of the old type is rejected"),
            );
        }
        (None, Some(b)) => finding(
            out,
            Verdict::Tighter,
            &type_pointer,
            format!("the value must now be of type {b}"),
        ),
        (Some(a), None) => finding(
            out,
            Verdict::Looser,
            &type_pointer,
            format!("the value need no longer be of type {a}"),
        ),
        _ => {}
    }
    let strings = |map: &Map<String, Value>| {
        let pattern = map
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let allowed = map.get("enum").and_then(Value::as_array).map(|values| {
            values
                .iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        });
        (pattern, allowed)
    };
    let (old_pattern, old_enum) = strings(old);
    let (new_pattern, new_enum) = strings(new);
    let at = if old_enum.is_some() || new_enum.is_some() {
        format!("{pointer}/enum")
    } else {
        format!("{pointer}/pattern")
    };
    out.extend(language::compare(
        &Language::of(old_pattern.as_deref(), old_enum),
        &Language::of(new_pattern.as_deref(), new_enum),
        &at,
    ));
    compare_format(old.get("format"), new.get("format"), pointer, out);
    compare_min_length(old.get("minLength"), new.get("minLength"), pointer, out);
    match (old.get("items"), new.get("items")) {
        (None, None) => {}
        (a, b) => compare_at(
            roots,
            a.unwrap_or(&Value::Null),
            b.unwrap_or(&Value::Null),
            &format!("{pointer}/items"),
            out,
        ),
    }
    compare_properties(roots, old, new, pointer, out);
    for key in old
        .keys()
        .chain(new.keys().filter(|key| !old.contains_key(*key)))
    {
        if UNDERSTOOD.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str()) {
            continue;
        }
        if old.get(key) != new.get(key) {
            finding(
                out,
                Verdict::Changed,
                &stitch_report_card::pointer::join(pointer, key),
                format!(
                    "`{key}` changed from {} to {}",
                    old.get(key).unwrap_or(&Value::Null),
                    new.get(key).unwrap_or(&Value::Null)
                ),
            );
        }
    }
}

fn compare_format(old: Option<&Value>, new: Option<&Value>, pointer: &str, out: &mut Vec<Finding>) {
    let at = format!("{pointer}/format");
    match (old, new) {
        (a, b) if a == b => {}
        (None, Some(b)) => finding(
            out,
            Verdict::Tighter,
            &at,
            format!("format {b} is now required"),
        ),
        (Some(a), None) => finding(
            out,
            Verdict::Looser,
            &at,
            format!("format {a} is no longer required"),
        ),
        (Some(a), Some(b)) => finding(
            out,
            Verdict::Changed,
            &at,
            format!("format changed from {a} to {b}"),
        ),
        (None, None) => {}
    }
}

fn compare_min_length(
    old: Option<&Value>,
    new: Option<&Value>,
    pointer: &str,
    out: &mut Vec<Finding>,
) {
    let length = |value: Option<&Value>| value.and_then(Value::as_u64).unwrap_or(0);
    let (a, b) = (length(old), length(new));
    let at = format!("{pointer}/minLength");
    if b > a {
        finding(
            out,
            Verdict::Tighter,
            &at,
            format!("minLength raised from {a} to {b}"),
        );
    } else if b < a {
        finding(
            out,
            Verdict::Looser,
            &at,
            format!("minLength lowered from {a} to {b}"),
        );
    }
}

/// What an object schema does with keys its `properties` do not name.
#[derive(Clone, Copy)]
enum Unnamed<'a> {
    /// No `additionalProperties` (or `true`): any value is accepted under such a key.
    Open,
    /// `additionalProperties: false`: such a key is rejected.
    Closed,
    /// `additionalProperties: {schema}`: such a key's value must match the schema.
    Schema(&'a Value),
}

impl<'a> Unnamed<'a> {
    fn of(map: &'a Map<String, Value>) -> Unnamed<'a> {
        match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Unnamed::Open,
            Some(Value::Bool(false)) => Unnamed::Closed,
            Some(schema) => Unnamed::Schema(schema),
        }
    }
}

/// Nested object properties: removed, added, required or not, each compared.
///
/// Whether a property removed or added loosens or tightens the schema depends on what the
/// object does with keys it does not name: removed from an open object, a key is still
/// accepted (now unchecked); added to one, a key that took any value is now checked. Generated
/// structs reject unknown nested keys either way, so whether generated code breaks is decided
/// by the Rust types (`compare::compatible`), not here.
fn compare_properties(
    roots: &Roots<'_>,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    pointer: &str,
    out: &mut Vec<Finding>,
) {
    let empty = Map::new();
    let properties = |map: &Map<String, Value>| -> Map<String, Value> {
        map.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty)
            .clone()
    };
    let required = |map: &Map<String, Value>| -> Vec<String> {
        map.get("required")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(|name| name.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_properties, new_properties) = (properties(old), properties(new));
    let (old_required, new_required) = (required(old), required(new));
    let (old_unnamed, new_unnamed) = (Unnamed::of(old), Unnamed::of(new));
    let at = |name: &str| stitch_report_card::pointer::join(&format!("{pointer}/properties"), name);
    let required_at = format!("{pointer}/required");
    let required_change = |name: &str, out: &mut Vec<Finding>| match (
        old_required.iter().any(|n| n == name),
        new_required.iter().any(|n| n == name),
    ) {
        (false, true) => finding(
            out,
            Verdict::Tighter,
            &required_at,
            format!("nested property `{name}` is now required"),
        ),
        (true, false) => finding(
            out,
            Verdict::Looser,
            &required_at,
            format!("nested property `{name}` is no longer required"),
        ),
        _ => {}
    };
    let unconstrained = Value::Null;
    for (name, old_schema) in &old_properties {
        if let Some(new_schema) = new_properties.get(name) {
            compare_at(roots, old_schema, new_schema, &at(name), out);
            required_change(name, out);
            continue;
        }
        // Removed: the key now falls to the new object's rule for keys it does not name.
        match new_unnamed {
            Unnamed::Closed => finding(
                out,
                Verdict::Tighter,
                &at(name),
                format!(
                    "nested property `{name}` removed: values that set it are rejected \
                     (additionalProperties: false)"
                ),
            ),
            Unnamed::Open => {
                if !is_unconstrained(resolve(roots.old, old_schema)) {
                    finding(
                        out,
                        Verdict::Looser,
                        &at(name),
                        format!(
                            "nested property `{name}` removed: the object takes keys it does \
                             not name, so values that set it still pass, unchecked"
                        ),
                    );
                }
                required_change(name, out);
            }
            Unnamed::Schema(rule) => {
                compare_at(roots, old_schema, rule, &at(name), out);
                required_change(name, out);
            }
        }
    }
    for (name, new_schema) in new_properties
        .iter()
        .filter(|(name, _)| !old_properties.contains_key(*name))
    {
        if new_required.contains(name) {
            finding(
                out,
                Verdict::Tighter,
                &at(name),
                format!("new required nested property `{name}`"),
            );
            continue;
        }
        // Added: the key was subject to the old object's rule for keys it did not name.
        match old_unnamed {
            Unnamed::Closed => finding(
                out,
                Verdict::Looser,
                &at(name),
                format!("new optional nested property `{name}` (the object took no other keys)"),
            ),
            Unnamed::Open => {
                let mut found = Vec::new();
                compare_at(roots, &unconstrained, new_schema, &at(name), &mut found);
                if found.iter().any(|f| f.verdict == Verdict::Tighter) {
                    finding(
                        out,
                        Verdict::Tighter,
                        &at(name),
                        format!(
                            "new optional nested property `{name}`: the object took any value \
                             under this key, and now checks it against {new_schema}"
                        ),
                    );
                }
            }
            Unnamed::Schema(rule) => compare_at(roots, rule, new_schema, &at(name), out),
        }
        required_change(name, out);
    }
    let at = format!("{pointer}/additionalProperties");
    match (old_unnamed, new_unnamed) {
        (Unnamed::Open, Unnamed::Closed) => finding(
            out,
            Verdict::Tighter,
            &at,
            "unknown keys are now rejected (additionalProperties: false)".to_owned(),
        ),
        (Unnamed::Closed, Unnamed::Open) => finding(
            out,
            Verdict::Looser,
            &at,
            "unknown keys are now allowed".to_owned(),
        ),
        (Unnamed::Schema(a), Unnamed::Schema(b)) => compare_at(roots, a, b, &at, out),
        (Unnamed::Open, Unnamed::Schema(b)) => compare_at(roots, &unconstrained, b, &at, out),
        (Unnamed::Schema(a), Unnamed::Open) => compare_at(roots, a, &unconstrained, &at, out),
        (Unnamed::Closed, Unnamed::Schema(_)) => finding(
            out,
            Verdict::Looser,
            &at,
            "unknown keys are now allowed, when they match additionalProperties".to_owned(),
        ),
        (Unnamed::Schema(_), Unnamed::Closed) => finding(
            out,
            Verdict::Tighter,
            &at,
            "unknown keys are now rejected (additionalProperties: false)".to_owned(),
        ),
        (Unnamed::Open, Unnamed::Open) | (Unnamed::Closed, Unnamed::Closed) => {}
    }
}

/// The branches of an `anyOf`, each with the schema's sibling keywords (`type` beside
/// format-only branches); a schema without `anyOf` is its own one branch.
fn branches<'a>(root: &'a Value, schema: &'a Value) -> Vec<Value> {
    let Some(Value::Array(alternatives)) = schema.get("anyOf") else {
        return vec![schema.clone()];
    };
    let mut siblings = schema.as_object().cloned().unwrap_or_default();
    siblings.remove("anyOf");
    siblings.remove("definitions");
    alternatives
        .iter()
        .map(|alternative| {
            let mut merged = siblings.clone();
            if let Value::Object(own) = resolve(root, alternative) {
                merged.extend(own.clone());
            }
            Value::Object(merged)
        })
        .collect()
}

/// Whether every value of `old` passes `new`, as far as this module can prove.
fn covers(roots: &Roots<'_>, old: &Value, new: &Value) -> bool {
    let mut findings = Vec::new();
    compare_at(roots, old, new, "", &mut findings);
    findings
        .iter()
        .all(|finding| matches!(finding.verdict, Verdict::Looser | Verdict::Equivalent))
}

/// `anyOf` is a set: alternatives are paired with an identical one first, wherever it sits,
/// so a reorder is at most informational; what is left is judged by coverage (does every old
/// alternative pass some new one, and the reverse?), and compared pair by pair only where that
/// agrees with the coverage, for findings that point into one alternative.
fn compare_alternatives(
    roots: &Roots<'_>,
    old: &Value,
    new: &Value,
    pointer: &str,
    out: &mut Vec<Finding>,
) {
    let old_branches = branches(roots.old, old);
    let new_branches = branches(roots.new, new);
    let at = format!("{pointer}/anyOf");

    // Pair identical alternatives; the rest keep their order.
    let mut paired = vec![None; new_branches.len()];
    let mut old_taken = vec![false; old_branches.len()];
    for (new_index, branch) in new_branches.iter().enumerate() {
        if let Some(old_index) =
            (0..old_branches.len()).find(|&i| !old_taken[i] && old_branches[i] == *branch)
        {
            old_taken[old_index] = true;
            paired[new_index] = Some(old_index);
        }
    }
    let old_rest: Vec<usize> = (0..old_branches.len()).filter(|&i| !old_taken[i]).collect();
    let new_rest: Vec<usize> = (0..new_branches.len())
        .filter(|&i| paired[i].is_none())
        .collect();
    // The alternatives left over are compared in order, each with its counterpart.
    let both_any_of = old.get("anyOf").is_some() && new.get("anyOf").is_some();
    let pairwise = both_any_of && old_rest.len() == new_rest.len();
    if pairwise {
        for (&old_index, &new_index) in old_rest.iter().zip(&new_rest) {
            paired[new_index] = Some(old_index);
        }
    }
    let kept_order: Vec<usize> = paired.iter().flatten().copied().collect();
    if kept_order.windows(2).any(|pair| pair[0] > pair[1]) {
        finding(
            out,
            Verdict::Equivalent,
            &at,
            "the anyOf alternatives were reordered (an alternative's position carries no \
             meaning)"
                .to_owned(),
        );
    }
    if old_rest.is_empty() && new_rest.is_empty() {
        return;
    }

    let reversed = Roots {
        old: roots.new,
        new: roots.old,
        comparisons: roots.comparisons,
    };
    let old_covered = old_branches
        .iter()
        .all(|a| new_branches.iter().any(|b| covers(roots, a, b)));
    let new_covered = new_branches
        .iter()
        .all(|b| old_branches.iter().any(|a| covers(&reversed, b, a)));
    let agrees = |verdict: Verdict| match (old_covered, new_covered) {
        (true, true) => verdict == Verdict::Equivalent,
        (true, false) => matches!(verdict, Verdict::Looser | Verdict::Equivalent),
        (false, true) => matches!(verdict, Verdict::Tighter | Verdict::Equivalent),
        (false, false) => true,
    };
    if pairwise {
        let mut found = Vec::new();
        for (&old_index, &new_index) in old_rest.iter().zip(&new_rest) {
            let (a, b) = (&old_branches[old_index], &new_branches[new_index]);
            compare_at(roots, a, b, &format!("{at}/{new_index}"), &mut found);
        }
        if !found.is_empty() && found.iter().all(|finding| agrees(finding.verdict)) {
            out.extend(found);
            return;
        }
    }
    match (old_covered, new_covered) {
        (true, true) => finding(
            out,
            Verdict::Equivalent,
            &at,
            "the anyOf alternatives were rewritten, accepting the same values".to_owned(),
        ),
        (true, false) => finding(
            out,
            Verdict::Looser,
            &at,
            format!("alternatives added (anyOf): {old} → {new}"),
        ),
        (false, true) => finding(
            out,
            Verdict::Tighter,
            &at,
            format!("alternatives removed (anyOf): {old} → {new}"),
        ),
        (false, false) => finding(
            out,
            Verdict::Changed,
            &at,
            format!(
                "the alternatives changed (anyOf), neither looser nor tighter can be proven: {old} → {new}"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verdicts(old: Value, new: Value) -> Vec<Verdict> {
        compare(Some(&old), Some(&new), "/s")
            .into_iter()
            .map(|finding| finding.verdict)
            .collect()
    }

    #[test]
    fn type_changes_are_tighter() {
        assert_eq!(
            verdicts(
                json!({"type": "string", "pattern": "^\\d+$"}),
                json!({"type": "integer"})
            ),
            [Verdict::Tighter]
        );
    }

    #[test]
    fn an_integer_alternative_added_is_looser() {
        let old = json!({"type": "string", "pattern": "^\\d+$"});
        let new = json!({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^\\d+$"}]});
        assert_eq!(verdicts(old.clone(), new.clone()), [Verdict::Looser]);
        assert_eq!(verdicts(new, old), [Verdict::Tighter]);
    }

    #[test]
    fn alternatives_compare_branch_by_branch() {
        let old = json!({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^\\d+$"}]});
        let new = json!({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^\\d+"}]});
        let found = compare(Some(&old), Some(&new), "/s");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::Looser);
        assert_eq!(found[0].pointer, "/s/anyOf/1/pattern");
    }

    #[test]
    fn reordered_alternatives_are_at_most_informational() {
        let old = json!({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^\\d+$"}]});
        let new = json!({"anyOf": [{"type": "string", "pattern": "^\\d+$"}, {"type": "integer"}]});
        let found = compare(Some(&old), Some(&new), "/s");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].verdict, Verdict::Equivalent);
        assert_eq!(found[0].pointer, "/s/anyOf");
        assert!(
            found[0].message.contains("reordered"),
            "{}",
            found[0].message
        );
        // Reordered and one alternative loosened: the reorder, and the loosening found in the
        // alternative it belongs to (now at index 0), not a type change at each position.
        let new = json!({"anyOf": [{"type": "string", "pattern": "^\\d+"}, {"type": "integer"}]});
        let found = compare(Some(&old), Some(&new), "/s");
        let verdicts: Vec<_> = found
            .iter()
            .map(|f| (f.verdict, f.pointer.as_str()))
            .collect();
        assert_eq!(
            verdicts,
            [
                (Verdict::Equivalent, "/s/anyOf"),
                (Verdict::Looser, "/s/anyOf/0/pattern")
            ]
        );
    }

    #[test]
    fn nested_objects() {
        let old =
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]});
        let new = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": []});
        // `a` no longer required; `b`, which took any value (the object is open), must now be
        // a string.
        assert_eq!(
            verdicts(old.clone(), new.clone()),
            [Verdict::Looser, Verdict::Tighter]
        );
        // Removing `b` from an open object: a value that sets it still passes.
        assert_eq!(verdicts(new, old), [Verdict::Tighter, Verdict::Looser]);
    }

    #[test]
    fn nested_properties_follow_additional_properties() {
        let object = |names: &[&str], closed: bool| {
            let properties: Map<String, Value> = names
                .iter()
                .map(|name| ((*name).to_owned(), json!({"type": "string"})))
                .collect();
            let mut schema = json!({"type": "object", "properties": properties});
            if closed {
                schema["additionalProperties"] = json!(false);
            }
            schema
        };
        // Closed objects: removing a property rejects values that set it; adding an optional
        // one accepts more.
        assert_eq!(
            verdicts(object(&["a", "b"], true), object(&["a"], true)),
            [Verdict::Tighter]
        );
        assert_eq!(
            verdicts(object(&["a"], true), object(&["a", "b"], true)),
            [Verdict::Looser]
        );
        // Open objects: the reverse.
        assert_eq!(
            verdicts(object(&["a", "b"], false), object(&["a"], false)),
            [Verdict::Looser]
        );
        assert_eq!(
            verdicts(object(&["a"], false), object(&["a", "b"], false)),
            [Verdict::Tighter]
        );
        // An unconstrained property added to an open object changes nothing it accepts.
        let mut untyped = object(&["a"], false);
        untyped["properties"]["b"] = json!({});
        assert_eq!(verdicts(object(&["a"], false), untyped), []);
        // A key removed falls to additionalProperties' schema.
        let mut typed_rest = object(&["a"], false);
        typed_rest["additionalProperties"] = json!({"type": "integer"});
        let found = compare(Some(&object(&["a", "b"], false)), Some(&typed_rest), "/s");
        let found: Vec<_> = found
            .iter()
            .map(|f| (f.verdict, f.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Verdict::Tighter, "/s/properties/b/type"),
                (Verdict::Tighter, "/s/additionalProperties")
            ]
        );
    }

    #[test]
    fn unknown_keywords_are_changed_and_annotations_ignored() {
        assert_eq!(
            verdicts(
                json!({"type": "string", "maxLength": 5}),
                json!({"type": "string", "maxLength": 9})
            ),
            [Verdict::Changed]
        );
        assert_eq!(
            verdicts(
                json!({"type": "string"}),
                json!({"type": "string", "description": "x"})
            ),
            []
        );
    }

    #[test]
    fn schemas_dropped_or_added() {
        assert_eq!(
            verdicts(Value::Null, json!({"type": "string"})),
            [Verdict::Tighter]
        );
        assert_eq!(
            verdicts(json!({"type": "string"}), Value::Null),
            [Verdict::Looser]
        );
    }

    /// Definitions that each refer to the next twice: following every `$ref` where it is used
    /// would compare 2^30 pairs. The comparison stops, and says the schema changed.
    #[test]
    fn shared_definitions_are_compared_within_a_bound() {
        let chain = |title: &str, leaf: &str| {
            let mut definitions = Map::new();
            for level in 0..30 {
                let next = json!({"$ref": format!("#/definitions/d{}", level + 1)});
                definitions.insert(
                    format!("d{level}"),
                    json!({"type": "object", "title": title,
                           "properties": {"a": next, "b": next}}),
                );
            }
            definitions.insert("d30".to_owned(), json!({"type": "string", "pattern": leaf}));
            json!({"definitions": definitions, "$ref": "#/definitions/d0"})
        };
        let found = compare(
            Some(&chain("old", "^a+$")),
            Some(&chain("new", "^b+$")),
            "/s",
        );
        let cut_short: Vec<&Finding> = found
            .iter()
            .filter(|finding| finding.message == TOO_LARGE)
            .collect();
        assert_eq!(cut_short.len(), 1, "{found:?}");
        assert_eq!(cut_short[0].verdict, Verdict::Changed);
        assert_eq!(cut_short[0].pointer, "/s");
        assert!(found.len() <= MAX_COMPARISONS, "{}", found.len());
    }
}

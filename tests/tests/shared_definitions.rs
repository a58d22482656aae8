//! A card whose definitions refer to one another 30 levels deep, each twice (issue 12, item 1):
//! the macro makes one type per definition, which every field that refers to it shares, and
//! the `$ref`s inside `examples` and `default` are left alone. Before, the macro took minutes
//! and gigabytes on this card.

use serde_json::{Value, json};
use stitch_types::Properties;

stitch_types::include_report_card!("cards/shared-definitions.json");

/// A value of `nested`: `{"a": {"a": … {"leaf": "deep"} …}, "b": …}`, `levels` objects below
/// the top, which has `b` too.
fn nested_value(levels: usize) -> Value {
    let mut value = json!({"leaf": "deep"});
    for _ in 0..levels {
        value = json!({ "a": value });
    }
    let inner = value["a"].clone();
    value["b"] = inner;
    value
}

#[test]
fn fields_that_refer_to_one_definition_hold_one_type() {
    let wire =
        json!({"nested": nested_value(30), "branches": nested_value(30), "annotated": "abc"});
    let properties = SharedDefinitionsProperties::from_json_value(wire.clone()).unwrap();
    assert_eq!(serde_json::to_value(&properties).unwrap(), wire);
    // `a` and `b` of the top both refer to `d1`: one type, named for `a`, reached first, and
    // held in a `Box` (by value, every level would hold two copies of the next: 2^30 leaves).
    let top: SharedDefinitionsNested = properties.nested;
    let first: Box<SharedDefinitionsNestedA> = top.a;
    let second: Option<Box<SharedDefinitionsNestedA>> = top.b;
    assert_eq!(Some(first), second);
    assert!(std::mem::size_of::<SharedDefinitionsNested>() <= 64);
    // The same through one-branch `anyOf`s.
    let top: SharedDefinitionsBranches = properties.branches;
    let _: Box<SharedDefinitionsBranchesA> = top.a;
    assert!(std::mem::size_of::<SharedDefinitionsBranches>() <= 64);
}

#[test]
fn refs_in_annotations_are_not_followed() {
    // `d0` of `annotated` is a pattern; its examples are not schemas, so no type is made for
    // them.
    let value = SharedDefinitionsAnnotated::new("abc").unwrap();
    let properties = SharedDefinitionsProperties::from_json_value(
        json!({"nested": nested_value(30), "branches": nested_value(30), "annotated": "abc"}),
    )
    .unwrap();
    assert_eq!(properties.annotated, value);
    assert!(SharedDefinitionsAnnotated::new("ABC").is_err());
}

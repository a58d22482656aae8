//! The generator never panics, whatever the card: random schemas, names and shapes either
//! expand or come back as diagnostics. (A proc macro that panics gives the user an ICE-like
//! message instead of an error on their tokens.)

use proptest::prelude::*;
use serde_json::{Value, json};
use stitch_codegen::{CardSource, ExpandOptions};

/// Arbitrary JSON, biased towards the keywords and values cards use.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![
            Just("string".to_owned()),
            Just("integer".to_owned()),
            Just("object".to_owned()),
            Just("array".to_owned()),
            Just("^\\d+$".to_owned()),
            Just("^(a|b)$".to_owned()),
            Just("#/definitions/x".to_owned()),
            Just("hostname".to_owned()),
            "\\PC{0,6}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("type".to_owned()),
                        Just("pattern".to_owned()),
                        Just("format".to_owned()),
                        Just("enum".to_owned()),
                        Just("anyOf".to_owned()),
                        Just("items".to_owned()),
                        Just("properties".to_owned()),
                        Just("required".to_owned()),
                        Just("additionalProperties".to_owned()),
                        Just("definitions".to_owned()),
                        Just("minLength".to_owned()),
                        Just("$ref".to_owned()),
                        "[a-z_.-]{1,6}",
                    ],
                    inner
                ),
                0..5
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn card_with(properties: Vec<(String, Value, bool, bool, String)>, card_type: String) -> String {
    let properties: Vec<Value> = properties
        .into_iter()
        .map(|(name, schema, required, credential, property_type)| {
            json!({
                "name": name, "is_required": required, "is_credential": credential,
                "property_type": property_type, "json_schema": schema, "provided": false
            })
        })
        .collect();
    json!({"type": card_type, "steps": [{"type": "form", "properties": properties}]}).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_cards_expand_or_report(
        card_type in "\\PC{0,10}",
        properties in prop::collection::vec(
            (
                "\\PC{0,8}",
                json_value(),
                any::<bool>(),
                any::<bool>(),
                prop_oneof![
                    Just("user_provided".to_owned()),
                    Just("read_only".to_owned()),
                    Just("user_provided_immutable".to_owned()),
                    "[a-z_]{0,8}",
                ],
            ),
            0..5,
        ),
    ) {
        let text = card_with(properties, card_type);
        let read = stitch_codegen::read_card_with_stand_ins(CardSource {
            file: "random.json",
            text: &text,
            kind: None,
        });
        if let Some(card) = read.card() {
            let tokens = stitch_codegen::expand(card, ExpandOptions::default());
            // Whatever was expanded is valid Rust syntax.
            prop_assert!(stitch_codegen::render(&tokens).is_ok(), "{}", tokens);
        }
        if let Some(diagnostics) = read.diagnostics() {
            prop_assert!(!diagnostics.list.is_empty());
            let _ = diagnostics.to_string();
        }
    }

    #[test]
    fn arbitrary_text_is_a_diagnostic_not_a_panic(text in "\\PC{0,200}") {
        let read = stitch_codegen::read_card_with_stand_ins(CardSource {
            file: "random.json",
            text: &text,
            kind: None,
        });
        // Not a panic; and problems, when there are any, are listed.
        if let Some(diagnostics) = read.diagnostics() {
            prop_assert!(!diagnostics.list.is_empty());
        }
    }
}

/// A carriage return in a card's type, a property's name or a pattern reaches doc comments;
/// rendered as `///` lines, a bare CR would not compile.
#[test]
fn carriage_returns_render_as_valid_rust() {
    let text = r#"{"type": "cr\rcard", "steps": [{"type": "form", "properties": [
        {"name": "na\rme", "is_required": true, "is_credential": false,
         "property_type": "user_provided",
         "json_schema": {"type": "string", "pattern": "^a\r?b$"}},
        {"name": "mode", "is_required": true, "is_credential": false,
         "property_type": "user_provided",
         "json_schema": {"type": "string", "enum": ["a\rb", "c"]}}]}]}"#;
    let card = stitch_codegen::read_card(CardSource {
        file: "cr.json",
        text,
        kind: None,
    })
    .unwrap();
    let code =
        stitch_codegen::render(&stitch_codegen::expand(&card, ExpandOptions::default())).unwrap();
    assert!(code.contains("\\r"), "the CR is shown");
    syn::parse_file(&code).unwrap_or_else(|error| panic!("{error}:\n{code}"));
    assert!(
        !code
            .lines()
            .any(|line| line.trim_start().starts_with("///") && line.contains('\r'))
    );
}

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
        if let Some(card) = &read.card {
            let tokens = stitch_codegen::expand(card, ExpandOptions::default());
            // Whatever was expanded is valid Rust syntax.
            prop_assert!(stitch_codegen::render(&tokens).is_ok(), "{}", tokens);
        }
        if let Some(diagnostics) = &read.diagnostics {
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
        prop_assert!(read.card.is_some() || read.diagnostics.is_some());
    }
}

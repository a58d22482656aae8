//! Property names that are not Rust identifiers become sanitised fields that keep their wire
//! names, and two cards in one module do not clash.

use serde_json::json;
use stitch_types::Properties;

mod one_module {
    stitch_types::include_report_card!("cards/awkward-names.json");
    stitch_types::include_report_card!("../schemas/destinations/postgres.json");
}
use one_module::*;

#[test]
fn sanitised_fields_keep_their_wire_names() {
    let properties = Card3rdPartyAwkwardNamesProperties {
        type_: "t".into(),
        match_: Some("m".into()),
        self_: Some(true),
        property_3d_secure: Some("3ds".into()),
        api_key: "key".into(),
        report_id: Some(7),
        client_id: Some("c".into()),
        ssl_mode: Some(Card3rdPartyAwkwardNamesSslMode::SelfValue2),
    };
    let wire = json!({
        "type": "t", "match": "m", "self": "true", "3d_secure": "3ds", "api-key": "key",
        "report.id": "7", "ClientID": "c", "SSLMode": "Self"
    });
    assert_eq!(serde_json::to_value(&properties).unwrap(), wire);
    assert_eq!(
        Card3rdPartyAwkwardNamesProperties::from_json_value(wire).unwrap(),
        properties
    );
    assert_eq!(
        Card3rdPartyAwkwardNamesProperties::CARD_TYPE,
        "3rd-party.awkward names"
    );
    let variants: Vec<&str> = Card3rdPartyAwkwardNamesSslMode::ALL
        .iter()
        .map(|mode| mode.as_str())
        .collect();
    assert_eq!(variants, ["self", "Self", "SELF"]);
    // The postgres card in the same module is untouched.
    assert_eq!(PostgresProperties::CARD_TYPE, "postgres");
}

#[test]
fn unknown_keys_suggest_the_wire_name() {
    let error = Card3rdPartyAwkwardNamesProperties::from_json_value(
        json!({"type": "t", "api-key": "k", "api_key": "k"}),
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("did you mean `api-key`?"),
        "{error}"
    );
}

mod shadowing {
    stitch_types::include_report_card!("cards/shadowing-names.json");
}

#[test]
fn properties_named_like_locals_of_generated_code_work() {
    use shadowing::*;
    let properties = ShadowingProperties {
        map: "1".into(),
        reader: "r".into(),
        field: Some("f".into()),
        field_value: Some("fv".into()),
        checker: "2".into(),
        built: "3".into(),
        value: "4".into(),
        len: "5".into(),
        serializer: "6".into(),
        f: "7".into(),
        payload: "8".into(),
        field_0: "9".into(),
        self_: "10".into(),
        stitch: "11".into(),
        option: "12".into(),
        tunnel: ShadowingTunnel::SelfValue(ShadowingTunnelSelfValue { map: "m".into() }),
    };
    let wire = serde_json::to_value(&properties).unwrap();
    assert_eq!(wire["Option"], "12");
    assert_eq!(
        (&wire["reader"], &wire["field"]),
        (&json!("r"), &json!("f"))
    );
    assert_eq!(wire["tunnel"], json!({"kind": "a", "map": "m"}));
    assert_eq!(
        ShadowingProperties::from_json_value(wire).unwrap(),
        properties
    );
    let other: ShadowingTunnel = serde_json::from_value(json!({"kind": "b"})).unwrap();
    assert_eq!(other, ShadowingTunnel::V);
}

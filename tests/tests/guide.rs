//! The create-destination guide end to end: typed properties → the guide's request body, and the
//! guide's responses → `Destination`.

use serde_json::{Value, json};
use stitch_tests::guide::{self, PASSWORD};
use stitch_tests::postgres::{PostgresEncryptionType, PostgresProperties};
use stitch_types::{
    CreateDestination, Destination, DestinationId, DestinationProperties, Properties,
    StitchClientId,
};

use stitch_tests::guide::typed_properties as guide_properties;

fn assert_destination_trait<P: DestinationProperties>() {}

#[test]
fn typed_body_equals_the_guides_create_request() {
    assert_destination_trait::<PostgresProperties>();
    let body = CreateDestination::new("Staging", guide_properties())
        .description("Postgres database for the staging environment.");
    let sent = serde_json::to_value(&body).unwrap();
    assert_eq!(sent, guide::filled(guide::CREATE_REQUEST));
}

#[test]
fn typed_body_keeps_the_guides_key_order() {
    // Order does not matter to the API, but a body that reads like the guide is easier to review.
    let body = CreateDestination::new("Staging", guide_properties())
        .description("Postgres database for the staging environment.");
    let text = serde_json::to_string(&body).unwrap();
    let positions: Vec<usize> = ["\"type\"", "\"name\"", "\"description\"", "\"properties\""]
        .iter()
        .map(|key| text.find(key).unwrap())
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{text}");
}

#[test]
fn ignore_unmapped_sources_is_sent_only_when_set() {
    let plain =
        serde_json::to_value(CreateDestination::new("Staging", guide_properties())).unwrap();
    assert!(plain.get("ignore_unmapped_sources").is_none());
    assert!(plain.get("description").is_none());
    let set = serde_json::to_value(
        CreateDestination::new("Staging", guide_properties()).ignore_unmapped_sources(true),
    )
    .unwrap();
    assert_eq!(set["ignore_unmapped_sources"], json!(true));
}

#[test]
fn optional_properties_are_sent_as_the_api_expects() {
    let mut props = guide_properties();
    props.encryption_type = PostgresEncryptionType::Ssh;
    props.encryption_host = Some("bastion.example.com".into());
    props.encryption_port = Some(22);
    props.encryption_username = Some("tunnel".into());
    props.ssl = true;
    let sent = serde_json::to_value(&props).unwrap();
    assert_eq!(sent["encryption_type"], "ssh");
    assert_eq!(sent["encryption_port"], "22");
    assert_eq!(sent["ssl"], "true");
    assert_eq!(sent["encryption_host"], "bastion.example.com");
    assert!(sent.get("sslrootcert").is_none());
}

#[test]
fn both_guide_responses_are_destinations() {
    for response in [guide::CREATE_RESPONSE, guide::GET_RESPONSE] {
        let destination: Destination = serde_json::from_value(guide::filled(response)).unwrap();
        assert!(destination.is_fully_configured());
        assert_eq!(destination.id, DestinationId::new(337_658));
        assert_eq!(destination.destination_type, "postgres");
        assert_eq!(destination.name, "Staging");
        assert_eq!(destination.stitch_client_id, StitchClientId::new(116_078));
        assert_eq!(
            destination.created_at.to_rfc3339(),
            "2021-06-03T16:11:03+00:00"
        );
        assert!(destination.paused_at.is_none() && destination.deleted_at.is_none());
        assert_eq!(
            destination.check_job_name.as_deref(),
            Some("116078.337658.check.8934a4cd-4d60-48c9-85e4-e95cab6d4cae")
        );
        assert_eq!(destination.report_card.current_step, Some(2));
        assert!(!destination.properties.contains_key("password"));
        let shown = format!("{destination:?}");
        assert!(!shown.contains(PASSWORD));
    }
}

#[test]
fn a_card_on_the_form_step_is_not_fully_configured() {
    let mut response = guide::filled(guide::CREATE_RESPONSE);
    response["report_card"]["current_step"] = json!(1);
    response["report_card"]["current_step_type"] = json!("form");
    let destination: Destination = serde_json::from_value(response).unwrap();
    assert!(!destination.is_fully_configured());
}

#[test]
fn unknown_response_fields_are_kept() {
    let mut response = guide::filled(guide::CREATE_RESPONSE);
    response["status"] = json!("1");
    let destination: Destination = serde_json::from_value(response).unwrap();
    assert_eq!(destination.other.get("status"), Some(&json!("1")));
}

/// The guide's properties object, as a config file would hold it.
fn guide_properties_json() -> Value {
    guide::filled(guide::CREATE_REQUEST)["properties"].clone()
}

#[test]
fn guide_properties_parse_and_serialize_back_unchanged() {
    let original = guide_properties_json();
    let parsed: PostgresProperties = serde_json::from_value(original.clone()).unwrap();
    assert_eq!(parsed, guide_properties());
    assert_eq!(serde_json::to_value(&parsed).unwrap(), original);
}

/// Applies `change` to the guide's properties and returns every error message for them.
fn problems_after(
    change: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> (String, Vec<String>) {
    let mut properties = guide_properties_json();
    change(properties.as_object_mut().unwrap());
    let error = PostgresProperties::from_json_value(properties.clone()).unwrap_err();
    let paths = error
        .problems()
        .iter()
        .map(|problem| problem.path().to_owned())
        .collect();
    // Through serde as well: the same checks, one message.
    let through_serde = serde_json::from_value::<PostgresProperties>(properties).unwrap_err();
    assert!(through_serde.to_string().contains(&error.to_string()));
    (error.to_string(), paths)
}

#[test]
fn port_with_a_letter_is_rejected() {
    let (message, paths) = problems_after(|p| {
        p.insert("port".into(), json!("54x32"));
    });
    assert_eq!(paths, ["port"]);
    assert!(
        message.contains("`port`") && message.contains("\"54x32\""),
        "{message}"
    );
    assert!(message.contains("^\\d+$"), "{message}");
}

#[test]
fn port_in_full_width_digits_is_rejected() {
    // ECMA-262's \d is ASCII only.
    let (message, paths) = problems_after(|p| {
        p.insert("port".into(), json!("５４３２"));
    });
    assert_eq!(paths, ["port"]);
    assert!(message.contains("５４３２"), "{message}");
}

#[test]
fn ssl_yes_is_rejected() {
    let (message, paths) = problems_after(|p| {
        p.insert("ssl".into(), json!("yes"));
    });
    assert_eq!(paths, ["ssl"]);
    assert!(message.contains("\"yes\""), "{message}");
}

#[test]
fn encryption_type_tls_is_rejected() {
    let (message, paths) = problems_after(|p| {
        p.insert("encryption_type".into(), json!("tls"));
    });
    assert_eq!(paths, ["encryption_type"]);
    assert!(
        message.contains("\"tls\" is not one of \"ssh\", \"none\""),
        "{message}"
    );
}

#[test]
fn a_missing_required_property_is_named() {
    let (message, paths) = problems_after(|p| {
        p.remove("username");
    });
    assert_eq!(paths, ["username"]);
    assert!(message.contains("`username` is required"), "{message}");
}

#[test]
fn an_unknown_key_is_named_with_a_suggestion() {
    let (message, paths) = problems_after(|p| {
        let host = p.remove("host").unwrap();
        p.insert("hots".into(), host);
    });
    assert_eq!(paths, ["host", "hots"]);
    assert!(message.contains("`hots` is not a property"), "{message}");
    assert!(message.contains("did you mean `host`?"), "{message}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let (_, paths) = problems_after(|p| {
        p.insert("port".into(), json!("54x32"));
        p.insert("ssl".into(), json!("yes"));
        p.insert("encryption_type".into(), json!("tls"));
        p.remove("username");
        p.insert("hots".into(), json!("x"));
    });
    assert_eq!(
        paths,
        ["encryption_type", "port", "ssl", "username", "hots"]
    );
}

#[test]
fn wrong_json_types_are_named() {
    let (message, paths) = problems_after(|p| {
        p.insert("port".into(), json!(5432));
        p.insert("ssl".into(), json!(false));
        p.insert("host".into(), json!(null));
    });
    assert_eq!(paths, ["host", "port", "ssl"]);
    assert!(message.contains("found a JSON number"), "{message}");
    assert!(message.contains("found a JSON boolean"), "{message}");
}

#[test]
fn optional_properties_may_be_null_or_absent() {
    let mut properties = guide_properties_json();
    properties["encryption_port"] = Value::Null;
    let parsed = PostgresProperties::from_json_value(properties).unwrap();
    assert_eq!(parsed.encryption_port, None);
}

#[test]
fn the_password_never_shows() {
    let props = guide_properties();
    for shown in [format!("{props:?}"), format!("{props:#?}")] {
        assert!(!shown.contains(PASSWORD), "{shown}");
    }
    let body = CreateDestination::new("Staging", props);
    assert!(!format!("{body:?}").contains(PASSWORD));

    // Errors about the password, or about a key that holds it, never quote it. Each change puts
    // the password where an error could quote it: a wrong JSON type holding it, an object
    // holding it, misspelt keys holding it.
    for change in [
        json!({"password": [PASSWORD]}),
        json!({"password": {"value": PASSWORD}}),
        json!({"pasword": PASSWORD}),
        json!({"password": PASSWORD, "hots": PASSWORD, "passwd": [PASSWORD]}),
    ] {
        let mut properties = guide_properties_json();
        let properties_map = properties.as_object_mut().unwrap();
        properties_map.remove("password");
        for (key, value) in change.as_object().unwrap() {
            properties_map.insert(key.clone(), value.clone());
        }
        properties_map.insert("port".into(), json!("bad"));
        let error = PostgresProperties::from_json_value(properties.clone()).unwrap_err();
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(PASSWORD), "{shown}");
        }
        let through_serde = serde_json::from_value::<PostgresProperties>(properties).unwrap_err();
        assert!(!through_serde.to_string().contains(PASSWORD));
    }
}

#[test]
fn the_card_type_is_the_cards() {
    assert_eq!(PostgresProperties::CARD_TYPE, "postgres");
    assert_eq!(PostgresEncryptionType::ALL.len(), 2);
    assert_eq!(PostgresEncryptionType::Ssh.as_str(), "ssh");
    assert_eq!(
        PostgresEncryptionType::from_wire_str("none"),
        Some(PostgresEncryptionType::None)
    );
    assert_eq!(PostgresEncryptionType::from_wire_str("tls"), None);
}

#[test]
fn generated_enums_parse_and_display_as_on_the_wire() {
    for value in PostgresEncryptionType::ALL {
        let shown = value.to_string();
        assert_eq!(shown, value.as_str());
        assert_eq!(shown.parse::<PostgresEncryptionType>(), Ok(*value));
        assert_eq!(PostgresEncryptionType::try_from(shown.as_str()), Ok(*value));
    }
    let error = PostgresEncryptionType::try_from("TLS").unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"`PostgresEncryptionType`: "TLS" is not one of "ssh", "none""#
    );
    assert_eq!(error.type_name(), "PostgresEncryptionType");
    let long = "x".repeat(100_000);
    let shown = long
        .parse::<PostgresEncryptionType>()
        .unwrap_err()
        .to_string();
    assert!(
        shown.len() < 200,
        "a long value is cut: {} bytes",
        shown.len()
    );
}

#[test]
fn an_update_sends_only_what_changes() {
    use stitch_tests::postgres::PostgresUpdate;
    use stitch_types::UpdateDestination;
    let update = PostgresUpdate {
        port: Some(5433),
        ..Default::default()
    };
    let body = UpdateDestination::new(update);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"properties": {"port": "5433"}})
    );
    // A new password is sent when given, and never shown.
    let update = PostgresUpdate {
        password: Some("rotated-secret".into()),
        ..Default::default()
    };
    assert!(!format!("{update:?}").contains("rotated-secret"));
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"password": "rotated-secret"})
    );
    // Reading an update rejects unknown keys too.
    let error = PostgresUpdate::from_json_value(json!({"prot": "5433"})).unwrap_err();
    assert!(
        error.to_string().contains("did you mean `port`?"),
        "{error}"
    );
}

//! Discovery, `/v4/sources/{id}/streams`, one stream's schema, and `PUT …/streams/metadata`
//! with every documented error body.

use serde_json::{Value, json};

use crate::support::{
    Api, config, configured_source, example_source, select_accounts, selecting_source, start,
};

/// The stream of `tap_stream_id` in a source's stream list.
async fn stream(api: &Api, source: u64, tap_stream_id: &str) -> Value {
    let streams = api.get(&format!("/v4/sources/{source}/streams")).await.json;
    streams
        .as_array()
        .expect("a list")
        .iter()
        .find(|stream| stream["tap_stream_id"] == tap_stream_id)
        .cloned()
        .unwrap_or_else(|| panic!("no stream {tap_stream_id} in {streams}"))
}

fn metadata_path(source: u64) -> String {
    format!("/v4/sources/{source}/streams/metadata")
}

#[tokio::test]
async fn a_passing_check_discovers_the_built_in_streams() {
    let (_emulator, api) = start(config()).await;
    let created = api.post("/v4/sources", &example_source("Acme")).await.json;
    let id = created["id"].as_u64().unwrap();
    let before = api.get(&format!("/v4/sources/{id}/streams")).await;
    assert_eq!(
        (before.status, before.json),
        (200, json!([])),
        "nothing before discovery"
    );

    selecting_source(&api, "Other").await;
    api.until(&format!("/v4/sources/{id}"), |source| {
        source["report_card"]["current_step_type"] == "field_selection"
    })
    .await;
    let streams = api.get(&format!("/v4/sources/{id}/streams")).await.json;
    let names: Vec<&str> = streams
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tap_stream_id"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["accounts", "events", "settings"]);
    let accounts = &streams[0];
    assert!(accounts["stream_id"].is_u64());
    assert_eq!(accounts["selected"], Value::Null);
    assert_eq!(accounts["stream_name"], "accounts");
    assert_eq!(
        accounts["metadata"],
        json!({"forced-replication-method": "INCREMENTAL", "selected": null,
               "table-key-properties": ["id"], "valid-replication-keys": ["updated_at"]})
    );
    let ids: Vec<u64> = streams
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stream_id"].as_u64().unwrap())
        .collect();
    let other = api.get("/v4/sources").await.json[1]["id"].as_u64().unwrap();
    let other_ids: Vec<u64> = api
        .get(&format!("/v4/sources/{other}/streams"))
        .await
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stream_id"].as_u64().unwrap())
        .collect();
    assert!(
        ids.iter().all(|id| !other_ids.contains(id)),
        "stream IDs are unique across sources: {ids:?} {other_ids:?}"
    );
    assert_eq!(api.get("/v4/sources/7/streams").await.status, 404);
}

#[tokio::test]
async fn a_failing_check_discovers_nothing() {
    let (_emulator, api) = start(
        config().fail_checks_when(stitch_emulator::CheckFailure::when("api_token", "refused")),
    )
    .await;
    let mut body = example_source("Refused");
    body["properties"]["api_token"] = json!("refused");
    let id = api.post("/v4/sources", &body).await.json["id"]
        .as_u64()
        .unwrap();
    api.until(
        &format!("/v4/sources/{id}/last-connection-check"),
        |check| check["status"] == "failed",
    )
    .await;
    assert_eq!(
        api.get(&format!("/v4/sources/{id}/streams")).await.json,
        json!([])
    );
    let refused = api.put(&metadata_path(id), &select_accounts()).await;
    assert_eq!(
        (refused.status, refused.json),
        (
            400,
            json!({"invalid_fields": format!("source {id} is at discover_schema: streams can be selected at field_selection or fully_configured")})
        )
    );
}

#[tokio::test]
async fn a_stream_schema_is_a_json_string_with_metadata_per_field() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    let stream_id = stream(&api, id, "accounts").await["stream_id"]
        .as_u64()
        .unwrap();
    let answer = api
        .get(&format!("/v4/sources/{id}/streams/{stream_id}"))
        .await;
    assert_eq!(answer.status, 200);
    let schema: Value = serde_json::from_str(answer.json["schema"].as_str().expect("a string"))
        .expect("the schema is JSON text");
    assert_eq!(schema["properties"]["updated_at"]["format"], "date-time");
    assert_eq!(
        answer.json["non-discoverable-metadata-keys"],
        json!([
            "selected",
            "replication-method",
            "replication-key",
            "view-key-properties"
        ])
    );
    let metadata = answer.json["metadata"].as_array().unwrap();
    assert_eq!(metadata[0]["breadcrumb"], json!([]));
    let field = |name: &str| {
        metadata
            .iter()
            .find(|entry| entry["breadcrumb"] == json!(["properties", name]))
            .unwrap_or_else(|| panic!("no {name}"))["metadata"]
            .clone()
    };
    assert_eq!(field("id"), json!({"inclusion": "automatic"}));
    assert_eq!(field("name"), json!({"inclusion": "available"}));
    assert_eq!(
        field("legacy_code"),
        json!({"inclusion": "unsupported", "unsupported-description": "this field is unsupported by the example API."})
    );
    assert_eq!(
        metadata.len(),
        1 + schema["properties"].as_object().unwrap().len()
    );
}

#[tokio::test]
async fn a_bad_stream_or_source_id_is_the_documented_plain_text() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    for (path, expected) in [
        (
            format!("/v4/sources/{id}/streams/1"),
            "invalid stream-id: 1",
        ),
        (
            format!("/v4/sources/{id}/streams/abc"),
            "invalid stream-id: abc",
        ),
        // §14.13: a bad source ID says the same.
        (
            "/v4/sources/999/streams/5".to_owned(),
            "invalid stream-id: 5",
        ),
    ] {
        let answer = api.raw(reqwest::Method::GET, &path, None).await;
        assert_eq!(answer.status, 400, "{path}");
        assert_eq!(answer.text, expected, "{path}");
        assert_eq!(answer.header("content-type"), Some("text/plain"), "{path}");
    }
}

#[tokio::test]
async fn selecting_a_stream_configures_the_source_and_deselecting_undoes_it() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    let path = format!("/v4/sources/{id}");
    assert_eq!(api.get(&path).await.json["schedule"], Value::Null);

    let selected = api.put(&metadata_path(id), &select_accounts()).await;
    assert_eq!(
        (selected.status, selected.json),
        (200, json!({"status": 200}))
    );
    let source = api.get(&path).await.json;
    assert_eq!(
        source["report_card"]["current_step_type"],
        "fully_configured"
    );
    assert_eq!(source["report_card"]["current_step"], 4);
    assert_eq!(source["schedule"]["type"], "interval");
    let accounts = stream(&api, id, "accounts").await;
    assert_eq!(accounts["selected"], true);
    assert_eq!(accounts["metadata"]["selected"], true);
    let stream_id = accounts["stream_id"].as_u64().unwrap();
    let schema = api
        .get(&format!("/v4/sources/{id}/streams/{stream_id}"))
        .await
        .json;
    let name = schema["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["breadcrumb"] == json!(["properties", "name"]))
        .unwrap()["metadata"]
        .clone();
    assert_eq!(name, json!({"inclusion": "available", "selected": true}));

    // A partial update: `events` is selected, `accounts` keeps its selection.
    let events = json!({"streams": [{"tap_stream_id": "events", "metadata": [
        {"breadcrumb": [], "metadata": {"selected": true, "replication-method": "INCREMENTAL", "replication-key": "sequence"}}
    ]}]});
    assert_eq!(api.put(&metadata_path(id), &events).await.status, 200);
    assert_eq!(stream(&api, id, "accounts").await["selected"], true);
    assert_eq!(
        stream(&api, id, "events").await["metadata"]["replication-key"],
        "sequence"
    );

    let deselected = ["accounts", "events"].map(|tap| {
        json!({"tap_stream_id": tap, "metadata": [{"breadcrumb": [], "metadata": {"selected": false}}]})
    });
    let deselect = json!({ "streams": deselected });
    assert_eq!(api.put(&metadata_path(id), &deselect).await.status, 200);
    let source = api.get(&path).await.json;
    assert_eq!(
        source["report_card"]["current_step_type"],
        "field_selection"
    );
    assert_eq!(source["schedule"], Value::Null);
}

#[tokio::test]
async fn automatic_fields_alone_make_a_stream_replicate() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    // Nothing selected is accepted (the docs give no error for it) and configures nothing.
    let nothing = api.put(&metadata_path(id), &json!({"streams": []})).await;
    assert_eq!(
        (nothing.status, nothing.json),
        (200, json!({"status": 200}))
    );
    assert_eq!(
        api.get(&format!("/v4/sources/{id}")).await.json["report_card"]["current_step_type"],
        "field_selection",
        "no stream selected: still at field_selection"
    );
    let settings = json!({"streams": [{"tap_stream_id": "settings", "metadata": [
        {"breadcrumb": [], "metadata": {"selected": true}}
    ]}]});
    assert_eq!(api.put(&metadata_path(id), &settings).await.status, 200);
    assert_eq!(
        api.get(&format!("/v4/sources/{id}")).await.json["report_card"]["current_step_type"],
        "fully_configured",
        "`key` is automatic"
    );
}

#[tokio::test]
async fn every_documented_metadata_error() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    let shape =
        json!("body must contain a 'streams' property with a list of metadatas by tap_stream_id");
    let invalid = |message: &str| json!({"invalid_fields": message});
    let cases = [
        (json!({}), shape.clone()),
        (json!({"streams": "accounts"}), shape.clone()),
        (
            json!({"streams": [{"tap_stream_id": "accounts"}]}),
            shape.clone(),
        ),
        (
            json!({"streams": [{"tap_stream_id": "accounts", "metadata": [{"metadata": {"selected": true}}]}]}),
            shape.clone(),
        ),
        (
            json!({"streams": [{"tap_stream_id": "accounts", "metadata": [{"breadcrumb": []}]}]}),
            shape.clone(),
        ),
        (
            json!({"streams": [{"metadata": [{"breadcrumb": [], "metadata": {"selected": true}}]}]}),
            invalid("invalid tap-stream-ids:  [nil]"),
        ),
        (
            json!({"streams": [{"tap_stream_id": "orders", "metadata": [{"breadcrumb": [], "metadata": {"selected": true}}]}]}),
            invalid("invalid tap-stream-ids:  [orders]"),
        ),
        (
            json!({"streams": [{"tap_stream_id": "accounts", "metadata": [{"breadcrumb": [], "metadata": {"selected": true, "table-key-properties": ["name"]}}]}]}),
            invalid(
                "only non-discoverable metadata can be produced by the UI: #{\"table-key-properties\"}",
            ),
        ),
        (
            json!({"streams": [{"tap_stream_id": "accounts", "metadata": [
                {"breadcrumb": [], "metadata": {"selected": true}},
                {"breadcrumb": ["properties", "legacy_code"], "metadata": {"selected": true}}
            ]}]}),
            invalid("Unsupported fields cannot be selected by default"),
        ),
    ];
    for (body, expected) in cases {
        let answer = api.put(&metadata_path(id), &body).await;
        assert_eq!((answer.status, answer.json), (400, expected), "{body}");
    }
    let not_json = api
        .raw(reqwest::Method::PUT, &metadata_path(id), Some("{not json"))
        .await;
    assert_eq!((not_json.status, not_json.text), (400, shape.to_string()));
    assert_eq!(
        stream(&api, id, "accounts").await["selected"],
        Value::Null,
        "nothing was applied"
    );
}

#[tokio::test]
async fn the_emulators_own_rules_for_what_the_docs_leave_open() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    let stream_entry = |tap: &str, metadata: Value| json!({"streams": [{"tap_stream_id": tap, "metadata": [{"breadcrumb": [], "metadata": metadata}]}]});
    let cases = [
        (
            json!({"streams": [{"tap_stream_id": "accounts", "metadata": [
                {"breadcrumb": ["properties", "name"], "metadata": {"selected": true}}
            ]}]}),
            "stream accounts must be selected (breadcrumb [] with selected: true) before its fields",
        ),
        (
            stream_entry("accounts", json!({"selected": "true"})),
            "selected must be a boolean for accounts: \"true\"",
        ),
        (
            stream_entry(
                "events",
                json!({"selected": true, "replication-key": "payload"}),
            ),
            "invalid replication-key for events: \"payload\" is not one of [\"created_at\",\"sequence\"]",
        ),
        (
            stream_entry(
                "events",
                json!({"selected": true, "replication-method": "SOMETIMES"}),
            ),
            "invalid replication-method for events: \"SOMETIMES\" is not one of FULL_TABLE, INCREMENTAL, LOG_BASED",
        ),
        (
            stream_entry(
                "accounts",
                json!({"selected": true, "replication-method": "FULL_TABLE"}),
            ),
            "accounts has forced-replication-method INCREMENTAL: its replication-method cannot be FULL_TABLE",
        ),
        (
            json!({"streams": [{"tap_stream_id": "accounts", "metadata": [
                {"breadcrumb": [], "metadata": {"selected": true}},
                {"breadcrumb": ["properties", "nope"], "metadata": {"selected": true}}
            ]}]}),
            "invalid breadcrumb for accounts: [\"properties\",\"nope\"]",
        ),
    ];
    for (body, message) in cases {
        let answer = api.put(&metadata_path(id), &body).await;
        assert_eq!(
            (answer.status, answer.json),
            (400, json!({"invalid_fields": message})),
            "{body}"
        );
    }
    // The forced method itself may be sent; fields may follow the stream's entry in any order.
    let forced = json!({"streams": [{"tap_stream_id": "accounts", "metadata": [
        {"breadcrumb": ["properties", "email"], "metadata": {"selected": true}},
        {"breadcrumb": [], "metadata": {"selected": true, "replication-method": "INCREMENTAL", "replication-key": "updated_at"}}
    ]}]});
    assert_eq!(api.put(&metadata_path(id), &forced).await.status, 200);
}

#[tokio::test]
async fn one_bad_stream_leaves_every_stream_as_it_was() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    let body = json!({"streams": [
        {"tap_stream_id": "settings", "metadata": [{"breadcrumb": [], "metadata": {"selected": true}}]},
        {"tap_stream_id": "events", "metadata": [{"breadcrumb": [], "metadata": {"selected": 1}}]}
    ]});
    assert_eq!(api.put(&metadata_path(id), &body).await.status, 400);
    assert_eq!(stream(&api, id, "settings").await["selected"], Value::Null);
}

#[tokio::test]
async fn sources_without_field_selection_or_before_it_refuse_selection() {
    let (_emulator, api) = start(config()).await;
    let simple = json!({"type": "platform.simple", "display_name": "Simple", "properties": {"subdomain": "acme"}});
    let simple = api.post("/v4/sources", &simple).await.json["id"]
        .as_u64()
        .unwrap();
    let answer = api.put(&metadata_path(simple), &select_accounts()).await;
    assert_eq!(
        answer.json,
        json!({"invalid_fields": format!("source {simple} has no field_selection step: it has no streams to select")})
    );
    let half = json!({"type": "platform.example", "display_name": "Half", "properties": {"subdomain": "acme"}});
    let half = api.post("/v4/sources", &half).await.json["id"]
        .as_u64()
        .unwrap();
    let answer = api.put(&metadata_path(half), &select_accounts()).await;
    assert_eq!(
        (answer.status, answer.json),
        (
            400,
            json!({"invalid_fields": format!("source {half} is at form: streams can be selected at field_selection or fully_configured")})
        )
    );
    let configured = configured_source(&api, "Done").await;
    assert_eq!(
        api.put(&metadata_path(configured), &select_accounts())
            .await
            .status,
        200,
        "selection can change while fully_configured"
    );
}

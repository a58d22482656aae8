//! Stream catalog files (`--catalogs DIR`): a Singer catalog discovered as written, and every
//! problem of a malformed one reported with its file and JSON pointer.

use std::net::SocketAddr;

use serde_json::{Value, json};
use stitch_emulator::{Emulator, StartError};

use crate::support::{TempDir, config, selecting_source, start};

/// A catalog as `tap-example --discover` could print it: a database-like stream named with
/// `stream_name`, and a SaaS-like one.
fn catalog() -> Value {
    json!({"streams": [
        {
            "tap_stream_id": "shop-public-orders",
            "stream_name": "orders",
            "table_name": "orders",
            "schema": {"type": "object", "properties": {
                "id": {"type": ["integer"]},
                "total": {"type": ["null", "number"]},
                "placed_at": {"type": ["null", "string"], "format": "date-time"}
            }},
            "metadata": [
                {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic", "sql-datatype": "bigint"}},
                {"breadcrumb": [], "metadata": {"table-key-properties": ["id"], "database-name": "shop", "row-count": 447}},
                {"breadcrumb": ["properties", "total"], "metadata": {"inclusion": "available", "selected-by-default": true}}
            ]
        },
        {
            "tap_stream_id": "customers",
            "stream": "customers",
            "schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "metadata": [{"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}}]
        }
    ]})
}

#[tokio::test]
async fn a_catalog_file_is_what_sources_of_its_type_discover() {
    let dir = TempDir::new("catalog");
    dir.write("platform.example.json", &catalog().to_string());
    let (_emulator, api) = start(config().catalogs(&dir.0)).await;
    let id = selecting_source(&api, "Shop").await;
    let streams = api.get(&format!("/v4/sources/{id}/streams")).await.json;
    let orders = &streams[0];
    assert_eq!(orders["tap_stream_id"], "shop-public-orders");
    assert_eq!(orders["stream_name"], "orders");
    assert_eq!(
        orders["metadata"],
        json!({"table-key-properties": ["id"], "database-name": "shop", "row-count": 447, "selected": null})
    );
    assert_eq!(streams[1]["tap_stream_id"], "customers");
    assert_eq!(streams.as_array().unwrap().len(), 2);

    let stream_id = orders["stream_id"].as_u64().unwrap();
    let schema = api
        .get(&format!("/v4/sources/{id}/streams/{stream_id}"))
        .await
        .json;
    let parsed: Value = serde_json::from_str(schema["schema"].as_str().unwrap()).unwrap();
    assert_eq!(parsed, catalog()["streams"][0]["schema"]);
    let field = |name: &str| {
        schema["metadata"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["breadcrumb"] == json!(["properties", name]))
            .unwrap()["metadata"]
            .clone()
    };
    assert_eq!(
        field("placed_at"),
        json!({"inclusion": "available"}),
        "a field without metadata is available"
    );
    assert_eq!(field("id")["sql-datatype"], "bigint");

    // `total` is selected by default: selecting the stream is enough, and so is `id`.
    let select = json!({"streams": [{"tap_stream_id": "shop-public-orders", "metadata": [
        {"breadcrumb": [], "metadata": {"selected": true, "replication-method": "INCREMENTAL", "replication-key": "placed_at"}}
    ]}]});
    let answer = api
        .put(&format!("/v4/sources/{id}/streams/metadata"), &select)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        api.get(&format!("/v4/sources/{id}")).await.json["report_card"]["current_step_type"],
        "fully_configured"
    );
}

#[tokio::test]
async fn every_problem_of_the_catalogs_is_reported_with_file_and_pointer() {
    let dir = TempDir::new("bad-catalogs");
    dir.write(
        "platform.example.json",
        &json!({"streams": [
            {"tap_stream_id": "a", "stream": "a", "schema": {"type": "object", "properties": {"id": {}}},
             "metadata": [{"breadcrumb": ["properties", "nope"], "metadata": {}},
                          {"breadcrumb": [], "metadata": {"forced-replication-method": "SOMETIMES"}}]},
            {"stream": "b", "schema": {"type": "object", "properties": {}}}
        ]})
        .to_string(),
    );
    dir.write("platform.nope.json", r#"{"streams": []}"#);
    dir.write("platform.simple.json", r#"{"streams": []}"#);
    dir.write("platform.legacy.json", "{ not json");
    let started = Emulator::start(
        config().catalogs(&dir.0),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await;
    let Err(StartError::Catalog(error)) = started else {
        panic!("the catalogs are refused: {started:?}");
    };
    let shown: Vec<String> = error
        .problems()
        .iter()
        .map(|problem| {
            format!(
                "{} {} {}",
                problem.file.file_name().unwrap().to_string_lossy(),
                problem.pointer,
                problem.message
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "platform.example.json /streams/0/metadata/0/breadcrumb/1 `nope` is not a property of the stream's schema",
            "platform.example.json /streams/0/metadata/1/metadata/forced-replication-method must be FULL_TABLE, INCREMENTAL or LOG_BASED",
            "platform.example.json /streams/1 has no `tap_stream_id`",
            "platform.legacy.json  the card of `platform.legacy` has no discover_schema step: its sources never discover streams",
            "platform.legacy.json  is not valid JSON: key must be a string at line 1 column 3",
            "platform.nope.json  no source card defines the type `platform.nope` this file is named after",
            "platform.simple.json  the card of `platform.simple` has no discover_schema step: its sources never discover streams",
        ]
    );
    let text = error.to_string();
    assert!(
        text.starts_with("7 problems in the report cards or stream catalogs"),
        "{text}"
    );
    assert!(
        text.contains("platform.example.json at /streams/1: has no `tap_stream_id`"),
        "{text}"
    );
}

#[tokio::test]
async fn a_broken_card_and_a_broken_catalog_are_both_reported() {
    let schemas = TempDir::new("broken-cards");
    std::fs::create_dir_all(schemas.0.join("sources")).unwrap();
    schemas.write("sources/broken.json", "{ not json");
    let catalogs = TempDir::new("broken-catalog");
    catalogs.write("platform.example.json", r#"{"stream": []}"#);
    let started = Emulator::start(
        config().also_schemas(&schemas.0).catalogs(&catalogs.0),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await;
    let Err(StartError::Catalog(error)) = started else {
        panic!("refused: {started:?}");
    };
    let files: Vec<(String, &str)> = error
        .problems()
        .iter()
        .map(|problem| {
            (
                problem
                    .file
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                problem.message.as_str(),
            )
        })
        .collect();
    assert_eq!(files.len(), 2, "no type seems missing: {files:?}");
    assert_eq!(files[0].0, "broken.json");
    assert_eq!(
        files[1],
        (
            "platform.example.json".to_owned(),
            "a catalog is an object with a `streams` array"
        )
    );
}

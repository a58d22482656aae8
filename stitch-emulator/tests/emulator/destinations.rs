//! `/v4/destinations` and `/v4/destination-types`.

use std::time::Duration;

use serde_json::{Value, json};
use stitch_emulator::Tier;

use crate::support::{FAILING_PASSWORD, PASSWORD, config, guide_body, postgres_properties, start};

const POST_BODY_ERROR: &str = "POST body may only include a type, a name, a description, map of properties, and boolean for unmapped sources";
/// The emulator's own wording: the docs document `properties` as the PUT body's only key.
const PUT_BODY_ERROR: &str = "PUT body may only include a map of properties";
const TYPE_CHANGE_ERROR: &str = "this API endpoint does not support modifying destination type";

#[tokio::test]
async fn destination_types_are_the_cards_as_captured() {
    let (_emulator, api) = start(config()).await;
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(
            crate::support::workspace().join("schemas/destinations/postgres.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let list = api.get("/v4/destination-types").await;
    assert_eq!(list.status, 200);
    let types: Vec<&Value> = list
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|card| &card["type"])
        .collect();
    assert_eq!(types, [&json!("example_restricted"), &json!("postgres")]);
    assert_eq!(list.json[1], file);
    let one = api.get("/v4/destination-types/postgres").await;
    assert_eq!((one.status, one.json), (200, file));
    let missing = api.get("/v4/destination-types/nope").await;
    assert_eq!(
        (missing.status, missing.json),
        (404, json!("no such destination type: nope"))
    );
}

#[tokio::test]
async fn the_guide_create_answers_without_the_password() {
    let (_emulator, api) = start(config()).await;
    let created = api.post("/v4/destinations", &guide_body(PASSWORD)).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert!(!created.text.contains(PASSWORD), "{}", created.text);
    let body = created.json;
    assert_eq!(body["type"], "postgres");
    assert_eq!(body["name"], "Staging");
    assert_eq!(body["display_name"], Value::Null);
    assert_eq!(
        body["properties"],
        json!({"database": "analytics", "encryption_type": "none", "host": "db.example.com",
               "port": "5432", "ssl": "false", "username": "stitch"})
    );
    let card = &body["report_card"];
    assert_eq!(
        (
            card["current_step"].clone(),
            card["current_step_type"].clone()
        ),
        (json!(1), json!("form"))
    );
    assert!(
        card.get("details").is_none(),
        "embedded cards have no details"
    );
    let password = card["steps"][0]["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "password")
        .unwrap();
    assert_eq!(password["provided"], true);
    let job = body["check_job_name"].as_str().unwrap();
    let prefix = format!("{}.{}.check.", body["stitch_client_id"], body["id"]);
    assert!(
        job.starts_with(&prefix) && job.len() == prefix.len() + 36,
        "{job}"
    );

    let id = body["id"].as_u64().unwrap();
    let check = api
        .get(&format!("/v4/destinations/{id}/last-connection-check"))
        .await;
    assert_eq!(
        (
            check.json["status"].clone(),
            check.json["completion_time"].clone()
        ),
        (json!("running"), Value::Null)
    );
    let passed = api
        .until(
            &format!("/v4/destinations/{id}/last-connection-check"),
            |c| c["status"] == "succeeded",
        )
        .await;
    assert_eq!(
        (passed["error"].clone(), passed["check_exit_status"].clone()),
        (json!(false), json!(0))
    );
    let listed = api.get("/v4/destinations").await.json;
    assert_eq!(
        listed[0]["report_card"]["current_step_type"],
        "fully_configured"
    );
    assert_eq!(listed[0]["report_card"]["current_step"], 2);
}

#[tokio::test]
async fn a_check_fails_on_the_configured_password_with_the_documented_message() {
    let (_emulator, api) = start(config()).await;
    let created = api
        .post("/v4/destinations", &guide_body(FAILING_PASSWORD))
        .await
        .json;
    let id = created["id"].as_u64().unwrap();
    let failed = api
        .until(
            &format!("/v4/destinations/{id}/last-connection-check"),
            |c| c["status"] != "running",
        )
        .await;
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"], true);
    assert_eq!(failed["discovery_exit_status"], 1);
    assert_eq!(
        failed["discovery_error_message"],
        "FATAL:  password authentication failed for user \"stitch\""
    );
    let listed = api.get("/v4/destinations").await.json;
    assert_eq!(
        listed[0]["report_card"]["current_step_type"], "form",
        "a failed check does not advance"
    );
}

#[tokio::test]
async fn post_bodies_of_the_wrong_shape_get_the_documented_message() {
    let (_emulator, api) = start(config()).await;
    let mut extra = guide_body(PASSWORD);
    extra["connection"] = json!({});
    let mut no_type = guide_body(PASSWORD);
    no_type.as_object_mut().unwrap().remove("type");
    let mut string_properties = guide_body(PASSWORD);
    string_properties["properties"] = json!("host=db");
    let mut bad_flag = guide_body(PASSWORD);
    bad_flag["ignore_unmapped_sources"] = json!("yes");
    for body in [extra, no_type, string_properties, bad_flag, json!([1, 2])] {
        let answer = api.post("/v4/destinations", &body).await;
        assert_eq!(
            (answer.status, answer.json),
            (400, json!(POST_BODY_ERROR)),
            "{body}"
        );
    }
    let mut unknown = guide_body(PASSWORD);
    unknown["type"] = json!("oracle");
    let answer = api.post("/v4/destinations", &unknown).await;
    assert_eq!(
        (answer.status, answer.json),
        (400, json!("invalid destination type (oracle)"))
    );
}

#[tokio::test]
async fn properties_that_fail_the_card_are_named_without_their_values() {
    let (_emulator, api) = start(config()).await;
    let mut properties = postgres_properties(PASSWORD);
    properties["port"] = json!("５４３２"); // \d is ASCII only in ECMA-262
    properties["ssl"] = json!(false); // a boolean where the card wants a string
    properties["host"] = json!(""); // the API rejects empty strings
    properties["hots"] = json!("db.example.com");
    properties.as_object_mut().unwrap().remove("username");
    let answer = api
        .post(
            "/v4/destinations",
            &json!({"type": "postgres", "properties": properties}),
        )
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json["error"], "InvalidProperties");
    assert_eq!(
        answer.json["data"]["message"],
        "properties do not match schema"
    );
    // Card order, then the keys the card does not take (the emulator's order: the docs give
    // none).
    assert_eq!(
        answer.json["data"]["bad_properties"],
        json!(["host", "port", "ssl", "username", "hots"])
    );
    assert_eq!(answer.json["data"]["report_card"]["type"], "postgres");
    assert!(!answer.text.contains(PASSWORD));
    assert!(
        api.get("/v4/destinations")
            .await
            .json
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_standard_plan_allows_one_destination() {
    let (_emulator, api) = start(config().tier(Tier::Standard)).await;
    assert_eq!(
        api.post("/v4/destinations", &guide_body(PASSWORD))
            .await
            .status,
        200
    );
    let second = api.post("/v4/destinations", &guide_body(PASSWORD)).await;
    assert_eq!(
        (second.status, second.json),
        (400, json!("you are at your destination limit"))
    );

    let (_advanced, api) = start(config()).await;
    assert_eq!(
        api.post("/v4/destinations", &guide_body(PASSWORD))
            .await
            .status,
        200
    );
    assert_eq!(
        api.post("/v4/destinations", &guide_body(PASSWORD))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn updates_merge_properties_restart_the_check_and_refuse_a_type_change() {
    let (_emulator, api) = start(config()).await;
    let created = api
        .post("/v4/destinations", &guide_body(PASSWORD))
        .await
        .json;
    let id = created["id"].as_u64().unwrap();
    let path = format!("/v4/destinations/{id}");

    let updated = api
        .put(&path, &json!({"properties": {"port": "5433"}}))
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.json["properties"]["port"], "5433");
    assert_eq!(updated.json["properties"]["host"], "db.example.com");
    assert_ne!(updated.json["check_job_name"], created["check_job_name"]);

    let retype = api
        .put(&path, &json!({"type": "snowflake", "properties": {}}))
        .await;
    assert_eq!(
        (retype.status, retype.json),
        (
            400,
            json!("this API endpoint does not support modifying destination type")
        )
    );
    let bad_id = api
        .put("/v4/destinations/1", &json!({"properties": {}}))
        .await;
    assert_eq!(
        (bad_id.status, bad_id.json),
        (400, json!("invalid connection id"))
    );
    let letters = api
        .put("/v4/destinations/abc", &json!({"properties": {}}))
        .await;
    assert_eq!(letters.status, 404);
    let no_properties = api.put(&path, &json!({"name": "x"})).await;
    assert_eq!(no_properties.status, 400);
    let invalid = api
        .put(&path, &json!({"properties": {"port": "x", "password": ""}}))
        .await;
    assert_eq!(
        invalid.json["data"]["bad_properties"],
        json!(["password", "port"])
    );
}

#[tokio::test]
async fn deletes_and_list_filters() {
    let (_emulator, api) = start(config()).await;
    let first = api
        .post("/v4/destinations", &guide_body(PASSWORD))
        .await
        .json["id"]
        .as_u64()
        .unwrap();
    let second = api
        .post("/v4/destinations", &guide_body(PASSWORD))
        .await
        .json["id"]
        .as_u64()
        .unwrap();

    let filtered = api
        .get(&format!("/v4/destinations?destination_id={second}"))
        .await
        .json;
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    assert_eq!(filtered[0]["id"], second);
    for query in ["?limit=1", "?destination_id=abc"] {
        let answer = api.get(&format!("/v4/destinations{query}")).await;
        assert_eq!(
            (answer.status, answer.json),
            (
                400,
                json!("GET may only include the params: source_id and/or destination_id")
            ),
            "{query}"
        );
    }

    let deleted = api.delete(&format!("/v4/destinations/{first}")).await;
    assert_eq!((deleted.status, deleted.json), (200, json!({})));
    let again = api.delete(&format!("/v4/destinations/{first}")).await;
    assert_eq!(again.status, 400);
    let client_id = api.get("/v4/destinations").await.json[0]["stitch_client_id"].clone();
    assert_eq!(
        again.json,
        json!(format!(
            "Unable to locate dest ({first}) for client ({client_id}) to delete"
        ))
    );
    assert_eq!(api.delete("/v4/destinations/x1").await.status, 404);
    let remaining: Vec<Value> = api
        .get("/v4/destinations")
        .await
        .json
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(remaining.len(), 1);
}

#[tokio::test]
async fn a_type_the_plan_cannot_use_is_refused() {
    let (_emulator, api) = start(config()).await;
    let answer = api
        .post(
            "/v4/destinations",
            &json!({"type": "example_restricted", "properties": {"bucket": "b"}}),
        )
        .await;
    assert_eq!(
        (answer.status, answer.json),
        (
            400,
            json!("you do not have access to destination type (example_restricted)")
        )
    );
    assert_eq!(api.get("/v4/destinations").await.json, json!([]));
}

#[tokio::test]
async fn put_bodies_hold_properties_only() {
    let (_emulator, api) = start(config()).await;
    let created = api
        .post("/v4/destinations", &guide_body(PASSWORD))
        .await
        .json;
    let path = format!("/v4/destinations/{}", created["id"]);
    let port = json!({"port": "5433"});
    for body in [
        json!({"properties": port, "name": "Renamed"}),
        json!({"properties": port, "description": "changed"}),
        json!({"properties": port, "ignore_unmapped_sources": true}),
        json!({"properties": port, "type": "postgres"}),
        json!({"properties": port, "type": 7}),
        json!({"properties": "port=5433"}),
        json!({}),
        json!([port]),
    ] {
        let answer = api.put(&path, &body).await;
        assert_eq!(
            (answer.status, answer.json),
            (400, json!(PUT_BODY_ERROR)),
            "{body}"
        );
    }
    for body in [
        json!({"properties": port, "type": "snowflake"}),
        json!({"type": "snowflake"}),
    ] {
        let answer = api.put(&path, &body).await;
        assert_eq!(
            (answer.status, answer.json),
            (400, json!(TYPE_CHANGE_ERROR)),
            "{body}"
        );
    }
    let unchanged = &api.get("/v4/destinations").await.json[0];
    assert_eq!(unchanged["name"], "Staging");
    assert_eq!(unchanged["properties"]["port"], "5432");
    assert_eq!(unchanged["check_job_name"], created["check_job_name"]);
}

#[tokio::test]
async fn a_check_delay_too_long_for_the_clock_is_a_check_that_never_ends() {
    let (_emulator, api) = start(config().check_delay(Duration::MAX)).await;
    let created = api.post("/v4/destinations", &guide_body(PASSWORD)).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let check = api
        .get(&format!(
            "/v4/destinations/{}/last-connection-check",
            created.json["id"]
        ))
        .await;
    assert_eq!(check.json["status"], "running");
    assert_eq!(check.json["completion_time"], Value::Null);
}

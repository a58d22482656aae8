//! `/v4/sources` and `/v4/source-types`: the coded errors, names, pausing, schedules.

use serde_json::{Value, json};

use crate::support::{config, start};

const PUT_BODY_ERROR: &str =
    "PUT body many only include the keys: display_name, properties, and paused_at";

fn coded(code: &str, message: &str) -> Value {
    json!({"error": code, "data": {"message": message}})
}

fn example(display_name: &str) -> Value {
    json!({
        "type": "platform.example",
        "display_name": display_name,
        "properties": {"api_token": "example-secret-token-4f0e", "region": "eu", "subdomain": "acme"}
    })
}

#[tokio::test]
async fn source_types_list_and_get() {
    let (_emulator, api) = start(config()).await;
    let types: Vec<Value> = api
        .get("/v4/source-types")
        .await
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["type"].clone())
        .collect();
    assert_eq!(
        types,
        [
            json!("platform.example"),
            json!("platform.legacy"),
            json!("platform.simple")
        ]
    );
    let legacy = api.get("/v4/source-types/platform.legacy").await;
    assert_eq!(legacy.json["upgrade_available"]["type"], "platform.example");
    assert_eq!(api.get("/v4/source-types/platform.nope").await.status, 404);
}

#[tokio::test]
async fn creating_derives_the_name_and_hides_the_credential() {
    let (_emulator, api) = start(config()).await;
    let created = api.post("/v4/sources", &example("Acme Prod-EU!")).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert!(!created.text.contains("example-secret-token-4f0e"));
    assert_eq!(created.json["name"], "acme_prod_eu");
    assert_eq!(created.json["display_name"], "Acme Prod-EU!");
    assert_eq!(
        created.json["properties"],
        json!({"region": "eu", "subdomain": "acme"})
    );
    assert_eq!(
        created.json["report_card"]["current_step_type"],
        "discover_schema"
    );
    assert_eq!(created.json["schedule"], Value::Null);
    let id = created.json["id"].as_u64().unwrap();
    let selecting = api
        .until(&format!("/v4/sources/{id}"), |source| {
            source["report_card"]["current_step_type"] == "field_selection"
        })
        .await;
    assert_eq!(selecting["report_card"]["current_step"], 3);
}

#[tokio::test]
async fn every_documented_post_error() {
    let (_emulator, api) = start(config()).await;
    assert_eq!(api.post("/v4/sources", &example("Acme")).await.status, 200);
    let cases = [
        (
            json!({"type": "platform.nope", "display_name": "x"}),
            coded("InvalidType", "invalid source type (platform.nope)"),
        ),
        (
            json!({"type": "platform.legacy", "display_name": "Old"}),
            coded(
                "AccessDenied",
                "you do not have access to source type (platform.legacy)",
            ),
        ),
        (
            json!({"type": "platform.example", "display_name": "x", "name": "x"}),
            coded(
                "InvalidBody",
                "POST body may only include a non-empty type, a non-empty display_name and map of string properties",
            ),
        ),
        (
            json!({"type": "platform.example", "display_name": ""}),
            coded(
                "InvalidBody",
                "POST body may only include a non-empty type, a non-empty display_name and map of string properties",
            ),
        ),
        (
            json!({"type": "platform.example", "display_name": "####"}),
            coded(
                "InvalidDisplayName",
                "invalid name after deriving it from display_name (#### -> )",
            ),
        ),
        (
            json!({"type": "platform.example", "display_name": "ACME!!!"}),
            coded(
                "InvalidName",
                "non-unique name after deriving it from display_name (ACME!!! -> acme)",
            ),
        ),
    ];
    for (body, expected) in cases {
        let answer = api.post("/v4/sources", &body).await;
        assert_eq!((answer.status, answer.json), (400, expected), "{body}");
    }
    let read_only = api
        .post(
            "/v4/sources",
            &json!({"type": "platform.example", "display_name": "B", "properties": {"account_id": "1", "page_size": ""}}),
        )
        .await;
    assert_eq!(read_only.status, 400);
    assert_eq!(read_only.json["error"], "InvalidProperties");
    assert_eq!(
        read_only.json["data"]["bad_properties"],
        json!(["page_size", "account_id"]),
        "card order, then the keys a request may not send"
    );
}

#[tokio::test]
async fn pausing_unpausing_and_every_documented_put_error() {
    let (_emulator, api) = start(config()).await;
    let id = api.post("/v4/sources", &example("Acme")).await.json["id"]
        .as_u64()
        .unwrap();
    let path = format!("/v4/sources/{id}");

    let paused = api
        .put(&path, &json!({"paused_at": "2030-01-01T00:00:00Z"}))
        .await;
    assert_eq!(paused.status, 200, "{}", paused.text);
    assert_eq!(
        paused.json["paused_at"], "2030-01-01T00:00:00Z",
        "any timestamp pauses at once"
    );
    let unpaused = api.put(&path, &json!({"paused_at": null})).await;
    assert_eq!(unpaused.json["paused_at"], Value::Null);

    let renamed = api
        .put(&path, &json!({"display_name": "Acme Renamed"}))
        .await;
    assert_eq!(
        (
            renamed.json["display_name"].clone(),
            renamed.json["name"].clone()
        ),
        (json!("Acme Renamed"), json!("acme"))
    );

    for body in [
        json!({"name": "other"}),
        json!({"paused_at": "yesterday"}),
        json!({"properties": "x"}),
    ] {
        let answer = api.put(&path, &body).await;
        assert_eq!(
            (answer.status, answer.json),
            (400, coded("InvalidBody", PUT_BODY_ERROR)),
            "{body}"
        );
    }
    let bad_display = api.put(&path, &json!({"display_name": "!!!"})).await;
    assert_eq!(
        bad_display.json,
        coded("InvalidDisplayName", "invalid display_name (!!!)")
    );
    let immutable = api
        .put(&path, &json!({"properties": {"region": "us"}}))
        .await;
    assert_eq!(immutable.json["data"]["bad_properties"], json!(["region"]));
    let missing = api.put("/v4/sources/7", &json!({"paused_at": null})).await;
    assert_eq!(
        (missing.status, missing.json),
        (400, coded("InvalidId", "source not found (7)"))
    );
    let missing = api.delete("/v4/sources/7").await;
    assert_eq!(
        (missing.status, missing.json),
        (400, coded("InvalidId", "source not found (7)"))
    );

    let deleted = api.delete(&path).await;
    assert_eq!(deleted.status, 200);
    assert!(deleted.json["deleted_at"].is_string());
    assert_eq!(
        api.get("/v4/sources").await.json[0]["id"],
        id,
        "deleted sources stay listed"
    );
    let after = api.put(&path, &json!({"paused_at": null})).await;
    assert_eq!(
        after.json,
        coded("InvalidId", &format!("source not found ({id})"))
    );
}

#[tokio::test]
async fn a_configured_source_has_a_schedule_until_paused() {
    let (_emulator, api) = start(config()).await;
    let body = json!({"type": "platform.simple", "display_name": "Simple", "properties": {"subdomain": "acme", "frequency_in_minutes": "30"}});
    let id = api.post("/v4/sources", &body).await.json["id"]
        .as_u64()
        .unwrap();
    let path = format!("/v4/sources/{id}");
    let configured = api
        .until(&path, |s| {
            s["report_card"]["current_step_type"] == "fully_configured"
        })
        .await;
    assert_eq!(configured["schedule"]["type"], "interval");
    assert_eq!(configured["schedule"]["unit"], "minute");
    assert_eq!(configured["schedule"]["interval"], 30.0);
    let paused = api
        .put(&path, &json!({"paused_at": "2020-01-01T00:00:00Z"}))
        .await
        .json;
    assert_eq!(paused["schedule"], Value::Null);

    let every = api.post("/v4/sources", &json!({"type": "platform.simple", "display_name": "Every", "properties": {"frequency_in_minutes": "45"}})).await;
    assert_eq!(
        every.json["data"]["bad_properties"],
        json!(["frequency_in_minutes"]),
        "^1$|^30$|…: 45 is not allowed"
    );
}

#[tokio::test]
async fn a_half_filled_source_stays_on_its_form_without_a_check() {
    let (_emulator, api) = start(config()).await;
    let body = json!({"type": "platform.example", "display_name": "Half", "properties": {"subdomain": "acme"}});
    let created = api.post("/v4/sources", &body).await.json;
    assert_eq!(created["report_card"]["current_step_type"], "form");
    assert_eq!(created["check_job_name"], Value::Null);
    let id = created["id"].as_u64().unwrap();
    let check = api
        .get(&format!("/v4/sources/{id}/last-connection-check"))
        .await;
    assert_eq!(check.status, 404);
    let completed = api
        .put(
            &format!("/v4/sources/{id}"),
            &json!({"properties": {"api_token": "t", "region": "us"}}),
        )
        .await
        .json;
    assert_eq!(
        completed["report_card"]["current_step_type"],
        "discover_schema"
    );
    assert!(completed["check_job_name"].is_string());
}

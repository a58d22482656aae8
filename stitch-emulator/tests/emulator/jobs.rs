//! Replication jobs (`/v4/sources/{id}/sync`), the extraction list, extraction logs (a `302`
//! that is not followed) and loads.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Api, TOKEN, client_id, config, configured_source, selecting_source, start};

fn sync_path(source: u64) -> String {
    format!("/v4/sources/{source}/sync")
}

/// Polls the extraction list until it has `job_name`.
async fn extraction(api: &Api, client: u64, job_name: &str) -> Value {
    let list = api
        .until(&format!("/v4/{client}/extractions"), |list| {
            list["data"]
                .as_array()
                .is_some_and(|data| data.iter().any(|e| e["job_name"] == job_name))
        })
        .await;
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["job_name"] == job_name)
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn a_job_runs_completes_and_leaves_an_extraction_and_loads() {
    let (_emulator, api) = start(config().job_duration(Duration::from_millis(300))).await;
    let id = configured_source(&api, "Acme").await;
    let client = client_id(&api, id).await;

    let started = api.post(&sync_path(id), &json!({})).await;
    assert_eq!(started.status, 200, "{}", started.text);
    let job_name = started.json["job_name"].as_str().unwrap().to_owned();
    let prefix = format!("{client}.{id}.sync.");
    assert!(job_name.starts_with(&prefix), "{job_name}");
    assert_eq!(job_name.len(), prefix.len() + 36, "a UUID: {job_name}");
    assert_eq!(
        started.json,
        json!({"job_name": job_name}),
        "nothing but the name"
    );

    // Still running: not in the list yet.
    let running = api.get(&format!("/v4/{client}/extractions")).await;
    assert_eq!(
        running.json,
        json!({"data": [], "page": 1, "total": 0, "links": {}})
    );

    let extraction = extraction(&api, client, &job_name).await;
    assert_eq!(extraction["stitch_client_id"], client);
    assert_eq!(extraction["source_id"], id);
    assert_eq!(extraction["source_type"], "tap-example");
    for status in [
        "discovery_exit_status",
        "tap_exit_status",
        "target_exit_status",
    ] {
        assert_eq!(extraction[status], 0, "{status}");
    }
    for description in [
        "discovery_description",
        "tap_description",
        "target_description",
    ] {
        assert_eq!(extraction[description], Value::Null, "{description}");
    }
    assert!(extraction["start_time"].is_string() && extraction["completion_time"].is_string());

    let loads = api.get(&format!("/v4/{client}/loads")).await;
    assert_eq!(loads.status, 200);
    assert_eq!(loads.json["total"], 1);
    assert_eq!(loads.json["links"], json!({}));
    let load = &loads.json["data"][0];
    assert_eq!(
        (
            &load["stitch_client_id"],
            &load["source_name"],
            &load["stream_name"],
            &load["error_state"]
        ),
        (
            &json!(client),
            &json!("acme"),
            &json!("accounts"),
            &Value::Null
        )
    );
    assert_eq!(load["last_batch_loaded_at"], extraction["completion_time"]);
}

#[tokio::test]
async fn a_second_start_while_running_is_a_200_with_the_documented_error() {
    let (_emulator, api) = start(config()).await;
    let id = configured_source(&api, "Acme").await;
    let client = client_id(&api, id).await;
    // No body at all, as the docs send it.
    let first = api.raw(reqwest::Method::POST, &sync_path(id), None).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = api.post(&sync_path(id), &json!({})).await;
    assert_eq!(
        (second.status, second.json),
        (
            200,
            json!({"error": {"type": "already_running", "message": format!(
                "Did not create job for client-id: {client}; connection-id: {id} because one already exists"
            )}})
        )
    );
}

#[tokio::test]
async fn every_documented_start_error() {
    let (_emulator, api) = start(config()).await;
    let id = configured_source(&api, "Acme").await;
    let client = client_id(&api, id).await;
    let unknown = api.post(&sync_path(4242), &json!({})).await;
    assert_eq!(
        (unknown.status, unknown.json),
        (
            400,
            json!({"error": {"type": "invalid_source", "message": format!("Unable to locate source(4242) for client ({client})")}})
        )
    );
    assert_eq!(api.delete(&format!("/v4/sources/{id}")).await.status, 200);
    let deleted = api.post(&sync_path(id), &json!({})).await;
    assert_eq!(
        (deleted.status, deleted.json),
        (
            400,
            json!({"error": {"type": "invalid_source", "message": "Integration is deleted."}})
        )
    );

    // Emulator's choice: the commented-out `generic` body for a source not yet configured.
    let selecting = selecting_source(&api, "Selecting").await;
    let early = api.post(&sync_path(selecting), &json!({})).await;
    assert_eq!(
        (early.status, early.json),
        (
            400,
            json!({"error": {"type": "generic", "message": format!("Could not create job for client-id: {client}; connection-id: {selecting}")}})
        )
    );
}

#[tokio::test]
async fn a_stopped_job_shows_as_terminated() {
    let (_emulator, api) = start(config().job_duration(Duration::from_secs(600))).await;
    let id = configured_source(&api, "Acme").await;
    let client = client_id(&api, id).await;
    let idle = api.delete(&sync_path(id)).await;
    assert_eq!(
        (idle.status, idle.json),
        (200, json!({"status": 200})),
        "nothing to stop"
    );

    let job_name = api.post(&sync_path(id), &json!({})).await.json["job_name"]
        .as_str()
        .unwrap()
        .to_owned();
    let stopped = api.delete(&sync_path(id)).await;
    assert_eq!(
        (stopped.status, stopped.json),
        (200, json!({"status": 200}))
    );
    let extraction = extraction(&api, client, &job_name).await;
    for status in [
        "discovery_exit_status",
        "tap_exit_status",
        "target_exit_status",
    ] {
        assert_eq!(extraction[status], Value::Null, "{status}");
    }
    for description in [
        "discovery_description",
        "tap_description",
        "target_description",
    ] {
        assert_eq!(extraction[description], "Terminated", "{description}");
    }
    assert_eq!(
        api.get(&format!("/v4/{client}/loads")).await.json["total"],
        0,
        "a stopped job loads nothing"
    );
    let again = api.post(&sync_path(id), &json!({})).await;
    assert!(
        again.json["job_name"].is_string(),
        "a new job may start: {}",
        again.text
    );
}

#[tokio::test]
async fn extraction_logs_are_a_302_with_an_empty_body_and_a_presigned_location() {
    let (emulator, api) = start(config().job_duration(Duration::from_millis(50))).await;
    let id = configured_source(&api, "Acme").await;
    let client = client_id(&api, id).await;
    let job_name = api.post(&sync_path(id), &json!({})).await.json["job_name"]
        .as_str()
        .unwrap()
        .to_owned();
    extraction(&api, client, &job_name).await;

    let path = format!("/v4/{client}/extractions/{job_name}");
    let answer = api.raw(reqwest::Method::GET, &path, None).await;
    assert_eq!(answer.status, 302);
    assert_eq!(answer.text, "");
    assert_eq!(answer.header("content-length"), Some("0"));
    let location = answer.header("location").expect("a Location").to_owned();
    let prefix = format!(
        "{}/extraction-logs/{job_name}?x-amz-security-token=",
        emulator.base_url()
    );
    assert!(location.starts_with(&prefix), "{location}");
    let token = &location[prefix.len()..];
    assert_eq!(token.len(), 64, "{token}");
    assert_eq!(
        emulator.extraction_log_requests(),
        0,
        "the redirect was not followed"
    );

    // The link works without the API token, and refuses it.
    let http = reqwest::Client::new();
    let log = http.get(&location).send().await.unwrap();
    assert_eq!(log.status(), 200);
    let text = log.text().await.unwrap();
    assert!(text.contains(&job_name), "{text}");
    assert!(
        text.contains("send-stream-record-count-impl stream: accounts"),
        "{text}"
    );
    let with_token = http.get(&location).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(with_token.status(), 400);
    let forged = http
        .get(format!("{}{}", &prefix, "0".repeat(64)))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(emulator.extraction_log_requests(), 3);

    let unknown = api
        .get(&format!("/v4/{client}/extractions/{client}.{id}.sync.nope"))
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn another_accounts_client_id_is_401() {
    let (_emulator, api) = start(config()).await;
    let id = configured_source(&api, "Acme").await;
    let client = client_id(&api, id).await;
    let other = client + 1;
    for path in [
        format!("/v4/{other}/extractions"),
        format!("/v4/{other}/loads"),
        format!("/v4/{other}/extractions/{other}.{id}.sync.x"),
        "/v4/abc/extractions".to_owned(),
    ] {
        let answer = api.get(&path).await;
        assert_eq!(answer.status, 401, "{path}");
    }
    assert_eq!(
        Api::new(&_emulator.base_url(), None)
            .get(&format!("/v4/{client}/extractions"))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn a_page_that_is_not_a_number_is_400() {
    let (_emulator, api) = start(config()).await;
    let id = selecting_source(&api, "Acme").await;
    let client = client_id(&api, id).await;
    let answer = api
        .get(&format!("/v4/{client}/extractions?page=first"))
        .await;
    assert_eq!(
        (answer.status, answer.json),
        (400, json!("invalid page: first"))
    );
    let past = api.get(&format!("/v4/{client}/loads?page=3")).await;
    assert_eq!(
        past.json,
        json!({"data": [], "page": 3, "total": 0, "links": {}})
    );
}

#[tokio::test]
async fn paused_sources_still_start_jobs_by_hand() {
    let (_emulator, api) = start(config().job_duration(Duration::from_millis(20))).await;
    let id = configured_source(&api, "Acme").await;
    api.put(
        &format!("/v4/sources/{id}"),
        &json!({"paused_at": "2030-01-01T00:00:00Z"}),
    )
    .await;
    let started = api.post(&sync_path(id), &json!({})).await;
    assert!(started.json["job_name"].is_string(), "{}", started.text);
    // A source that never discovers (form then fully_configured) runs jobs that load nothing.
    let simple = json!({"type": "platform.simple", "display_name": "Simple", "properties": {"subdomain": "acme"}});
    let simple = api.post("/v4/sources", &simple).await.json["id"]
        .as_u64()
        .unwrap();
    api.until(&format!("/v4/sources/{simple}"), |s| {
        s["report_card"]["current_step_type"] == "fully_configured"
    })
    .await;
    assert!(api.post(&sync_path(simple), &json!({})).await.json["job_name"].is_string());
}

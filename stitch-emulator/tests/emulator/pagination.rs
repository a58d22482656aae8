//! The extraction and load lists across more than 100 records: 100 a page, and relative
//! `next`/`previous` links exactly as the docs show them.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Api, TempDir, client_id, config, example_source, select_accounts, start};

/// Polls `path` until its `total` is `total`.
async fn until_total(api: &Api, path: &str, total: usize) -> Value {
    api.until(path, |page| page["total"] == total).await
}

fn data_len(page: &Value) -> usize {
    page["data"].as_array().expect("data").len()
}

#[tokio::test]
async fn extractions_of_101_sources_take_two_pages() {
    let (_emulator, api) = start(
        config()
            .check_delay(Duration::from_millis(10))
            .job_duration(Duration::from_millis(1)),
    )
    .await;
    let mut ids = Vec::new();
    for n in 0..101 {
        let created = api
            .post("/v4/sources", &example_source(&format!("source {n}")))
            .await;
        ids.push(created.json["id"].as_u64().unwrap());
    }
    // Checks started in order and last as long: once the last passed, all have.
    let last = ids[100];
    api.until(&format!("/v4/sources/{last}"), |source| {
        source["report_card"]["current_step_type"] == "field_selection"
    })
    .await;
    for id in &ids {
        let selected = api
            .put(
                &format!("/v4/sources/{id}/streams/metadata"),
                &select_accounts(),
            )
            .await;
        assert_eq!(selected.status, 200, "{}", selected.text);
        let started = api
            .post(&format!("/v4/sources/{id}/sync"), &json!({}))
            .await;
        assert!(started.json["job_name"].is_string(), "{}", started.text);
    }
    let client = client_id(&api, ids[0]).await;
    let path = format!("/v4/{client}/extractions");

    let first = until_total(&api, &path, 101).await;
    assert_eq!(first["page"], 1);
    assert_eq!(data_len(&first), 100);
    assert_eq!(
        first["links"],
        json!({"next": format!("/v4/{client}/extractions?page=2")})
    );
    let source_ids: Vec<u64> = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source_id"].as_u64().unwrap())
        .collect();
    assert_eq!(source_ids, ids[..100], "sorted by source_id");

    let second = api.get(&format!("{path}?page=2")).await.json;
    assert_eq!(
        (second["page"].clone(), second["total"].clone()),
        (json!(2), json!(101))
    );
    assert_eq!(data_len(&second), 1);
    assert_eq!(second["data"][0]["source_id"], ids[100]);
    assert_eq!(
        second["links"],
        json!({"previous": format!("/v4/{client}/extractions?page=1")})
    );
    assert_eq!(api.get(&format!("{path}?page=1")).await.json, first);

    // Emulator's choice: a page past the end is empty and points back to the last page.
    let past = api.get(&format!("{path}?page=5")).await.json;
    assert_eq!(data_len(&past), 0);
    assert_eq!(
        past["links"],
        json!({"previous": format!("/v4/{client}/extractions?page=2")})
    );
}

#[tokio::test]
async fn loads_of_102_streams_take_two_pages_in_stream_name_order() {
    // 102 streams named so that their order by name is not the order of the file.
    let streams: Vec<Value> = (0..102)
        .map(|n| {
            let name = format!("stream_{:03}", (n * 37) % 102);
            json!({"tap_stream_id": name, "stream": name,
                   "schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
                   "metadata": [{"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}}]})
        })
        .collect();
    let dir = TempDir::new("many-streams");
    dir.write(
        "platform.example.json",
        &json!({ "streams": streams }).to_string(),
    );
    let (_emulator, api) = start(
        config()
            .catalogs(&dir.0)
            .job_duration(Duration::from_millis(1)),
    )
    .await;
    let id = crate::support::selecting_source(&api, "Many").await;
    let select_all = json!({"streams": streams.iter().map(|stream| json!({
        "tap_stream_id": stream["tap_stream_id"],
        "metadata": [{"breadcrumb": [], "metadata": {"selected": true}}]
    })).collect::<Vec<_>>()});
    let selected = api
        .put(&format!("/v4/sources/{id}/streams/metadata"), &select_all)
        .await;
    assert_eq!(selected.status, 200, "{}", selected.text);
    assert!(
        api.post(&format!("/v4/sources/{id}/sync"), &json!({}))
            .await
            .json["job_name"]
            .is_string()
    );
    let client = client_id(&api, id).await;
    let path = format!("/v4/{client}/loads");

    let first = until_total(&api, &path, 102).await;
    assert_eq!(data_len(&first), 100);
    assert_eq!(
        first["links"],
        json!({"next": format!("/v4/{client}/loads?page=2")})
    );
    let second = api.get(&format!("{path}?page=2")).await.json;
    assert_eq!(
        second["links"],
        json!({"previous": format!("/v4/{client}/loads?page=1")})
    );
    let names: Vec<String> = [&first, &second]
        .iter()
        .flat_map(|page| page["data"].as_array().unwrap())
        .map(|load| load["stream_name"].as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<String> = (0..102).map(|n| format!("stream_{n:03}")).collect();
    assert_eq!(names, expected);
    assert!(
        first["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|load| load["source_name"] == "many")
    );
}

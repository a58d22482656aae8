//! Import API access tokens (`/v4/sources/{id}/tokens`): at most two active per source. That
//! no token reaches a log line is `tests/no_leaks.rs`'s to show.

use serde_json::json;

use crate::support::{config, configured_source, start};

#[tokio::test]
async fn tokens_are_generated_listed_and_revoked_two_at_most() {
    let (_emulator, api) = start(config()).await;
    let id = configured_source(&api, "Acme").await;
    let path = format!("/v4/sources/{id}/tokens");
    assert_eq!(api.get(&path).await.json, json!([]));

    let first = api.raw(reqwest::Method::POST, &path, None).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let first: serde_json::Value = serde_json::from_str(&first.text).unwrap();
    let second = api.post(&path, &json!({})).await.json;
    for token in [&first, &second] {
        assert_eq!(
            token.as_object().unwrap().len(),
            2,
            "only id and access_token: {token}"
        );
        assert!(token["id"].is_u64());
        assert_eq!(token["access_token"].as_str().unwrap().len(), 64);
    }
    assert!(second["id"].as_u64() > first["id"].as_u64(), "IDs grow");
    assert_ne!(first["access_token"], second["access_token"]);

    let third = api.post(&path, &json!({})).await;
    assert_eq!(
        (third.status, third.json),
        (
            400,
            json!({"error": "TokenLimit", "data": {"message": format!(
                "source {id} already has 2 active Import API access tokens: revoke one before generating another"
            )}})
        )
    );

    let listed = api.get(&path).await.json;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["token_id"], second["id"], "newest first");
    assert_eq!(listed[1]["token_id"], first["id"]);
    assert!(listed[0]["created_at"].is_string());
    assert!(
        !listed.to_string().contains("access_token"),
        "shown only once"
    );

    let first_id = first["id"].as_u64().unwrap();
    let revoked = api.delete(&format!("{path}/{first_id}")).await;
    assert_eq!(revoked.status, 200);
    assert_eq!(revoked.json["id"], id, "the Source object");
    assert_eq!(
        revoked.json["report_card"]["current_step_type"],
        "fully_configured"
    );
    let again = api.delete(&format!("{path}/{first_id}")).await;
    assert_eq!(
        (again.status, again.json),
        (404, json!(format!("no such token: {first_id}")))
    );
    assert_eq!(api.get(&path).await.json.as_array().unwrap().len(), 1);
    assert_eq!(
        api.post(&path, &json!({})).await.status,
        200,
        "a slot is free again"
    );

    assert_eq!(api.get("/v4/sources/7/tokens").await.status, 404);
    assert_eq!(
        api.post("/v4/sources/7/tokens", &json!({})).await.json,
        json!({"error": "InvalidId", "data": {"message": "source not found (7)"}})
    );
}

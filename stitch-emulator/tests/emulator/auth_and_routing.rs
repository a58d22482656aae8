//! Tokens, accounts, unknown paths and methods.

use serde_json::json;
use stitch_emulator::EmulatorConfig;

use crate::support::{Api, PASSWORD, TOKEN, config, guide_body, start, workspace};

#[tokio::test]
async fn no_token_or_a_wrong_one_gets_401_without_an_echo() {
    let (emulator, _api) = start(config()).await;
    for token in [None, Some("ac_wrong_token_a51"), Some("")] {
        let api = Api::new(&emulator.base_url(), token);
        for path in ["/v4/destinations", "/v4/destination-types", "/v4/nowhere"] {
            let answer = api.get(path).await;
            assert_eq!(answer.status, 401, "{token:?} {path}");
            assert!(answer.json.as_str().unwrap().contains("access token"));
            assert!(!answer.text.contains("ac_wrong_token_a51"));
        }
    }
    assert_eq!(
        Api::new(&emulator.base_url(), Some(TOKEN))
            .get("/v4/destinations")
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn without_configured_tokens_each_token_is_its_own_account() {
    let (emulator, _api) = start(EmulatorConfig::new(workspace().join("schemas"))).await;
    let alice = Api::new(&emulator.base_url(), Some("ac_alice"));
    let bob = Api::new(&emulator.base_url(), Some("ac_bob"));
    let created = alice.post("/v4/destinations", &guide_body(PASSWORD)).await;
    assert_eq!(created.status, 200);
    assert_eq!(
        alice
            .get("/v4/destinations")
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(bob.get("/v4/destinations").await.json, json!([]));
    let id = created.json["id"].as_u64().unwrap();
    assert_eq!(
        bob.delete(&format!("/v4/destinations/{id}")).await.status,
        400,
        "not bob's"
    );
}

#[tokio::test]
async fn unknown_paths_and_methods_are_404() {
    let (_emulator, api) = start(config()).await;
    let nowhere = api.get("/v4/nowhere").await;
    assert_eq!(
        (nowhere.status, nowhere.json),
        (404, json!("not found: GET /v4/nowhere"))
    );
    let patch = api
        .call(reqwest::Method::PATCH, "/v4/destinations", Some(&json!({})))
        .await;
    assert_eq!(
        patch.status, 404,
        "the API answers 404 for a method a path does not allow"
    );
    assert_eq!(
        api.get("/v4/destinations/1").await.status,
        404,
        "no GET of one destination is documented"
    );
}

//! Captures everything the emulator logs (at TRACE) while Import API tokens are generated,
//! listed and revoked and an extraction-log link is handed out and followed with the API token,
//! and finds none of those tokens in it.
//!
//! Its own test binary: it installs a process-wide log subscriber. (A thread's default
//! subscriber is not enough: tracing caches whether a call site is enabled process-wide, and
//! a test on another thread can cache "disabled" for the request log line.)

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

// The shared helpers of the emulator's tests; this binary uses a few of them.
#[allow(dead_code)]
#[path = "emulator/support.rs"]
mod support;

use support::{TOKEN, client_id, config, configured_source, start};

/// Collects every formatted log line.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_access_token_or_log_link_token_in_the_logs() {
    let logs = Capture::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let (_emulator, api) = start(config().job_duration(Duration::from_millis(20))).await;
    let id = configured_source(&api, "Acme").await;
    let path = format!("/v4/sources/{id}/tokens");
    let mut secrets = vec![TOKEN.to_owned()];
    for _ in 0..2 {
        let token = api.post(&path, &json!({})).await.json;
        secrets.push(token["access_token"].as_str().unwrap().to_owned());
    }
    assert_eq!(api.post(&path, &json!({})).await.status, 400);
    let listed = api.get(&path).await.json;
    let token_id = listed[0]["token_id"].as_u64().unwrap();
    assert_eq!(api.delete(&format!("{path}/{token_id}")).await.status, 200);

    let client = client_id(&api, id).await;
    let job_name = api
        .post(&format!("/v4/sources/{id}/sync"), &json!({}))
        .await
        .json["job_name"]
        .as_str()
        .unwrap()
        .to_owned();
    api.until(&format!("/v4/{client}/extractions"), |list| {
        list["total"] == 1
    })
    .await;
    let redirect = api
        .raw(
            reqwest::Method::GET,
            &format!("/v4/{client}/extractions/{job_name}"),
            None,
        )
        .await;
    let location = redirect.header("location").unwrap().to_owned();
    let (_, link_token) = location.split_once("x-amz-security-token=").unwrap();
    secrets.push(link_token.to_owned());
    // Following the link with the API token is refused and logged as a warning.
    let followed = reqwest::Client::new()
        .get(&location)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(followed.status(), 400);

    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        logged.contains("/v4/sources") && logged.contains("status=400"),
        "the requests were logged: {logged}"
    );
    assert!(logged.contains("WARN"), "{logged}");
    for secret in &secrets {
        assert!(
            !logged.contains(secret.as_str()),
            "{secret} is in the logs:\n{logged}"
        );
    }
}

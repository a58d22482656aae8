//! A raw HTTP client for the tests: they check the wire, status codes and bodies as sent.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use stitch_emulator::{CheckFailure, Emulator, EmulatorConfig};

/// The token the tests' emulators accept.
pub const TOKEN: &str = "ac_emulator_tests_2b7f90";
/// A password whose checks pass.
pub const PASSWORD: &str = "emulator-test-password-8d21";
/// A password whose checks fail.
pub const FAILING_PASSWORD: &str = "emulator-wrong-password-5c3a";

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `schemas/` and the test cards, one token, a 100 ms check failing on [`FAILING_PASSWORD`].
pub fn config() -> EmulatorConfig {
    EmulatorConfig::new(workspace().join("schemas"))
        .also_schemas(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cards"))
        .accept_token(TOKEN)
        .check_delay(Duration::from_millis(100))
        .fail_checks_when(CheckFailure::when("password", FAILING_PASSWORD))
}

/// An emulator on a free port, with a client for it.
pub async fn start(config: EmulatorConfig) -> (Emulator, Api) {
    let emulator = Emulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the emulator starts");
    let api = Api::new(&emulator.base_url(), Some(TOKEN));
    (emulator, api)
}

/// One response: status, body as JSON, body as text.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub json: Value,
    pub text: String,
}

/// Sends requests with or without a bearer token.
pub struct Api {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Api {
    pub fn new(base: &str, token: Option<&str>) -> Self {
        // reqwest is built with `rustls-no-provider`; plain HTTP still needs a provider set.
        let _ = rustls::crypto::ring::default_provider().install_default();
        Api {
            http: reqwest::Client::new(),
            base: base.to_owned(),
            token: token.map(str::to_owned),
        }
    }

    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the emulator answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let text = response.text().await.expect("a body");
        assert_eq!(
            content_type.as_deref(),
            Some("application/json"),
            "{path}: {text}"
        );
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{path}: not JSON ({error}): {text}"));
        Answer { status, json, text }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Answer {
        self.call(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.call(reqwest::Method::DELETE, path, None).await
    }

    /// Polls `path` until `done` holds for its body, for at most five seconds.
    pub async fn until(&self, path: &str, done: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..250 {
            let answer = self.get(path).await;
            if done(&answer.json) {
                return answer.json;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("{path} never reached the expected state");
    }
}

/// The guide's postgres properties, with `password`.
pub fn postgres_properties(password: &str) -> Value {
    serde_json::json!({
        "database": "analytics",
        "encryption_type": "none",
        "host": "db.example.com",
        "password": password,
        "port": "5432",
        "ssl": "false",
        "username": "stitch"
    })
}

/// The guide's create body.
pub fn guide_body(password: &str) -> Value {
    serde_json::json!({
        "type": "postgres",
        "name": "Staging",
        "description": "Postgres database for the staging environment.",
        "properties": postgres_properties(password)
    })
}

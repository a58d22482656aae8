//! A raw HTTP client for the tests: they check the wire, status codes and bodies as sent.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use stitch_emulator::{CheckFailure, Emulator, EmulatorConfig};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

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

/// A response of any content type.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl RawAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// Sends requests with or without a bearer token.
pub struct Api {
    http: reqwest::Client,
    no_redirects: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Api {
    pub fn new(base: &str, token: Option<&str>) -> Self {
        // reqwest is built with `rustls-no-provider`; plain HTTP still needs a provider set.
        let _ = rustls::crypto::ring::default_provider().install_default();
        Api {
            http: reqwest::Client::new(),
            no_redirects: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            base: base.to_owned(),
            token: token.map(str::to_owned),
        }
    }

    /// A request with the token, and `body` as JSON.
    fn request(
        &self,
        http: &reqwest::Client,
        method: reqwest::Method,
        path: &str,
        body: Option<String>,
    ) -> reqwest::RequestBuilder {
        let mut request = http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        request
    }

    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Answer {
        let request = self.request(&self.http, method, path, body.map(Value::to_string));
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

    /// A request whose answer is taken as it comes: any content type, any body, headers
    /// kept, redirects not followed.
    pub async fn raw(&self, method: reqwest::Method, path: &str, body: Option<&str>) -> RawAnswer {
        let request = self.request(&self.no_redirects, method, path, body.map(str::to_owned));
        let response = request.send().await.expect("the emulator answers");
        RawAnswer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text: response.text().await.expect("a body"),
        }
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

/// The head of a request with the tests' token, up to and including the blank line, asking
/// the server to close the connection after answering.
pub fn raw_head(method: &str, path: &str, extra_headers: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\
         Connection: close\r\n{extra_headers}\r\n"
    )
}

/// A whole `POST` of `body` as JSON, with [`raw_head`]'s headers.
pub fn raw_post(path: &str, body: &Value) -> String {
    let body = body.to_string();
    let length = body.len();
    raw_head(
        "POST",
        path,
        &format!("Content-Type: application/json\r\nContent-Length: {length}\r\n"),
    ) + &body
}

/// Everything the server sends until it closes the connection, or `None` when it has not
/// closed it within `within`.
pub async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut received = Vec::new();
    match tokio::time::timeout(within, stream.read_to_end(&mut received)).await {
        // A reset after the answer still ends the connection.
        Ok(_) => Some(String::from_utf8_lossy(&received).into_owned()),
        Err(_) => None,
    }
}

/// An HTTP/1.1 response as read from a socket: the status, the headers (names lowercased)
/// and the body, which the emulator sends with a `Content-Length`.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    /// Parses `text`, panicking with it when it is not a whole response.
    pub fn parse(text: &str) -> RawResponse {
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("not an HTTP response: {text:?}"));
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.strip_prefix("HTTP/1.1 "))
            .and_then(|line| line.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line: {text:?}"));
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        RawResponse {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON, checking the content type says so.
    pub fn json(&self) -> Value {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{self:?}"
        );
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("{error}: {self:?}"))
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

/// The create body of a `platform.example` source (form, discover_schema, field_selection,
/// fully_configured) whose check passes.
pub fn example_source(display_name: &str) -> Value {
    serde_json::json!({
        "type": "platform.example",
        "display_name": display_name,
        "properties": {"api_token": "example-secret-token-4f0e", "region": "eu", "subdomain": "acme"}
    })
}

/// Creates a `platform.example` source and waits until it has discovered its streams.
pub async fn selecting_source(api: &Api, display_name: &str) -> u64 {
    let created = api.post("/v4/sources", &example_source(display_name)).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let id = created.json["id"].as_u64().expect("an ID");
    api.until(&format!("/v4/sources/{id}"), |source| {
        source["report_card"]["current_step_type"] == "field_selection"
    })
    .await;
    id
}

/// The selection of the built-in `accounts` stream with its `name` field.
pub fn select_accounts() -> Value {
    serde_json::json!({"streams": [{"tap_stream_id": "accounts", "metadata": [
        {"breadcrumb": [], "metadata": {"selected": true}},
        {"breadcrumb": ["properties", "name"], "metadata": {"selected": true}}
    ]}]})
}

/// A `platform.example` source with `accounts` selected: `fully_configured`.
pub async fn configured_source(api: &Api, display_name: &str) -> u64 {
    let id = selecting_source(api, display_name).await;
    let selected = api
        .put(
            &format!("/v4/sources/{id}/streams/metadata"),
            &select_accounts(),
        )
        .await;
    assert_eq!(selected.status, 200, "{}", selected.text);
    id
}

/// The account's `stitch_client_id`, read from a source.
pub async fn client_id(api: &Api, source_id: u64) -> u64 {
    api.get(&format!("/v4/sources/{source_id}")).await.json["stitch_client_id"]
        .as_u64()
        .expect("a client ID")
}

/// A fresh directory under the system's temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "stitch-emulator-{name}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        TempDir(dir)
    }

    /// Writes `file` in the directory.
    pub fn write(&self, file: &str, contents: &str) {
        std::fs::write(self.0.join(file), contents).expect("the file is written");
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

//! What the client's test binaries share: typed properties, hand-written update types, and
//! servers on 127.0.0.1 (the emulator, or a tiny one a test builds to misbehave on purpose).

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value};
use stitch_client::{Client, RetryPolicy};
use stitch_emulator::{CheckFailure, Emulator, EmulatorConfig};
use stitch_types::runtime::{DynamicProperties, DynamicUpdate, ForDestination, ForSource};

stitch_types::include_report_card!("../schemas/destinations/postgres.json");
stitch_types::include_report_card!("../stitch-emulator/tests/cards/sources/platform.example.json");

/// The token the emulator accepts.
pub const TOKEN: &str = "ac_client_tests_token_0c9e51d4";
/// A password whose connection checks pass.
pub const PASSWORD: &str = "correct-horse-battery-staple-31";
/// A password whose connection checks fail.
pub const FAILING_PASSWORD: &str = "wrong-password-7b1d0aa2";
/// The credential of the example source.
pub const API_TOKEN: &str = "example-api-token-99f3b7";

/// The project's cards plus the emulator's test cards.
pub fn emulator_config() -> EmulatorConfig {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    EmulatorConfig::new(root.join("schemas"))
        .also_schemas(root.join("stitch-emulator/tests/cards"))
        .accept_token(TOKEN)
        .check_delay(Duration::from_millis(100))
        .fail_checks_when(CheckFailure::when("password", FAILING_PASSWORD))
}

/// Starts an emulator on a free port of 127.0.0.1.
pub async fn start(config: EmulatorConfig) -> Emulator {
    Emulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the emulator starts")
}

/// A client of `base_url` that retries quickly, so retry tests take milliseconds.
pub fn client(base_url: &str) -> Client {
    client_with(base_url, TOKEN, RetryPolicy::new(2))
}

/// A client with a given token and retry policy.
pub fn client_with(base_url: &str, token: &str, retry: RetryPolicy) -> Client {
    Client::builder(token)
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .retry(
            retry
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(40)),
        )
        .build()
        .expect("the client builds")
}

/// The guide's postgres properties, with `password`.
pub fn postgres(password: &str) -> PostgresProperties {
    PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: password.into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: None,
        encryption_username: None,
        sslrootcert: None,
    }
}

/// Properties of the example source, every required one given.
pub fn example_source() -> PlatformExampleProperties {
    PlatformExampleProperties {
        api_token: API_TOKEN.into(),
        cron_expression: None,
        include_archived: Some(false),
        page_size: Some(100),
        region: PlatformExampleRegion::Eu,
        subdomain: "acme".into(),
    }
}

/// A postgres update body that sends whatever JSON it holds, for tests of the server's own
/// checks (`PostgresUpdate`, generated, cannot hold invalid values).
pub fn unchecked_postgres_update(value: Value) -> DynamicUpdate<ForDestination> {
    DynamicUpdate::unchecked("postgres", object(value), &["password"])
}

/// An example-source update body that sends whatever JSON it holds.
pub fn unchecked_example_update(value: Value) -> DynamicUpdate<ForSource> {
    DynamicUpdate::unchecked("platform.example", object(value), &["api_token"])
}

/// Example-source properties that may leave required ones out, to reach a half-filled form.
pub fn partial_example(value: Value) -> DynamicProperties<ForSource> {
    DynamicProperties::unchecked("platform.example", object(value), &["api_token"])
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("properties must be an object, not {other}"),
    }
}

/// Serves `router` on a free port of 127.0.0.1 and returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("a bound address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}

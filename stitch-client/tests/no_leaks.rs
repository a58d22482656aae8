//! Captures everything the client and the emulator log (at TRACE, reqwest's and hyper's own
//! `log` records included) and return in errors during a run that touches every credential
//! path, and finds neither a password nor a token in it.
//!
//! Its own test binary: it installs a process-wide log subscriber.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use stitch_client::{Connection, RetryPolicy, WaitOptions};
use stitch_emulator::{CheckFailure, Tier};
use stitch_types::{CreateDestination, CreateSource, UpdateDestination};
use support::{
    API_TOKEN, FAILING_PASSWORD, PASSWORD, PostgresUpdate, TOKEN, client, client_with,
    emulator_config, example_source, postgres, start, unchecked_postgres_update,
};

/// A token the emulator refuses: it must not leak either.
const WRONG_TOKEN: &str = "ac_refused_token_4a61c2e9";

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

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_password_or_token_in_logs_errors_or_responses() {
    let logs = Capture::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    // Everything a user could print: errors (Display and Debug), responses, outcomes, clients.
    let mut seen = String::new();
    let mut show = |label: &str, text: String| {
        seen.push_str(label);
        seen.push_str(": ");
        seen.push_str(&text);
        seen.push('\n');
    };

    let config =
        emulator_config().fail_checks_when(CheckFailure::when("password", FAILING_PASSWORD));
    let emulator = start(config).await;
    let client = client(&emulator.base_url());
    show("client", format!("{client:?}"));
    let quick = WaitOptions::new(Duration::from_secs(10)).poll_interval(Duration::from_millis(20));

    // A destination whose check fails, then passes after the password is changed.
    let created = client
        .create_destination(&CreateDestination::new(
            "Staging",
            postgres(FAILING_PASSWORD),
        ))
        .await
        .unwrap();
    show(
        "created",
        format!("{created:?} {}", serde_json::to_string(&created).unwrap()),
    );
    let failed = client
        .wait_until_configured(Connection::Destination(created.id), &quick)
        .await
        .unwrap();
    show("failed outcome", format!("{failed:?}"));
    let fix = PostgresUpdate {
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    let updated = client
        .update_destination(created.id, &UpdateDestination::new(fix))
        .await
        .unwrap();
    show("updated", format!("{updated:?}"));
    let configured = client
        .wait_until_configured(Connection::Destination(created.id), &quick)
        .await
        .unwrap();
    show("configured outcome", format!("{configured:?}"));
    let check = client
        .last_connection_check(Connection::Destination(created.id))
        .await
        .unwrap();
    show("check", format!("{check:?}"));

    // An invalid update that carries the password beside a bad port.
    let bad = unchecked_postgres_update(json!({"password": PASSWORD, "port": PASSWORD}));
    let error = client
        .update_destination(created.id, &UpdateDestination::new(bad))
        .await
        .unwrap_err();
    assert_eq!(error.bad_properties(), ["port"]);
    show("invalid properties", format!("{error} {error:?}"));

    // A source with a credential, listed and read back.
    let source = client
        .create_source(&CreateSource::new("Example", example_source()))
        .await
        .unwrap();
    show(
        "source",
        format!("{source:?} {}", serde_json::to_string(&source).unwrap()),
    );
    show("sources", format!("{:?}", client.sources().await.unwrap()));
    show(
        "destinations",
        format!("{:?}", client.destinations().await.unwrap()),
    );

    // The source configured, selected and run: its logs link carries a credential of its own,
    // and Import API tokens are credentials too.
    let configured_source = client
        .configure_source(source.id, &quick, |streams| {
            stitch_types::FieldSelection::new(streams)
                .select(stitch_types::StreamChoice::stream("accounts").all_fields())
                .build()
        })
        .await
        .unwrap();
    show("configured source", format!("{configured_source:?}"));
    let stitch_types::StartJob::Started { job_name } =
        client.start_replication(source.id).await.unwrap()
    else {
        panic!("no job started")
    };
    let account = source.stitch_client_id;
    loop {
        let extractions = client.extractions(account).await.unwrap();
        if extractions
            .iter()
            .any(|extraction| extraction.job_name == job_name)
        {
            show("extractions", format!("{extractions:?}"));
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    show(
        "loads",
        format!("{:?}", client.loads(account).await.unwrap()),
    );
    let logs_link = client
        .extraction_logs_url(account, &job_name)
        .await
        .unwrap();
    show("logs link", format!("{logs_link} {logs_link:?}"));
    let log_token = logs_link
        .as_url()
        .query_pairs()
        .find(|(key, _)| key == "x-amz-security-token")
        .map(|(_, token)| token.into_owned())
        .expect("a pre-signed link");
    let mut import_tokens = Vec::new();
    for _ in 0..2 {
        let token = client.generate_import_token(source.id).await.unwrap();
        show("import token", format!("{token:?}"));
        import_tokens.push(token.access_token.expose_secret().clone());
    }
    let limit = client.generate_import_token(source.id).await.unwrap_err();
    show("token limit", format!("{limit} {limit:?}"));
    let listed = client.import_tokens(source.id).await.unwrap();
    show("listed tokens", format!("{listed:?}"));
    let revoked = client
        .revoke_import_token(source.id, listed[0].token_id)
        .await
        .unwrap();
    show("revoked", format!("{revoked:?}"));

    // A refused token, and a second destination on the Standard plan.
    let refused = client_with(&emulator.base_url(), WRONG_TOKEN, RetryPolicy::none())
        .destinations()
        .await
        .unwrap_err();
    show("unauthorized", format!("{refused} {refused:?}"));
    let standard = start(emulator_config().tier(Tier::Standard)).await;
    let standard_client = support::client(&standard.base_url());
    standard_client
        .create_destination(&CreateDestination::new("One", postgres(PASSWORD)))
        .await
        .unwrap();
    let limit = standard_client
        .create_destination(&CreateDestination::new("Two", postgres(PASSWORD)))
        .await
        .unwrap_err();
    show("destination limit", format!("{limit} {limit:?}"));

    // A transport failure and a timeout, whose errors carry reqwest's and hyper's causes.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let transport = support::client(&closed_url)
        .create_destination(&CreateDestination::new("Nowhere", postgres(PASSWORD)))
        .await
        .unwrap_err();
    show("transport", format!("{transport} {transport:?}"));
    let slow = support::serve(axum::Router::new().route(
        "/v4/destinations",
        axum::routing::post(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "{}"
        }),
    ))
    .await;
    let timeout = stitch_client::Client::builder(TOKEN)
        .base_url(&slow)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap()
        .create_destination(&CreateDestination::new("Slow", postgres(PASSWORD)))
        .await
        .unwrap_err();
    show("timeout", format!("{timeout} {timeout:?}"));

    // A server (or a proxy) that echoes the request's Authorization header back: in a 500
    // (retried, so in the "retrying" log lines), in a coded 400, and in a 200 body the client
    // cannot read (serde_json quotes the string it rejects).
    fn authorization(headers: &axum::http::HeaderMap) -> String {
        headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
    let echo = support::serve(
        axum::Router::new()
            .route(
                "/v4/sources",
                axum::routing::get(|headers: axum::http::HeaderMap| async move {
                    let body = format!("upstream failed for `{}`", authorization(&headers));
                    (axum::http::StatusCode::BAD_GATEWAY, body)
                }),
            )
            .route(
                "/v4/sources/1",
                axum::routing::get(|headers: axum::http::HeaderMap| async move {
                    let body = json!({"error": "InvalidId", "data": {
                        "message": format!("no source for {}", authorization(&headers))}});
                    (axum::http::StatusCode::BAD_REQUEST, body.to_string())
                }),
            )
            .route(
                "/v4/source-types",
                axum::routing::get(|headers: axum::http::HeaderMap| async move {
                    json!([authorization(&headers)]).to_string()
                }),
            )
            // A server that returns a credential it should not: its card marks it as one.
            .route(
                "/v4/destinations",
                axum::routing::get(|| async {
                    let credential = json!({"name": "password", "is_required": true,
                        "is_credential": true, "property_type": "user_provided",
                        "json_schema": {"type": "string"}});
                    json!([{"id": 7, "type": "postgres", "name": "leaky",
                        "properties": {"host": "db.example.com", "password": PASSWORD},
                        "stitch_client_id": 116078, "created_at": "2024-01-01T00:00:00Z",
                        "report_card": {"type": "postgres", "current_step": 1,
                            "current_step_type": "form",
                            "steps": [{"type": "form", "properties": [credential]}]}}])
                    .to_string()
                }),
            ),
    )
    .await;
    let echo_client = support::client(&echo);
    let echoed_5xx = echo_client.sources().await.unwrap_err();
    show("echoed 502", format!("{echoed_5xx} {echoed_5xx:?}"));
    let echoed_400 = echo_client
        .source(stitch_types::SourceId::new(1))
        .await
        .unwrap_err();
    show("echoed 400", format!("{echoed_400} {echoed_400:?}"));
    let echoed_200 = echo_client.source_types().await.unwrap_err();
    show("echoed 200", format!("{echoed_200} {echoed_200:?}"));
    let leaky = echo_client
        .destination(stitch_types::DestinationId::new(7))
        .await
        .unwrap();
    assert_eq!(
        leaky.properties["password"], PASSWORD,
        "the value is there, for code that asks for it"
    );
    let shown = format!("{leaky:?}");
    assert!(shown.contains("db.example.com"), "{shown}");
    show("leaky destination", shown);
    assert!(
        seen.matches("Bearer [redacted]").count() >= 3,
        "the echoes reached the errors, scrubbed: {seen}"
    );

    drop(emulator);
    drop(standard);
    let logs = logs.text();

    // The capture works: these would be missing if nothing were recorded.
    assert!(
        logs.contains("request refused"),
        "the emulator's refusals are logged"
    );
    assert!(
        logs.contains("invalid property"),
        "the emulator names bad properties"
    );
    assert!(
        logs.contains("/v4/destinations"),
        "the emulator logs requests"
    );
    assert!(logs.contains("retrying"), "the client logs its retries");
    assert!(
        logs.contains("upstream failed for `Bearer [redacted]`"),
        "the retry of the echoing 502 is logged, scrubbed"
    );
    assert!(seen.contains("password authentication failed"), "{seen}");
    assert!(seen.contains("you are at your destination limit"), "{seen}");

    let mut secrets = vec![
        PASSWORD.to_owned(),
        FAILING_PASSWORD.to_owned(),
        API_TOKEN.to_owned(),
        TOKEN.to_owned(),
        WRONG_TOKEN.to_owned(),
        log_token,
    ];
    secrets.extend(import_tokens);
    for secret in &secrets {
        assert!(
            !logs.contains(secret),
            "the logs contain `{secret}`:\n{logs}"
        );
        assert!(
            !seen.contains(secret),
            "errors or responses contain `{secret}`:\n{seen}"
        );
    }
}

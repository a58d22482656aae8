//! Every documented error body, 401, 404, 5xx, transport failures, timeouts and retries, each
//! over a real socket: the emulator where it produces the error, tiny servers where it does not.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::json;
use stitch_client::{ApiError, ErrorCode, ErrorKind, JobErrorType, Method, RetryPolicy};
use stitch_emulator::Tier;
use stitch_types::{CreateDestination, CreateSource, SourceId, UpdateDestination};

use crate::support::{
    PASSWORD, TOKEN, client, client_with, emulator_config, partial_example, postgres, serve, start,
    unchecked_postgres_update,
};

/// A server whose every `GET /v4/sources/1` answers `status` with `body` (a JSON text).
async fn answering(status: StatusCode, body: &'static str) -> String {
    serve(Router::new().route(
        "/v4/sources/1",
        get(move || async move { (status, [("content-type", "application/json")], body) }),
    ))
    .await
}

#[tokio::test]
async fn a_plain_string_body_second_destination_on_the_standard_plan() {
    let emulator = start(emulator_config().tier(Tier::Standard)).await;
    let client = client(&emulator.base_url());
    client
        .create_destination(&CreateDestination::new("First", postgres(PASSWORD)))
        .await
        .unwrap();
    let error = client
        .create_destination(&CreateDestination::new("Second", postgres(PASSWORD)))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Api { status: 400, body: ApiError::Message(m) } if m == "you are at your destination limit"),
        "{error:?}"
    );
    assert_eq!(error.request().method(), Method::Post);
    assert_eq!(error.request().path(), "/v4/destinations");
    assert_eq!(
        error.to_string(),
        "POST /v4/destinations: 400 Bad Request: you are at your destination limit"
    );
}

#[tokio::test]
async fn a_coded_body_with_bad_properties_and_the_report_card() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let created = client
        .create_destination(&CreateDestination::new("Staging", postgres(PASSWORD)))
        .await
        .unwrap();
    let patch = unchecked_postgres_update(json!({"port": "54x32", "ssl": "yes", "hots": "x"}));
    let error = client
        .update_destination(created.id, &UpdateDestination::new(patch))
        .await
        .unwrap_err();
    // Card order, then the keys the card does not take.
    assert_eq!(error.bad_properties(), ["port", "ssl", "hots"]);
    let Some(ApiError::Coded(coded)) = error.api_error() else {
        panic!("{error:?}")
    };
    assert_eq!(coded.code, ErrorCode::InvalidProperties);
    assert_eq!(coded.report_card.as_ref().unwrap().card_type, "postgres");
    assert_eq!(
        error.request().to_string(),
        format!("PUT /v4/destinations/{}", created.id)
    );
}

#[tokio::test]
async fn coded_bodies_without_bad_properties() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let properties = partial_example(json!({"subdomain": "acme"}));
    let error = client
        .create_source(&CreateSource::new("####", properties))
        .await
        .unwrap_err();
    let Some(ApiError::Coded(coded)) = error.api_error() else {
        panic!("{error:?}")
    };
    assert_eq!(coded.code, ErrorCode::InvalidDisplayName);
    assert_eq!(
        coded.message.as_deref(),
        Some("invalid name after deriving it from display_name (#### -> )")
    );
    assert!(coded.bad_properties.is_empty());
    assert!(coded.report_card.is_none());
}

#[tokio::test]
async fn a_typed_body() {
    let base = answering(
        StatusCode::BAD_REQUEST,
        r#"{"error": {"type": "invalid_source", "message": "Unable to locate source(1) for client (7)"}}"#,
    )
    .await;
    let error = client(&base).source(SourceId::new(1)).await.unwrap_err();
    assert_eq!(
        error.api_error(),
        Some(&ApiError::Typed {
            error_type: JobErrorType::InvalidSource,
            message: "Unable to locate source(1) for client (7)".into()
        })
    );
    assert_eq!(error.attempts(), 1, "a 400 is not retried");
    assert_eq!(
        error.to_string(),
        "GET /v4/sources/1: 400 Bad Request: invalid_source: Unable to locate source(1) for client (7)"
    );
}

#[tokio::test]
async fn an_invalid_fields_body() {
    let base = answering(
        StatusCode::BAD_REQUEST,
        r#"{"invalid_fields": "invalid tap-stream-ids:  [nil]"}"#,
    )
    .await;
    let error = client(&base).source(SourceId::new(1)).await.unwrap_err();
    assert_eq!(
        error.api_error(),
        Some(&ApiError::InvalidFields(
            "invalid tap-stream-ids:  [nil]".into()
        ))
    );
}

#[tokio::test]
async fn an_account_body_and_an_undocumented_one() {
    let base = answering(
        StatusCode::BAD_REQUEST,
        r#"{"code": "invalid", "message": "email is taken", "errors": {}}"#,
    )
    .await;
    let error = client(&base).source(SourceId::new(1)).await.unwrap_err();
    assert!(
        matches!(error.api_error(), Some(ApiError::Account { code, message, .. }) if code == "invalid" && message == "email is taken")
    );

    let base = answering(StatusCode::CONFLICT, r#"{"surprise": true}"#).await;
    let error = client(&base).source(SourceId::new(1)).await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Api {
                status: 409,
                body: ApiError::Unrecognized(_)
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn unauthorized_for_a_wrong_token() {
    let emulator = start(emulator_config()).await;
    let client = client_with(
        &emulator.base_url(),
        "ac_not_the_right_token",
        RetryPolicy::new(2),
    );
    let error = client.destinations().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Unauthorized { body: Some(_) }),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.attempts(), 1, "a 401 is not retried");
    assert!(!error.to_string().contains("ac_not_the_right_token"));
    assert!(!format!("{error:?}").contains("ac_not_the_right_token"));
}

#[tokio::test]
async fn not_found_for_a_missing_source() {
    let emulator = start(emulator_config()).await;
    let error = client(&emulator.base_url())
        .source(SourceId::new(999_999))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::NotFound {
                body: Some(ApiError::Message(_))
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.request().path(), "/v4/sources/999999");
}

#[tokio::test]
async fn a_server_error_is_retried_for_a_get_then_returned() {
    let hits = Arc::new(AtomicU32::new(0));
    let counter = hits.clone();
    let base = serve(Router::new().route(
        "/v4/sources",
        get(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { (StatusCode::BAD_GATEWAY, "\"upstream unavailable\"") }
        }),
    ))
    .await;
    let error = client(&base).sources().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Server { status: 502, body: Some(ApiError::Message(m)) } if m == "upstream unavailable"),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 3, "one attempt and two retries");
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    assert_eq!(
        error.to_string(),
        "GET /v4/sources (after 3 attempts): 502 Bad Gateway: a problem on the API's side: upstream unavailable"
    );
}

/// A server that fails twice, then answers: the retry test the issue asks for.
#[tokio::test]
async fn a_get_succeeds_after_two_failures() {
    let hits = Arc::new(AtomicU32::new(0));
    let counter = hits.clone();
    let base = serve(Router::new().route(
        "/v4/sources",
        get(move || {
            let hit = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                if hit <= 2 {
                    (StatusCode::INTERNAL_SERVER_ERROR, "\"try again\"")
                } else {
                    (StatusCode::OK, "[]")
                }
            }
        }),
    ))
    .await;
    let sources = client(&base).sources().await.unwrap();
    assert!(sources.is_empty());
    assert_eq!(hits.load(Ordering::SeqCst), 3);

    // With one retry the same server's third answer is never reached.
    hits.store(0, Ordering::SeqCst);
    let error = client_with(&base, TOKEN, RetryPolicy::new(1))
        .sources()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_post_that_reached_the_server_is_not_retried() {
    let hits = Arc::new(AtomicU32::new(0));
    let counter = hits.clone();
    let base = serve(Router::new().route(
        "/v4/destinations",
        axum::routing::post(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { (StatusCode::INTERNAL_SERVER_ERROR, "\"boom\"") }
        }),
    ))
    .await;
    let error = client(&base)
        .create_destination(&CreateDestination::new("Staging", postgres(PASSWORD)))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Server { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "a retried POST could create a second destination"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_retried_even_for_a_post() {
    // A port that was free a moment ago: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client(&base)
        .create_destination(&CreateDestination::new("Staging", postgres(PASSWORD)))
        .await
        .unwrap_err();
    let ErrorKind::Transport {
        before_sending,
        detail,
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert!(*before_sending);
    assert!(detail.to_lowercase().contains("connect"), "{detail}");
    assert_eq!(error.attempts(), 3, "nothing was sent, so retrying is safe");
    assert!(!detail.contains(&base), "the URL is left out: {detail}");
    // The causes are the source chain, down to the operating system's error, and `Display`
    // does not repeat them.
    assert_eq!(
        error.to_string(),
        "POST /v4/destinations (after 3 attempts): connecting failed"
    );
    let mut chain = Vec::new();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    assert!(chain.len() >= 2, "{chain:?}");
    assert!(
        chain
            .iter()
            .any(|cause| cause.to_lowercase().contains("refused")),
        "{chain:?}"
    );
    assert!(
        chain.iter().all(|cause| !cause.contains(&base)),
        "{chain:?}"
    );
}

#[tokio::test]
async fn a_4xx_without_a_body_is_still_an_api_error() {
    let base = answering(StatusCode::BAD_REQUEST, "").await;
    let error = client(&base).source(SourceId::new(1)).await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Api {
                status: 400,
                body: ApiError::Empty
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "GET /v4/sources/1: 400 Bad Request: (no error body)"
    );
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let base = serve(Router::new().route(
        "/v4/sources",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "[]"
        }),
    ))
    .await;
    let client = stitch_client::Client::builder(TOKEN)
        .base_url(&base)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::new(1).initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.sources().await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(error.kind(), ErrorKind::Timeout { after } if *after == Duration::from_millis(200)),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 2, "a GET that timed out is retried");
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(
        error.to_string(),
        "GET /v4/sources (after 2 attempts): no response within 200ms"
    );
}

#[tokio::test]
async fn a_success_of_the_wrong_shape_is_a_decode_error() {
    let base =
        serve(Router::new().route("/v4/sources", get(|| async { r#"{"not": "a list"}"# }))).await;
    let error = client(&base).sources().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { status: 200, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("GET /v4/sources: the 200 response is not the expected JSON"),
        "{error}"
    );
}

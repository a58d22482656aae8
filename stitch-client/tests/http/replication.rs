//! Streams, selection, replication jobs, extractions, loads and Import API tokens against tiny
//! servers on 127.0.0.1 that answer exactly as the docs show: every documented answer and
//! error, pagination by `links.next`, and a `302` that is never followed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use serde_json::{Value, json};
use stitch_client::{ApiError, ErrorKind, JobErrorType};
use stitch_types::{
    ExtractionOutcome, ImportTokenId, JobName, ReplicationMethod, SourceId, StartJob,
    StitchClientId, StreamId, StreamUpdate, UpdateStreamMetadata,
};

use crate::support::{TOKEN, client, serve};

const SOURCE: SourceId = SourceId::new(120_643);
const ACCOUNT: StitchClientId = StitchClientId::new(116_078);

/// What a stub server saw: one line per request.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn push(&self, line: impl Into<String>) {
        self.0.lock().unwrap().push(line.into());
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

fn json_answer(status: StatusCode, body: Value) -> axum::response::Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

#[tokio::test]
async fn streams_and_their_schema_read_as_documented() {
    let router = Router::new()
        .route(
            "/v4/sources/120643/streams",
            get(|| async {
                json_answer(
                    StatusCode::OK,
                    json!([{"selected": null, "stream_id": 2289176, "tap_stream_id": "demni2mf59dt10-heroku-orders",
                        "stream_name": "orders", "metadata": {"database-name": "demni2mf59dt10", "selected": null,
                        "is-view": false, "row-count": 447, "schema-name": "heroku", "table-key-properties": ["id"]}}]),
                )
            }),
        )
        .route(
            "/v4/sources/120643/streams/2289176",
            get(|| async {
                json_answer(
                    StatusCode::OK,
                    json!({"schema": "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":[\"integer\"]}}}",
                        "metadata": [{"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic", "sql-datatype": "integer"}},
                                     {"breadcrumb": [], "metadata": {"table-key-properties": ["id"]}}],
                        "non-discoverable-metadata-keys": ["selected", "replication-method", "replication-key", "view-key-properties"]}),
                )
            }),
        )
        // The documented error is plain text, not JSON, and the same for a bad source.
        .route(
            "/v4/sources/120643/streams/9",
            get(|| async { (StatusCode::BAD_REQUEST, "invalid stream-id: 9") }),
        );
    let client = client(&serve(router).await);
    let discovered = client.discovered_streams(SOURCE).await.unwrap();
    assert_eq!(discovered.len(), 1);
    let orders = &discovered[0];
    assert_eq!(orders.stream.stream_id, StreamId::new(2_289_176));
    assert_eq!(orders.stream.metadata.row_count, Some(447));
    assert_eq!(orders.automatic_fields().collect::<Vec<_>>(), ["id"]);
    assert_eq!(
        orders.schema.schema["properties"]["id"]["type"][0],
        "integer"
    );

    let error = client
        .stream_schema(SOURCE, StreamId::new(9))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Api { status: 400, body: ApiError::Message(m) } if m == "invalid stream-id: 9"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "GET /v4/sources/120643/streams/9: 400 Bad Request: invalid stream-id: 9"
    );
}

#[tokio::test]
async fn a_metadata_update_sends_the_documented_body_and_reads_invalid_fields() {
    let seen = Seen::default();
    let router = Router::new()
        .route(
            "/v4/sources/120643/streams/metadata",
            put(|State(seen): State<Seen>, body: Bytes| async move {
                let body: Value = serde_json::from_slice(&body).unwrap();
                seen.push(body.to_string());
                if body["streams"][0]["tap_stream_id"] == "nope" {
                    return json_answer(
                        StatusCode::BAD_REQUEST,
                        json!({"invalid_fields": "invalid tap-stream-ids:  [nope]"}),
                    );
                }
                json_answer(StatusCode::OK, json!({"status": 200}))
            }),
        )
        .with_state(seen.clone());
    let client = client(&serve(router).await);
    let body = UpdateStreamMetadata::new().stream(
        StreamUpdate::new("demni2mf59dt10-public-customers")
            .selected(true)
            .replication_method(ReplicationMethod::Incremental)
            .replication_key("updated_at")
            .field("name", true),
    );
    client.update_stream_metadata(SOURCE, &body).await.unwrap();
    let sent: Value = serde_json::from_str(&seen.lines()[0]).unwrap();
    assert_eq!(
        sent,
        json!({"streams": [{"tap_stream_id": "demni2mf59dt10-public-customers", "metadata": [
            {"breadcrumb": [], "metadata": {"selected": true, "replication-method": "INCREMENTAL", "replication-key": "updated_at"}},
            {"breadcrumb": ["properties", "name"], "metadata": {"selected": true}}]}]})
    );

    let unknown = UpdateStreamMetadata::new().stream(StreamUpdate::new("nope").selected(true));
    let error = client
        .update_stream_metadata(SOURCE, &unknown)
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Api { status: 400, body: ApiError::InvalidFields(f) } if f == "invalid tap-stream-ids:  [nope]"),
        "{error:?}"
    );
    // A PUT is not retried.
    assert_eq!(error.attempts(), 1);
    assert_eq!(seen.lines().len(), 2);
}

#[tokio::test]
async fn already_running_is_a_200_and_an_outcome_not_an_error() {
    let seen = Seen::default();
    let router = Router::new()
        .route(
            "/v4/sources/120643/sync",
            post(|State(seen): State<Seen>, body: Bytes| async move {
                let first = seen.lines().is_empty();
                seen.push(format!("POST body of {} bytes", body.len()));
                if first {
                    json_answer(StatusCode::OK, json!({"job_name": "116078.120643.sync.c12fb0a7-7e4a-11e9-abdc-0edc2c318fba"}))
                } else {
                    json_answer(StatusCode::OK, json!({"error": {"type": "already_running",
                        "message": "Did not create job for client-id: 116078; connection-id: 120643 because one already exists"}}))
                }
            })
            .delete(|State(seen): State<Seen>| async move {
                seen.push("DELETE");
                json_answer(StatusCode::OK, json!({"status": 200}))
            }),
        )
        .route(
            "/v4/sources/1/sync",
            post(|| async {
                json_answer(StatusCode::BAD_REQUEST, json!({"error": {"type": "invalid_source",
                    "message": "Unable to locate source(1) for client (116078)"}}))
            }),
        )
        .with_state(seen.clone());
    let client = client(&serve(router).await);
    let started = client.start_replication(SOURCE).await.unwrap();
    assert_eq!(
        started,
        StartJob::Started {
            job_name: JobName::new("116078.120643.sync.c12fb0a7-7e4a-11e9-abdc-0edc2c318fba")
        }
    );
    let again = client.start_replication(SOURCE).await.unwrap();
    assert!(
        matches!(&again, StartJob::AlreadyRunning { message } if message.contains("because one already exists")),
        "{again:?}"
    );
    client.stop_replication(SOURCE).await.unwrap();
    assert_eq!(
        seen.lines(),
        ["POST body of 0 bytes", "POST body of 0 bytes", "DELETE"]
    );

    let error = client
        .start_replication(SourceId::new(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Api {
                status: 400,
                body: ApiError::Typed {
                    error_type: JobErrorType::InvalidSource,
                    ..
                }
            }
        ),
        "{error:?}"
    );
}

/// An extraction of source `n`.
fn extraction(n: u64) -> Value {
    json!({"job_name": format!("116078.{n}.sync.e4d8eae5"), "stitch_client_id": 116078, "source_id": n,
        "source_type": "tap-recurly", "start_time": "2020-06-19T15:09:38Z", "completion_time": "2020-06-19T15:09:43Z",
        "discovery_exit_status": 0, "discovery_description": null, "tap_exit_status": 0, "tap_description": null,
        "target_exit_status": 0, "target_description": null})
}

/// A list of `total` extractions, 100 a page, with the documented `links`.
async fn extraction_pages(
    State((seen, total)): State<(Seen, u64)>,
    uri: Uri,
) -> axum::response::Response {
    let query: HashMap<String, String> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    seen.push(format!(
        "page={}",
        query.get("page").map_or("none", String::as_str)
    ));
    let page: u64 = query.get("page").map_or(1, |page| page.parse().unwrap());
    let first = (page - 1) * 100;
    let data: Vec<Value> = (first..total.min(first + 100)).map(extraction).collect();
    let last_page = total.div_ceil(100);
    let mut links = serde_json::Map::new();
    if page < last_page {
        links.insert(
            "next".into(),
            json!(format!("/v4/116078/extractions?page={}", page + 1)),
        );
    }
    if page > 1 {
        links.insert(
            "previous".into(),
            json!(format!("/v4/116078/extractions?page={}", page - 1)),
        );
    }
    json_answer(
        StatusCode::OK,
        json!({"data": data, "page": page, "total": total, "links": links}),
    )
}

#[tokio::test]
async fn extractions_follow_links_next_through_every_page() {
    let seen = Seen::default();
    let router = Router::new()
        .route("/v4/116078/extractions", get(extraction_pages))
        .with_state((seen.clone(), 205));
    let client = client(&serve(router).await);
    let extractions = client.extractions(ACCOUNT).await.unwrap();
    assert_eq!(extractions.len(), 205);
    assert_eq!(extractions[204].source_id, SourceId::new(204));
    assert_eq!(extractions[0].outcome(), ExtractionOutcome::Succeeded);
    assert_eq!(seen.lines(), ["page=none", "page=2", "page=3"]);
}

#[tokio::test]
async fn a_next_link_elsewhere_or_backwards_is_an_error_not_a_request() {
    let elsewhere = Seen::default();
    let evil = serve(
        Router::new()
            .fallback(|State(seen): State<Seen>| async move {
                seen.push("request");
                "{}"
            })
            .with_state(elsewhere.clone()),
    )
    .await;
    let next_links = [
        format!("{evil}/v4/116078/loads?page=2"),
        "/v4/116078/loads?page=1".to_owned(),
        "/v4/116078/loads?page=99".to_owned(),
    ];
    for next in next_links {
        let router = Router::new().route(
            "/v4/116078/loads",
            get(move || {
                let next = next.clone();
                async move {
                    json_answer(
                        StatusCode::OK,
                        json!({"data": [], "page": 1, "total": 102, "links": {"next": next}}),
                    )
                }
            }),
        );
        let client = client(&serve(router).await);
        let error = client.loads(ACCOUNT).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Decode { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("links.next"), "{error}");
    }
    assert!(elsewhere.lines().is_empty(), "{:?}", elsewhere.lines());
}

#[tokio::test]
async fn the_logs_redirect_is_returned_and_never_followed() {
    let logs_seen = Seen::default();
    let logs = serve(
        Router::new()
            .fallback(|State(seen): State<Seen>, headers: HeaderMap| async move {
                seen.push(format!("{:?}", headers.get(header::AUTHORIZATION)));
                "log lines"
            })
            .with_state(logs_seen.clone()),
    )
    .await;
    let location = format!("{logs}/116078.120643.sync.e4d8?x-amz-security-token=s3-token-5e1");
    let elsewhere = format!("{logs}/v4/116078/loads");
    let router = Router::new()
        .route(
            "/v4/116078/extractions/116078.120643.sync.e4d8",
            get(move || {
                let location = location.clone();
                async move {
                    (
                        StatusCode::FOUND,
                        [
                            (header::LOCATION, location),
                            (header::CONTENT_LENGTH, "0".into()),
                        ],
                    )
                }
            }),
        )
        .route(
            "/v4/116078/extractions/116078.120643.sync.no-location",
            get(|| async { StatusCode::FOUND }),
        )
        .route(
            "/v4/116078/loads",
            get(move || {
                let elsewhere = elsewhere.clone();
                async move { (StatusCode::FOUND, [(header::LOCATION, elsewhere)]) }
            }),
        );
    let client = client(&serve(router).await);
    let url = client
        .extraction_logs_url(ACCOUNT, &JobName::new("116078.120643.sync.e4d8"))
        .await
        .unwrap();
    assert_eq!(
        url.as_url().as_str(),
        format!("{logs}/116078.120643.sync.e4d8?x-amz-security-token=s3-token-5e1")
    );
    assert!(!format!("{url} {url:?}").contains("s3-token-5e1"));
    // Fetching it is the caller's business, and it needs no Connect token.
    assert!(logs_seen.lines().is_empty(), "{:?}", logs_seen.lines());

    let error = client
        .extraction_logs_url(ACCOUNT, &JobName::new("116078.120643.sync.no-location"))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { status: 302, .. }),
        "{error:?}"
    );
    let error = client
        .extraction_logs_url(ACCOUNT, &JobName::new("116078.1.sync.unknown"))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::NotFound { .. }),
        "{error:?}"
    );
    let error = client
        .extraction_logs_url(ACCOUNT, &JobName::new(".."))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidArgument { .. }),
        "{error:?}"
    );
    // Elsewhere a redirect is still an error, and not followed: only this endpoint documents one.
    let error = client.loads(ACCOUNT).await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::UnexpectedStatus { status: 302, .. }
        ),
        "{error:?}"
    );
    assert!(logs_seen.lines().is_empty(), "{:?}", logs_seen.lines());
}

#[tokio::test]
async fn import_tokens_are_generated_listed_in_both_shapes_and_revoked() {
    let router = Router::new()
        .route(
            "/v4/sources/120643/tokens",
            post(|| async {
                json_answer(
                    StatusCode::OK,
                    json!({"id": 828792559, "access_token": "ia_token_shown_once_88c1"}),
                )
            })
            .get(|| async {
                json_answer(
                    StatusCode::OK,
                    json!([{"token_id": 828705046, "created_at": "2021-08-12T15:22:12Z"}, 815713587]),
                )
            }),
        )
        .route(
            "/v4/sources/120643/tokens/828792559",
            axum::routing::delete(|| async {
                json_answer(
                    StatusCode::OK,
                    json!({"id": 120643, "type": "import_api", "name": "import_api", "stitch_client_id": 116078,
                        "created_at": "2021-08-12T15:00:00Z", "updated_at": "2021-08-12T15:30:00Z", "properties": {},
                        "report_card": {"type": "import_api", "current_step": 2, "current_step_type": "fully_configured",
                            "steps": [{"type": "form", "properties": []}, {"type": "fully_configured", "properties": []}]}}),
                )
            }),
        );
    let client = client(&serve(router).await);
    let token = client.generate_import_token(SOURCE).await.unwrap();
    assert_eq!(token.id, ImportTokenId::new(828_792_559));
    assert_eq!(
        token.access_token.expose_secret(),
        "ia_token_shown_once_88c1"
    );
    assert!(!format!("{token:?}").contains("ia_token_shown_once_88c1"));
    let listed = client.import_tokens(SOURCE).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|token| token.token_id.get())
            .collect::<Vec<_>>(),
        [828_705_046, 815_713_587]
    );
    let source = client.revoke_import_token(SOURCE, token.id).await.unwrap();
    assert_eq!(source.id, SOURCE);
    assert!(source.is_fully_configured());
    // The token the client authenticates with is not the Import API token.
    assert_ne!(TOKEN, token.access_token.expose_secret());
}

#[tokio::test]
async fn responses_with_new_fields_and_values_read_over_http() {
    let card = json!({"type": "platform.novel", "current_step": 2, "current_step_type": "consent",
        "added_later": {"x": 1},
        "steps": [{"type": "form", "added_later": true, "properties": [{"name": "api_key",
            "is_credential": true, "property_type": "user_provided_secretly", "added_later": 1}]},
            {"type": "consent", "properties": []}],
        "details": {"access": true, "pipeline_state": "sunsetting", "added_later": 1}});
    let source = |id: u64, schedule: Value| {
        json!({"id": id, "type": "platform.novel", "name": format!("novel_{id}"), "stitch_client_id": 116078,
            "created_at": "2024-01-01T00:00:00Z", "report_card": card.clone(), "schedule": schedule,
            "added_later": [1, 2]})
    };
    let sources = json!([
        source(
            1,
            json!({"type": "interval", "unit": "minute", "interval": 30.0, "jitter": 5})
        ),
        source(2, json!({"type": "calendar", "days": ["mon"]})),
    ]);
    let check =
        json!({"name": "116078.1.check.x", "status": "queued", "error": false, "added_later": 1});
    let router = Router::new()
        .route(
            "/v4/sources",
            get(move || {
                let sources = sources.clone();
                async move { json_answer(StatusCode::OK, sources) }
            }),
        )
        .route(
            "/v4/source-types/platform.novel",
            get(move || {
                let card = card.clone();
                async move { json_answer(StatusCode::OK, card) }
            }),
        )
        .route(
            "/v4/sources/1/last-connection-check",
            get(move || {
                let check = check.clone();
                async move { json_answer(StatusCode::OK, check) }
            }),
        );
    let client = client(&serve(router).await);
    let sources = client.sources().await.unwrap();
    assert_eq!(
        sources.len(),
        2,
        "one new schedule type does not sink the list"
    );
    assert!(matches!(
        &sources[1].schedule,
        Some(stitch_types::Schedule::Other { schedule_type, .. }) if schedule_type == "calendar"
    ));
    assert_eq!(sources[0].other["added_later"], json!([1, 2]));
    let card = client.source_type("platform.novel").await.unwrap();
    assert_eq!(
        card.current_step_type,
        Some(stitch_types::StepType::Other("consent".into()))
    );
    assert_eq!(card.steps[0].properties[0].other["added_later"], 1);
    let check = client
        .last_connection_check(stitch_client::Connection::Source(SourceId::new(1)))
        .await
        .unwrap();
    assert_eq!(
        check.status,
        stitch_types::CheckStatus::Other("queued".into())
    );
}

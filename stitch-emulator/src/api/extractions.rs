//! `/v4/{stitch_client_id}/extractions` and `/loads` (reference §9, §10): the last completed
//! extraction per source, its logs as a `302` to a pre-signed link, and a load per replicated
//! stream. The pre-signed link is served here too, without the API token.

use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use stitch_types::Secret;

use super::App;
use super::body::{ok, query_pairs};
use super::failure::Failure;
use super::pagination::{page_of, requested_page};
use crate::jobs::ExtractionOf;
use crate::random::unguessable_token;
use crate::store::{Account, AccountId, Store};

/// The path of the pre-signed log links, outside `/v4` and its token check.
pub(crate) const LOG_LINK_PATH: &str = "/extraction-logs";

/// The query parameter of a log link, named as S3's is.
const LOG_TOKEN_PARAMETER: &str = "x-amz-security-token";

/// `401` unless `raw_client_id` is the token's account (§9.2).
fn own_account(account: &Account, raw_client_id: &str) -> Result<(), Failure> {
    if raw_client_id == account.client_id.to_string() {
        Ok(())
    } else {
        Err(Failure::other_account(raw_client_id))
    }
}

/// The account a list is of and the page asked for: `401` for another account's client ID,
/// then `400` for a bad page.
fn list_request<'a>(
    store: &'a mut Store,
    account: AccountId,
    raw_client_id: &str,
    query: Option<&str>,
) -> Result<(&'a Account, usize), Failure> {
    let account = store.account(account);
    own_account(account, raw_client_id)?;
    Ok((account, requested_page(query)?))
}

/// `GET /v4/{stitch_client_id}/extractions`: sorted by `source_id`, 100 a page.
pub(crate) async fn list(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_client_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    let mut store = app.store();
    let (account, page) = list_request(&mut store, account, &raw_client_id, query.as_deref())?;
    let now = Instant::now();
    let client_id = account.client_id;
    // Sources are kept by ID, so this is the documented order. Paused and deleted sources
    // are included (§9.2).
    let extractions: Vec<Value> = account
        .sources
        .values()
        .filter_map(|record| {
            let of = ExtractionOf {
                client_id,
                source_id: record.id,
                source_type: &record.card_type,
            };
            record.jobs.extraction_json(&of, now)
        })
        .collect();
    let path = format!("/v4/{client_id}/extractions");
    Ok(ok(&page_of(extractions, page, &path)))
}

/// `GET /v4/{stitch_client_id}/loads`: one load per stream the last successful job of each
/// source replicated, sorted by `stream_name`, 100 a page.
pub(crate) async fn loads(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_client_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    let mut store = app.store();
    let (account, page) = list_request(&mut store, account, &raw_client_id, query.as_deref())?;
    let now = Instant::now();
    let client_id = account.client_id;
    let mut loads: Vec<(&str, &str, Value)> = Vec::new();
    for record in account.sources.values() {
        let Some((streams, loaded_at)) = record.jobs.last_loads(now) else {
            continue;
        };
        for stream in streams {
            let load = json!({
                "stitch_client_id": client_id,
                "source_name": record.name,
                "stream_name": stream,
                "last_batch_loaded_at": loaded_at,
                "error_state": Value::Null,
            });
            loads.push((stream, &record.name, load));
        }
    }
    // §14.7: by `stream_name`, as the front matter and the example have it (the text's
    // `stream_id` is not a Load field); streams of the same name by source.
    loads.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let loads = loads.into_iter().map(|(_, _, load)| load).collect();
    let path = format!("/v4/{client_id}/loads");
    Ok(ok(&page_of(loads, page, &path)))
}

/// `GET /v4/{stitch_client_id}/extractions/{job_name}`: `302 Found`, no body, and a
/// `Location` carrying `x-amz-security-token`.
///
/// Emulator's choice (§14 silent 10): the link points at the emulator itself
/// ([`LOG_LINK_PATH`]), any job the emulator still holds has logs (a running one too), and
/// links do not expire.
pub(crate) async fn log_link(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path((raw_client_id, job_name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let mut store = app.store();
    let account = store.account(account);
    own_account(account, &raw_client_id)?;
    if !account
        .sources
        .values()
        .any(|record| record.jobs.has(&job_name))
    {
        return Err(Failure::not_found(format!(
            "no such extraction job: {job_name}"
        )));
    }
    let token = unguessable_token();
    // Job names the emulator gives hold only digits, letters, `.` and `-`: safe in a path.
    let location = format!(
        "{}{LOG_LINK_PATH}/{job_name}?{LOG_TOKEN_PARAMETER}={token}",
        origin(&headers)
    );
    store.add_log_link(job_name, Secret::new(token));
    Ok((StatusCode::FOUND, [(header::LOCATION, location)]).into_response())
}

/// `http://<Host>` of the request, so the link is absolute as S3's are; empty (a relative
/// link) when the request has no usable `Host`.
fn origin(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map_or_else(String::new, |host| format!("http://{host}"))
}

/// `GET /extraction-logs/{job_name}?x-amz-security-token=…`: the log, as text, for a link the
/// API handed out. It stands in for S3, which takes no API token: a request carrying an
/// `Authorization` header is refused with `400` and a warning, so a client that leaks its
/// token by following the redirect shows up in the test that lets it. Every request is counted
/// ([`Emulator::extraction_log_requests`](crate::Emulator::extraction_log_requests)).
pub(crate) async fn download_log(
    State(app): State<App>,
    Path(job_name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    app.shared.log_requests.fetch_add(1, Ordering::Relaxed);
    if headers.contains_key(header::AUTHORIZATION) {
        tracing::warn!(
            "an extraction log was requested with an Authorization header: the link is pre-signed and must be fetched without the API token"
        );
        return Failure::text(
            StatusCode::BAD_REQUEST,
            "the log link is pre-signed: send no Authorization header",
        )
        .into_response();
    }
    let pairs = query_pairs(query.as_deref());
    let token = pairs
        .iter()
        .find(|(key, _)| key == LOG_TOKEN_PARAMETER)
        .map(|(_, token)| token.as_str());
    let store = app.store();
    let log = token
        .and_then(|token| store.log_link_source(&job_name, token))
        .and_then(|record| record.jobs.log_text(&job_name, Instant::now()));
    match log {
        Some(log) => (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain")], log).into_response(),
        // As S3 answers a bad signature. Emulator's choice: in plain text, not S3's XML.
        None => Failure::text(StatusCode::FORBIDDEN, "AccessDenied").into_response(),
    }
}

//! Reading request bodies, paths and queries, and writing JSON responses.

use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value};

use super::failure::Failure;

/// The largest request body the emulator reads, in bytes: the limit axum applied before the
/// emulator read bodies itself. The largest real body, a source's properties with a PEM
/// certificate or a service-account key, is a few KiB.
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// A middleware that reads the whole request body before any handler runs: at most
/// [`MAX_BODY_BYTES`] (else `413`), within `timeout` of the headers (else `408`), both with the
/// JSON string body of the other refusals. Handlers then take the body, already in memory, as
/// `Bytes`.
///
/// The one place of both rules: axum's own body limit, which answers in plain text, is
/// disabled where this is applied.
pub(crate) async fn read_whole_body(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    // A `Content-Length` over the limit is refused before a byte of the body is read.
    if body.size_hint().lower() > MAX_BODY_BYTES as u64 {
        return Failure::too_large(MAX_BODY_BYTES).into_response();
    }
    let read = Limited::new(body, MAX_BODY_BYTES).collect();
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(collected)) => {
            let body = Body::from(collected.to_bytes());
            next.run(Request::from_parts(parts, body)).await
        }
        Ok(Err(error)) if error.is::<LengthLimitError>() => {
            Failure::too_large(MAX_BODY_BYTES).into_response()
        }
        // The client left, or sent a malformed chunked body: it will hardly read the answer.
        Ok(Err(error)) => {
            tracing::debug!(%error, "the request body could not be read");
            Failure::bad_request("the request body could not be read").into_response()
        }
        Err(_elapsed) => Failure::body_timeout(timeout).into_response(),
    }
}

/// A `200 OK` JSON response: every documented success is a `200`, creates included.
pub(crate) fn ok(body: &Value) -> Response {
    json_response(StatusCode::OK, body)
}

/// A JSON response with `status`.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// The body as a JSON object, or `None` when it is not one.
pub(crate) fn object(bytes: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// An ID from the path. Letters and other illegal characters give `404`, as the API does.
pub(crate) fn path_id(raw: &str) -> Result<u64, Failure> {
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        raw.parse()
            .map_err(|_| Failure::not_found(format!("no such ID: {raw}")))
    } else {
        Err(Failure::not_found(format!("not a valid ID: {raw}")))
    }
}

/// Whether every key of `body` is one of `allowed`.
pub(crate) fn only_keys(body: &Map<String, Value>, allowed: &[&str]) -> bool {
    body.keys().all(|key| allowed.contains(&key.as_str()))
}

/// The query's pairs, decoded.
pub(crate) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .map(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_ids_are_digits_only() {
        assert_eq!(path_id("42").unwrap(), 42);
        for bad in ["", "4x2", "-1", "99999999999999999999999"] {
            assert!(
                matches!(path_id(bad), Err(Failure::Message { status, .. }) if status == StatusCode::NOT_FOUND)
            );
        }
    }

    #[test]
    fn bodies_must_be_objects() {
        assert!(object(br#"{"a": 1}"#).is_some());
        assert!(object(b"[1]").is_none());
        assert!(object(b"not json").is_none());
    }
}

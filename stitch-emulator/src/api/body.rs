//! Reading request bodies, paths and queries, and writing JSON responses.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::failure::Failure;

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

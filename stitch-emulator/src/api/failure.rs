//! The error responses of the Connect API, with the status codes and body shapes
//! connect-api.md §4 documents.

use std::time::Duration;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::body::json_response;
use crate::catalog::Card;
use crate::property_check::BadProperty;

/// A request the emulator refuses, and how it says so.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A JSON string body: every documented destination error, `401` and `404`.
    Message {
        /// The status code.
        status: StatusCode,
        /// The body's text.
        message: String,
    },
    /// `{"error": "<Code>", "data": {"message": "..."}}`: the documented source errors.
    Coded {
        /// The error code, e.g. `InvalidType`.
        code: &'static str,
        /// `data.message`.
        message: String,
    },
    /// Any other JSON body: `{"invalid_fields": …}` of stream metadata, `{"error": {"type", "message"}}`
    /// of replication jobs. None holds a credential, so the body is logged.
    Body {
        /// The status code.
        status: StatusCode,
        /// The body.
        body: Value,
    },
    /// A `text/plain` body: `invalid stream-id: <STREAM_ID>` is not JSON.
    Text {
        /// The status code.
        status: StatusCode,
        /// The body.
        text: String,
    },
    /// `InvalidProperties`, with `data.bad_properties` and `data.report_card`.
    InvalidProperties {
        /// The offending properties, with reasons for the log.
        bad: Vec<BadProperty>,
        /// The type's report card.
        report_card: Value,
    },
}

impl Failure {
    /// `400` with a plain string body.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Failure::Message {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// `404` with a plain string body: bad URI, missing resource, method not allowed.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Failure::Message {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// `500` with a plain string body: a failure of the emulator itself.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Failure::Message {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }

    /// `413` with a plain string body: a request body over the emulator's limit of `limit`
    /// bytes (the docs give none).
    pub(crate) fn too_large(limit: usize) -> Self {
        Failure::Message {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("the request body is larger than {limit} bytes, the emulator's limit"),
        }
    }

    /// `408` with a plain string body: a request body still incomplete `timeout` after its
    /// headers.
    pub(crate) fn body_timeout(timeout: Duration) -> Self {
        Failure::Message {
            status: StatusCode::REQUEST_TIMEOUT,
            message: format!(
                "the request body did not arrive within {} ms of the headers",
                timeout.as_millis()
            ),
        }
    }

    /// `401`: no token, or one the emulator does not accept. The token is never repeated.
    pub(crate) fn unauthorized() -> Self {
        Failure::Message {
            status: StatusCode::UNAUTHORIZED,
            message: "a valid API access token is required: send `Authorization: Bearer <token>`"
                .into(),
        }
    }

    /// `400 InvalidProperties` for properties that fail `card`.
    pub(crate) fn invalid_properties(card: &Card, bad: Vec<BadProperty>) -> Self {
        Failure::InvalidProperties {
            bad,
            report_card: card.raw.clone(),
        }
    }

    /// `401` for a `stitch_client_id` in the path that is not the token's account.
    pub(crate) fn other_account(client_id: &str) -> Self {
        Failure::Message {
            status: StatusCode::UNAUTHORIZED,
            message: format!("the access token cannot access client {client_id}"),
        }
    }

    /// `400 {"invalid_fields": message}`, the body of refused stream metadata.
    pub(crate) fn invalid_fields(message: impl Into<String>) -> Self {
        Failure::Body {
            status: StatusCode::BAD_REQUEST,
            body: json!({"invalid_fields": message.into()}),
        }
    }

    /// `400` with a JSON body of its own shape.
    pub(crate) fn bad_request_body(body: Value) -> Self {
        Failure::Body {
            status: StatusCode::BAD_REQUEST,
            body,
        }
    }

    /// A plain-text body.
    pub(crate) fn text(status: StatusCode, text: impl Into<String>) -> Self {
        Failure::Text {
            status,
            text: text.into(),
        }
    }

    /// `400` with a coded source error.
    pub(crate) fn coded(code: &'static str, message: impl Into<String>) -> Self {
        Failure::Coded {
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Failure::Message { status, message } => {
                tracing::info!(status = status.as_u16(), %message, "request refused");
                (status, Value::String(message))
            }
            Failure::Coded { code, message } => {
                tracing::info!(status = 400, error = code, %message, "request refused");
                (
                    StatusCode::BAD_REQUEST,
                    json!({"error": code, "data": {"message": message}}),
                )
            }
            Failure::Body { status, body } => {
                tracing::info!(status = status.as_u16(), %body, "request refused");
                (status, body)
            }
            Failure::Text { status, text } => {
                tracing::info!(status = status.as_u16(), message = %text, "request refused");
                return (status, [(header::CONTENT_TYPE, "text/plain")], text).into_response();
            }
            Failure::InvalidProperties { bad, report_card } => {
                for problem in &bad {
                    // Names and reasons only: values may be credentials.
                    tracing::info!(property = %problem.name, problem = %problem.problem, "invalid property");
                }
                // One entry per property, however many problems it has.
                let mut names: Vec<&str> = Vec::with_capacity(bad.len());
                for problem in &bad {
                    if !names.contains(&problem.name.as_str()) {
                        names.push(&problem.name);
                    }
                }
                let body = json!({
                    "error": "InvalidProperties",
                    "data": {
                        "message": "properties do not match schema",
                        "bad_properties": names,
                        "report_card": report_card,
                    }
                });
                (StatusCode::BAD_REQUEST, body)
            }
        };
        json_response(status, &body)
    }
}

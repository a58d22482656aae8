//! One error type for every way a call can fail, each naming the request that caused it.
//!
//! No error holds the access token or a credential: the token only ever goes into a header
//! marked sensitive, request bodies are never quoted, and the API never returns credentials.

use std::fmt;
use std::time::Duration;

use serde_json::Value;
use stitch_types::ReportCard;

/// An HTTP method the client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: reads; safe to retry.
    Get,
    /// `POST`: creates.
    Post,
    /// `PUT`: updates, pauses, unpauses.
    Put,
    /// `DELETE`: deletes.
    Delete,
}

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The request an error belongs to: method and API path, e.g. `POST /v4/destinations`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Request {
    method: Method,
    path: String,
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Request { method, path }
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The API path, without the base URL: `/v4/destinations/42`.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// A call to the Connect API that failed.
///
/// `Display` reads `POST /v4/destinations: 400 Bad Request: InvalidProperties: properties do not
/// match schema (bad properties: port)`; [`kind`](Self::kind) tells the cases apart.
///
/// [`source`](std::error::Error::source) is the cause beneath a transport failure, a TLS
/// failure or a timeout (reqwest's error, and hyper's and the operating system's beneath it);
/// `Display` does not repeat it, so an error reporter that walks the chain shows each cause once.
#[derive(Debug)]
pub struct Error {
    request: Request,
    attempts: u32,
    kind: ErrorKind,
    cause: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(request: Request, attempts: u32, kind: ErrorKind) -> Self {
        Error {
            request,
            attempts,
            kind,
            cause: None,
        }
    }

    /// The error with the lower-level error that caused it, for [`source`](std::error::Error::source).
    pub(crate) fn caused_by(
        mut self,
        cause: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.cause = cause;
        self
    }

    /// The request that failed.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// How many times the request was sent (or tried): more than 1 when it was retried.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The error, by value.
    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match &self.kind {
            ErrorKind::Api { status, .. }
            | ErrorKind::Server { status, .. }
            | ErrorKind::UnexpectedStatus { status, .. }
            | ErrorKind::Decode { status, .. } => Some(*status),
            ErrorKind::Unauthorized { .. } => Some(401),
            ErrorKind::NotFound { .. } => Some(404),
            ErrorKind::TooLarge { status, .. } => Some(*status),
            ErrorKind::Timeout { .. }
            | ErrorKind::Transport { .. }
            | ErrorKind::Tls { .. }
            | ErrorKind::Encode { .. }
            | ErrorKind::InvalidArgument { .. }
            | ErrorKind::NotListed { .. } => None,
        }
    }

    /// The error body the API sent, when it sent one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match &self.kind {
            ErrorKind::Api { body, .. } => Some(body),
            ErrorKind::Unauthorized { body }
            | ErrorKind::NotFound { body }
            | ErrorKind::Server { body, .. }
            | ErrorKind::UnexpectedStatus { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// The properties an `InvalidProperties` error names; empty for any other error.
    pub fn bad_properties(&self) -> &[String] {
        match self.api_error() {
            Some(ApiError::Coded(coded)) => &coded.bad_properties,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.request)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

/// What went wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API refused the request (`400` and other `4xx` except `401` and `404`), with one of
    /// its documented error bodies.
    #[error("{status} {}: {body}", reason(*status))]
    Api {
        /// The status code.
        status: u16,
        /// The error body.
        body: ApiError,
    },
    /// `401`: the access token is missing, wrong or revoked.
    #[error("401 Unauthorized: the access token was refused{}", detail(body.as_ref()))]
    Unauthorized {
        /// The error body, if the API sent one.
        body: Option<ApiError>,
    },
    /// `404`: a bad URI, a missing resource, or a method the path does not allow.
    #[error("404 Not Found{}", detail(body.as_ref()))]
    NotFound {
        /// The error body, if the API sent one.
        body: Option<ApiError>,
    },
    /// `5xx`: a problem on the API's side; GETs are retried before this is returned.
    #[error("{status} {}: a problem on the API's side{}", reason(*status), detail(body.as_ref()))]
    Server {
        /// The status code.
        status: u16,
        /// The error body, if the API sent one.
        body: Option<ApiError>,
    },
    /// A status the API does not document, such as a redirect.
    #[error("unexpected status {status}{}", detail(body.as_ref()))]
    UnexpectedStatus {
        /// The status code.
        status: u16,
        /// The body, if any.
        body: Option<ApiError>,
    },
    /// No complete response within the configured timeout.
    #[error("no response within {}", show_duration(*after))]
    Timeout {
        /// The timeout that passed.
        after: Duration,
    },
    /// The connection failed: refused, reset, a body cut short. The causes are the error's
    /// [`source`](std::error::Error::source) chain.
    #[error("{} failed", if *before_sending { "connecting" } else { "the exchange" })]
    Transport {
        /// Whether the failure came before the request was sent (so retrying is always safe).
        before_sending: bool,
        /// The causes' texts joined, `error sending request: tcp connect error: Connection
        /// refused`, for a log line that shows no chain.
        detail: String,
    },
    /// The TLS handshake failed: an untrusted or mismatched certificate, or a server that does
    /// not speak TLS. Never retried: the next attempt would meet the same server. The causes
    /// are the error's [`source`](std::error::Error::source) chain.
    #[error("the TLS handshake failed")]
    Tls {
        /// The causes' texts joined, rustls's among them.
        detail: String,
    },
    /// The response body is larger than the client reads (16 MiB): no documented response
    /// comes close.
    #[error("the {status} response is larger than {limit} bytes")]
    TooLarge {
        /// The status code.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A successful response whose body is not what the endpoint documents.
    #[error("the {status} response is not the expected JSON: {detail}")]
    Decode {
        /// The status code.
        status: u16,
        /// Where and why decoding failed.
        detail: String,
    },
    /// The request body could not be serialized.
    #[error("the request body could not be serialized: {detail}")]
    Encode {
        /// Why.
        detail: String,
    },
    /// An argument the request cannot be made with, such as a type name of `..` that would
    /// change the path. Nothing was sent.
    #[error("invalid argument: {detail}")]
    InvalidArgument {
        /// What is wrong.
        detail: String,
    },
    /// A destination the account's list does not hold (the API has no `GET` of one destination,
    /// so the client reads the list).
    #[error("destination {id} is not among the account's destinations")]
    NotListed {
        /// The ID asked for.
        id: stitch_types::DestinationId,
    },
}

impl ErrorKind {
    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ErrorKind::Timeout { .. })
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        403 => "Forbidden",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

fn detail(body: Option<&ApiError>) -> String {
    body.map(|body| format!(": {body}")).unwrap_or_default()
}

fn show_duration(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{}s", duration.as_secs())
    } else {
        format!("{}ms", duration.as_millis())
    }
}

/// An error body of the Connect API. The API uses several shapes (connect-api.md §4).
///
/// Every text in it is cut after 500 characters (`…` marks the cut), and `Display` names at
/// most 20 `bad_properties`, so an error, and the log line of a retry, stay short whatever the
/// server sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ApiError {
    /// A plain string, e.g. `"you are at your destination limit"`: every documented
    /// destination error.
    Message(String),
    /// `{"error": "<Code>", "data": {"message", "bad_properties", "report_card"}}`: sources.
    Coded(CodedError),
    /// `{"error": {"type", "message"}}`: replication jobs.
    Typed {
        /// The error type, e.g. `invalid_source`.
        error_type: JobErrorType,
        /// The message.
        message: String,
    },
    /// `{"invalid_fields": "..."}`: stream metadata.
    InvalidFields(String),
    /// `{"code", "message", "errors"}`: accounts.
    Account {
        /// The error code.
        code: String,
        /// The message.
        message: String,
        /// Per-field errors, as sent; when their JSON text is over 500 characters, that text,
        /// cut, as a string.
        errors: Option<Value>,
    },
    /// A body of no documented shape, kept as text.
    Unrecognized(String),
    /// No body at all (a `4xx` that says nothing but its status).
    Empty,
}

stitch_types::report_card::open_enum! {
    /// The code of a source error body, `{"error": "<Code>", …}`.
    pub enum ErrorCode {
        /// The properties do not match the card: see `bad_properties`.
        InvalidProperties = "InvalidProperties",
        /// No source type of that name.
        InvalidType = "InvalidType",
        /// The name (or the name derived from the display name) is taken or malformed.
        InvalidName = "InvalidName",
        /// The display name derives no valid name.
        InvalidDisplayName = "InvalidDisplayName",
        /// The body has keys the endpoint does not take.
        InvalidBody = "InvalidBody",
        /// No source with that ID.
        InvalidId = "InvalidId",
        /// The account's plan does not allow it.
        AccessDenied = "AccessDenied",
        /// The cron expression is not one Stitch can schedule.
        InvalidCronExpression = "InvalidCronExpression",
    }
}

stitch_types::report_card::open_enum! {
    /// The `type` of a replication-job error body, `{"error": {"type": …, "message": …}}`.
    pub enum JobErrorType {
        /// A job of the source is running already (sent with a `200`).
        AlreadyRunning = "already_running",
        /// No source with that ID, or one that is deleted.
        InvalidSource = "invalid_source",
        /// The job could not be created.
        Generic = "generic",
    }
}

/// The `{"error": "<Code>", "data": {…}}` error of the source endpoints.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CodedError {
    /// The code: `InvalidProperties`, `InvalidType`, `InvalidName`, `AccessDenied`, …
    pub code: ErrorCode,
    /// `data.message`.
    pub message: Option<String>,
    /// `data.bad_properties`: the properties that do not match the card.
    pub bad_properties: Vec<String>,
    /// `data.report_card`: the card the properties were checked against.
    pub report_card: Option<Box<ReportCard>>,
}

/// How many characters of each text of an error body an error keeps.
const TEXT_LIMIT: usize = 500;
/// How many `bad_properties` `Display` names.
const BAD_PROPERTIES_SHOWN: usize = 20;

impl ApiError {
    /// Reads an error body; `None` for an empty one.
    pub fn from_body(body: &[u8]) -> Option<ApiError> {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            // Not JSON: a plain string sent as text.
            return Some(ApiError::Message(cut(text)));
        };
        Some(Self::from_json(value).unwrap_or_else(|| ApiError::Unrecognized(cut(text))))
    }

    fn from_json(value: Value) -> Option<ApiError> {
        let Value::Object(mut object) = value else {
            return match value {
                Value::String(message) => Some(ApiError::Message(cut(&message))),
                _ => None,
            };
        };
        match object.remove("error") {
            Some(Value::String(code)) => {
                let data = object.remove("data");
                let field = |name: &str| data.as_ref().and_then(|data| data.get(name));
                let Ok(code) = cut(&code).parse();
                return Some(ApiError::Coded(CodedError {
                    code,
                    message: field("message").and_then(Value::as_str).map(cut),
                    bad_properties: field("bad_properties")
                        .and_then(Value::as_array)
                        .map(|names| names.iter().filter_map(Value::as_str).map(cut).collect())
                        .unwrap_or_default(),
                    report_card: field("report_card")
                        .and_then(|card| serde_json::from_value(card.clone()).ok())
                        .map(Box::new),
                }));
            }
            Some(Value::Object(error)) => {
                let text =
                    |name: &str| cut(error.get(name).and_then(Value::as_str).unwrap_or_default());
                let Ok(error_type) = text("type").parse();
                return Some(ApiError::Typed {
                    error_type,
                    message: text("message"),
                });
            }
            Some(other) => {
                object.insert("error".into(), other);
            }
            None => {}
        }
        if let Some(fields) = object.get("invalid_fields") {
            let fields = fields
                .as_str()
                .map_or_else(|| cut(&fields.to_string()), cut);
            return Some(ApiError::InvalidFields(fields));
        }
        if let (Some(Value::String(code)), Some(Value::String(message))) =
            (object.get("code"), object.get("message"))
        {
            return Some(ApiError::Account {
                code: cut(code),
                message: cut(message),
                errors: object.get("errors").cloned().map(cut_json),
            });
        }
        None
    }
}

/// `text`, cut after [`TEXT_LIMIT`] characters.
fn cut(text: &str) -> String {
    match text.char_indices().nth(TEXT_LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `value` as it is when its JSON text is short; otherwise that text, cut, as a string.
fn cut_json(value: Value) -> Value {
    let text = value.to_string();
    if text.chars().nth(TEXT_LIMIT).is_some() {
        Value::String(cut(&text))
    } else {
        value
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Message(message) => f.write_str(message),
            ApiError::Coded(coded) => {
                f.write_str(coded.code.as_str())?;
                if let Some(message) = &coded.message {
                    write!(f, ": {message}")?;
                }
                if !coded.bad_properties.is_empty() {
                    let shown = &coded.bad_properties
                        [..coded.bad_properties.len().min(BAD_PROPERTIES_SHOWN)];
                    write!(f, " (bad properties: {}", shown.join(", "))?;
                    let more = coded.bad_properties.len() - shown.len();
                    if more > 0 {
                        write!(f, " and {more} more")?;
                    }
                    f.write_str(")")?;
                }
                Ok(())
            }
            ApiError::Typed {
                error_type,
                message,
            } => write!(f, "{error_type}: {message}"),
            ApiError::InvalidFields(fields) => write!(f, "invalid fields: {fields}"),
            ApiError::Account { code, message, .. } => write!(f, "{code}: {message}"),
            ApiError::Unrecognized(text) => {
                write!(f, "an error body of no documented shape: {text}")
            }
            ApiError::Empty => f.write_str("(no error body)"),
        }
    }
}

/// An error body is an error on its own too, e.g. to box one from [`Error::api_error`].
impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> ApiError {
        ApiError::from_body(body.as_bytes()).expect("a body")
    }

    #[test]
    fn every_documented_body_shape_is_recognised() {
        assert_eq!(
            parse(r#""you are at your destination limit""#),
            ApiError::Message("you are at your destination limit".into())
        );
        assert_eq!(parse("plain text"), ApiError::Message("plain text".into()));
        let ApiError::Coded(coded) = parse(
            r#"{"error": "InvalidProperties", "data": {"message": "properties do not match schema",
               "bad_properties": ["port"], "report_card": {"type": "postgres", "steps": []}}}"#,
        ) else {
            panic!("coded")
        };
        assert_eq!(coded.code, ErrorCode::InvalidProperties);
        assert_eq!(coded.bad_properties, ["port"]);
        assert_eq!(coded.report_card.unwrap().card_type, "postgres");
        assert_eq!(
            parse(r#"{"error": {"type": "already_running", "message": "one exists"}}"#),
            ApiError::Typed {
                error_type: JobErrorType::AlreadyRunning,
                message: "one exists".into()
            }
        );
        assert_eq!(
            parse(r#"{"invalid_fields": "invalid tap-stream-ids:  [nil]"}"#),
            ApiError::InvalidFields("invalid tap-stream-ids:  [nil]".into())
        );
        assert!(matches!(
            parse(r#"{"code": "invalid", "message": "bad email", "errors": {"email": ["taken"]}}"#),
            ApiError::Account { code, errors: Some(_), .. } if code == "invalid"
        ));
        assert!(
            matches!(parse(r#"{"what": 1}"#), ApiError::Unrecognized(text) if text == r#"{"what": 1}"#)
        );
        assert_eq!(ApiError::from_body(b"  "), None);
    }

    #[test]
    fn unrecognised_bodies_are_cut() {
        let long = format!("[{}]", "1,".repeat(600) + "1");
        let ApiError::Unrecognized(text) = parse(&long) else {
            panic!()
        };
        assert_eq!(text.chars().count(), TEXT_LIMIT + 1);
    }

    #[test]
    fn every_body_shape_is_cut() {
        let long = "x".repeat(10_000);
        let bodies = [
            long.clone(),
            format!("\"{long}\""),
            format!(
                r#"{{"error": "{long}", "data": {{"message": "{long}", "bad_properties": ["{long}"]}}}}"#
            ),
            format!(r#"{{"error": {{"type": "{long}", "message": "{long}"}}}}"#),
            format!(r#"{{"invalid_fields": "{long}"}}"#),
            format!(r#"{{"invalid_fields": ["{long}"]}}"#),
            format!(
                r#"{{"code": "{long}", "message": "{long}", "errors": {{"email": ["{long}"]}}}}"#
            ),
            format!(r#"{{"what": "{long}"}}"#),
        ];
        for body in bodies {
            let error = parse(&body);
            let shown = format!("{error}");
            let debug = format!("{error:?}");
            assert!(shown.len() < 2_000, "{} bytes shown", shown.len());
            assert!(debug.len() < 3_000, "{} bytes in Debug", debug.len());
        }
    }

    #[test]
    fn many_bad_properties_are_counted_not_listed() {
        let names: Vec<String> = (0..1_000).map(|n| format!("p{n}")).collect();
        let body =
            serde_json::json!({"error": "InvalidProperties", "data": {"bad_properties": names}});
        let ApiError::Coded(coded) = parse(&body.to_string()) else {
            panic!("coded")
        };
        assert_eq!(coded.bad_properties.len(), 1_000);
        let shown = ApiError::Coded(coded).to_string();
        assert!(shown.ends_with("p18, p19 and 980 more)"), "{shown}");
    }

    #[test]
    fn display_names_the_request_the_status_and_the_body() {
        let error = Error::new(
            Request::new(Method::Post, "/v4/destinations".into()),
            1,
            ErrorKind::Api {
                status: 400,
                body: parse(
                    r#"{"error": "InvalidProperties", "data": {"message": "properties do not match schema", "bad_properties": ["port", "ssl"]}}"#,
                ),
            },
        );
        assert_eq!(
            error.to_string(),
            "POST /v4/destinations: 400 Bad Request: InvalidProperties: properties do not match schema (bad properties: port, ssl)"
        );
        assert_eq!(error.bad_properties(), ["port", "ssl"]);
        assert_eq!(error.status(), Some(400));

        let timeout = Error::new(
            Request::new(Method::Get, "/v4/sources".into()),
            3,
            ErrorKind::Timeout {
                after: Duration::from_millis(250),
            },
        );
        assert_eq!(
            timeout.to_string(),
            "GET /v4/sources (after 3 attempts): no response within 250ms"
        );
        assert!(timeout.kind().is_timeout());
        assert_eq!(timeout.status(), None);
    }
}

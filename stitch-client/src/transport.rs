//! Sending one API call: building the URL, the retry loop, and turning every failure into an
//! [`Error`] that names the request.

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::error::Error as _;

use url::Url;

use crate::client::{Client, Inner};
use crate::error::{ApiError, Error, ErrorKind, Method, Request};
use crate::retry::{Failure, is_safe_to_retry};

/// The most a response body may hold: the largest documented response, the list of every
/// source type's report card, is about 2 MiB. A larger body is refused rather than read into
/// memory.
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// An API path as segments, e.g. `["v4", "destinations", "42"]`, and an optional query. Each
/// segment is percent-encoded into the URL, so a type name can never add a segment or a query.
pub(crate) struct ApiPath {
    segments: Vec<String>,
    query: Vec<(&'static str, String)>,
}

impl ApiPath {
    pub(crate) fn new<I, S>(segments: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ApiPath {
            segments: segments.into_iter().map(Into::into).collect(),
            query: Vec::new(),
        }
    }

    /// The segments, to build a longer path from.
    pub(crate) fn segments(self) -> Vec<String> {
        self.segments
    }

    /// The path with `key=value` added to its query (encoded).
    pub(crate) fn query(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.query.push((key, value.into()));
        self
    }

    /// Writes the segments and the query onto `url`, after whatever path it has.
    fn apply_to(&self, url: &mut Url) {
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().extend(&self.segments);
        }
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
    }

    /// The path as it goes on the wire, `/v4/destination-types/a%2Fb`: errors show what was
    /// sent. It is encoded by the same `url` call as the request URL, so the two cannot differ.
    pub(crate) fn encoded(&self) -> String {
        let mut url = Url::parse("http://path.invalid/").expect("a valid constant URL");
        self.apply_to(&mut url);
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Whether a caller-given segment would be dropped by URL normalisation (`.`, `..`) or leave
    /// an empty one: the request would then reach another endpoint, e.g. the list of types.
    pub(crate) fn is_unsafe_segment(segment: &str) -> bool {
        matches!(segment, "" | "." | "..")
    }
}

/// What a successful exchange gave.
enum Success {
    /// A `2xx` body.
    Body(Vec<u8>),
    /// The `Location` of a redirect that was expected and not followed.
    Location(String),
}

/// What an endpoint answers when it succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A `2xx` with a JSON body.
    Body,
    /// A redirect (`302 Found`) whose `Location` is the answer.
    Redirect,
}

/// One attempt's outcome, before retry decisions.
enum Attempt {
    Success(Success),
    Failed {
        kind: ErrorKind,
        /// How the attempt failed, for the retry decision; `None` when retrying cannot help.
        failure: Option<Failure>,
        /// The lower-level error beneath `kind`, for the error's `source` chain.
        cause: Option<reqwest::Error>,
    },
}

impl Client {
    /// `GET`s `path` and reads the response as `T`.
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: ApiPath) -> Result<T, Error> {
        self.call(Method::Get, path, None::<&()>).await
    }

    /// `GET`s `path` and returns the body as the API sent it, checked to be JSON.
    pub(crate) async fn get_text(&self, path: ApiPath) -> Result<String, Error> {
        let request = Request::new(Method::Get, path.encoded());
        let (bytes, attempts) = self.send_for_body(&request, &path, None).await?;
        let decode_error = |detail: String| {
            let kind = ErrorKind::Decode {
                status: 200,
                detail,
            };
            Error::new(request.clone(), attempts, kind)
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| decode_error("the body is not UTF-8".to_owned()))?;
        serde_json::from_str::<serde::de::IgnoredAny>(&text)
            .map_err(|error| decode_error(self.inner.scrub(&error.to_string())))?;
        Ok(text)
    }

    /// Calls the API and reads the response as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: ApiPath,
        body: Option<&impl Serialize>,
    ) -> Result<T, Error> {
        let request = Request::new(method, path.encoded());
        let encoded = match body.map(wiped_body).transpose() {
            Ok(encoded) => encoded,
            Err(error) => {
                let kind = ErrorKind::Encode {
                    detail: error.to_string(),
                };
                return Err(Error::new(request, 0, kind));
            }
        };
        let (bytes, attempts) = self.send_for_body(&request, &path, encoded).await?;
        // Every documented success is a 200 with a JSON body.
        serde_json::from_slice(&bytes).map_err(|error| {
            // serde_json quotes the values it rejects, and a server may have echoed the token.
            let kind = ErrorKind::Decode {
                status: 200,
                detail: self.inner.scrub(&error.to_string()),
            };
            Error::new(request, attempts, kind)
        })
    }

    /// `GET`s `path`, which answers with a redirect, and returns its `Location` without
    /// following it: the access token never goes where the redirect points.
    pub(crate) async fn get_location(&self, path: ApiPath) -> Result<String, Error> {
        let request = Request::new(Method::Get, path.encoded());
        match self.send(&request, &path, None, Expect::Redirect).await? {
            (Success::Location(location), _) => Ok(location),
            (Success::Body(_), attempts) => Err(Error::new(
                request,
                attempts,
                ErrorKind::Decode {
                    status: 200,
                    detail: "expected a redirect to the logs, got a body".into(),
                },
            )),
        }
    }

    /// [`send`](Self::send) for endpoints that answer with a body.
    async fn send_for_body(
        &self,
        request: &Request,
        path: &ApiPath,
        body: Option<Bytes>,
    ) -> Result<(Vec<u8>, u32), Error> {
        match self.send(request, path, body, Expect::Body).await? {
            (Success::Body(bytes), attempts) => Ok((bytes, attempts)),
            // `attempt` returns a location only when one is expected.
            (Success::Location(_), attempts) => Ok((Vec::new(), attempts)),
        }
    }

    /// Sends the request, retrying where that is safe, and returns what the success gave and
    /// the number of attempts it took.
    async fn send(
        &self,
        request: &Request,
        path: &ApiPath,
        body: Option<Bytes>,
        expect: Expect,
    ) -> Result<(Success, u32), Error> {
        let retry = self.inner.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            tracing::debug!(request = %request, attempt, "sending");
            let (kind, failure, cause) =
                match self.attempt(request, path, body.clone(), expect).await {
                    Attempt::Success(success) => return Ok((success, attempt)),
                    Attempt::Failed {
                        kind,
                        failure,
                        cause,
                    } => (kind, failure, cause),
                };
            let retries_left = attempt <= retry.max_retries();
            match failure {
                Some(failure) if retries_left && is_safe_to_retry(request.method(), failure) => {
                    let wait = retry.backoff(attempt - 1);
                    tracing::warn!(
                        request = %request,
                        attempt,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        error = %kind,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                }
                _ => {
                    tracing::debug!(request = %request, attempt, error = %kind, "failed");
                    let cause = cause.map(|cause| Box::new(cause) as _);
                    return Err(Error::new(request.clone(), attempt, kind).caused_by(cause));
                }
            }
        }
    }

    async fn attempt(
        &self,
        request: &Request,
        path: &ApiPath,
        body: Option<Bytes>,
        expect: Expect,
    ) -> Attempt {
        let inner = &self.inner;
        let mut url = inner.base_url.clone();
        path.apply_to(&mut url);
        let mut builder = inner
            .http
            .request(reqwest_method(request.method()), url)
            .header(AUTHORIZATION, inner.authorization.clone())
            .header(ACCEPT, "application/json")
            // The docs' examples send it on every request, GET included.
            .header(CONTENT_TYPE, "application/json");
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let response = match builder.send().await {
            Ok(response) => response,
            Err(error) => return transport_failure(error, inner),
        };
        let status = response.status().as_u16();
        if expect == Expect::Redirect && matches!(status, 301 | 302 | 303 | 307 | 308) {
            // The body of the redirect is empty and not read; the location is not logged (it
            // carries its own credential, e.g. `x-amz-security-token`).
            tracing::debug!(request = %request, status, "redirect, not followed");
            return match response
                .headers()
                .get(LOCATION)
                .and_then(|location| location.to_str().ok())
            {
                Some(location) => Attempt::Success(Success::Location(location.to_owned())),
                None => Attempt::Failed {
                    kind: ErrorKind::Decode {
                        status,
                        detail: "the redirect has no readable Location header".into(),
                    },
                    failure: None,
                    cause: None,
                },
            };
        }
        let bytes = match read_body(response).await {
            Ok(bytes) => bytes,
            Err(BodyError::TooLarge) => {
                return Attempt::Failed {
                    kind: ErrorKind::TooLarge {
                        status,
                        limit: MAX_RESPONSE_BYTES,
                    },
                    // The same server would send the same body again.
                    failure: None,
                    cause: None,
                };
            }
            Err(BodyError::Transport(error)) => return transport_failure(error, inner),
        };
        tracing::debug!(request = %request, status, bytes = bytes.len(), "response");
        if (200..300).contains(&status) {
            return Attempt::Success(Success::Body(bytes));
        }
        // A server may echo the request, Authorization header included: the token is taken out
        // of the body before any of it reaches an error or a log line.
        let body = ApiError::from_body(inner.scrub(&String::from_utf8_lossy(&bytes)).as_bytes());
        let (kind, failure) = match (status, body) {
            (401, body) => (ErrorKind::Unauthorized { body }, None),
            (404, body) => (ErrorKind::NotFound { body }, None),
            (500..=599, body) => (
                ErrorKind::Server { status, body },
                Some(Failure::MaybeApplied),
            ),
            (400..=499, body) => (
                ErrorKind::Api {
                    status,
                    body: body.unwrap_or(ApiError::Empty),
                },
                None,
            ),
            (_, body) => (ErrorKind::UnexpectedStatus { status, body }, None),
        };
        Attempt::Failed {
            kind,
            failure,
            cause: None,
        }
    }
}

/// Serializes a request body, which holds credentials in plain text, into a buffer of exactly
/// its size that is wiped when the last reference to it is dropped
/// ([`stitch_types::to_wiped_json`]). Every attempt sends the same buffer (cloning `Bytes`
/// shares it), so no copy of it is ever freed unwiped, not even inside hyper.
fn wiped_body(body: &impl Serialize) -> Result<Bytes, serde_json::Error> {
    stitch_types::to_wiped_json(body).map(Bytes::from_owner)
}

/// Why a response body could not be read.
enum BodyError {
    /// It is larger than [`MAX_RESPONSE_BYTES`].
    TooLarge,
    /// The connection failed or timed out while it was read.
    Transport(reqwest::Error),
}

/// Reads the body, refusing one larger than [`MAX_RESPONSE_BYTES`]: at once when its
/// `Content-Length` says so, otherwise as soon as the chunks read exceed it, so a
/// misbehaving server can never make the client buffer more.
async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, BodyError> {
    let limit = u64::try_from(MAX_RESPONSE_BYTES).unwrap_or(u64::MAX);
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(BodyError::TooLarge);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if bytes.len().saturating_add(chunk.len()) > MAX_RESPONSE_BYTES {
            return Err(BodyError::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn reqwest_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// Classifies a reqwest error. The URL is dropped from it: the error already names the path,
/// and a URL is the one place a careless base URL could carry a secret.
fn transport_failure(error: reqwest::Error, inner: &Inner) -> Attempt {
    let error = error.without_url();
    if is_tls_failure(&error) {
        // An untrusted certificate or a server that does not speak TLS stays so: retrying only
        // delays the error (and keeps talking to a server that may be an impostor).
        return Attempt::Failed {
            kind: ErrorKind::Tls {
                detail: inner.scrub(&causes(&error)),
            },
            failure: None,
            cause: Some(error),
        };
    }
    let before_sending = error.is_connect();
    let failure = Some(if before_sending {
        Failure::NotSent
    } else {
        Failure::MaybeApplied
    });
    let kind = if error.is_timeout() {
        let after = if before_sending {
            inner.connect_timeout
        } else {
            inner.timeout
        };
        ErrorKind::Timeout { after }
    } else {
        ErrorKind::Transport {
            before_sending,
            detail: inner.scrub(&causes(&error)),
        }
    };
    Attempt::Failed {
        kind,
        failure,
        cause: Some(error),
    }
}

/// Whether a rustls error is among the causes. reqwest counts a failed handshake as a
/// connect error; tokio-rustls passes rustls's error on inside an `io::Error`, itself inside
/// another one, and `io::Error::source` skips the error it wraps, so those are unwrapped here.
fn is_tls_failure(error: &reqwest::Error) -> bool {
    fn is_rustls(error: &(dyn std::error::Error + 'static)) -> bool {
        if error.is::<rustls::Error>() {
            return true;
        }
        match error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => is_rustls(inner),
            None => false,
        }
    }
    let mut source = error.source();
    while let Some(cause) = source {
        if is_rustls(cause) {
            return true;
        }
        source = cause.source();
    }
    false
}

/// An error and its causes, joined: `error sending request: tcp connect error: Connection refused`.
fn causes(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let shown = cause.to_string();
        if !text.ends_with(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoded_path_is_what_is_sent() {
        let path = ApiPath::new(["v4", "destination-types", "a/b c?d"]);
        assert_eq!(path.encoded(), "/v4/destination-types/a%2Fb%20c%3Fd");
        let page = ApiPath::new(["v4", "116078", "loads"]).query("page", "2");
        assert_eq!(page.encoded(), "/v4/116078/loads?page=2");
        for bad in ["", ".", ".."] {
            assert!(ApiPath::is_unsafe_segment(bad));
        }
        assert!(!ApiPath::is_unsafe_segment("..."));
        assert!(!ApiPath::is_unsafe_segment("platform.hubspot"));
    }
}

//! Sending one API call: building the URL, the retry loop, and turning every failure into an
//! [`Error`] that names the request.

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
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

/// An API path as segments, e.g. `["v4", "destinations", "42"]`. Each segment is
/// percent-encoded into the URL, so a type name can never add a segment or a query.
pub(crate) struct ApiPath(Vec<String>);

impl ApiPath {
    pub(crate) fn new<I, S>(segments: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ApiPath(segments.into_iter().map(Into::into).collect())
    }

    /// The path as it goes on the wire, `/v4/destination-types/a%2Fb`: errors show what was
    /// sent. It is encoded by the same `url` call as the request URL, so the two cannot differ.
    pub(crate) fn encoded(&self) -> String {
        let mut url = Url::parse("http://path.invalid/").expect("a valid constant URL");
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.clear().extend(&self.0);
        }
        url.path().to_owned()
    }

    /// Whether a caller-given segment would be dropped by URL normalisation (`.`, `..`) or leave
    /// an empty one: the request would then reach another endpoint, e.g. the list of types.
    pub(crate) fn is_unsafe_segment(segment: &str) -> bool {
        matches!(segment, "" | "." | "..")
    }
}

/// One attempt's outcome, before retry decisions.
enum Attempt {
    Success(Vec<u8>),
    Failed {
        kind: ErrorKind,
        /// How the attempt failed, for the retry decision; `None` when retrying cannot help.
        failure: Option<Failure>,
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
        let (bytes, attempts) = self.send(&request, &path, None).await?;
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
            .map_err(|error| decode_error(error.to_string()))?;
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
        let encoded = match body.map(serde_json::to_vec).transpose() {
            Ok(encoded) => encoded,
            Err(error) => {
                let kind = ErrorKind::Encode {
                    detail: error.to_string(),
                };
                return Err(Error::new(request, 0, kind));
            }
        };
        let (bytes, attempts) = self.send(&request, &path, encoded).await?;
        // Every documented success is a 200 with a JSON body.
        serde_json::from_slice(&bytes).map_err(|error| {
            let kind = ErrorKind::Decode {
                status: 200,
                detail: error.to_string(),
            };
            Error::new(request, attempts, kind)
        })
    }

    /// Sends the request, retrying where that is safe, and returns the body of the `2xx` and
    /// the number of attempts it took.
    async fn send(
        &self,
        request: &Request,
        path: &ApiPath,
        body: Option<Vec<u8>>,
    ) -> Result<(Vec<u8>, u32), Error> {
        let retry = self.inner.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            tracing::debug!(request = %request, attempt, "sending");
            let (kind, failure) = match self.attempt(request, path, body.clone()).await {
                Attempt::Success(bytes) => return Ok((bytes, attempt)),
                Attempt::Failed { kind, failure } => (kind, failure),
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
                    return Err(Error::new(request.clone(), attempt, kind));
                }
            }
        }
    }

    async fn attempt(&self, request: &Request, path: &ApiPath, body: Option<Vec<u8>>) -> Attempt {
        let inner = &self.inner;
        let mut url = inner.base_url.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().extend(&path.0);
        }
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
                };
            }
            Err(BodyError::Transport(error)) => return transport_failure(error, inner),
        };
        tracing::debug!(request = %request, status, bytes = bytes.len(), "response");
        if (200..300).contains(&status) {
            return Attempt::Success(bytes);
        }
        let body = ApiError::from_body(&bytes);
        let (kind, failure) = match (status, body) {
            (401, body) => (ErrorKind::Unauthorized { body }, None),
            (404, body) => (ErrorKind::NotFound { body }, None),
            (500..=599, body) => (
                ErrorKind::Server { status, body },
                Some(Failure::MaybeApplied),
            ),
            (400..=499, Some(body)) => (ErrorKind::Api { status, body }, None),
            (_, body) => (ErrorKind::UnexpectedStatus { status, body }, None),
        };
        Attempt::Failed { kind, failure }
    }
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
                detail: causes(&error),
            },
            failure: None,
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
            detail: causes(&error),
        }
    };
    Attempt::Failed { kind, failure }
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
        for bad in ["", ".", ".."] {
            assert!(ApiPath::is_unsafe_segment(bad));
        }
        assert!(!ApiPath::is_unsafe_segment("..."));
        assert!(!ApiPath::is_unsafe_segment("platform.hubspot"));
    }
}

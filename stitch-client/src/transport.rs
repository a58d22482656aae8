//! Sending one API call: building the URL, the retry loop, and turning every failure into an
//! [`Error`] that names the request.

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::error::Error as _;

use crate::client::{Client, Inner};
use crate::error::{ApiError, Error, ErrorKind, Method, Request};
use crate::retry::{Failure, is_safe_to_retry};

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

    fn display(&self) -> String {
        self.0.iter().map(|segment| format!("/{segment}")).collect()
    }
}

/// One attempt's outcome, before retry decisions.
enum Attempt {
    Success(Vec<u8>),
    Failed {
        kind: ErrorKind,
        failure: Option<Failure>,
    },
}

impl Client {
    /// `GET`s `path` and reads the response as `T`.
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: ApiPath) -> Result<T, Error> {
        self.call(Method::Get, path, None::<&()>).await
    }

    /// Calls the API and reads the response as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: ApiPath,
        body: Option<&impl Serialize>,
    ) -> Result<T, Error> {
        let request = Request::new(method, path.display());
        let encoded = match body.map(serde_json::to_vec).transpose() {
            Ok(encoded) => encoded,
            Err(error) => {
                let kind = ErrorKind::Encode {
                    detail: error.to_string(),
                };
                return Err(Error::new(request, 0, kind));
            }
        };
        let bytes = self.send(&request, &path, encoded).await?;
        // Every documented success is a 200 with a JSON body.
        serde_json::from_slice(&bytes).map_err(|error| {
            let kind = ErrorKind::Decode {
                status: 200,
                detail: error.to_string(),
            };
            Error::new(request, 1, kind)
        })
    }

    /// Sends the request, retrying where that is safe, and returns the body of the `2xx`.
    async fn send(
        &self,
        request: &Request,
        path: &ApiPath,
        body: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, Error> {
        let retry = self.inner.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            tracing::debug!(request = %request, attempt, "sending");
            let (kind, failure) = match self.attempt(request.method(), path, body.clone()).await {
                Attempt::Success(bytes) => return Ok(bytes),
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

    async fn attempt(&self, method: Method, path: &ApiPath, body: Option<Vec<u8>>) -> Attempt {
        let inner = &self.inner;
        let mut url = inner.base_url.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().extend(&path.0);
        }
        let mut builder = inner
            .http
            .request(reqwest_method(method), url)
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
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes.to_vec(),
            Err(error) => return transport_failure(error, inner),
        };
        tracing::debug!(status, bytes = bytes.len(), "response");
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
            detail: causes(&error.without_url()),
        }
    };
    Attempt::Failed { kind, failure }
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

//! [`Client`] and its builder: base URL, access token, timeouts, retries.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use stitch_types::Secret;
use url::Url;

use crate::retry::RetryPolicy;

/// The Connect API's base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.stitchdata.com";

/// A typed client of the Stitch Connect API.
///
/// Cloning is cheap and clones share one connection pool. The access token is kept in a
/// [`Secret`] and a header marked sensitive; `Debug` shows `[redacted]` in its place.
///
/// ```
/// use std::time::Duration;
/// use stitch_client::{Client, RetryPolicy};
///
/// let client = Client::builder("ac_example_token")
///     .base_url("http://127.0.0.1:8787")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::new(2))
///     .build()?;
/// assert!(!format!("{client:?}").contains("ac_example_token"));
/// # Ok::<(), stitch_client::BuildError>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// `Bearer <token>`, marked sensitive so hyper and reqwest never print it.
    pub(crate) authorization: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &"[redacted]")
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    /// A client of the real API (`https://api.stitchdata.com`) with the default timeouts and
    /// retries.
    pub fn new(token: impl Into<Secret<String>>) -> Result<Client, BuildError> {
        Client::builder(token).build()
    }

    /// Starts configuring a client that authenticates with `token` (an API access token,
    /// `ac_…`).
    pub fn builder(token: impl Into<Secret<String>>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: ClientBuilder::DEFAULT_TIMEOUT,
            connect_timeout: ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    token: Secret<String>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &"[redacted]")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// How long one attempt may take, response body included, unless set otherwise.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// How long connecting may take, unless set otherwise.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// Sends requests to `base_url` instead of `https://api.stitchdata.com`, e.g. a local
    /// emulator. Plain `http` is accepted for loopback addresses only, so the token never
    /// crosses a network unencrypted.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// How long one attempt may take, from sending to the end of the response body.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long establishing a connection (TCP and TLS) may take.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Which failed requests are retried, and how patiently.
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = checked_base_url(&self.base_url)?;
        if self.token.expose_secret().trim().is_empty() {
            return Err(BuildError::InvalidToken);
        }
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {}", self.token.expose_secret()))
                .map_err(|_| BuildError::InvalidToken)?;
        authorization.set_sensitive(true);
        crate::tls::ensure_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!("stitch-client/", env!("CARGO_PKG_VERSION")))
            // A redirect could carry the Authorization header to another host; the API
            // documents none, so none is followed.
            .redirect(reqwest::redirect::Policy::none())
            // Retries are decided in one place, `RetryPolicy`, so attempt counts are exact.
            .retry(reqwest::retry::never())
            .build()
            .map_err(|error| BuildError::Http(error.to_string()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                retry: self.retry,
            }),
        })
    }
}

fn checked_base_url(text: &str) -> Result<Url, BuildError> {
    let url = Url::parse(text).map_err(|error| BuildError::InvalidBaseUrl {
        reason: error.to_string(),
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        // The URL is not repeated: it holds a credential.
        return Err(BuildError::InvalidBaseUrl {
            reason:
                "it holds a user name or password; give the access token to the builder instead"
                    .into(),
        });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(BuildError::InvalidBaseUrl {
            reason: format!("`{url}` has a query or fragment"),
        });
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(BuildError::InsecureBaseUrl {
            url: url.to_string(),
        }),
        other => Err(BuildError::InvalidBaseUrl {
            reason: format!("the scheme `{other}` is not http or https"),
        }),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Why a [`Client`] could not be built. Never shows the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse or has parts a base URL cannot have.
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// Plain `http` to a host that is not this machine would send the token unencrypted.
    #[error(
        "refusing to send the access token unencrypted to `{url}`: use https (http is allowed for loopback addresses only)"
    )]
    InsecureBaseUrl {
        /// The URL given.
        url: String,
    },
    /// The token is empty or has characters an HTTP header cannot carry.
    #[error("the access token is empty or not a valid HTTP header value")]
    InvalidToken,
    /// The HTTP stack could not be set up.
    #[error("the HTTP client could not be built: {0}")]
    Http(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert!(checked_base_url("https://api.stitchdata.com").is_ok());
        assert!(checked_base_url("http://127.0.0.1:8787").is_ok());
        assert!(checked_base_url("http://localhost:8787/prefix/").is_ok());
        assert!(checked_base_url("http://[::1]:8787").is_ok());
        assert!(matches!(
            checked_base_url("http://api.example.com"),
            Err(BuildError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            checked_base_url("ftp://127.0.0.1"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            checked_base_url("not a url"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        let with_password = checked_base_url("https://user:hunter2@api.example.com").unwrap_err();
        assert!(
            !with_password.to_string().contains("hunter2"),
            "{with_password}"
        );
    }

    #[test]
    fn the_token_is_checked_and_never_shown() {
        assert_eq!(Client::new("").unwrap_err(), BuildError::InvalidToken);
        let bad = Client::new("ac_line\nbreak_secret").unwrap_err();
        assert_eq!(bad, BuildError::InvalidToken);
        assert!(!bad.to_string().contains("secret"));
        let builder = Client::builder("ac_builder_secret");
        assert!(!format!("{builder:?}").contains("ac_builder_secret"));
    }

    #[test]
    fn an_https_client_builds_with_the_ring_provider() {
        let client = Client::new("ac_https_secret").unwrap();
        assert_eq!(client.base_url().as_str(), "https://api.stitchdata.com/");
        let shown = format!("{client:?}");
        assert!(!shown.contains("ac_https_secret"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
}

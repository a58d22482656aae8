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
    /// The token itself, to take out of whatever a server sends back ([`Inner::scrub`]).
    token: Secret<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// The proxy the builder was given, shown without its credentials.
    proxy: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &"[redacted]")
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("retry", &self.inner.retry)
            .field("proxy", &self.inner.proxy)
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
            proxy: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }
}

impl Inner {
    /// `text` with every occurrence of the access token replaced by `[redacted]`: applied to
    /// everything a server sends that may reach an error or a log line, since a server (or a
    /// proxy) may echo the request's `Authorization` header back.
    pub(crate) fn scrub(&self, text: &str) -> String {
        text.replace(self.token.expose_secret().as_str(), "[redacted]")
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    token: Secret<String>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    proxy: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URLs are not yet checked: they may hold a user name, a password or a query.
        f.debug_struct("ClientBuilder")
            .field("base_url", &redacted_text(&self.base_url))
            .field("token", &"[redacted]")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("proxy", &self.proxy.as_deref().map(redacted_text))
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

    /// Sends every request through this proxy (`http://`, `https://` or `socks5://` URL; a
    /// user name and password in it are sent to the proxy and never shown).
    ///
    /// Without this the client uses no proxy at all: `HTTP_PROXY`, `HTTPS_PROXY` and
    /// `ALL_PROXY` are ignored, because an environment proxy could receive the access token in
    /// plain text from a request to a loopback `http` base URL. With a loopback `http` base URL
    /// the proxy must be on this machine too.
    #[must_use]
    pub fn proxy(mut self, proxy: impl Into<String>) -> Self {
        self.proxy = Some(proxy.into());
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = checked_base_url(&self.base_url)?;
        let proxy = self
            .proxy
            .as_deref()
            .map(|proxy| checked_proxy(proxy, &base_url))
            .transpose()?;
        if self.token.expose_secret().trim().is_empty() {
            return Err(BuildError::InvalidToken);
        }
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {}", self.token.expose_secret()))
                .map_err(|_| BuildError::InvalidToken)?;
        authorization.set_sensitive(true);
        crate::tls::ensure_crypto_provider();
        let mut http = reqwest::Client::builder()
            // Environment proxies are never used: only one given to `proxy` is, after the
            // checks above.
            .no_proxy()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!("stitch-client/", env!("CARGO_PKG_VERSION")))
            // A redirect could carry the Authorization header to another host; the API
            // documents none, so none is followed.
            .redirect(reqwest::redirect::Policy::none())
            // Retries are decided in one place, `RetryPolicy`, so attempt counts are exact.
            .retry(reqwest::retry::never());
        if let Some(proxy) = &proxy {
            // reqwest's error would repeat the URL, credentials included.
            let proxy =
                reqwest::Proxy::all(proxy.as_str()).map_err(|_| BuildError::InvalidProxy {
                    reason: "reqwest does not accept it as a proxy".into(),
                })?;
            http = http.proxy(proxy);
        }
        let http = http
            .build()
            .map_err(|error| BuildError::Http(error.without_url().to_string()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                token: self.token,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                retry: self.retry,
                proxy: proxy.as_ref().map(redacted),
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
        // Not repeated either: a query is where careless URLs carry keys.
        return Err(BuildError::InvalidBaseUrl {
            reason: "it has a query or fragment".into(),
        });
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(BuildError::InsecureBaseUrl {
            url: redacted(&url),
        }),
        other => Err(BuildError::InvalidBaseUrl {
            reason: format!("the scheme `{other}` is not http or https"),
        }),
    }
}

/// The proxy URL, checked: a proxy that would see the token in plain text over a network is
/// refused.
fn checked_proxy(text: &str, base_url: &Url) -> Result<Url, BuildError> {
    // url's parse errors are fixed texts that never quote the input.
    let proxy = Url::parse(text).map_err(|error| BuildError::InvalidProxy {
        reason: error.to_string(),
    })?;
    if !matches!(proxy.scheme(), "http" | "https" | "socks5" | "socks5h") {
        return Err(BuildError::InvalidProxy {
            reason: format!(
                "the scheme `{}` is not http, https or socks5",
                proxy.scheme()
            ),
        });
    }
    if proxy.host().is_none() {
        return Err(BuildError::InvalidProxy {
            reason: "it has no host".into(),
        });
    }
    // An `https` base URL is tunnelled through the proxy (CONNECT): the proxy never sees the
    // token. A plain `http` one is forwarded as is, token included.
    if base_url.scheme() == "http" && !is_loopback(&proxy) {
        return Err(BuildError::InsecureProxy {
            proxy: redacted(&proxy),
        });
    }
    Ok(proxy)
}

/// A URL as it may be shown: user name, password, query and fragment replaced by
/// `[redacted]`, since any of them may hold a credential.
fn redacted(url: &Url) -> String {
    let mut shown = format!("{}://", url.scheme());
    if !url.username().is_empty() || url.password().is_some() {
        shown.push_str("[redacted]@");
    }
    if let Some(host) = url.host_str() {
        shown.push_str(host);
    }
    if let Some(port) = url.port() {
        shown.push_str(&format!(":{port}"));
    }
    shown.push_str(url.path());
    if url.query().is_some() {
        shown.push_str("?[redacted]");
    }
    if url.fragment().is_some() {
        shown.push_str("#[redacted]");
    }
    shown
}

/// [`redacted`] for text that may not parse as a URL; text that does not is not shown at all.
fn redacted_text(text: &str) -> String {
    Url::parse(text).map_or_else(|_| "[not a URL]".to_owned(), |url| redacted(&url))
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
        /// The URL given, with any user name, password, query or fragment shown as
        /// `[redacted]`.
        url: String,
    },
    /// The proxy URL does not parse or has a scheme reqwest cannot use.
    #[error("invalid proxy URL: {reason}")]
    InvalidProxy {
        /// What is wrong with it (never the URL itself: it may hold a password).
        reason: String,
    },
    /// A proxy on another machine would see the token of a plain `http` base URL.
    #[error(
        "refusing to send the access token unencrypted through the proxy `{proxy}`: with an http base URL the proxy must be on a loopback address"
    )]
    InsecureProxy {
        /// The proxy URL, with any user name, password, query or fragment shown as
        /// `[redacted]`.
        proxy: String,
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
    fn build_errors_never_repeat_a_query_fragment_or_user_info() {
        let secrets = ["key-in-query-5d1", "frag-secret-77", "hunter2"];
        for url in [
            "https://api.example.com/?api_key=key-in-query-5d1",
            "https://api.example.com/#frag-secret-77",
            "http://api.example.com/base?api_key=key-in-query-5d1#frag-secret-77",
            "http://user:hunter2@api.example.com/",
        ] {
            let error = checked_base_url(url).unwrap_err();
            let shown = format!("{error} {error:?}");
            for secret in secrets {
                assert!(!shown.contains(secret), "{url}: {shown}");
            }
        }
        let insecure = checked_base_url("http://api.example.com/v1").unwrap_err();
        assert_eq!(
            insecure,
            BuildError::InsecureBaseUrl {
                url: "http://api.example.com/v1".into()
            }
        );
    }

    #[test]
    fn the_builders_debug_redacts_the_urls() {
        let builder = Client::builder("ac_token")
            .base_url("https://user:hunter2@api.example.com/x?api_key=key-in-query-5d1#frag")
            .proxy("http://proxy-user:proxy-pass-9c@127.0.0.1:3128");
        let shown = format!("{builder:?}");
        for secret in [
            "hunter2",
            "user",
            "key-in-query-5d1",
            "frag",
            "proxy-pass-9c",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("https://[redacted]@api.example.com/x?[redacted]#[redacted]"),
            "{shown}"
        );
        assert!(
            shown.contains("http://[redacted]@127.0.0.1:3128/"),
            "{shown}"
        );
        let unparseable = format!(
            "{:?}",
            Client::builder("ac_token").base_url("key-9f3 not a url")
        );
        assert!(!unparseable.contains("key-9f3"), "{unparseable}");
    }

    #[test]
    fn proxies_are_checked_and_never_shown() {
        let build = |base: &str, proxy: &str| {
            Client::builder("ac_token")
                .base_url(base)
                .proxy(proxy)
                .build()
        };
        let client = build(
            "http://127.0.0.1:1",
            "http://user:proxy-pass-9c@127.0.0.1:3128",
        )
        .unwrap();
        assert!(!format!("{client:?}").contains("proxy-pass-9c"));
        assert!(build("https://api.example.com", "http://proxy.example.com:3128").is_ok());
        let remote = build(
            "http://127.0.0.1:1",
            "http://user:proxy-pass-9c@proxy.example.com:3128",
        )
        .unwrap_err();
        assert!(
            matches!(remote, BuildError::InsecureProxy { .. }),
            "{remote}"
        );
        assert!(!remote.to_string().contains("proxy-pass-9c"), "{remote}");
        assert!(matches!(
            build("https://api.example.com", "ftp://proxy.example.com"),
            Err(BuildError::InvalidProxy { .. })
        ));
        let garbage = build("https://api.example.com", "proxy-pass-9c").unwrap_err();
        assert!(!garbage.to_string().contains("proxy-pass-9c"), "{garbage}");
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

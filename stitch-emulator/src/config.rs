//! How an emulator behaves: where its cards are, which tokens it accepts, the accounts' plan,
//! when connection checks fail, and how much a client may take of it (time, connections, checks).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use stitch_types::Secret;

/// The Stitch plan of the emulated accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tier {
    /// One destination per account: creating a second gives `400 "you are at your destination limit"`.
    Standard,
    /// No destination limit. Connect access needs Advanced or Premium, so this is the default.
    #[default]
    Advanced,
    /// No destination limit.
    Premium,
}

impl Tier {
    /// How many destinations an account on this plan may have.
    pub(crate) fn destination_limit(self) -> Option<usize> {
        match self {
            Tier::Standard => Some(1),
            Tier::Advanced | Tier::Premium => None,
        }
    }
}

/// The error of parsing a [`Tier`] name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tier `{0}`: expected standard, advanced or premium")]
pub struct UnknownTier(String);

impl FromStr for Tier {
    type Err = UnknownTier;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "standard" => Ok(Tier::Standard),
            "advanced" => Ok(Tier::Advanced),
            "premium" => Ok(Tier::Premium),
            other => Err(UnknownTier(other.to_owned())),
        }
    }
}

/// A condition under which connection checks fail: a property holding a given value.
///
/// The value is a [`Secret`]: it is usually a password, and never appears in `Debug` output.
#[derive(Clone)]
pub struct CheckFailure {
    pub(crate) property: String,
    pub(crate) value: Secret<String>,
}

impl CheckFailure {
    /// Checks fail when the connection's `property` holds `value`.
    pub fn when(property: impl Into<String>, value: impl Into<Secret<String>>) -> Self {
        CheckFailure {
            property: property.into(),
            value: value.into(),
        }
    }
}

impl fmt::Debug for CheckFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckFailure")
            .field("property", &self.property)
            .field("value", &self.value)
            .finish()
    }
}

/// The configuration of an emulator.
///
/// ```
/// use std::time::Duration;
/// use stitch_emulator::{CheckFailure, EmulatorConfig, Tier};
///
/// let config = EmulatorConfig::new("schemas")
///     .accept_token("ac_local_test_token")
///     .tier(Tier::Standard)
///     .check_delay(Duration::from_millis(100))
///     .fail_checks_when(CheckFailure::when("password", "wrong-password"));
/// assert!(format!("{config:?}").contains("[redacted]"));
/// ```
///
/// # Limits
///
/// A test server still meets clients that stall or go away. [`Emulator::start`] bounds what
/// one can hold (each limit's method says more):
///
/// | limit | default |
/// | --- | --- |
/// | [time to send a request's headers](Self::header_read_timeout), or to start the next one on a kept-alive connection | 10 s |
/// | [time to send a request's body](Self::body_read_timeout), once the headers are in | 30 s |
/// | [open connections](Self::max_connections); more wait in the listen backlog | 512 |
/// | [property checks running at once](Self::max_concurrent_checks) | the number of CPUs |
/// | [time `shutdown` gives requests in flight](Self::shutdown_grace) | 5 s |
///
/// Bodies larger than 2 MiB are refused with `413`. A server of your own that mounts
/// [`router`](crate::router) gets the body limits and the check limit; the others are the
/// server's.
///
/// [`Emulator::start`]: crate::Emulator::start
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    pub(crate) schema_dirs: Vec<PathBuf>,
    pub(crate) tokens: Vec<Secret<String>>,
    pub(crate) tier: Tier,
    pub(crate) check_delay: Duration,
    pub(crate) check_failure: Option<CheckFailure>,
    pub(crate) catalogs: Option<PathBuf>,
    pub(crate) job_duration: Duration,
    pub(crate) header_read_timeout: Duration,
    pub(crate) body_read_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) max_concurrent_checks: usize,
    pub(crate) shutdown_grace: Duration,
}

impl EmulatorConfig {
    /// How long a connection check runs when nothing else is configured: long enough that a
    /// client sees it running, short enough for tests.
    pub const DEFAULT_CHECK_DELAY: Duration = Duration::from_millis(500);

    /// How long a replication job runs when nothing else is configured: long enough that a
    /// second start sees it running, short enough for tests.
    pub const DEFAULT_JOB_DURATION: Duration = Duration::from_millis(1000);

    /// How long a client has to send a request's headers when nothing else is configured:
    /// ample for any client on a working network, short enough that stalled ones go soon.
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

    /// How long a client has to send a request's body when nothing else is configured: a
    /// body is at most 2 MiB, which a working client sends in far less.
    pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

    /// How many connections are served at once when nothing else is configured: far more than
    /// a test suite opens, few enough that file descriptors and memory stay small.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

    /// How long [`Emulator::shutdown`](crate::Emulator::shutdown) lets requests in flight
    /// finish when nothing else is configured.
    pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

    /// Serves the cards of `schema_dir` (`schema_dir/destinations/*.json`,
    /// `schema_dir/sources/*.json`), accepting any bearer token.
    pub fn new(schema_dir: impl Into<PathBuf>) -> Self {
        EmulatorConfig {
            schema_dirs: vec![schema_dir.into()],
            tokens: Vec::new(),
            tier: Tier::default(),
            check_delay: Self::DEFAULT_CHECK_DELAY,
            check_failure: None,
            catalogs: None,
            job_duration: Self::DEFAULT_JOB_DURATION,
            header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: Self::DEFAULT_BODY_READ_TIMEOUT,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            max_concurrent_checks: Self::default_max_concurrent_checks(),
            shutdown_grace: Self::DEFAULT_SHUTDOWN_GRACE,
        }
    }

    /// How many property checks run at once when nothing else is configured: one per CPU the
    /// process may use (checks are CPU-bound), or 4 when that cannot be told.
    pub fn default_max_concurrent_checks() -> usize {
        std::thread::available_parallelism().map_or(4, std::num::NonZeroUsize::get)
    }

    /// Serves the cards of another directory as well. A type defined twice is an error at start.
    #[must_use]
    pub fn also_schemas(mut self, schema_dir: impl Into<PathBuf>) -> Self {
        self.schema_dirs.push(schema_dir.into());
        self
    }

    /// Accepts this bearer token, and from then on no token that was not accepted this way.
    ///
    /// With no token configured, every non-empty bearer token is accepted and each distinct
    /// token is an account of its own, created on first use. Either way a request without a
    /// token gets `401`.
    #[must_use]
    pub fn accept_token(mut self, token: impl Into<Secret<String>>) -> Self {
        self.tokens.push(token.into());
        self
    }

    /// The plan of every account.
    #[must_use]
    pub fn tier(mut self, tier: Tier) -> Self {
        self.tier = tier;
        self
    }

    /// How long a connection check runs before it succeeds or fails.
    #[must_use]
    pub fn check_delay(mut self, delay: Duration) -> Self {
        self.check_delay = delay;
        self
    }

    /// Makes connection checks fail on a condition, e.g. a given password.
    #[must_use]
    pub fn fail_checks_when(mut self, failure: CheckFailure) -> Self {
        self.check_failure = Some(failure);
        self
    }

    /// Discovers the streams of a source of type `T` from the Singer catalog `dir/T.json`
    /// (e.g. `dir/platform.hubspot.json`), in the format the crate documentation describes.
    /// Every file is checked when the emulator starts. Types without a file discover a
    /// catalog made from the type's name.
    #[must_use]
    pub fn catalogs(mut self, dir: impl Into<PathBuf>) -> Self {
        self.catalogs = Some(dir.into());
        self
    }

    /// How long a replication job runs before it completes successfully.
    #[must_use]
    pub fn job_duration(mut self, duration: Duration) -> Self {
        self.job_duration = duration;
        self
    }

    /// How long a client has to send a request's headers, from its first byte (or from the
    /// end of the previous response, on a kept-alive connection) to the blank line that ends
    /// them. A connection that has not sent them by then is closed without an answer: a client
    /// that sends one byte at a time, or keeps an idle connection, cannot hold it for ever.
    /// Default [`DEFAULT_HEADER_READ_TIMEOUT`](Self::DEFAULT_HEADER_READ_TIMEOUT), 10 s.
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a client has to send a request's whole body once its headers are in. A body
    /// still incomplete then is answered `408` with a JSON string body, and the connection is
    /// closed. Default [`DEFAULT_BODY_READ_TIMEOUT`](Self::DEFAULT_BODY_READ_TIMEOUT), 30 s.
    #[must_use]
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// How many connections are served at once (at least 1; 0 is taken as 1). Further
    /// connections are not refused: they wait in the operating system's listen backlog until
    /// one closes, so a client sees a slower answer rather than an error. Since idle and
    /// stalled connections are closed after the [header timeout](Self::header_read_timeout),
    /// the wait ends within it unless every connection is busy with a request.
    /// Default [`DEFAULT_MAX_CONNECTIONS`](Self::DEFAULT_MAX_CONNECTIONS), 512.
    #[must_use]
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// How many property checks of `POST` and `PUT` bodies run at once (at least 1; 0 is taken
    /// as 1). Checks run off the async runtime, and a value can take seconds to check; further
    /// requests wait their turn, and one whose client disconnects while it waits never runs its
    /// check. A check that has started runs to its end. Default
    /// [`default_max_concurrent_checks`](Self::default_max_concurrent_checks), the number of
    /// CPUs.
    #[must_use]
    pub fn max_concurrent_checks(mut self, checks: usize) -> Self {
        self.max_concurrent_checks = checks.max(1);
        self
    }

    /// How long [`Emulator::shutdown`](crate::Emulator::shutdown) (and Ctrl-C in the binary)
    /// waits for requests in flight. It stops accepting connections at once, closes idle ones,
    /// lets the others finish their current request, and drops those still open when the grace
    /// period ends. Default [`DEFAULT_SHUTDOWN_GRACE`](Self::DEFAULT_SHUTDOWN_GRACE), 5 s.
    #[must_use]
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// The directories cards are read from.
    pub fn schema_dirs(&self) -> &[PathBuf] {
        &self.schema_dirs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_parse_and_only_standard_is_limited() {
        assert_eq!("standard".parse::<Tier>(), Ok(Tier::Standard));
        assert_eq!("premium".parse::<Tier>(), Ok(Tier::Premium));
        assert_eq!(
            "gold".parse::<Tier>().unwrap_err().to_string(),
            "unknown tier `gold`: expected standard, advanced or premium"
        );
        assert_eq!(Tier::Standard.destination_limit(), Some(1));
        assert_eq!(Tier::default().destination_limit(), None);
    }

    #[test]
    fn debug_hides_tokens_and_failing_values() {
        let config = EmulatorConfig::new("schemas")
            .accept_token("ac_very_secret_token")
            .fail_checks_when(CheckFailure::when("password", "very-secret-password"));
        let shown = format!("{config:?}");
        assert!(!shown.contains("very_secret"), "{shown}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(shown.contains("password"), "{shown}");
    }
}

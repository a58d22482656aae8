//! When a failed request is sent again, and how long the client waits before it does.
//!
//! Only requests that cannot change anything twice are retried: a `GET` (after a `5xx`, a
//! timeout or a transport failure), and any request whose connection failed before it was
//! sent. A failed TLS handshake is not retried at all: the same certificate would fail again. A `POST` that timed out may have created a destination; sending it again could
//! create a second one (or, on the Standard plan, fail with "destination limit"), so it is
//! returned as an error instead. `DELETE` is not retried either: a second delete of a deleted
//! destination is a `400`, which would hide the success of the first.

use std::time::Duration;

use crate::error::Method;

/// How often and how patiently failed requests are retried.
///
/// The wait before retry `n` (from 0) is drawn at random between half and all of
/// `min(max_backoff, initial_backoff × 2ⁿ)`: the doubling backs off from a struggling server,
/// and the randomness keeps many clients from retrying in lockstep.
///
/// ```
/// use std::time::Duration;
/// use stitch_client::RetryPolicy;
///
/// let policy = RetryPolicy::new(5)
///     .initial_backoff(Duration::from_millis(100))
///     .max_backoff(Duration::from_secs(2));
/// assert_eq!(policy.max_retries(), 5);
/// assert_eq!(RetryPolicy::none().max_retries(), 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, waiting about 0.25 s, 0.5 s and 1 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Up to `max_retries` retries after the first attempt, with the default waits.
    pub fn new(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..RetryPolicy::default()
        }
    }

    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy::new(0)
    }

    /// The wait before the first retry (before jitter).
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How many retries follow the first attempt at most.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `retry` (0 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(31)));
        let ceiling = doubled.min(self.max_backoff);
        let half = ceiling / 2;
        let jitter = fastrand::u64(..=duration_millis(ceiling - half));
        half + Duration::from_millis(jitter)
    }
}

fn duration_millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// What a failed attempt was, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection failed before the request left the client.
    NotSent,
    /// A timeout, a transport failure after sending, or a `5xx`: the request may have had an
    /// effect.
    MaybeApplied,
}

/// Whether a request that failed this way may be sent again.
pub(crate) fn is_safe_to_retry(method: Method, failure: Failure) -> bool {
    match failure {
        Failure::NotSent => true,
        Failure::MaybeApplied => method == Method::Get,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_maximum_with_jitter_in_the_upper_half() {
        let policy = RetryPolicy::new(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(1000));
        for _ in 0..200 {
            for (retry, ceiling) in [
                (0, 100),
                (1, 200),
                (2, 400),
                (3, 800),
                (4, 1000),
                (30, 1000),
                (40, 1000),
            ] {
                let wait = policy.backoff(retry).as_millis();
                assert!(
                    (ceiling / 2..=ceiling).contains(&wait),
                    "retry {retry}: {wait}ms outside {}..={ceiling}",
                    ceiling / 2
                );
            }
        }
    }

    #[test]
    fn backoff_is_random() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_secs(1));
        let waits: std::collections::HashSet<Duration> =
            (0..50).map(|_| policy.backoff(0)).collect();
        assert!(waits.len() > 1, "50 waits were all equal: no jitter");
    }

    #[test]
    fn only_reads_and_unsent_requests_are_retried() {
        for method in [Method::Get, Method::Post, Method::Put, Method::Delete] {
            assert!(is_safe_to_retry(method, Failure::NotSent));
            assert_eq!(
                is_safe_to_retry(method, Failure::MaybeApplied),
                method == Method::Get
            );
        }
    }
}

//! Random names and tokens: job UUIDs, which only have to differ, and access tokens, which must
//! not be guessable.

use std::fmt::Write;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

/// A random version-4 UUID for job names. Not security-relevant: it only has to look like
/// Stitch's and differ between jobs.
pub(crate) fn job_uuid() -> String {
    let bits = fastrand::u128(..);
    let bits = (bits & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// 64 hex digits no one can predict: Import API access tokens and log-link tokens.
///
/// fastrand's generator can be reconstructed from a few of its outputs, so tokens come from
/// SipHash keyed by [`RandomState`], which std seeds from the operating system's random source:
/// a keyed pseudo-random function of a counter, without a dependency for a CSPRNG.
pub(crate) fn unguessable_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut token = String::with_capacity(64);
    for _ in 0..4 {
        let input = COUNTER.fetch_add(1, Ordering::Relaxed);
        let word = RandomState::new().hash_one(input);
        // Writing to a String cannot fail.
        let _ = write!(token, "{word:016x}");
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_uuids_look_like_version_4() {
        let uuid = job_uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "{uuid}");
        assert_ne!(job_uuid(), uuid);
    }

    #[test]
    fn tokens_are_64_hex_digits_and_differ() {
        let token = unguessable_token();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        assert_ne!(unguessable_token(), token);
    }
}

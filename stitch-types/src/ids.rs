//! The API's numeric IDs as distinct types, so a source's ID cannot go where a destination's is
//! expected (nor an account's where a stream's is).
//!
//! ```compile_fail
//! use stitch_types::{DestinationId, SourceId};
//!
//! fn delete_destination(_: DestinationId) {}
//! delete_destination(SourceId::new(120_643)); // expected `DestinationId`, found `SourceId`
//! ```

use core::fmt;
use core::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Defines a numeric ID type: `Copy`, ordered, hashable, shown and sent as the bare number.
///
/// The docs' examples send every ID as a JSON number, but some pages type them as strings and
/// none says which may arrive (streams reference §14, silent 13): reading accepts both a number
/// and a string of digits; writing always sends a number.
macro_rules! numeric_id {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u64);

        impl $name {
            /// The ID with this number.
            pub const fn new(id: u64) -> Self {
                $name(id)
            }

            /// The number.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// `SourceId(120643)`: the kind of ID shows, so logs tell a source from a destination.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                parse_digits(text).map($name).ok_or(ParseIdError { what: $what })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(IdVisitor($what)).map($name)
            }
        }
    };
}

numeric_id!(
    /// A destination's ID: `Destination::id`, and what every destination call takes.
    DestinationId,
    "a destination ID"
);
numeric_id!(
    /// A source's ID: `Source::id`, and what every source, stream, job and token call takes.
    SourceId,
    "a source ID"
);
numeric_id!(
    /// A stream's numeric ID (`stream_id`), used in the path of a stream's schema. Selection
    /// names streams by `tap_stream_id` instead.
    StreamId,
    "a stream ID"
);
numeric_id!(
    /// A Stitch account's ID, `stitch_client_id`: the extraction and load lists are per account.
    StitchClientId,
    "a Stitch client ID"
);
numeric_id!(
    /// An Import API access token's ID: what revoking the token takes.
    ImportTokenId,
    "an Import API token ID"
);

/// A text that is not a decimal ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not {what}: expected decimal digits")]
pub struct ParseIdError {
    what: &'static str,
}

/// `text` as a `u64` when it is only ASCII digits (no sign, no spaces).
fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads an ID from a JSON number or a string of digits.
struct IdVisitor(&'static str);

impl Visitor<'_> for IdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (a non-negative integer)", self.0)
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<u64, E> {
        Ok(id)
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<u64, E> {
        u64::try_from(id).map_err(|_| E::invalid_value(de::Unexpected::Signed(id), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
        parse_digits(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_numbers_and_digit_strings_and_write_numbers() {
        let id: SourceId = serde_json::from_str("120643").unwrap();
        assert_eq!(id, SourceId::new(120_643));
        let from_text: SourceId = serde_json::from_str("\"120643\"").unwrap();
        assert_eq!(from_text, id);
        assert_eq!(serde_json::to_string(&id).unwrap(), "120643");
        for bad in ["-1", "\"12a\"", "\"\"", "1.5", "null", "\" 12\""] {
            let error = serde_json::from_str::<SourceId>(bad).unwrap_err();
            assert!(error.to_string().contains("a source ID"), "{bad}: {error}");
        }
    }

    #[test]
    fn ids_show_their_kind_in_debug_and_the_number_in_display() {
        let id = DestinationId::new(42);
        assert_eq!(format!("{id:?}"), "DestinationId(42)");
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<DestinationId>(), Ok(id));
        assert_eq!(
            "x".parse::<StreamId>().unwrap_err().to_string(),
            "not a stream ID: expected decimal digits"
        );
        assert_eq!(u64::from(id), 42);
    }
}

//! The wire form of property values, for generated code.
//!
//! The Connect API takes most numbers and booleans as strings (`"port": "5432"`,
//! `"ssl": "false"`). Generated types hold `u16` and `bool`; the helpers here write them as the
//! strings the card's pattern accepts, without a heap allocation per field, and read them back
//! checking every value and collecting every problem.
//!
//! Reading is in [`read`] (one value) and [`object`] (an object, key by key).
//!
//! Nothing here is a stable API: generated code reaches it through `stitch_types::__private_…`.

mod object;
mod read;

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;
use zeroize::Zeroize;

use crate::Secret;

pub use object::{
    Key, Keys, ObjectReader, ReadObject, deserialize_properties, deserialize_update,
    deserialize_wire, missing, object_of, properties_from_map, read_nothing, read_union,
    update_from_value,
};
#[cfg(feature = "runtime")]
pub(crate) use object::{by_name, invalid_properties};
#[cfg(feature = "runtime")]
pub(crate) use read::matching_with;
pub use read::{
    Invalid, Nested, Parsed, ReadValue, ReadWire, Rejecting, Unsigned, array_of, bool_string,
    boolean, boxed, constant, credential, digit_string, formatted, integer,
    integer_or_digit_string, nested, non_empty_string, one_of, pattern_string, rejecting, string,
    string_or_list,
};

/// Serializes an unsigned integer as a decimal string (`"5432"`) from a stack buffer.
pub struct UintString<T>(pub T);

impl<T: itoa::Integer + Copy> Serialize for UintString<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(itoa::Buffer::new().format(self.0))
    }
}

/// Serializes a `bool` as `"true"` or `"false"`.
pub struct BoolString(pub bool);

impl Serialize for BoolString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(if self.0 { "true" } else { "false" })
    }
}

/// A pattern of a generated newtype, compiled with an ECMA-262 engine the first time it is
/// used and then kept for the life of the process.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// A pattern that compiles on first use. The generator checked that it compiles.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the card writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `text` matches, as JSON Schema says (see [`pattern_matches`]). A pattern that
    /// does not compile matches nothing.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| compile_pattern(self.source))
            .as_ref()
            .is_some_and(|regex| pattern_matches(regex, text))
    }
}

/// Compiles a card's pattern ([`stitch_report_card::compile_pattern`]); `None` when it does
/// not compile.
pub(crate) fn compile_pattern(source: &str) -> Option<regress::Regex> {
    stitch_report_card::compile_pattern(source).ok()
}

/// Whether `text` matches a compiled pattern: a search, anchored only where the pattern has
/// anchors.
pub(crate) fn pattern_matches(regex: &regress::Regex, text: &str) -> bool {
    regex.find(text).is_some()
}

/// The value of a credential, for a request body.
pub fn expose<T: Zeroize>(secret: &Secret<T>) -> &T {
    secret.expose_secret()
}

/// Overwrites every string in a value that is about to be dropped.
pub fn scrub(value: &mut Value) {
    match value {
        Value::String(string) => string.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(scrub),
        Value::Object(map) => map.values_mut().for_each(scrub),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_strings() {
        assert_eq!(
            serde_json::to_string(&UintString(5432_u16)).unwrap(),
            "\"5432\""
        );
        assert_eq!(
            serde_json::to_string(&UintString(u64::MAX)).unwrap(),
            "\"18446744073709551615\""
        );
        assert_eq!(
            serde_json::to_string(&BoolString(false)).unwrap(),
            "\"false\""
        );
    }
}

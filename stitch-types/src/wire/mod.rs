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

use core::fmt;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;
use stitch_report_card::pattern::{self, Refused};
use zeroize::Zeroize;

use crate::Secret;
use crate::formats::PatternError;

#[cfg(feature = "runtime")]
pub(crate) use object::invalid_properties;
pub use object::{
    Key, KeyIndex, Keys, ObjectReader, ReadObject, deserialize_properties, deserialize_update,
    deserialize_wire, missing, object_of, properties_from_map, read_nothing, read_union,
    update_from_value,
};
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

/// A pattern of a generated newtype, compiled the first time it is used and then kept for the
/// life of the process ([`stitch_report_card::pattern`]: linear time, or a bounded
/// backtracking check).
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<pattern::Pattern>>,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
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

    /// Checks a value of the generated newtype `type_name`: the error of its `new`, `FromStr`
    /// and `TryFrom`.
    pub fn check(&self, type_name: &'static str, text: &str) -> Result<(), PatternError> {
        match self.matches(text) {
            Ok(true) => Ok(()),
            Ok(false) => Err(PatternError::new(type_name, self.source)),
            Err(refused) => Err(PatternError::not_checked(type_name, self.source, refused)),
        }
    }

    /// Whether `text` matches, as JSON Schema says (see [`pattern_matches`]).
    pub(crate) fn matches(&self, text: &str) -> Result<bool, Refused> {
        let compiled = self.compiled.get_or_init(|| compile_pattern(self.source));
        pattern_matches(compiled.as_ref(), text)
    }
}

/// Compiles a card's pattern ([`stitch_report_card::pattern::Pattern`]); `None` when it does
/// not compile.
pub(crate) fn compile_pattern(source: &str) -> Option<pattern::Pattern> {
    pattern::Pattern::new(source).ok()
}

/// Whether `text` matches a compiled pattern: a search, anchored only where the pattern has
/// anchors. A pattern that does not compile matches nothing; a value too long for a pattern
/// that needs backtracking is refused.
pub(crate) fn pattern_matches(
    compiled: Option<&pattern::Pattern>,
    text: &str,
) -> Result<bool, Refused> {
    compiled.map_or(Ok(false), |compiled| compiled.matches(text))
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
    use crate::validation::Problem;

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

    #[test]
    fn a_backtracking_pattern_refuses_a_value_over_its_bound_and_says_why() {
        static BACKREFERENCE: Pattern = Pattern::new(r"^(a)\1");
        let bound = pattern::BACKTRACKING_MAX_CHARS;
        assert_eq!(BACKREFERENCE.check("Doubled", &"a".repeat(bound)), Ok(()));
        let long = "a".repeat(bound + 1);
        let error = BACKREFERENCE.check("Doubled", &long).unwrap_err();
        assert_eq!(
            error.refused().map(|refused| refused.limit),
            Some(pattern::Limit::Chars(bound))
        );
        assert_eq!(
            error.to_string(),
            "the value is not checked against the pattern `^(a)\\1` of `Doubled`: the pattern \
             has a backreference, which needs a backtracking engine, so values longer than 1000 \
             characters are refused"
        );
        let Err(Invalid::Value(problem)) =
            pattern_string(&BACKREFERENCE).read_value(serde_json::json!(long))
        else {
            panic!("expected a problem with the value");
        };
        assert!(
            problem.to_string().starts_with("\"aaaa")
                && problem.to_string().ends_with(
                    "is not checked against the pattern `^(a)\\1`: the pattern has a \
                     backreference, which needs a backtracking engine, so values longer \
                     than 1000 characters are refused"
                ),
            "{problem}"
        );
        assert!(matches!(
            problem.redacted(),
            Problem::PatternNotChecked { value: None, .. }
        ));
    }

    #[test]
    fn a_hostile_pattern_is_checked_in_linear_time() {
        // `regress` takes 0.57 s on 24 characters of this; the rewrite, microseconds on 64 KiB.
        static HOSTILE: Pattern = Pattern::new("^(a+)+$");
        let value = format!("{}!", "a".repeat(64 * 1024));
        assert!(
            HOSTILE
                .check("Hostile", &value)
                .unwrap_err()
                .refused()
                .is_none()
        );
    }
}

//! The wire form of property values, for generated code.
//!
//! The Connect API takes most numbers and booleans as strings (`"port": "5432"`,
//! `"ssl": "false"`). Generated types hold `u16` and `bool`; the helpers here write them as the
//! strings the card's pattern accepts, without a heap allocation per field, and read them back
//! checking every value and collecting every problem.
//!
//! Nothing here is a stable API: generated code reaches it through `stitch_types::__private`.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};
use zeroize::Zeroize;

use stitch_report_card::pattern::{self, TooLong};

use crate::Secret;
use crate::formats::{PatternError, WireFormat};
use crate::validation::{Problem, PropertiesError, PropertyError, json_kind, show_value};

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
            Err(refused) => Err(PatternError::too_long(type_name, self.source, refused)),
        }
    }

    /// Whether `text` matches, as JSON Schema says (see [`pattern_matches`]).
    fn matches(&self, text: &str) -> Result<bool, TooLong> {
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
) -> Result<bool, TooLong> {
    compiled.map_or(Ok(false), |compiled| compiled.matches(text))
}

/// Values read from JSON by generated code: nested objects, unions, pattern newtypes.
pub trait FromWire: Sized {
    /// Reads and checks one value.
    fn from_wire(value: Value) -> Parsed<Self>;
}

/// The value of a credential, for a request body.
pub fn expose<T: Zeroize>(secret: &Secret<T>) -> &T {
    secret.expose_secret()
}

/// What a parser found wrong: one problem with the value itself, or problems inside it.
#[derive(Debug)]
pub enum Invalid {
    /// The value as a whole is wrong.
    Value(Problem),
    /// Fields or elements inside the value are wrong; paths are relative to the value.
    Inside(Vec<PropertyError>),
}

impl Invalid {
    /// The problems as one message, for a `Deserialize` error.
    pub fn into_message(self) -> String {
        match self {
            Invalid::Value(problem) => problem.to_string(),
            Invalid::Inside(inner) => inner
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The same problems without the offending values, for credentials.
    pub fn redacted(self) -> Self {
        match self {
            Invalid::Value(problem) => Invalid::Value(problem.redacted()),
            Invalid::Inside(inner) => {
                Invalid::Inside(inner.into_iter().map(PropertyError::redacted).collect())
            }
        }
    }
}

impl From<Problem> for Invalid {
    fn from(problem: Problem) -> Self {
        Invalid::Value(problem)
    }
}

/// The result of reading one value.
pub type Parsed<T> = Result<T, Invalid>;

/// Unsigned integer types a digit pattern maps to.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an unsigned integer type",
    label = "the property's schema takes unsigned whole numbers",
    note = "hold it in `u8`, `u16`, `u32` or `u64`"
)]
pub trait Unsigned: Copy + TryFrom<u64> + Into<u64> {
    /// The largest value of the type.
    const MAX_U64: u64;
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl Unsigned for $ty {
            const MAX_U64: u64 = <$ty>::MAX as u64;
        }
    )*};
}
unsigned!(u8, u16, u32, u64);

/// Collects the problems of one properties object (or one nested object) as it is read.
#[derive(Debug, Default)]
pub struct Checker {
    problems: Vec<PropertyError>,
}

impl Checker {
    /// A checker with no problems yet.
    pub fn new() -> Self {
        Checker::default()
    }

    /// Reads a property that must be present. `None` means a problem was recorded.
    pub fn required<T>(
        &mut self,
        map: &mut Map<String, Value>,
        name: &str,
        parse: impl FnOnce(Value) -> Parsed<T>,
    ) -> Option<T> {
        match map.remove(name) {
            Some(value) => self.parse(name, value, parse),
            None => {
                self.problems
                    .push(PropertyError::new(name, Problem::Missing));
                None
            }
        }
    }

    /// Reads a property that may be absent or `null`. `None` means a problem was recorded.
    pub fn optional<T>(
        &mut self,
        map: &mut Map<String, Value>,
        name: &str,
        parse: impl FnOnce(Value) -> Parsed<T>,
    ) -> Option<Option<T>> {
        match map.remove(name) {
            None | Some(Value::Null) => Some(None),
            Some(value) => self.parse(name, value, parse).map(Some),
        }
    }

    fn parse<T>(
        &mut self,
        name: &str,
        value: Value,
        parse: impl FnOnce(Value) -> Parsed<T>,
    ) -> Option<T> {
        match parse(value) {
            Ok(parsed) => Some(parsed),
            Err(Invalid::Value(problem)) => {
                self.problems.push(PropertyError::new(name, problem));
                None
            }
            Err(Invalid::Inside(inner)) => {
                self.problems
                    .extend(inner.into_iter().map(|error| error.nested_in(name)));
                None
            }
        }
    }

    /// Reports every key left in `map`: `read_only`, immutable and not-held properties as such,
    /// others as unknown with the closest of `known` suggested. Their values are scrubbed: a misspelt key may hold a
    /// credential.
    pub fn reject_remaining(
        &mut self,
        map: Map<String, Value>,
        known: &[&str],
        read_only: &[&str],
        immutable: &[&str],
        not_held: &[&str],
    ) {
        let listed = |names: &[&str], key: &str| names.contains(&key);
        for (key, mut value) in map {
            let problem = if listed(read_only, &key) {
                Problem::ReadOnly
            } else if listed(immutable, &key) {
                Problem::Immutable
            } else if listed(not_held, &key) {
                Problem::NotHeld
            } else {
                Problem::Unknown {
                    suggestion: stitch_report_card::closest_name(&key, known.iter().copied())
                        .map(str::to_owned),
                }
            };
            scrub(&mut value);
            self.problems.push(PropertyError::new(key, problem));
        }
    }

    /// Reads a property whose only allowed value is `allowed[0]`; the user never sets it.
    pub fn constant(
        &mut self,
        map: &mut Map<String, Value>,
        name: &str,
        allowed: &[&str],
        required: bool,
    ) {
        match map.remove(name) {
            None if required => self
                .problems
                .push(PropertyError::new(name, Problem::Missing)),
            None => {}
            Some(Value::String(value)) if allowed.contains(&value.as_str()) => {}
            Some(value) => self.problems.push(PropertyError::new(
                name,
                Problem::NotAllowed {
                    value: Some(show_value(&value)),
                    allowed: owned(allowed),
                },
            )),
        }
    }

    /// Reads the field that tells the branches of a union apart; the index of its value in
    /// `allowed`, or `None` when a problem was recorded.
    pub fn discriminator(
        &mut self,
        map: &mut Map<String, Value>,
        name: &str,
        allowed: &[&str],
    ) -> Option<usize> {
        let problem = match map.remove(name) {
            None => Problem::Missing,
            Some(Value::String(value)) => match allowed.iter().position(|tag| *tag == value) {
                Some(index) => return Some(index),
                None => Problem::NotAllowed {
                    value: Some(show_value(&Value::String(value))),
                    allowed: owned(allowed),
                },
            },
            Some(value) => Problem::WrongType {
                expected: "a string",
                found: json_kind(&value),
            },
        };
        self.problems.push(PropertyError::new(name, problem));
        None
    }

    /// Whether no problem was recorded.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems, as the error of a top-level properties object.
    pub fn into_error(
        self,
        card_type: impl Into<std::borrow::Cow<'static, str>>,
    ) -> PropertiesError {
        PropertiesError::new(card_type, self.problems)
    }

    /// The problems, as the error of a nested value.
    pub fn into_invalid(self) -> Invalid {
        Invalid::Inside(self.problems)
    }
}

/// The allowed values, for a problem.
fn owned(allowed: &[&str]) -> Vec<String> {
    allowed.iter().map(|value| (*value).to_owned()).collect()
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

/// `{"type": "boolean"}`: a JSON boolean.
pub fn boolean(value: Value) -> Parsed<bool> {
    match value {
        Value::Bool(flag) => Ok(flag),
        other => Err(wrong_type("true or false", &other)),
    }
}

/// A string of at least one character.
pub fn non_empty_string(value: Value) -> Parsed<crate::formats::NonEmptyString> {
    let text = string(value)?;
    crate::formats::NonEmptyString::new(text)
        .map_err(|_| Invalid::Value(Problem::TooShort { min_length: 1 }))
}

/// A string in a format: URI, host name, e-mail address, IP address, date at midnight UTC.
pub fn formatted<T: WireFormat>(value: Value) -> Parsed<T> {
    let Value::String(text) = value else {
        return Err(wrong_type("a string", &value));
    };
    let shown = show_value(&Value::String(text.clone()));
    T::parse_wire(text).map_err(|error| {
        Invalid::Value(Problem::Format {
            value: Some(shown),
            format: T::FORMAT,
            reason: error.reason().to_owned(),
        })
    })
}

/// `anyOf: [string, array of strings]`.
pub fn string_or_list(value: Value) -> Parsed<crate::formats::StringOrList> {
    match value {
        Value::Array(_) => array(value, string).map(crate::formats::StringOrList::List),
        Value::String(_) => string(value).map(crate::formats::StringOrList::String),
        other => Err(wrong_type("a string or an array of strings", &other)),
    }
}

/// A string that matches a generated newtype's pattern.
pub fn pattern_string(value: Value, pattern: &'static Pattern) -> Parsed<String> {
    matching_string(value, pattern.source(), |text| pattern.matches(text))
}

/// A string that `matches` accepts; `source` names the pattern in the problem.
pub(crate) fn matching_string(
    value: Value,
    source: &str,
    matches: impl FnOnce(&str) -> Result<bool, TooLong>,
) -> Parsed<String> {
    let text = string(value)?;
    match matches(&text) {
        Ok(true) => Ok(text),
        Ok(false) => Err(Invalid::Value(Problem::Pattern {
            value: Some(show_value(&Value::String(text))),
            pattern: source.to_owned(),
            expected: "a string that matches it",
        })),
        Err(refused) => Err(Invalid::Value(Problem::PatternTooLong {
            value: Some(show_value(&Value::String(text))),
            pattern: source.to_owned(),
            refused,
        })),
    }
}

/// Reads a value of a generated nested type.
pub fn nested<T: FromWire>(value: Value) -> Parsed<T> {
    T::from_wire(value)
}

/// Takes the object a nested struct is read from.
pub fn object(value: Value) -> Parsed<Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(wrong_type("an object", &other)),
    }
}

/// `Vec<T>`, each element read with `parse`.
pub fn array_of<T>(
    parse: impl Fn(Value) -> Parsed<T> + Copy,
) -> impl Fn(Value) -> Parsed<Vec<T>> + Copy {
    move |value| array(value, parse)
}

/// Reads every element of an array with `parse`, collecting the problems of each element.
pub fn array<T>(value: Value, parse: impl Fn(Value) -> Parsed<T>) -> Parsed<Vec<T>> {
    let Value::Array(items) = value else {
        return Err(wrong_type("an array", &value));
    };
    let mut parsed = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let at = format!("[{index}]");
        match parse(item) {
            Ok(item) => parsed.push(item),
            Err(Invalid::Value(problem)) => problems.push(PropertyError::new(at, problem)),
            Err(Invalid::Inside(inner)) => {
                problems.extend(inner.into_iter().map(|error| error.nested_in(&at)));
            }
        }
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(Invalid::Inside(problems))
    }
}

fn wrong_type(expected: &'static str, found: &Value) -> Invalid {
    Invalid::Value(Problem::WrongType {
        expected,
        found: json_kind(found),
    })
}

/// A JSON string, which the API requires to be non-empty.
pub fn string(value: Value) -> Parsed<String> {
    match value {
        Value::String(string) if string.is_empty() => Err(Problem::Empty.into()),
        Value::String(string) => Ok(string),
        other => Err(wrong_type("a string", &other)),
    }
}

/// Reads a credential with `parse`: the value goes into a [`Secret`] (moved, not copied), and
/// no problem keeps the offending value.
pub fn credential<T: Zeroize>(
    parse: impl Fn(Value) -> Parsed<T> + Copy,
) -> impl Fn(Value) -> Parsed<Secret<T>> + Copy {
    move |value| parse(value).map(Secret::new).map_err(Invalid::redacted)
}

/// A string of ASCII digits (`^\d+$`, or the prefix-only `^\d+`), read as an unsigned integer.
///
/// `\d` is ASCII-only in ECMA-262: full-width digits such as `"５４３２"` do not match.
pub fn digit_string<T: Unsigned>(pattern: &'static str) -> impl Fn(Value) -> Parsed<T> + Copy {
    move |value| digit_string_of(value, pattern)
}

pub(crate) fn digit_string_of<T: Unsigned>(value: Value, pattern: &str) -> Parsed<T> {
    match value {
        Value::String(string) => digits(&string, pattern),
        other => Err(wrong_type(
            "a string of digits such as \"5432\" (the API takes numbers as strings)",
            &other,
        )),
    }
}

/// `anyOf: [integer, string of digits]`: a JSON integer or a string of ASCII digits.
pub fn integer_or_digit_string<T: Unsigned>(
    pattern: &'static str,
) -> impl Fn(Value) -> Parsed<T> + Copy {
    move |value| integer_or_digits(value, pattern)
}

pub(crate) fn integer_or_digits<T: Unsigned>(value: Value, pattern: &str) -> Parsed<T> {
    match value {
        Value::String(string) => digits(&string, pattern),
        other => integer(other),
    }
}

/// `{"type": "integer"}`, held as an unsigned integer.
pub fn integer<T: Unsigned>(value: Value) -> Parsed<T> {
    match &value {
        Value::Number(number) => match number.as_u64() {
            Some(number) => in_range(number, &value),
            None if number.is_i64() => Err(Problem::OutOfRange {
                value: Some(show_value(&value)),
                max: T::MAX_U64,
            }
            .into()),
            None => Err(wrong_type("a whole number", &value)),
        },
        _ => Err(wrong_type("a whole number", &value)),
    }
}

fn digits<T: Unsigned>(string: &str, pattern: &str) -> Parsed<T> {
    let shown = || Some(show_value(&Value::String(string.to_owned())));
    if string.is_empty() || !string.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(Problem::Pattern {
            value: shown(),
            pattern: pattern.to_owned(),
            expected: "ASCII digits only, such as \"5432\"",
        }
        .into());
    }
    match string.parse::<u64>() {
        Ok(number) => in_range(number, &Value::String(string.to_owned())),
        Err(_) => Err(Problem::OutOfRange {
            value: shown(),
            max: T::MAX_U64,
        }
        .into()),
    }
}

fn in_range<T: Unsigned>(number: u64, shown: &Value) -> Parsed<T> {
    T::try_from(number).map_err(|_| {
        Problem::OutOfRange {
            value: Some(show_value(shown)),
            max: T::MAX_U64,
        }
        .into()
    })
}

/// `^(true|false)$` (or the prefix-only `^(true|false)`): the strings `"true"` and `"false"`.
pub fn bool_string(pattern: &'static str) -> impl Fn(Value) -> Parsed<bool> + Copy {
    move |value| bool_string_of(value, pattern)
}

pub(crate) fn bool_string_of(value: Value, pattern: &str) -> Parsed<bool> {
    match &value {
        Value::String(string) if string == "true" => Ok(true),
        Value::String(string) if string == "false" => Ok(false),
        Value::String(_) => Err(Problem::Pattern {
            value: Some(show_value(&value)),
            pattern: pattern.to_owned(),
            expected: "\"true\" or \"false\"",
        }
        .into()),
        _ => Err(wrong_type(
            "the string \"true\" or \"false\" (the API takes booleans as strings)",
            &value,
        )),
    }
}

/// A string from a closed set (an alternation of literals, or `enum`).
pub fn one_of<T>(
    allowed: &'static [&'static str],
    from_wire: impl Fn(&str) -> Option<T> + Copy,
) -> impl Fn(Value) -> Parsed<T> + Copy {
    move |value| one_of_values(value, allowed, from_wire)
}

/// Reads a string of a closed set: `from_wire` finds its value, `allowed` lists the set for
/// the problem.
pub(crate) fn one_of_values<T, A: AsRef<str>>(
    value: Value,
    allowed: &[A],
    from_wire: impl FnOnce(&str) -> Option<T>,
) -> Parsed<T> {
    match &value {
        Value::String(string) => from_wire(string).ok_or_else(|| {
            Problem::NotAllowed {
                value: Some(show_value(&value)),
                allowed: allowed
                    .iter()
                    .map(|value| value.as_ref().to_owned())
                    .collect(),
            }
            .into()
        }),
        _ => Err(wrong_type("a string", &value)),
    }
}

/// The error of a properties object that is not even an object.
pub fn invalid_properties(
    card_type: impl Into<std::borrow::Cow<'static, str>>,
    invalid: Invalid,
) -> PropertiesError {
    let problems = match invalid {
        Invalid::Value(problem) => vec![PropertyError::new("", problem)],
        Invalid::Inside(problems) => problems,
    };
    PropertiesError::new(card_type, problems)
}

/// Reads a generated properties type from any serde deserializer, reporting every problem.
pub fn deserialize_properties<'de, P, D>(deserializer: D) -> Result<P, D::Error>
where
    P: crate::Properties,
    D: serde::Deserializer<'de>,
{
    use serde::de::Error as _;
    let value = Value::deserialize(deserializer)?;
    P::from_json_value(value).map_err(D::Error::custom)
}

use serde::Deserialize as _;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn digit_strings_are_ascii_only_and_range_checked() {
        assert_eq!(digit_string::<u16>("^\\d+$")(json!("5432")).unwrap(), 5432);
        assert!(digit_string::<u16>("^\\d+$")(json!("５４３２")).is_err());
        assert!(digit_string::<u16>("^\\d+$")(json!("54x32")).is_err());
        assert!(digit_string::<u16>("^\\d+$")(json!("")).is_err());
        assert!(digit_string::<u16>("^\\d+$")(json!(5432)).is_err());
        assert!(matches!(
            digit_string::<u16>("^\\d+$")(json!("65536")),
            Err(Invalid::Value(Problem::OutOfRange { max: 65535, .. }))
        ));
        assert!(matches!(
            digit_string::<u64>("^\\d+$")(json!("99999999999999999999999")),
            Err(Invalid::Value(Problem::OutOfRange { .. }))
        ));
    }

    #[test]
    fn integer_or_string_takes_both() {
        assert_eq!(
            integer_or_digit_string::<u32>("^\\d+")(json!(30)).unwrap(),
            30
        );
        assert_eq!(
            integer_or_digit_string::<u32>("^\\d+")(json!("30")).unwrap(),
            30
        );
        assert!(integer_or_digit_string::<u32>("^\\d+")(json!(-1)).is_err());
        assert!(integer_or_digit_string::<u32>("^\\d+")(json!(1.5)).is_err());
    }

    #[test]
    fn booleans_are_the_two_strings() {
        assert!(bool_string("^(true|false)$")(json!("true")).unwrap());
        assert!(!bool_string("^(true|false)$")(json!("false")).unwrap());
        assert!(bool_string("^(true|false)$")(json!("yes")).is_err());
        assert!(bool_string("^(true|false)$")(json!(true)).is_err());
    }

    #[test]
    fn unknown_keys_get_the_closest_known_name() {
        let mut checker = Checker::new();
        let map = json!({"hots": "x", "zzzz": "y"})
            .as_object()
            .unwrap()
            .clone();
        checker.reject_remaining(map, &["host", "port"], &[], &[], &[]);
        let error = checker.into_error("postgres");
        let shown: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "`hots` is not a property of this report card; did you mean `host`?",
                "`zzzz` is not a property of this report card",
            ]
        );
    }

    #[test]
    fn array_problems_carry_the_index() {
        let result = array(json!(["a", 1, "c"]), string);
        let Err(Invalid::Inside(problems)) = result else {
            panic!("expected problems inside the array");
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path(), "[1]");
    }

    #[test]
    fn a_backtracking_pattern_refuses_a_value_over_its_bound_and_says_why() {
        static BACKREFERENCE: Pattern = Pattern::new(r"^(a)\1");
        let bound = pattern::BACKTRACKING_MAX_CHARS;
        assert_eq!(BACKREFERENCE.check("Doubled", &"a".repeat(bound)), Ok(()));
        let long = "a".repeat(bound + 1);
        let error = BACKREFERENCE.check("Doubled", &long).unwrap_err();
        assert_eq!(
            error.refused().map(|refused| refused.max_chars),
            Some(bound)
        );
        assert_eq!(
            error.to_string(),
            "the value is not checked against the pattern `^(a)\\1` of `Doubled`: the pattern \
             has a backreference, which needs a backtracking engine, so values longer than 1000 \
             characters are refused"
        );
        let Err(Invalid::Value(problem)) = pattern_string(json!(long), &BACKREFERENCE) else {
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
            Problem::PatternTooLong { value: None, .. }
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

//! Reading one property value and checking it against its schema, from any serde deserializer.
//!
//! A reader ([`ReadValue`]) sees the value as the deserializer gives it (a string borrowed from
//! the input where it can be, a number, a boolean…), checks it, and returns either the value or
//! the problem with it ([`Parsed`]); the outer `Result` is kept for input that is not JSON at
//! all. Reading never stops at a problem: a value of the wrong type is consumed and reported,
//! so the caller goes on with the next property and every problem is found in one read.
//!
//! The same readers run over JSON text (generated types' `Deserialize`) and over a
//! `serde_json::Value` (`from_json_map`, and the run-time checker), which is itself a
//! deserializer: one rule, one implementation. Work that only an error needs (showing the
//! value) happens only on error.

use core::marker::PhantomData;
use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use stitch_report_card::pattern::Refused;
use zeroize::Zeroize;

use crate::Secret;
use crate::formats::{NonEmptyString, StringOrList, WireFormat};
use crate::validation::{Problem, PropertyError, show_value};

/// What a reader found wrong: one problem with the value itself, or problems inside it.
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

    /// The problems as found at `path` (a property, or an array element `[2]`).
    pub(crate) fn at(self, path: &str) -> Vec<PropertyError> {
        match self {
            Invalid::Value(problem) => vec![PropertyError::new(path, problem)],
            Invalid::Inside(inner) => inner
                .into_iter()
                .map(|error| error.nested_in(path))
                .collect(),
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

/// The JSON kinds, as problems name what was found.
mod kind {
    pub(super) const STRING: &str = "string";
    pub(super) const NUMBER: &str = "number";
    pub(super) const BOOLEAN: &str = "boolean";
    pub(super) const NULL: &str = "null";
    pub(super) const ARRAY: &str = "array";
    pub(super) const OBJECT: &str = "object";
}

fn wrong(expected: &'static str, found: &'static str) -> Invalid {
    Invalid::Value(Problem::WrongType { expected, found })
}

/// A string as a problem shows it: JSON-quoted, cut to a readable length.
fn shown_text(text: &str) -> Option<String> {
    Some(show_value(&Value::String(text.to_owned())))
}

/// Reads and checks one value of a property. Each method takes the value in one JSON form;
/// the ones a reader does not override report the value as of the wrong type.
pub trait ReadValue<T>: Copy {
    /// What the value must be, in a wrong-type problem (`"a string"`).
    fn expected(self) -> &'static str;

    /// A string, borrowed from the input where the input allows.
    fn text(self, text: Cow<'_, str>) -> Parsed<T> {
        let _ = text;
        Err(wrong(self.expected(), kind::STRING))
    }

    /// A non-negative integer.
    fn unsigned(self, number: u64) -> Parsed<T> {
        let _ = number;
        Err(wrong(self.expected(), kind::NUMBER))
    }

    /// A negative integer.
    fn signed(self, number: i64) -> Parsed<T> {
        let _ = number;
        Err(wrong(self.expected(), kind::NUMBER))
    }

    /// A number with a fraction or an exponent.
    fn float(self, number: f64) -> Parsed<T> {
        let _ = number;
        Err(wrong(self.expected(), kind::NUMBER))
    }

    /// `true` or `false`.
    fn boolean(self, flag: bool) -> Parsed<T> {
        let _ = flag;
        Err(wrong(self.expected(), kind::BOOLEAN))
    }

    /// `null`.
    fn null(self) -> Parsed<T> {
        Err(wrong(self.expected(), kind::NULL))
    }

    /// An array, read element by element.
    fn array<'de, A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(wrong(self.expected(), kind::ARRAY)))
    }

    /// An object, read entry by entry.
    fn object<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed<T>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err(wrong(self.expected(), kind::OBJECT)))
    }

    /// Reads one value from `deserializer`: `Ok(Err(_))` is a problem with the value, `Err(_)`
    /// input that is not JSON.
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed<T>, D::Error> {
        deserializer.deserialize_any(Visit(self, PhantomData))
    }

    /// Reads a value already parsed into JSON.
    fn read_value(self, value: Value) -> Parsed<T> {
        // A `Value` always deserializes; the error arm is for the type system.
        self.read(value)
            .unwrap_or_else(|_| Err(wrong(self.expected(), "value that cannot be read")))
    }
}

/// The visitor behind [`ReadValue::read`]: every JSON form goes to the reader's method.
struct Visit<R, T>(R, PhantomData<fn() -> T>);

impl<'de, T, R: ReadValue<T>> Visitor<'de> for Visit<R, T> {
    type Value = Parsed<T>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0.expected())
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(self.0.boolean(flag))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
        Ok(match u64::try_from(number) {
            Ok(number) => self.0.unsigned(number),
            Err(_) => self.0.signed(number),
        })
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
        Ok(self.0.unsigned(number))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Self::Value, E> {
        Ok(self.0.float(number))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(self.0.text(Cow::Borrowed(text)))
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(self.0.text(Cow::Borrowed(text)))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(self.0.text(Cow::Owned(text)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.null())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.null())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.array(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.object(map)
    }
}

/// A reader as a serde seed, for `next_value_seed` and `next_element_seed`.
pub(crate) struct Seed<R, T>(pub(crate) R, pub(crate) PhantomData<fn() -> T>);

impl<'de, T, R: ReadValue<T>> DeserializeSeed<'de> for Seed<R, T> {
    type Value = Parsed<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.read(deserializer)
    }
}

/// `{"type": "string"}` (or no schema): a string, which the API requires to be non-empty.
#[derive(Debug, Clone, Copy)]
pub struct Text;

/// The reader of [`Text`].
pub const fn string() -> Text {
    Text
}

impl ReadValue<String> for Text {
    fn expected(self) -> &'static str {
        "a string"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<String> {
        if text.is_empty() {
            Err(Problem::Empty.into())
        } else {
            Ok(text.into_owned())
        }
    }
}

/// `minLength: 1`: a string of at least one character.
#[derive(Debug, Clone, Copy)]
pub struct NonEmpty;

/// The reader of [`NonEmpty`].
pub const fn non_empty_string() -> NonEmpty {
    NonEmpty
}

impl ReadValue<NonEmptyString> for NonEmpty {
    fn expected(self) -> &'static str {
        "a string"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<NonEmptyString> {
        let text = Text.text(text)?;
        NonEmptyString::new(text).map_err(|_| Invalid::Value(Problem::TooShort { min_length: 1 }))
    }
}

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

/// `number` in `T`, or the problem naming `shown` (what the input said) and `T`'s maximum.
fn in_range<T: Unsigned>(number: u64, shown: impl FnOnce() -> String) -> Parsed<T> {
    T::try_from(number).map_err(|_| {
        Problem::OutOfRange {
            value: Some(shown()),
            max: T::MAX_U64,
        }
        .into()
    })
}

/// A string of ASCII digits read as `T`: `\d` is ASCII-only in ECMA-262, so `"５４３２"` is not
/// one.
fn digits<T: Unsigned>(text: &str, pattern: &str) -> Parsed<T> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(Problem::Pattern {
            value: shown_text(text),
            pattern: pattern.to_owned(),
            expected: "ASCII digits only, such as \"5432\"",
        }
        .into());
    }
    match text.parse::<u64>() {
        Ok(number) => in_range(number, || show_value(&Value::String(text.to_owned()))),
        Err(_) => Err(Problem::OutOfRange {
            value: shown_text(text),
            max: T::MAX_U64,
        }
        .into()),
    }
}

/// `^\d+$` (or the prefix-only `^\d+`): a string of ASCII digits, held as an unsigned integer.
#[derive(Debug)]
pub struct DigitString<'p, T> {
    pattern: &'p str,
    held: PhantomData<fn() -> T>,
}

impl<T> Clone for DigitString<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for DigitString<'_, T> {}

/// The reader of [`DigitString`]; `pattern` is the card's, named in problems.
pub const fn digit_string<T: Unsigned>(pattern: &str) -> DigitString<'_, T> {
    DigitString {
        pattern,
        held: PhantomData,
    }
}

impl<T: Unsigned> ReadValue<T> for DigitString<'_, T> {
    fn expected(self) -> &'static str {
        "a string of digits such as \"5432\" (the API takes numbers as strings)"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<T> {
        digits(&text, self.pattern)
    }
}

/// `{"type": "integer"}`: a JSON integer, held as an unsigned integer.
#[derive(Debug)]
pub struct Integer<T>(PhantomData<fn() -> T>);

impl<T> Clone for Integer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Integer<T> {}

/// The reader of [`Integer`].
pub const fn integer<T: Unsigned>() -> Integer<T> {
    Integer(PhantomData)
}

impl<T: Unsigned> ReadValue<T> for Integer<T> {
    fn expected(self) -> &'static str {
        "a whole number"
    }

    fn unsigned(self, number: u64) -> Parsed<T> {
        in_range(number, || number.to_string())
    }

    fn signed(self, number: i64) -> Parsed<T> {
        Err(Problem::OutOfRange {
            value: Some(number.to_string()),
            max: T::MAX_U64,
        }
        .into())
    }
}

/// `anyOf: [integer, string of digits]`: a JSON integer or a string of ASCII digits.
#[derive(Debug)]
pub struct IntegerOrDigits<'p, T>(DigitString<'p, T>);

impl<T> Clone for IntegerOrDigits<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for IntegerOrDigits<'_, T> {}

/// The reader of [`IntegerOrDigits`]; `pattern` is the string branch's.
pub const fn integer_or_digit_string<T: Unsigned>(pattern: &str) -> IntegerOrDigits<'_, T> {
    IntegerOrDigits(digit_string(pattern))
}

impl<T: Unsigned> ReadValue<T> for IntegerOrDigits<'_, T> {
    fn expected(self) -> &'static str {
        "a whole number"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<T> {
        self.0.text(text)
    }

    fn unsigned(self, number: u64) -> Parsed<T> {
        integer().unsigned(number)
    }

    fn signed(self, number: i64) -> Parsed<T> {
        integer().signed(number)
    }
}

/// `^(true|false)$` (or the prefix-only `^(true|false)`): the strings `"true"` and `"false"`.
#[derive(Debug, Clone, Copy)]
pub struct BoolText<'p> {
    pattern: &'p str,
}

/// The reader of [`BoolText`]; `pattern` is the card's, named in problems.
pub const fn bool_string(pattern: &str) -> BoolText<'_> {
    BoolText { pattern }
}

impl ReadValue<bool> for BoolText<'_> {
    fn expected(self) -> &'static str {
        "the string \"true\" or \"false\" (the API takes booleans as strings)"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<bool> {
        match &*text {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(Problem::Pattern {
                value: shown_text(other),
                pattern: self.pattern.to_owned(),
                expected: "\"true\" or \"false\"",
            }
            .into()),
        }
    }
}

/// `{"type": "boolean"}`: a JSON boolean.
#[derive(Debug, Clone, Copy)]
pub struct Boolean;

/// The reader of [`Boolean`].
pub const fn boolean() -> Boolean {
    Boolean
}

impl ReadValue<bool> for Boolean {
    fn expected(self) -> &'static str {
        "true or false"
    }

    fn boolean(self, flag: bool) -> Parsed<bool> {
        Ok(flag)
    }
}

/// A string of a closed set (an alternation of literals, or `enum`): `lookup` finds its value.
#[derive(Debug, Clone, Copy)]
pub struct OneOf<'a, F> {
    allowed: &'a [&'a str],
    lookup: F,
}

/// The reader of [`OneOf`]; `allowed` lists the set in problems.
pub const fn one_of<'a, T, F: Fn(&str) -> Option<T> + Copy>(
    allowed: &'a [&'a str],
    lookup: F,
) -> OneOf<'a, F> {
    OneOf { allowed, lookup }
}

/// The value of `text` in a closed set, or the problem listing the set.
pub(crate) fn one_of_text<T, A: AsRef<str>>(
    text: &str,
    allowed: &[A],
    lookup: impl FnOnce(&str) -> Option<T>,
) -> Parsed<T> {
    lookup(text).ok_or_else(|| {
        Problem::NotAllowed {
            value: shown_text(text),
            allowed: allowed
                .iter()
                .map(|value| value.as_ref().to_owned())
                .collect(),
        }
        .into()
    })
}

impl<T, F: Fn(&str) -> Option<T> + Copy> ReadValue<T> for OneOf<'_, F> {
    fn expected(self) -> &'static str {
        "a string"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<T> {
        one_of_text(&text, self.allowed, self.lookup)
    }
}

/// A string in a format: URI, host name, e-mail address, IP address, date at midnight UTC.
#[derive(Debug)]
pub struct Formatted<T>(PhantomData<fn() -> T>);

impl<T> Clone for Formatted<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Formatted<T> {}

/// The reader of [`Formatted`].
pub const fn formatted<T: WireFormat>() -> Formatted<T> {
    Formatted(PhantomData)
}

impl<T: WireFormat> ReadValue<T> for Formatted<T> {
    fn expected(self) -> &'static str {
        "a string"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<T> {
        T::parse_wire(&text).map_err(|error| {
            Invalid::Value(Problem::Format {
                value: shown_text(&text),
                format: T::FORMAT,
                reason: error.reason().to_owned(),
            })
        })
    }
}

/// `anyOf: [string, array of strings]`.
#[derive(Debug, Clone, Copy)]
pub struct TextOrList;

/// The reader of [`TextOrList`].
pub const fn string_or_list() -> TextOrList {
    TextOrList
}

impl ReadValue<StringOrList> for TextOrList {
    fn expected(self) -> &'static str {
        "a string or an array of strings"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<StringOrList> {
        Text.text(text).map(StringOrList::String)
    }

    fn array<'de, A: SeqAccess<'de>>(self, seq: A) -> Result<Parsed<StringOrList>, A::Error> {
        Ok(ArrayOf(Text).array(seq)?.map(StringOrList::List))
    }
}

/// `type: array`: every element read with the item's reader, problems reported per index.
#[derive(Debug, Clone, Copy)]
pub struct ArrayOf<R>(R);

/// The reader of [`ArrayOf`].
pub const fn array_of<R>(item: R) -> ArrayOf<R> {
    ArrayOf(item)
}

impl<T, R: ReadValue<T>> ReadValue<Vec<T>> for ArrayOf<R> {
    fn expected(self) -> &'static str {
        "an array"
    }

    fn array<'de, A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed<Vec<T>>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        let mut problems = Vec::new();
        let mut index = 0usize;
        while let Some(item) = seq.next_element_seed(Seed(self.0, PhantomData))? {
            match item {
                Ok(item) => items.push(item),
                Err(invalid) => problems.extend(invalid.at(&format!("[{index}]"))),
            }
            index += 1;
        }
        Ok(if problems.is_empty() {
            Ok(items)
        } else {
            Err(Invalid::Inside(problems))
        })
    }
}

/// A value held in a `Box`: a generated type that several fields of one property share (a
/// `$ref`'d definition) is boxed where it is held, so a definition that refers to the next one
/// twice does not double the size of the value at every level.
#[derive(Debug, Clone, Copy)]
pub struct Boxed<R>(R);

/// The reader of [`Boxed`]: the type's own reader, with the value moved into a `Box`.
pub const fn boxed<R>(inner: R) -> Boxed<R> {
    Boxed(inner)
}

impl<T, R: ReadValue<T>> ReadValue<Box<T>> for Boxed<R> {
    fn expected(self) -> &'static str {
        self.0.expected()
    }

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed<Box<T>>, D::Error> {
        Ok(self.0.read(deserializer)?.map(Box::new))
    }
}

/// A credential: the value goes into a [`Secret`] (moved, not copied), and no problem keeps
/// the offending value.
#[derive(Debug, Clone, Copy)]
pub struct Credential<R>(R);

/// The reader of [`Credential`]: the property's own reader, with the value kept secret.
pub const fn credential<R>(inner: R) -> Credential<R> {
    Credential(inner)
}

impl<T: Zeroize, R: ReadValue<T>> ReadValue<Secret<T>> for Credential<R> {
    fn expected(self) -> &'static str {
        self.0.expected()
    }

    fn read<'de, D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Parsed<Secret<T>>, D::Error> {
        Ok(self
            .0
            .read(deserializer)?
            .map(Secret::new)
            .map_err(Invalid::redacted))
    }
}

/// A string that a generated newtype's pattern accepts.
#[derive(Debug, Clone, Copy)]
pub struct Matching<'p>(&'p super::Pattern);

/// The reader of [`Matching`].
pub const fn pattern_string(pattern: &super::Pattern) -> Matching<'_> {
    Matching(pattern)
}

/// `text` when `matches` accepts it; `source` names the pattern in the problem. A value too
/// long for a pattern that needs backtracking is refused unchecked, and says so.
pub(crate) fn matching_text(
    text: Cow<'_, str>,
    source: &str,
    matches: impl FnOnce(&str) -> Result<bool, Refused>,
) -> Parsed<String> {
    let text = Text.text(text)?;
    match matches(&text) {
        Ok(true) => Ok(text),
        Ok(false) => Err(Invalid::Value(Problem::Pattern {
            value: shown_text(&text),
            pattern: source.to_owned(),
            expected: "a string that matches it",
        })),
        Err(refused) => Err(Invalid::Value(Problem::PatternNotChecked {
            value: shown_text(&text),
            pattern: source.to_owned(),
            refused,
        })),
    }
}

/// A string that `matches` accepts, for a pattern compiled at run time; `source` names it.
#[cfg(feature = "runtime")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct MatchingWith<'s, F> {
    source: &'s str,
    matches: F,
}

/// The reader of [`MatchingWith`].
#[cfg(feature = "runtime")]
pub(crate) const fn matching_with<F: Fn(&str) -> Result<bool, Refused> + Copy>(
    source: &str,
    matches: F,
) -> MatchingWith<'_, F> {
    MatchingWith { source, matches }
}

#[cfg(feature = "runtime")]
impl<F: Fn(&str) -> Result<bool, Refused> + Copy> ReadValue<String> for MatchingWith<'_, F> {
    fn expected(self) -> &'static str {
        "a string"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<String> {
        matching_text(text, self.source, self.matches)
    }
}

impl ReadValue<String> for Matching<'_> {
    fn expected(self) -> &'static str {
        "a string"
    }

    fn text(self, text: Cow<'_, str>) -> Parsed<String> {
        matching_text(text, self.0.source(), |text| self.0.matches(text))
    }
}

/// Values read by generated code through a reader of their own: nested objects, unions,
/// pattern newtypes and enums.
pub trait ReadWire: Sized {
    /// Reads and checks one value.
    fn read_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Parsed<Self>, D::Error>;
}

/// Reads a value of a generated type with its own reader.
#[derive(Debug)]
pub struct Nested<T>(PhantomData<fn() -> T>);

impl<T> Clone for Nested<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Nested<T> {}

/// The reader of [`Nested`].
pub const fn nested<T>() -> Nested<T> {
    Nested(PhantomData)
}

impl<T: ReadWire> ReadValue<T> for Nested<T> {
    fn expected(self) -> &'static str {
        "a value of the property's generated type"
    }

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed<T>, D::Error> {
        T::read_wire(deserializer)
    }
}

/// A field whose only allowed value is a constant (the user never sets it): any other value,
/// whatever its type, is not the constant.
#[derive(Debug, Clone, Copy)]
pub struct Constant<'c>(&'c str);

/// The reader of [`Constant`].
pub const fn constant(value: &str) -> Constant<'_> {
    Constant(value)
}

impl ReadValue<()> for Constant<'_> {
    fn expected(self) -> &'static str {
        "a string"
    }

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed<()>, D::Error> {
        // Rare, and its problem shows any value: read the value whole.
        let value = Value::deserialize(deserializer)?;
        Ok(match &value {
            Value::String(text) if text == self.0 => Ok(()),
            other => Err(Problem::NotAllowed {
                value: Some(show_value(other)),
                allowed: vec![self.0.to_owned()],
            }
            .into()),
        })
    }
}

/// Reads every value as of the wrong type: the stand-in a derive uses for a field whose type
/// was not generated from a card (the derive's own error reports it).
#[derive(Debug)]
pub struct Rejecting<T>(PhantomData<fn() -> T>);

impl<T> Clone for Rejecting<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Rejecting<T> {}

/// The reader of [`Rejecting`].
pub const fn rejecting<T>() -> Rejecting<T> {
    Rejecting(PhantomData)
}

impl<T> ReadValue<T> for Rejecting<T> {
    fn expected(self) -> &'static str {
        "a value of a type generated from a report card"
    }
}

/// An optional property: `null` is absent, like a missing key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NullOr<R>(pub(crate) R);

impl<T, R: ReadValue<T>> ReadValue<Option<T>> for NullOr<R> {
    fn expected(self) -> &'static str {
        self.0.expected()
    }

    fn read<'de, D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Parsed<Option<T>>, D::Error> {
        deserializer.deserialize_option(OptionVisit(self.0, PhantomData))
    }
}

struct OptionVisit<R, T>(R, PhantomData<fn() -> T>);

impl<'de, T, R: ReadValue<T>> Visitor<'de> for OptionVisit<R, T> {
    type Value = Parsed<Option<T>>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0.expected())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Ok(self.0.read(deserializer)?.map(Some))
    }
}

use serde::Deserialize as _;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn from_text<T, R: ReadValue<T>>(reader: R, json: &str) -> Parsed<T> {
        reader
            .read(&mut serde_json::Deserializer::from_str(json))
            .unwrap()
    }

    #[test]
    fn digit_strings_are_ascii_only_and_range_checked() {
        let port = digit_string::<u16>("^\\d+$");
        assert_eq!(port.read_value(json!("5432")).unwrap(), 5432);
        assert!(port.read_value(json!("５４３２")).is_err());
        assert!(port.read_value(json!("54x32")).is_err());
        assert!(port.read_value(json!("")).is_err());
        assert!(port.read_value(json!(5432)).is_err());
        assert!(matches!(
            port.read_value(json!("65536")),
            Err(Invalid::Value(Problem::OutOfRange { max: 65535, .. }))
        ));
        assert!(matches!(
            digit_string::<u64>("^\\d+$").read_value(json!("99999999999999999999999")),
            Err(Invalid::Value(Problem::OutOfRange { .. }))
        ));
    }

    #[test]
    fn integer_or_string_takes_both() {
        let reader = integer_or_digit_string::<u32>("^\\d+");
        assert_eq!(reader.read_value(json!(30)).unwrap(), 30);
        assert_eq!(reader.read_value(json!("30")).unwrap(), 30);
        assert!(reader.read_value(json!(-1)).is_err());
        assert!(reader.read_value(json!(1.5)).is_err());
    }

    #[test]
    fn booleans_are_the_two_strings() {
        let reader = bool_string("^(true|false)$");
        assert!(reader.read_value(json!("true")).unwrap());
        assert!(!reader.read_value(json!("false")).unwrap());
        assert!(reader.read_value(json!("yes")).is_err());
        assert!(reader.read_value(json!(true)).is_err());
    }

    #[test]
    fn array_problems_carry_the_index() {
        let Err(Invalid::Inside(problems)) = array_of(string()).read_value(json!(["a", 1, "c"]))
        else {
            panic!("expected problems inside the array");
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path(), "[1]");
    }

    #[test]
    fn text_and_values_read_alike() {
        for json in [
            r#""x""#,
            r#"5"#,
            r#"-5"#,
            r#"1.5"#,
            r#"true"#,
            r#"null"#,
            r#"[1, [2]]"#,
            r#"{"a": {"b": 1}}"#,
            r#""""#,
        ] {
            let value: Value = serde_json::from_str(json).unwrap();
            let shown =
                |parsed: Parsed<String>| format!("{:?}", parsed.map_err(Invalid::into_message));
            assert_eq!(
                shown(from_text(string(), json)),
                shown(string().read_value(value)),
                "{json}"
            );
        }
    }

    #[test]
    fn a_wrong_type_is_consumed_and_reported() {
        let mut deserializer =
            serde_json::Deserializer::from_str(r#"{"a": [1, {"b": 2}], "c": "d"}"#);
        let parsed = string().read(&mut deserializer).unwrap();
        assert_eq!(
            parsed.map_err(Invalid::into_message).unwrap_err(),
            "must be a string, found a JSON object"
        );
        deserializer.end().unwrap();
    }
}

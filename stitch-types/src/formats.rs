//! Types for JSON-schema `format`s and the other value forms cards use.
//!
//! Every type here only holds values its schema accepts: the constructors check, and the field
//! is private. String-based types keep the text exactly as given, so reading a value and
//! writing it back changes nothing.

use core::fmt;
use core::str::FromStr;
use std::net::{Ipv4Addr, Ipv6Addr};

use chrono::{Datelike, NaiveDate, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use stitch_report_card::pattern::Refused;
use zeroize::Zeroize;

/// A value that does not have the expected format. Never contains the value itself, which may
/// be a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    format: &'static str,
    reason: String,
}

impl FormatError {
    pub(crate) fn new(format: &'static str, reason: impl Into<String>) -> Self {
        FormatError {
            format,
            reason: reason.into(),
        }
    }

    /// The format, e.g. `uri` or `hostname`.
    pub fn format(&self) -> &'static str {
        self.format
    }

    /// Why the value was rejected.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid `{}`: {}", self.format, self.reason)
    }
}

impl std::error::Error for FormatError {}

/// A value that does not match a generated newtype's pattern, or that a pattern needing
/// backtracking refused without an answer (too long, or too many steps to search). Never
/// contains the value itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    type_name: &'static str,
    pattern: &'static str,
    refused: Option<Refused>,
}

impl PatternError {
    /// A value of `type_name` that does not match `pattern`.
    pub fn new(type_name: &'static str, pattern: &'static str) -> Self {
        PatternError {
            type_name,
            pattern,
            refused: None,
        }
    }

    /// A value of `type_name` refused unchecked: `pattern` needs backtracking, and the value
    /// met one of its bounds.
    pub(crate) fn not_checked(
        type_name: &'static str,
        pattern: &'static str,
        refused: Refused,
    ) -> Self {
        PatternError {
            type_name,
            pattern,
            refused: Some(refused),
        }
    }

    /// The pattern the value had to match.
    pub fn pattern(&self) -> &'static str {
        self.pattern
    }

    /// Why the value was refused without being checked, when it was: the pattern needs
    /// backtracking, and the value met one of its bounds.
    pub fn refused(&self) -> Option<Refused> {
        self.refused
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.refused {
            None => write!(
                f,
                "the value does not match the pattern `{}` of `{}`",
                self.pattern, self.type_name
            ),
            Some(refused) => write!(
                f,
                "the value is not checked against the pattern `{}` of `{}`: {refused}",
                self.pattern, self.type_name
            ),
        }
    }
}

impl std::error::Error for PatternError {}

/// A format whose values are read from a JSON string (used by generated code).
#[doc(hidden)]
pub trait WireFormat: Sized {
    /// The format's name in messages.
    const FORMAT: &'static str;
    /// Checks and converts a string.
    fn parse_wire(text: &str) -> Result<Self, FormatError>;
}

/// Implements the traits every string-backed format type shares.
macro_rules! string_format {
    ($name:ident, $format:literal, $check:path) => {
        impl $name {
            /// Checks `value` and wraps it.
            pub fn new(value: impl Into<String>) -> Result<Self, FormatError> {
                let value = value.into();
                $check(&value)?;
                Ok($name(value))
            }

            /// The value, exactly as given.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value, exactly as given.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl WireFormat for $name {
            const FORMAT: &'static str = $format;
            fn parse_wire(text: &str) -> Result<Self, FormatError> {
                $name::new(text)
            }
        }

        impl FromStr for $name {
            type Err = FormatError;
            fn from_str(value: &str) -> Result<Self, FormatError> {
                $name::new(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = FormatError;
            fn try_from(value: String) -> Result<Self, FormatError> {
                $name::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = FormatError;
            fn try_from(value: &str) -> Result<Self, FormatError> {
                $name::new(value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::new(text).map_err(serde::de::Error::custom)
            }
        }

        impl Zeroize for $name {
            fn zeroize(&mut self) {
                self.0.zeroize();
            }
        }
    };
}

/// A string of at least one character (`minLength: 1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NonEmptyString(String);

fn check_non_empty(value: &str) -> Result<(), FormatError> {
    if value.is_empty() {
        Err(FormatError::new("minLength 1", "the string is empty"))
    } else {
        Ok(())
    }
}

string_format!(NonEmptyString, "minLength 1", check_non_empty);

/// An absolute URI (`format: uri`, RFC 3986, as JSON Schema defines it), kept as written.
///
/// `https://example.com/a b` is refused: RFC 3986 has no space in a URI (it must be sent as
/// `%20`); only WHATWG URL parsing, which browsers use on what people type, accepts it.
///
/// The `url` crate checks the structure (a scheme, a valid host, …); on top of it, every
/// character must be one RFC 3986 allows, with `%` starting a two-digit escape. The `url` crate
/// alone would take spaces, backslashes and non-ASCII text, which are valid WHATWG input but not
/// URIs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uri(String);

fn check_uri(value: &str) -> Result<(), FormatError> {
    const ALLOWED: &str = "-._~:/?#[]@!$&'()*+,;=";
    let bytes = value.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let escaped = bytes
                .get(index + 1..index + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !escaped {
                return Err(FormatError::new(
                    "uri",
                    "`%` must start an escape of two hex digits",
                ));
            }
            index += 3;
            continue;
        }
        if !byte.is_ascii_alphanumeric() && !ALLOWED.as_bytes().contains(&byte) {
            return Err(FormatError::new(
                "uri",
                "only ASCII letters, digits, `-._~:/?#[]@!$&'()*+,;=` and %-escapes may appear",
            ));
        }
        index += 1;
    }
    url::Url::parse(value)
        .map(drop)
        .map_err(|error| FormatError::new("uri", error.to_string()))
}

string_format!(Uri, "uri", check_uri);

/// A host name (`format: hostname`), checked as RFC 1123 says: dot-separated labels of 1 to 63
/// ASCII letters, digits and hyphens, not starting or ending with a hyphen, 253 characters at
/// most.
///
/// A trailing dot (`db.example.com.`) is refused. JSON Schema defines `hostname` by RFC 1123
/// §2.1, whose host names are label sequences; the trailing dot is DNS presentation syntax for
/// the root (RFC 1034), not part of a host name, and the Connect API docs show only dotless
/// hosts. (The emulator once took it; it now checks with this type, so the two agree.)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hostname(String);

fn check_hostname(value: &str) -> Result<(), FormatError> {
    let fail = |reason: &str| Err(FormatError::new("hostname", reason));
    if value.is_empty() || value.len() > 253 {
        return fail("a host name has 1 to 253 characters");
    }
    for label in value.split('.') {
        if label.is_empty() || label.len() > 63 {
            return fail("each dot-separated label has 1 to 63 characters");
        }
        if !label
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        {
            return fail("labels hold ASCII letters, digits and hyphens only");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return fail("a label does not start or end with a hyphen");
        }
    }
    Ok(())
}

string_format!(Hostname, "hostname", check_hostname);

/// An e-mail address (`format: email`), checked with the `email_address` crate (no display
/// name) and kept as written.
///
/// `Bob <bob@example.com>` is refused: JSON Schema's `email` is RFC 5321's `Mailbox`, an
/// address without the display name of RFC 5322 headers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

fn check_email(value: &str) -> Result<(), FormatError> {
    let options = email_address::Options::default().without_display_text();
    email_address::EmailAddress::parse_with_options(value, options)
        .map(drop)
        .map_err(|error| FormatError::new("email", error.to_string()))
}

string_format!(Email, "email", check_email);

impl WireFormat for Ipv4Addr {
    const FORMAT: &'static str = "ipv4";
    fn parse_wire(text: &str) -> Result<Self, FormatError> {
        text.parse()
            .map_err(|_| FormatError::new("ipv4", "expected four decimal octets, e.g. 10.0.0.1"))
    }
}

impl WireFormat for Ipv6Addr {
    const FORMAT: &'static str = "ipv6";
    fn parse_wire(text: &str) -> Result<Self, FormatError> {
        text.parse()
            .map_err(|_| FormatError::new("ipv6", "expected an IPv6 address, e.g. ::1"))
    }
}

/// `anyOf: [hostname, ipv4]`: the host of a database source.
///
/// ```
/// use stitch_types::formats::HostOrIpv4;
///
/// let host: HostOrIpv4 = "db.example.com".parse()?;
/// assert!(matches!(host, HostOrIpv4::Hostname(_)));
/// let address: HostOrIpv4 = "10.0.0.7".parse()?;
/// assert_eq!(address.to_string(), "10.0.0.7");
/// # Ok::<(), stitch_types::formats::FormatError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HostOrIpv4 {
    /// A host name.
    Hostname(Hostname),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
}

/// `anyOf: [ipv4, ipv6, hostname]`: a host given by name or address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HostOrIp {
    /// A host name.
    Hostname(Hostname),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 address.
    Ipv6(Ipv6Addr),
}

impl FromStr for HostOrIpv4 {
    type Err = FormatError;
    fn from_str(value: &str) -> Result<Self, FormatError> {
        // An address is also a syntactically valid host name; it is read as what it looks like.
        if let Ok(address) = value.parse() {
            return Ok(HostOrIpv4::Ipv4(address));
        }
        Hostname::new(value).map(HostOrIpv4::Hostname).map_err(|_| {
            FormatError::new(
                "hostname or ipv4",
                "neither a host name nor an IPv4 address",
            )
        })
    }
}

impl FromStr for HostOrIp {
    type Err = FormatError;
    fn from_str(value: &str) -> Result<Self, FormatError> {
        if let Ok(address) = value.parse() {
            return Ok(HostOrIp::Ipv4(address));
        }
        if let Ok(address) = value.parse() {
            return Ok(HostOrIp::Ipv6(address));
        }
        Hostname::new(value).map(HostOrIp::Hostname).map_err(|_| {
            FormatError::new(
                "hostname, ipv4 or ipv6",
                "neither a host name nor an IP address",
            )
        })
    }
}

/// Text of at most `N` bytes formatted on the stack: the wire form of a short, bounded value
/// (an address, an instant) written with one `serialize_str`, where `collect_str` would make a
/// serializer escape it piece by piece, and without the `String` a `to_string` allocates.
struct StackText<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> StackText<N> {
    fn new() -> Self {
        StackText {
            bytes: [0; N],
            len: 0,
        }
    }

    /// `value`'s `Display`, if it fits.
    fn of(value: &impl fmt::Display) -> Option<Self> {
        let mut text = Self::new();
        fmt::Write::write_fmt(&mut text, format_args!("{value}")).ok()?;
        Some(text)
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s and ASCII bytes are ever copied in, so the bytes are UTF-8.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }

    /// Appends an ASCII byte; nothing once full (callers size `N` for what they write).
    fn push_byte(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    /// Appends the last `width` decimal digits of `value`, zero-padded.
    fn push_digits(&mut self, mut value: u32, width: usize) {
        let end = (self.len + width).min(N);
        for slot in self.bytes[self.len..end].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len = end;
    }

    /// Appends `date` as `YYYY-MM-DD`, for a year of four digits (both date types check it).
    fn push_date(&mut self, date: &impl Datelike) {
        self.push_digits(u32::try_from(date.year()).unwrap_or(0), 4);
        self.push_byte(b'-');
        self.push_digits(date.month(), 2);
        self.push_byte(b'-');
        self.push_digits(date.day(), 2);
    }
}

impl<const N: usize> fmt::Write for StackText<N> {
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        let end = self
            .len
            .checked_add(piece.len())
            .filter(|end| *end <= N)
            .ok_or(fmt::Error)?;
        self.bytes[self.len..end].copy_from_slice(piece.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Serializes `value`'s `Display` with one `serialize_str` from the stack; `collect_str` if it
/// is longer than `N` bytes (never, for the types that call this with their bound).
fn serialize_displayed<const N: usize, S: Serializer>(
    value: &impl fmt::Display,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match StackText::<N>::of(value) {
        Some(text) => serializer.serialize_str(text.as_str()),
        None => serializer.collect_str(value),
    }
}

/// Room for the text of an IP address: the longest IPv6 text RFC 4291 allows, with an embedded
/// IPv4 address (45 bytes). Rust writes at most 39 (eight groups of `ffff`; it writes the dotted
/// form only for `::ffff:a.b.c.d`), so every address fits.
const IP_TEXT_MAX: usize = 45;

macro_rules! host_common {
    ($name:ident, $format:literal, $($variant:ident),*) => {
        impl WireFormat for $name {
            const FORMAT: &'static str = $format;
            fn parse_wire(text: &str) -> Result<Self, FormatError> {
                text.parse()
            }
        }

        impl TryFrom<&str> for $name {
            type Error = FormatError;
            fn try_from(value: &str) -> Result<Self, FormatError> {
                value.parse()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( $name::$variant(inner) => fmt::Display::fmt(inner, f), )*
                }
            }
        }

        impl From<Hostname> for $name {
            fn from(host: Hostname) -> Self {
                $name::Hostname(host)
            }
        }

        impl From<Ipv4Addr> for $name {
            fn from(address: Ipv4Addr) -> Self {
                $name::Ipv4(address)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $name::Hostname(host) => serializer.serialize_str(host.as_ref()),
                    other => serialize_displayed::<IP_TEXT_MAX, S>(other, serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl Zeroize for $name {
            fn zeroize(&mut self) {
                if let $name::Hostname(host) = self {
                    host.zeroize();
                }
            }
        }
    };
}

host_common!(HostOrIpv4, "hostname or ipv4", Hostname, Ipv4);
host_common!(HostOrIp, "hostname, ipv4 or ipv6", Hostname, Ipv4, Ipv6);

impl From<Ipv6Addr> for HostOrIp {
    fn from(address: Ipv6Addr) -> Self {
        HostOrIp::Ipv6(address)
    }
}

/// A date-time (`format: date-time`): an instant in UTC with a four-digit year, sent as
/// RFC 3339 with `Z` (`2024-01-31T12:30:00Z`).
///
/// A `chrono::DateTime<Utc>` can hold years RFC 3339 cannot write (`+10000-…`, `-0001-…`), so
/// this type checks the year (0 to 9999, after conversion to UTC) on the way in. Reading takes
/// any RFC 3339 date-time and converts it to UTC.
///
/// ```
/// use stitch_types::formats::DateTime;
///
/// let at: DateTime = "2024-01-31T13:30:00+01:00".parse()?;
/// assert_eq!(at.to_string(), "2024-01-31T12:30:00Z");
/// assert!("0000-01-01T00:00:00+01:00".parse::<DateTime>().is_err()); // year -1 in UTC
/// # Ok::<(), stitch_types::formats::FormatError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(chrono::DateTime<chrono::Utc>);

impl DateTime {
    /// The instant, if its year in UTC has four digits.
    pub fn new(at: chrono::DateTime<chrono::Utc>) -> Result<Self, FormatError> {
        if (0..=9999).contains(&at.year()) {
            Ok(DateTime(at))
        } else {
            Err(FormatError::new(
                "date-time",
                "the year in UTC must have four digits (0 to 9999)",
            ))
        }
    }

    /// The instant.
    pub fn to_chrono(self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }
}

impl TryFrom<chrono::DateTime<chrono::Utc>> for DateTime {
    type Error = FormatError;
    fn try_from(at: chrono::DateTime<chrono::Utc>) -> Result<Self, FormatError> {
        DateTime::new(at)
    }
}

impl FromStr for DateTime {
    type Err = FormatError;
    fn from_str(value: &str) -> Result<Self, FormatError> {
        let parsed = chrono::DateTime::parse_from_rfc3339(value)
            .map_err(|error| FormatError::new("date-time", error.to_string()))?;
        DateTime::new(parsed.with_timezone(&chrono::Utc))
    }
}

impl WireFormat for DateTime {
    const FORMAT: &'static str = "date-time";
    fn parse_wire(text: &str) -> Result<Self, FormatError> {
        text.parse()
    }
}

/// The longest RFC 3339 text of a [`DateTime`]: `9999-12-31T23:59:60.999999999Z`.
const DATE_TIME_TEXT_MAX: usize = 30;

impl DateTime {
    /// The instant in RFC 3339, UTC, with `Z` and as many digits of the fraction of a second
    /// as it needs (none, 3, 6 or 9: chrono's `SecondsFormat::AutoSi`), on the stack.
    fn rfc3339(&self) -> StackText<DATE_TIME_TEXT_MAX> {
        let at = self.0;
        // A leap second is held as 1,000,000,000 nanoseconds or more, and written as the next
        // second (60 after :59), as chrono writes it.
        let (second, nanos) = match at.nanosecond().checked_sub(1_000_000_000) {
            Some(nanos) => (at.second() + 1, nanos),
            None => (at.second(), at.nanosecond()),
        };
        // Digits written by hand: `write!` with padding went through `core::fmt`'s slow path
        // six times, slower than the `String` it replaced.
        let mut text = StackText::new();
        text.push_date(&at);
        text.push_byte(b'T');
        text.push_digits(at.hour(), 2);
        text.push_byte(b':');
        text.push_digits(at.minute(), 2);
        text.push_byte(b':');
        text.push_digits(second, 2);
        let (fraction, width) = match nanos {
            0 => (0, 0),
            nanos if nanos % 1_000_000 == 0 => (nanos / 1_000_000, 3),
            nanos if nanos % 1_000 == 0 => (nanos / 1_000, 6),
            nanos => (nanos, 9),
        };
        if width > 0 {
            text.push_byte(b'.');
            text.push_digits(fraction, width);
        }
        text.push_byte(b'Z');
        text
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rfc3339().as_str())
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.rfc3339().as_str())
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Zeroize for DateTime {
    fn zeroize(&mut self) {
        self.0 = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    }
}

/// A calendar date sent as midnight UTC, `YYYY-MM-DDT00:00:00Z`: the pattern
/// `^\d{4}-\d{2}-\d{2}T00:00:00Z$` of every source's `start_date`.
///
/// Years are 0 to 9999 (four digits). Reading accepts real calendar dates only: the pattern
/// alone would also take `2021-02-30T00:00:00Z`.
///
/// ```
/// use stitch_types::formats::MidnightUtcDate;
///
/// let date = MidnightUtcDate::from_ymd(2024, 1, 31).unwrap();
/// assert_eq!(date.to_string(), "2024-01-31T00:00:00Z");
/// assert!(MidnightUtcDate::from_ymd(2023, 2, 29).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MidnightUtcDate(NaiveDate);

impl MidnightUtcDate {
    /// The date, if it exists and its year has four digits.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).and_then(Self::from_date)
    }

    /// The date, if its year has four digits (0 to 9999).
    pub fn from_date(date: NaiveDate) -> Option<Self> {
        (0..=9999)
            .contains(&date.year())
            .then_some(MidnightUtcDate(date))
    }

    /// The calendar date.
    pub fn date(self) -> NaiveDate {
        self.0
    }
}

impl FromStr for MidnightUtcDate {
    type Err = FormatError;
    fn from_str(value: &str) -> Result<Self, FormatError> {
        let fail = |reason: &str| FormatError::new("date at midnight UTC", reason);
        let bytes = value.as_bytes();
        let shape_ok = bytes.len() == 20
            && value.ends_with("T00:00:00Z")
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|&index| bytes[index].is_ascii_digit());
        if !shape_ok {
            return Err(fail("expected YYYY-MM-DDT00:00:00Z"));
        }
        let number = |range: core::ops::Range<usize>| value[range].parse::<u32>().unwrap_or(0);
        let year = i32::try_from(number(0..4)).unwrap_or(0);
        Self::from_ymd(year, number(5..7), number(8..10))
            .ok_or_else(|| fail("no such calendar date"))
    }
}

impl WireFormat for MidnightUtcDate {
    const FORMAT: &'static str = "date at midnight UTC";
    fn parse_wire(text: &str) -> Result<Self, FormatError> {
        text.parse()
    }
}

impl TryFrom<NaiveDate> for MidnightUtcDate {
    type Error = FormatError;
    fn try_from(date: NaiveDate) -> Result<Self, FormatError> {
        Self::from_date(date).ok_or_else(|| {
            FormatError::new("date at midnight UTC", "the year must have four digits")
        })
    }
}

impl MidnightUtcDate {
    /// `YYYY-MM-DDT00:00:00Z` on the stack (20 bytes: `from_date` keeps years within four
    /// digits), written as [`DateTime`] writes its date.
    fn text(&self) -> StackText<20> {
        let mut text = StackText::new();
        text.push_date(&self.0);
        let _ = fmt::Write::write_str(&mut text, "T00:00:00Z");
        text
    }
}

impl fmt::Display for MidnightUtcDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().as_str())
    }
}

impl Serialize for MidnightUtcDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.text().as_str())
    }
}

impl<'de> Deserialize<'de> for MidnightUtcDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Zeroize for MidnightUtcDate {
    fn zeroize(&mut self) {
        self.0 = NaiveDate::default();
    }
}

/// `anyOf: [string, array of strings]`, e.g. `filter_dbs`: either form, kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StringOrList {
    /// One string.
    String(String),
    /// A list of strings.
    List(Vec<String>),
}

impl From<String> for StringOrList {
    fn from(value: String) -> Self {
        StringOrList::String(value)
    }
}

impl From<&str> for StringOrList {
    fn from(value: &str) -> Self {
        StringOrList::String(value.to_owned())
    }
}

impl From<Vec<String>> for StringOrList {
    fn from(values: Vec<String>) -> Self {
        StringOrList::List(values)
    }
}

impl Serialize for StringOrList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            StringOrList::String(value) => serializer.serialize_str(value),
            StringOrList::List(values) => values.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for StringOrList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            String(String),
            List(Vec<String>),
        }
        Ok(match Either::deserialize(deserializer)? {
            Either::String(value) => StringOrList::String(value),
            Either::List(values) => StringOrList::List(values),
        })
    }
}

impl Zeroize for StringOrList {
    fn zeroize(&mut self) {
        match self {
            StringOrList::String(value) => value.zeroize(),
            StringOrList::List(values) => values.zeroize(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stack-written text of an instant is chrono's RFC 3339 (`AutoSi`, `Z`), over years
    /// 0 to 9999, every fraction width and leap seconds (a fixed pseudo-random sweep, so a
    /// failure reproduces).
    #[test]
    fn instants_are_written_as_chrono_writes_them() {
        use chrono::TimeZone as _;
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 11
        };
        let first = chrono::Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap();
        let last = chrono::Utc
            .with_ymd_and_hms(9999, 12, 31, 23, 59, 59)
            .unwrap();
        let span = (last - first).num_seconds() as u64;
        for round in 0..20_000_u64 {
            let seconds = next() % (span + 1);
            let nanos = match round % 5 {
                0 => 0,
                1 => (next() % 1_000) as u32 * 1_000_000,
                2 => (next() % 1_000_000) as u32 * 1_000,
                3 => (next() % 1_000_000_000) as u32,
                // A leap second: chrono holds it as 1e9 and more nanoseconds.
                _ => 1_000_000_000 + (next() % 1_000) as u32 * 1_000_000,
            };
            let base = first + chrono::TimeDelta::seconds(seconds as i64);
            // Leap seconds mostly at :59, where they belong; chrono also holds them at other
            // seconds, and writes them as the next one.
            let base = if round % 10 == 4 {
                base.with_second(59).unwrap()
            } else {
                base
            };
            let Some(at) = base.with_nanosecond(nanos) else {
                continue;
            };
            let expected = at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            let held = DateTime::new(at).unwrap();
            assert_eq!(held.to_string(), expected);
            assert_eq!(
                serde_json::to_string(&held).unwrap(),
                format!("\"{expected}\"")
            );
        }
    }

    #[test]
    fn hosts_and_addresses_are_written_as_they_display() {
        let hosts = ["db.example.com", "10.0.0.1", "255.255.255.255"];
        for text in hosts {
            let host: HostOrIpv4 = text.parse().unwrap();
            assert_eq!(serde_json::to_string(&host).unwrap(), format!("\"{text}\""));
        }
        // Parsed with an embedded IPv4 address, written by Rust as eight hexadecimal groups.
        let longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
        for text in ["db", "::1", "10.0.0.1", longest, "2001:db8::8a2e:370:7334"] {
            let host: HostOrIp = text.parse().unwrap();
            let written = serde_json::to_string(&host).unwrap();
            assert_eq!(written, format!("\"{host}\""));
        }
        // The longest address Rust writes fits the stack text.
        assert!(Ipv6Addr::from([0xffff_u16; 8]).to_string().len() <= IP_TEXT_MAX);
        // Text longer than the stack's bound still comes out whole, through `collect_str`.
        let long = "x".repeat(100);
        let mut written = Vec::new();
        serialize_displayed::<8, _>(&long, &mut serde_json::Serializer::new(&mut written)).unwrap();
        assert_eq!(written, format!("\"{long}\"").into_bytes());
    }

    #[test]
    fn hostnames_follow_rfc_1123() {
        for good in ["db", "db.example.com", "a-b.c1", "1.2.3.4", &"a".repeat(63)] {
            assert!(Hostname::new(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-db",
            "db-",
            "db..com",
            "db.example.com.",
            "db_x",
            "dé.com",
            &"a".repeat(64),
        ] {
            assert!(Hostname::new(bad).is_err(), "{bad}");
        }
        assert!(Hostname::new(format!("{}.com", "a.".repeat(125))).is_err());
    }

    #[test]
    fn uris_must_be_absolute_and_are_kept_as_written() {
        let uri = Uri::new("https://Example.com").unwrap();
        assert_eq!(uri.as_str(), "https://Example.com");
        assert!(Uri::new("example.com/path").is_err());
        assert!(Uri::new("").is_err());
        // Valid WHATWG input, not RFC 3986 URIs.
        for bad in [
            " https://example.com/a",
            "https://example.com/a b",
            "https:\\\\example.com\\x",
            "https://exämple.com/",
            "https://example.com/\n",
            "https://example.com/%zz",
            "https://example.com/%4",
        ] {
            assert!(Uri::new(bad).is_err(), "{bad:?}");
        }
        for good in [
            "https://example.com/a%20b?q=1&r=[x]#frag",
            "mailto:ops@example.com",
            "https://user@example.com:8443/path;p=1",
        ] {
            assert!(Uri::new(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn emails_have_no_display_name() {
        assert!(Email::new("ops@example.com").is_ok());
        assert!(Email::new("Ops <ops@example.com>").is_err());
        assert!(Email::new("ops").is_err());
    }

    #[test]
    fn midnight_dates_round_trip() {
        let date: MidnightUtcDate = "2020-02-29T00:00:00Z".parse().unwrap();
        assert_eq!(date.to_string(), "2020-02-29T00:00:00Z");
        assert_eq!(
            MidnightUtcDate::from_ymd(7, 3, 4).unwrap().to_string(),
            "0007-03-04T00:00:00Z"
        );
        for bad in [
            "2021-02-29T00:00:00Z",
            "2021-02-01T00:00:01Z",
            "2021-2-01T00:00:00Z",
            "２０２１-02-01T00:00:00Z",
        ] {
            assert!(bad.parse::<MidnightUtcDate>().is_err(), "{bad}");
        }
        assert!(MidnightUtcDate::from_ymd(10000, 1, 1).is_none());
        assert!(MidnightUtcDate::from_ymd(-1, 1, 1).is_none());
    }

    #[test]
    fn date_times_keep_four_digit_years() {
        let at: DateTime = "9999-12-31T23:59:59Z".parse().unwrap();
        assert_eq!(at.to_string(), "9999-12-31T23:59:59Z");
        assert!("9999-12-31T23:59:59-01:00".parse::<DateTime>().is_err());
        assert!("0000-01-01T00:00:00+01:00".parse::<DateTime>().is_err());
        let far = chrono::DateTime::<chrono::Utc>::from_timestamp(300_000_000_000, 0).unwrap();
        assert!(DateTime::new(far).is_err());
        let fraction: DateTime = "2024-01-31T12:30:00.250+00:00".parse().unwrap();
        assert_eq!(fraction.to_string(), "2024-01-31T12:30:00.250Z");
    }

    #[test]
    fn hosts_take_names_and_addresses() {
        assert_eq!(
            "10.0.0.1".parse::<HostOrIpv4>().unwrap(),
            HostOrIpv4::Ipv4(Ipv4Addr::new(10, 0, 0, 1))
        );
        assert!("::1".parse::<HostOrIpv4>().is_err());
        assert!(matches!("::1".parse::<HostOrIp>(), Ok(HostOrIp::Ipv6(_))));
        assert!("bad host".parse::<HostOrIp>().is_err());
    }

    #[test]
    fn errors_never_quote_the_value() {
        let error = Uri::new("hunter2").unwrap_err();
        assert!(!error.to_string().contains("hunter2"));
        let error = Email::new("hunter2").unwrap_err();
        assert!(!error.to_string().contains("hunter2"));
    }
}

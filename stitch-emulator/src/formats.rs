//! The `format` values report cards use, and what each accepts.
//!
//! Every format seen in a captured card (connect-api.md §6.4) is here; a card naming another is
//! rejected when it is loaded, so a value is never waved through by a format nobody checks.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A JSON Schema `format` the emulator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// RFC 3339 date and time, e.g. `2024-01-01T00:00:00Z`.
    DateTime,
    /// An absolute URI, e.g. `https://example.com/path`.
    Uri,
    /// An RFC 1123 host name.
    Hostname,
    /// A dotted-quad IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// An e-mail address.
    Email,
}

impl Format {
    /// The format named `name`, if the emulator knows it.
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "date-time" => Format::DateTime,
            "uri" => Format::Uri,
            "hostname" => Format::Hostname,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "email" => Format::Email,
            _ => return None,
        })
    }

    /// The name a schema uses for the format.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Uri => "uri",
            Format::Hostname => "hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Email => "email",
        }
    }

    /// Whether `text` is a value of this format.
    pub(crate) fn accepts(self, text: &str) -> bool {
        match self {
            Format::DateTime => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            Format::Uri => url::Url::parse(text).is_ok(),
            Format::Hostname => is_hostname(text),
            Format::Ipv4 => text.parse::<Ipv4Addr>().is_ok(),
            Format::Ipv6 => text.parse::<Ipv6Addr>().is_ok(),
            Format::Email => email_address::EmailAddress::is_valid(text),
        }
    }
}

/// RFC 1123 host names, as JSON Schema's `hostname` format defines them: dot-separated labels
/// of 1 to 63 ASCII letters, digits and hyphens, not starting or ending with a hyphen, 253
/// characters at most. No crate checks exactly this without pulling in a URL or DNS stack.
fn is_hostname(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_accepts_a_good_value_and_rejects_a_bad_one() {
        let cases = [
            (Format::DateTime, "2024-01-01T00:00:00Z", "2024-01-01"),
            (Format::Uri, "https://example.com/x", "example.com/x"),
            (Format::Hostname, "db.example.com", "db_example.com"),
            (Format::Ipv4, "10.0.0.1", "10.0.0.256"),
            (Format::Ipv6, "::1", "1:::2"),
            (Format::Email, "a@example.com", "a.example.com"),
        ];
        for (format, good, bad) in cases {
            assert!(
                format.accepts(good),
                "{} should accept {good}",
                format.name()
            );
            assert!(
                !format.accepts(bad),
                "{} should reject {bad}",
                format.name()
            );
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("phone"), None);
    }

    #[test]
    fn hostname_labels_follow_rfc_1123() {
        assert!(is_hostname("localhost"));
        assert!(is_hostname("a-b.example.com."));
        assert!(!is_hostname("-a.example.com"));
        assert!(!is_hostname("a..b"));
        assert!(!is_hostname(&"a".repeat(64)));
        assert!(!is_hostname(""));
    }
}

//! JSON pointers (RFC 6901), as every message about a card, a request or a catalog names a
//! place: the one place their tokens are escaped and unescaped.
//!
//! ```
//! use stitch_report_card::pointer;
//!
//! let at = pointer::join("/steps/0/properties", "a/b~c");
//! assert_eq!(at, "/steps/0/properties/a~1b~0c");
//! assert_eq!(pointer::last_token(&at), "a/b~c");
//! ```

use std::fmt;

/// One token escaped: `~` as `~0`, then `/` as `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// One token unescaped: `~1` as `/`, then `~0` as `~` (the reverse order of [`escape`], so
/// `~01` stays `~1`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `base` with one more token, escaped.
pub fn join(base: &str, token: impl fmt::Display) -> String {
    format!("{base}/{}", escape(&token.to_string()))
}

/// The pointer made of `tokens`, each escaped; empty tokens are left out.
pub fn from_tokens<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens
        .into_iter()
        .filter(|token| !token.is_empty())
        .map(|token| format!("/{}", escape(token)))
        .collect()
}

/// The last token of a pointer, unescaped (`/a/b~1c` → `b/c`).
pub fn last_token(pointer: &str) -> String {
    unescape(pointer.rsplit('/').next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_escaping() {
        for token in ["plain", "a/b", "a~b", "~1", "~01", "/", "~", ""] {
            assert_eq!(unescape(&escape(token)), token, "{token:?}");
        }
        assert_eq!(escape("~1"), "~01");
        assert_eq!(from_tokens(["streams", "", "a/b"]), "/streams/a~1b");
        assert_eq!(join("", 3), "/3");
        assert_eq!(last_token("/a/b~1c"), "b/c");
        assert_eq!(last_token(""), "");
    }
}

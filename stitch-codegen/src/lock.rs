//! `stitch.lock`: where each report card of a directory came from, when, and the SHA-256 of the
//! file's bytes.
//!
//! The `stitch` command writes it (`stitch capture`, `stitch lock`); `include_report_card!` reads
//! it, so generated types carry their card's provenance and a card edited behind the lock's back
//! is a compile error. It lives here, in the generator, because both need it and the macro crate
//! must stay light (this module adds `toml` and `sha2`, nothing else).
//!
//! ```toml
//! # stitch.lock: written by `stitch capture` and `stitch lock`.
//! version = 1
//!
//! [[card]]
//! file = "destinations/postgres.json"
//! type = "postgres"
//! kind = "destination"
//! url = "https://api.stitchdata.com/v4/destination-types/postgres"
//! captured_at = "2026-05-01T12:00:00Z"
//! sha256 = "…"
//! ```

use core::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use stitch_schema::CardKind;

/// The lock file's name, in the directory that holds `destinations/` and `sources/`.
pub const LOCK_FILE_NAME: &str = "stitch.lock";

/// The format version this crate reads and writes.
pub const LOCK_VERSION: u32 = 1;

/// The contents of a `stitch.lock`.
///
/// Fields this version does not know are ignored, not refused: a later `stitch` may record
/// more about a card, and the lock it writes must not break every build made with an earlier
/// one. A change that older readers must not read past raises [`version`](Self::version),
/// which is checked first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// The format version, [`LOCK_VERSION`].
    pub version: u32,
    /// One entry per card file, ordered by file.
    #[serde(default, rename = "card", skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<LockEntry>,
}

/// Where one card file came from. Unknown fields are ignored, as in [`Lock`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockEntry {
    /// The card file, relative to the lock's directory, with `/` separators
    /// (`destinations/postgres.json`).
    pub file: String,
    /// The card's `type`.
    #[serde(rename = "type")]
    pub card_type: String,
    /// `destination` or `source`.
    #[serde(with = "kind_text")]
    pub kind: CardKind,
    /// The URL the card was fetched from; absent for a card added by hand (`stitch lock`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the card was fetched (RFC 3339, UTC); absent for a card added by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    /// The SHA-256 of the file's bytes, in lowercase hex.
    pub sha256: String,
}

/// `kind` as `CardKind` spells it (`as_str`, `FromStr`): the one definition of the words.
mod kind_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use stitch_schema::CardKind;

    pub(super) fn serialize<S: Serializer>(
        kind: &CardKind,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(kind.as_str())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<CardKind, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|error| serde::de::Error::custom(format!("`kind`: {error}, found {text:?}")))
    }
}

/// A `stitch.lock` that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockError {
    /// The lock file as shown to the user.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid lock file `{}`: {}", self.file, self.message)
    }
}

impl std::error::Error for LockError {}

impl Default for Lock {
    fn default() -> Self {
        Lock {
            version: LOCK_VERSION,
            cards: Vec::new(),
        }
    }
}

impl Lock {
    /// Reads a lock file's text; `file` names it in errors. Checks the version, that no file has
    /// two entries, and that every hash is 64 lowercase hex digits.
    pub fn parse(text: &str, file: &str) -> Result<Lock, LockError> {
        let error = |message: String| LockError {
            file: file.to_owned(),
            message,
        };
        let toml_error = |e: toml::de::Error| error(located_message(text, &e));
        // The version first: a later version may change the entries' shape, and "version 2 is
        // not supported" says more than whatever reading it as version 1 would trip over.
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let Version { version } = toml::from_str(text).map_err(toml_error)?;
        if version != LOCK_VERSION {
            return Err(error(format!(
                "version {version} is not supported (this stitch reads version {LOCK_VERSION})"
            )));
        }
        let lock: Lock = toml::from_str(text).map_err(toml_error)?;
        for (index, entry) in lock.cards.iter().enumerate() {
            if lock.cards[..index]
                .iter()
                .any(|earlier| earlier.file == entry.file)
            {
                return Err(error(format!("`{}` has two entries", entry.file)));
            }
            if !is_sha256_hex(&entry.sha256) {
                return Err(error(format!(
                    "the `sha256` of `{}` is not 64 lowercase hex digits",
                    entry.file
                )));
            }
        }
        Ok(lock)
    }

    /// The lock as TOML, entries ordered by file, with a header saying what wrote it.
    pub fn to_toml(&self) -> String {
        let mut sorted = self.clone();
        sorted.cards.sort_by(|a, b| a.file.cmp(&b.file));
        let body = toml::to_string(&sorted).unwrap_or_default();
        format!(
            "# Where each report card in this directory came from, and the SHA-256 of its bytes.\n\
             # Written by `stitch capture` and `stitch lock`; include_report_card! checks it.\n\
             {body}"
        )
    }

    /// The entry of `file` (relative to the lock's directory, `/`-separated).
    pub fn entry(&self, file: &str) -> Option<&LockEntry> {
        self.cards.iter().find(|entry| entry.file == file)
    }

    /// Adds `entry`, replacing the entry of the same file.
    pub fn upsert(&mut self, entry: LockEntry) {
        match self.cards.iter_mut().find(|old| old.file == entry.file) {
            Some(old) => *old = entry,
            None => self.cards.push(entry),
        }
        self.cards.sort_by(|a, b| a.file.cmp(&b.file));
    }
}

/// A TOML error's message with the line and column it points at, when it points at one.
fn located_message(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    let Some(span) = error.span() else {
        return message.to_owned();
    };
    let before = text.get(..span.start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("line {line}, column {column}: {message}")
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str) -> LockEntry {
        LockEntry {
            file: file.to_owned(),
            card_type: "postgres".to_owned(),
            kind: CardKind::Destination,
            url: Some("https://api.stitchdata.com/v4/destination-types/postgres".to_owned()),
            captured_at: Some("2026-05-01T12:00:00Z".to_owned()),
            sha256: sha256_hex(b"{}"),
        }
    }

    #[test]
    fn round_trips_through_toml() {
        let mut lock = Lock::default();
        lock.upsert(entry("sources/b.json"));
        lock.upsert(entry("destinations/a.json"));
        let text = lock.to_toml();
        assert!(text.starts_with("# Where each report card"), "{text}");
        let back = Lock::parse(&text, "stitch.lock").unwrap();
        assert_eq!(back.cards[0].file, "destinations/a.json");
        assert_eq!(back, lock);
    }

    #[test]
    fn hashes_are_lowercase_hex() {
        // The SHA-256 of the empty string, as every implementation gives it.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn bad_locks_say_what_is_wrong() {
        let two = "version = 1\n[[card]]\nfile = \"a.json\"\ntype = \"a\"\nkind = \"source\"\nsha256 = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"\n";
        let doubled = format!("{two}{}", two.trim_start_matches("version = 1\n"));
        let error = Lock::parse(&doubled, "x/stitch.lock").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid lock file `x/stitch.lock`: `a.json` has two entries"
        );
        let error = Lock::parse("version = 2\n", "stitch.lock").unwrap_err();
        assert!(
            error.message.contains("version 2 is not supported"),
            "{error}"
        );
        let error = Lock::parse(&two.replace("source", "sink"), "stitch.lock").unwrap_err();
        assert!(
            error
                .message
                .contains("`kind`: a card kind is `destination` or `source`, found \"sink\""),
            "{error}"
        );
        let error = Lock::parse("version = 1\n[[card]\n", "stitch.lock").unwrap_err();
        assert!(error.message.starts_with("line 2, column "), "{error}");
        let error = Lock::parse(&two.replace("e3b0", "E3B0"), "stitch.lock").unwrap_err();
        assert!(error.message.contains("64 lowercase hex"), "{error}");
    }

    #[test]
    fn unknown_fields_are_ignored_and_unknown_versions_refused() {
        let hash = sha256_hex(b"{}");
        let later = format!(
            "version = 1\nwritten_by = \"stitch 9\"\n[[card]]\nfile = \"a.json\"\ntype = \"a\"\n\
             kind = \"source\"\nsha256 = \"{hash}\"\nsize = 2\n"
        );
        let lock = Lock::parse(&later, "stitch.lock").unwrap();
        assert_eq!(lock.cards[0].file, "a.json");
        assert_eq!(lock.cards[0].kind, CardKind::Source);
        // A later version's entries may not read as this version's: the version is what is
        // reported.
        let error = Lock::parse("version = 2\n[[card]]\nfile = 7\n", "stitch.lock").unwrap_err();
        assert_eq!(
            error.message,
            "version 2 is not supported (this stitch reads version 1)"
        );
    }
}

//! JSON-Schema patterns, checked in time linear in the value's length.
//!
//! A card's `pattern` is an ECMA-262 regular expression with the Unicode flag (`u`), and a
//! *search*: it matches anywhere in the value unless it anchors itself. `regress` implements
//! exactly that, with a backtracking engine: `^(a+)+$` takes seconds on 25 characters, and a
//! real card's `^\d+.?\d*$` half a minute on 64 KB. So every pattern is first rewritten in the
//! syntax of the `regex` crate, whose engines take time linear in the value, wherever the two
//! mean provably the same thing (`\d` stays ASCII, `.` and `\s` keep ECMA's sets, …); the
//! property tests of `tests/pattern_translation.rs` hold the rewrite to `regress` on every
//! pattern of the captured cards. A pattern that needs backtracking (a backreference, a
//! lookahead or lookbehind, or anything the rewrite does not know with certainty) keeps
//! `regress`, and is bounded instead: values longer than [`BACKTRACKING_MAX_CHARS`] are refused
//! without being searched.
//!
//! This module is the one place patterns are compiled and checked: the generator (classifying
//! patterns, checking literals while a crate compiles), the generated types and the run-time
//! checker all call [`Pattern`].
//!
//! ```
//! use stitch_report_card::pattern::{Engine, Pattern};
//!
//! let port = Pattern::new(r"^\d+$")?;
//! assert_eq!(port.matches("5432"), Ok(true));
//! assert_eq!(port.matches("５４３２"), Ok(false)); // `\d` is ASCII only in ECMA-262
//! assert_eq!(port.engine(), Engine::Linear);
//!
//! let hostile = Pattern::new("^(a+)+$")?;
//! let value = format!("{}!", "a".repeat(65_536));
//! assert_eq!(hostile.matches(&value), Ok(false)); // in microseconds
//! # Ok::<(), stitch_report_card::pattern::InvalidPattern>(())
//! ```

use core::fmt;

mod translate;

/// The longest value, in characters (code points), that a pattern needing backtracking is
/// checked against; a longer one is refused. Such a pattern can still take exponential time on
/// a value within the bound; no captured card has one.
pub const BACKTRACKING_MAX_CHARS: usize = 1_000;

/// The largest program the linear engine builds for one pattern (`regex`'s size limit). A
/// pattern above it (`x{0,100000}`) keeps the backtracking engine and its bound.
const LINEAR_SIZE_LIMIT: usize = 1 << 20;

/// A compiled pattern.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    compiled: Compiled,
}

#[derive(Clone)]
enum Compiled {
    Linear(regex::Regex),
    Backtracking(regress::Regex, NeedsBacktracking),
}

/// Which engine checks a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The pattern, rewritten in the `regex` crate's syntax with the same meaning: time
    /// linear in the value's length, whatever the value.
    Linear,
    /// `regress`, a backtracking engine, on values of at most [`BACKTRACKING_MAX_CHARS`]
    /// characters.
    Backtracking(NeedsBacktracking),
}

impl Engine {
    /// How the engine checks values, in a sentence for documentation: which engine, and the
    /// bound if there is one.
    pub fn describe(self) -> String {
        match self {
            Engine::Linear => "It is rewritten, with the same meaning, for the `regex` crate's \
                               engine, which checks a value in time linear in its length; it is \
                               compiled once per process."
                .to_owned(),
            Engine::Backtracking(why) => format!(
                "It has {}, which needs a backtracking engine: `regress` checks it, compiled \
                 once per process, and a value longer than {BACKTRACKING_MAX_CHARS} characters \
                 is refused without being checked.",
                why.reason()
            ),
        }
    }
}

/// Why a pattern keeps the backtracking engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NeedsBacktracking {
    /// `\1` or `\k<name>`.
    Backreference,
    /// `(?=…)`, `(?!…)`, `(?<=…)` or `(?<!…)`.
    Lookaround,
    /// `\p{…}` or `\P{…}`: the two engines' Unicode tables may be of different versions.
    PropertyEscape,
    /// A lone surrogate (`\uD800`), which the linear engine cannot name.
    LoneSurrogate,
    /// Nesting or a repetition too large for the linear engine.
    TooLarge,
    /// Syntax the rewrite does not know with certainty, such as `(?i:…)`.
    Unrecognised,
}

impl NeedsBacktracking {
    /// What the pattern has, in words: "a backreference".
    pub fn reason(self) -> &'static str {
        match self {
            NeedsBacktracking::Backreference => "a backreference",
            NeedsBacktracking::Lookaround => "a lookahead or lookbehind",
            NeedsBacktracking::PropertyEscape => "a Unicode property escape",
            NeedsBacktracking::LoneSurrogate => "a lone surrogate",
            NeedsBacktracking::TooLarge => "a repetition or nesting too large for a linear engine",
            NeedsBacktracking::Unrecognised => "syntax the linear engine's rewrite does not cover",
        }
    }
}

/// A pattern that is not a valid ECMA-262 regular expression (with the Unicode flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPattern {
    message: String,
}

impl fmt::Display for InvalidPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidPattern {}

/// A value refused without being checked: its pattern needs backtracking, and the value is
/// longer than [`BACKTRACKING_MAX_CHARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    /// Why the pattern needs backtracking.
    pub why: NeedsBacktracking,
    /// The bound, [`BACKTRACKING_MAX_CHARS`].
    pub max_chars: usize,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the pattern has {}, which needs a backtracking engine, so values longer than {} \
             characters are refused",
            self.why.reason(),
            self.max_chars
        )
    }
}

impl std::error::Error for TooLong {}

impl Pattern {
    /// Compiles a card's `pattern` as JSON Schema says: ECMA-262 with the Unicode flag.
    ///
    /// `regress` decides what is valid: a pattern it rejects is an error, whatever the linear
    /// engine would make of it.
    pub fn new(source: &str) -> Result<Pattern, InvalidPattern> {
        let ecma = regress::Regex::with_flags(source, "u").map_err(|error| InvalidPattern {
            message: error.to_string(),
        })?;
        let compiled = match translate::translate(source).and_then(|rewritten| {
            regex::RegexBuilder::new(&rewritten)
                .size_limit(LINEAR_SIZE_LIMIT)
                .build()
                // The rewrite only writes what `regex` reads, so the one error left is size.
                .map_err(|_| NeedsBacktracking::TooLarge)
        }) {
            Ok(linear) => Compiled::Linear(linear),
            Err(why) => Compiled::Backtracking(ecma, why),
        };
        Ok(Pattern {
            source: source.to_owned(),
            compiled,
        })
    }

    /// Whether `text` contains a match (a search, anchored only where the pattern says so).
    ///
    /// Linear in the length of `text`, or refused ([`TooLong`]) when the pattern needs
    /// backtracking and `text` is longer than [`BACKTRACKING_MAX_CHARS`] characters.
    pub fn matches(&self, text: &str) -> Result<bool, TooLong> {
        match &self.compiled {
            Compiled::Linear(regex) => Ok(regex.is_match(text)),
            Compiled::Backtracking(regex, why) => {
                // Bytes bound characters from above: count only when it could matter.
                if text.len() > BACKTRACKING_MAX_CHARS
                    && text.chars().count() > BACKTRACKING_MAX_CHARS
                {
                    return Err(TooLong {
                        why: *why,
                        max_chars: BACKTRACKING_MAX_CHARS,
                    });
                }
                Ok(regex.find(text).is_some())
            }
        }
    }

    /// The engine that checks this pattern.
    pub fn engine(&self) -> Engine {
        match &self.compiled {
            Compiled::Linear(_) => Engine::Linear,
            Compiled::Backtracking(_, why) => Engine::Backtracking(*why),
        }
    }

    /// The pattern as the card writes it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The pattern in the `regex` crate's syntax, when it is checked by the linear engine.
    pub fn rewritten(&self) -> Option<&str> {
        match &self.compiled {
            Compiled::Linear(regex) => Some(regex.as_str()),
            Compiled::Backtracking(..) => None,
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field("engine", &self.engine())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_patterns_are_errors() {
        assert!(Pattern::new("^(unclosed$").is_err());
        assert!(Pattern::new(r"\a").is_err()); // no identity escape of a letter with `u`
    }

    #[test]
    fn the_bound_refuses_long_values_of_backtracking_patterns_only() {
        let backreference = Pattern::new(r"^(a)\1").unwrap();
        assert_eq!(
            backreference.engine(),
            Engine::Backtracking(NeedsBacktracking::Backreference)
        );
        let at_bound = "a".repeat(BACKTRACKING_MAX_CHARS);
        assert_eq!(backreference.matches(&at_bound), Ok(true));
        let over = format!("{at_bound}a");
        let refused = backreference.matches(&over).unwrap_err();
        assert_eq!(refused.max_chars, BACKTRACKING_MAX_CHARS);
        assert!(refused.to_string().contains("a backreference"), "{refused}");
        // Characters, not bytes: 1,000 `é` are 2,000 bytes and still within the bound.
        let wide = "é".repeat(BACKTRACKING_MAX_CHARS);
        assert_eq!(Pattern::new(r"(é)\1").unwrap().matches(&wide), Ok(true));

        let linear = Pattern::new("^a+$").unwrap();
        assert_eq!(linear.matches(&"a".repeat(100_000)), Ok(true));
    }

    #[test]
    fn too_large_for_the_linear_engine_is_bounded() {
        let pattern = Pattern::new("^x{0,100000}$").unwrap();
        assert_eq!(
            pattern.engine(),
            Engine::Backtracking(NeedsBacktracking::TooLarge)
        );
        assert_eq!(pattern.matches("xxx"), Ok(true));
    }
}

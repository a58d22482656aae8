//! JSON-Schema patterns, checked in time linear in the value's length.
//!
//! A card's `pattern` is an ECMA-262 regular expression with the Unicode flag (`u`), and a
//! *search*: it matches anywhere in the value unless it anchors itself. `regress` implements
//! exactly that, with a backtracking engine: `^(a+)+$` takes seconds on 25 characters, and a
//! real card's `^\d+.?\d*$` half a minute on 64 KB. So every pattern is first rewritten in the
//! syntax of the `regex` crate, whose engines take time linear in the value, wherever the two
//! mean provably the same thing (`\d` stays ASCII, `.` and `\s` keep ECMA's sets, …); the
//! property tests of `tests/pattern_translation.rs` hold the rewrite to `regress` on every
//! pattern of the captured cards.
//!
//! A pattern that needs backtracking (a backreference, a lookahead or lookbehind, or `\B`) is
//! rewritten for `fancy-regex` instead, and bounded twice: a search stops after
//! [`BACKTRACKING_MAX_STEPS`] backtracking steps, and values longer than
//! [`BACKTRACKING_MAX_CHARS`] are not searched at all; either way the value is refused
//! ([`Refused`]), never waited on. A pattern neither rewrite can write with the same meaning
//! (a Unicode property escape, a lone surrogate, a repetition too large, a backreference whose
//! ECMA-262 meaning `fancy-regex` does not share) is an error ([`InvalidPattern::unbounded`]):
//! `regress` alone could take hours on one value, and nothing here waits that long.
//! `regress` still decides which patterns are valid ECMA-262.
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

use translate::{Dialect, translate};

/// The longest value, in characters (code points), that a pattern needing backtracking is
/// checked against; a longer one is refused without being searched.
pub const BACKTRACKING_MAX_CHARS: usize = 1_000;

/// The most backtracking steps one search of a pattern needing backtracking may take before
/// the value is refused (`fancy-regex`'s backtrack limit): a few milliseconds of work.
pub const BACKTRACKING_MAX_STEPS: usize = 100_000;

/// The largest program the linear engine builds for one pattern (`regex`'s size limit). A
/// pattern above it (`x{0,100000}`) is refused.
const LINEAR_SIZE_LIMIT: usize = 1 << 20;

/// The most alternatives (`|`) one pattern may have. `regress` holds an alternation as a chain
/// of pairs and walks it recursively, one stack frame per `|`: 20,000 of them overflowed a
/// 2 MiB thread stack (a test thread's, and tokio's blocking threads'). Real cards have a few
/// dozen at most (an enum written as `^(a|b|…)$`).
pub const MAX_ALTERNATIVES: usize = 1_000;

/// A compiled pattern.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    compiled: Compiled,
}

#[derive(Clone)]
enum Compiled {
    Linear(regex::Regex),
    Backtracking(Box<fancy_regex::Regex>, NeedsBacktracking),
}

/// Which engine checks a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The pattern, rewritten in the `regex` crate's syntax with the same meaning: time
    /// linear in the value's length, whatever the value.
    Linear,
    /// `fancy-regex`, a backtracking engine, with at most [`BACKTRACKING_MAX_STEPS`] steps per
    /// search, on values of at most [`BACKTRACKING_MAX_CHARS`] characters.
    Backtracking(NeedsBacktracking),
}

impl Engine {
    /// How the engine checks values, in a sentence for documentation: which engine, and the
    /// bounds if there are any.
    pub fn describe(self) -> String {
        match self {
            Engine::Linear => "It is rewritten, with the same meaning, for the `regex` crate's \
                               engine, which checks a value in time linear in its length; it is \
                               compiled once per process."
                .to_owned(),
            Engine::Backtracking(why) => format!(
                "It has {}, which needs a backtracking engine: `fancy-regex` checks it, \
                 compiled once per process, and refuses a value without an answer when the \
                 search takes more than {BACKTRACKING_MAX_STEPS} backtracking steps or the \
                 value is longer than {BACKTRACKING_MAX_CHARS} characters.",
                why.reason()
            ),
        }
    }
}

/// Why a pattern cannot be checked by the linear engine; for [`Engine::Backtracking`], the
/// reason it needs backtracking, and for [`InvalidPattern::unbounded`], why neither engine
/// takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NeedsBacktracking {
    /// `\1` or `\k<name>`.
    Backreference,
    /// `(?=…)`, `(?!…)`, `(?<=…)` or `(?<!…)`.
    Lookaround,
    /// `\B`, which the linear engine would check in quadratic time on non-ASCII values.
    NotWordBoundary,
    /// A backreference whose meaning in ECMA-262 differs from the backtracking engine's: to a
    /// group inside a repetition or a lookaround, or from inside its own group or a lookbehind.
    CaptureSemantics,
    /// `\p{…}` or `\P{…}`: the engines' Unicode tables may be of different versions.
    PropertyEscape,
    /// A lone surrogate (`\uD800`), which neither engine can name.
    LoneSurrogate,
    /// Nesting, a repetition or an alternation too large for the engines: more than 10,000
    /// repetitions of one part, counts multiplied, for the backtracking engine; more than
    /// [`MAX_ALTERNATIVES`] alternatives for any.
    TooLarge,
    /// Syntax the rewrite does not know with certainty, such as `(?i:…)`.
    Unrecognised,
    /// A construct the backtracking engine does not take, such as a repeated lookaround or a
    /// repeated empty group.
    Unsupported,
}

impl NeedsBacktracking {
    /// What the pattern has, in words: "a backreference".
    pub fn reason(self) -> &'static str {
        match self {
            NeedsBacktracking::Backreference => "a backreference",
            NeedsBacktracking::Lookaround => "a lookahead or lookbehind",
            NeedsBacktracking::NotWordBoundary => "a `\\B` (not a word boundary)",
            NeedsBacktracking::CaptureSemantics => {
                "a backreference to a group inside a repetition or lookaround, or from inside \
                 its own group or a lookbehind"
            }
            NeedsBacktracking::PropertyEscape => "a Unicode property escape",
            NeedsBacktracking::LoneSurrogate => "a lone surrogate",
            NeedsBacktracking::TooLarge => {
                "a repetition, nesting or alternation too large for the engines"
            }
            NeedsBacktracking::Unrecognised => "syntax the rewrite does not cover",
            NeedsBacktracking::Unsupported => {
                "a construct the backtracking engine does not take, such as a repeated lookaround \
                 or a repeated empty group"
            }
        }
    }
}

/// A pattern this module does not check: not a valid ECMA-262 regular expression (with the
/// Unicode flag), or valid but not checkable in bounded time ([`InvalidPattern::unbounded`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPattern {
    message: String,
    unbounded: Option<NeedsBacktracking>,
}

impl InvalidPattern {
    /// For a valid pattern that neither engine checks in bounded time, why.
    pub fn unbounded(&self) -> Option<NeedsBacktracking> {
        self.unbounded
    }
}

impl fmt::Display for InvalidPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidPattern {}

/// A value refused without an answer: its pattern needs backtracking, and the value is longer
/// than [`BACKTRACKING_MAX_CHARS`] or its search took more than [`BACKTRACKING_MAX_STEPS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Why the pattern needs backtracking.
    pub why: NeedsBacktracking,
    /// The bound the value met.
    pub limit: Limit,
}

/// The bound that refused a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Longer than this many characters: [`BACKTRACKING_MAX_CHARS`].
    Chars(usize),
    /// The search took more than this many backtracking steps: [`BACKTRACKING_MAX_STEPS`].
    Steps(usize),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the pattern has {}, which needs a backtracking engine, ",
            self.why.reason()
        )?;
        match self.limit {
            Limit::Chars(max) => {
                write!(f, "so values longer than {max} characters are refused")
            }
            Limit::Steps(max) => write!(
                f,
                "and the search on this value was stopped after {max} backtracking steps"
            ),
        }
    }
}

impl std::error::Error for Refused {}

impl Pattern {
    /// Compiles a card's `pattern` as JSON Schema says: ECMA-262 with the Unicode flag.
    ///
    /// `regress` decides what is valid: a pattern it rejects is an error, whatever the other
    /// engines would make of it. So is a valid one that neither rewrite takes
    /// ([`InvalidPattern::unbounded`]).
    pub fn new(source: &str) -> Result<Pattern, InvalidPattern> {
        // Counted before `regress` sees the pattern (see the constant); a `|` escaped or in a
        // class counts too, which only makes the bound stricter.
        if source.matches('|').count() > MAX_ALTERNATIVES {
            return Err(InvalidPattern::unbounded_by(NeedsBacktracking::TooLarge));
        }
        regress::Regex::with_flags(source, "u").map_err(|error| InvalidPattern {
            message: error.to_string(),
            unbounded: None,
        })?;
        let compiled = match translate(source, Dialect::Linear).and_then(|rewritten| {
            regex::RegexBuilder::new(&rewritten)
                .size_limit(LINEAR_SIZE_LIMIT)
                .build()
                // The rewrite only writes what `regex` reads, so the one error left is size.
                .map_err(|_| NeedsBacktracking::TooLarge)
        }) {
            Ok(linear) => Compiled::Linear(linear),
            Err(
                why @ (NeedsBacktracking::Backreference
                | NeedsBacktracking::Lookaround
                | NeedsBacktracking::NotWordBoundary),
            ) => {
                let bounded = translate(source, Dialect::Backtracking).and_then(|rewritten| {
                    fancy_regex::RegexBuilder::new(&rewritten)
                        .backtrack_limit(BACKTRACKING_MAX_STEPS)
                        .delegate_size_limit(LINEAR_SIZE_LIMIT)
                        .build()
                        .map_err(|error| match error {
                            fancy_regex::Error::CompileError(error)
                                if matches!(*error, fancy_regex::CompileError::InnerError(_)) =>
                            {
                                NeedsBacktracking::TooLarge
                            }
                            // Such as a quantified lookaround: the rewrite writes only what
                            // `fancy-regex` parses.
                            _ => NeedsBacktracking::Unsupported,
                        })
                });
                match bounded {
                    Ok(bounded) => Compiled::Backtracking(Box::new(bounded), why),
                    Err(unbounded) => return Err(InvalidPattern::unbounded_by(unbounded)),
                }
            }
            Err(unbounded) => return Err(InvalidPattern::unbounded_by(unbounded)),
        };
        Ok(Pattern {
            source: source.to_owned(),
            compiled,
        })
    }

    /// Whether `text` contains a match (a search, anchored only where the pattern says so).
    ///
    /// Linear in the length of `text`; or, for a pattern that needs backtracking, refused
    /// ([`Refused`]) when `text` is longer than [`BACKTRACKING_MAX_CHARS`] characters or the
    /// search takes more than [`BACKTRACKING_MAX_STEPS`] steps.
    pub fn matches(&self, text: &str) -> Result<bool, Refused> {
        match &self.compiled {
            Compiled::Linear(regex) => Ok(regex.is_match(text)),
            Compiled::Backtracking(regex, why) => {
                // Bytes bound characters from above: count only when it could matter.
                if text.len() > BACKTRACKING_MAX_CHARS
                    && text.chars().count() > BACKTRACKING_MAX_CHARS
                {
                    return Err(Refused {
                        why: *why,
                        limit: Limit::Chars(BACKTRACKING_MAX_CHARS),
                    });
                }
                // `fancy-regex`'s run-time errors are its bounds: the backtracking steps, or
                // the depth of its stack (a million entries), which the step bound and the
                // bound on repetitions keep far away.
                regex.is_match(text).map_err(|_| Refused {
                    why: *why,
                    limit: Limit::Steps(BACKTRACKING_MAX_STEPS),
                })
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

    /// The pattern as rewritten for its engine: in the `regex` crate's syntax, or for
    /// [`Engine::Backtracking`] in `fancy-regex`'s.
    pub fn rewritten(&self) -> &str {
        match &self.compiled {
            Compiled::Linear(regex) => regex.as_str(),
            Compiled::Backtracking(regex, _) => regex.as_str(),
        }
    }
}

impl InvalidPattern {
    fn unbounded_by(why: NeedsBacktracking) -> InvalidPattern {
        InvalidPattern {
            message: format!(
                "it has {}, which neither the linear engine nor the step-bounded backtracking \
                 engine can check with the same meaning, and a plain backtracking search can \
                 take hours on one value",
                why.reason()
            ),
            unbounded: Some(why),
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
        let syntax = Pattern::new("^(unclosed$").unwrap_err();
        assert_eq!(syntax.unbounded(), None);
        assert!(Pattern::new(r"\a").is_err()); // no identity escape of a letter with `u`
    }

    #[test]
    fn patterns_no_engine_bounds_are_errors_that_say_why() {
        for (pattern, why) in [
            (r"\p{L}+", NeedsBacktracking::PropertyEscape),
            (r"\uD800", NeedsBacktracking::LoneSurrogate),
            (
                r"^(?:(?:(?:(?=a)(?=a)){1000}){1000}){1000}",
                NeedsBacktracking::TooLarge,
            ),
            (r"(?:(a)|b)+\1", NeedsBacktracking::CaptureSemantics),
            ("^x{0,100000}$", NeedsBacktracking::TooLarge),
        ] {
            let error = Pattern::new(pattern).unwrap_err();
            assert_eq!(error.unbounded(), Some(why), "{pattern}");
            assert!(error.to_string().contains(why.reason()), "{error}");
        }
    }

    #[test]
    fn the_bounds_refuse_long_values_of_backtracking_patterns_only() {
        let backreference = Pattern::new(r"^(a)\1").unwrap();
        assert_eq!(
            backreference.engine(),
            Engine::Backtracking(NeedsBacktracking::Backreference)
        );
        let at_bound = "a".repeat(BACKTRACKING_MAX_CHARS);
        assert_eq!(backreference.matches(&at_bound), Ok(true));
        let over = format!("{at_bound}a");
        let refused = backreference.matches(&over).unwrap_err();
        assert_eq!(refused.limit, Limit::Chars(BACKTRACKING_MAX_CHARS));
        assert!(refused.to_string().contains("a backreference"), "{refused}");
        // Characters, not bytes: 1,000 `é` are 2,000 bytes and still within the bound.
        let wide = "é".repeat(BACKTRACKING_MAX_CHARS);
        assert_eq!(Pattern::new(r"(é)\1").unwrap().matches(&wide), Ok(true));

        let linear = Pattern::new("^a+$").unwrap();
        assert_eq!(linear.matches(&"a".repeat(100_000)), Ok(true));
    }

    #[test]
    fn a_search_that_backtracks_too_long_is_refused_by_its_step_bound() {
        // Cubic in `regress`: 73 s on 499 characters.
        let pattern = Pattern::new(r"a+a+a+(b)?!\1").unwrap();
        let refused = pattern.matches(&"a".repeat(499)).unwrap_err();
        assert_eq!(refused.limit, Limit::Steps(BACKTRACKING_MAX_STEPS));
        assert!(
            refused
                .to_string()
                .ends_with("stopped after 100000 backtracking steps"),
            "{refused}"
        );
        assert_eq!(pattern.matches("aaa!"), Ok(true));
    }

    #[test]
    fn ecma_meanings_the_backtracking_engine_lacks_are_written_in() {
        // A reference to a group that took no part matches the empty string.
        let unset = Pattern::new(r"^(?:(a)|b)\1$").unwrap();
        assert_eq!(unset.matches("b"), Ok(true));
        assert_eq!(unset.matches("aa"), Ok(true));
        assert_eq!(unset.matches("a"), Ok(false));
        // `\B` over ASCII word characters only, and never inside a character.
        let not_boundary = Pattern::new(r"\Bé").unwrap();
        assert_eq!(
            not_boundary.engine(),
            Engine::Backtracking(NeedsBacktracking::NotWordBoundary)
        );
        assert_eq!(not_boundary.matches("-é"), Ok(true));
        assert_eq!(not_boundary.matches("aé"), Ok(false));
    }
}

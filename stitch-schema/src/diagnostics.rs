//! Problems found in a report card, each with where it is: file, line and column, JSON pointer
//! and property.
//!
//! Reading a card records every problem it finds and carries on with a stand-in, so one report
//! lists all of them instead of the first.

use core::fmt;

/// One problem in a report card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer of the offending value (`/steps/0/properties/7/json_schema/pattern`).
    pub pointer: String,
    /// The property the problem belongs to, if any.
    pub property: Option<String>,
    /// What is wrong, and how to fix it.
    pub message: String,
    /// 1-based line and column of the offending value in the file, when known.
    pub position: Option<(usize, usize)>,
}

/// Every problem found in one card file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The card file as the user named it.
    pub file: String,
    /// The problems, in the order they were found.
    pub list: Vec<Diagnostic>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.position {
            write!(f, "{line}:{column}: ")?;
        }
        if !self.pointer.is_empty() {
            write!(f, "at {}", self.pointer)?;
            if let Some(property) = &self.property {
                write!(f, " (property `{}`)", quoted(property))?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.list.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "invalid report card `{}` ({count} {noun}):", self.file)?;
        for diagnostic in &self.list {
            let separator = if diagnostic.position.is_some() {
                ":"
            } else {
                ": "
            };
            write!(f, "\n  {}{separator}{diagnostic}", self.file)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Collects problems while a card is read: every check writes into it, and the reader ends it
/// with [`Problems::finish`] (or [`Problems::discard`], where the problems are not wanted).
/// Dropping it unfinished is a bug of the reader, which a debug build reports with a panic, as
/// serde_derive's `Ctxt` does: problems found and never looked at would be lost.
#[derive(Debug)]
pub(crate) struct Problems {
    list: Vec<Diagnostic>,
    finished: bool,
}

impl Problems {
    pub(crate) fn new() -> Self {
        Problems {
            list: Vec::new(),
            finished: false,
        }
    }

    /// Records a problem at `pointer`.
    pub(crate) fn at(&mut self, pointer: &str, property: Option<&str>, message: impl Into<String>) {
        self.list.push(Diagnostic {
            pointer: pointer.to_owned(),
            property: property.map(str::to_owned),
            message: message.into(),
            position: None,
        });
    }

    /// The recorded problems of `file`, `None` when there are none. Positions are not known
    /// here: the reader of the text adds them ([`crate::locate::add_positions_from`]).
    pub(crate) fn finish(mut self, file: &str) -> Option<Diagnostics> {
        self.finished = true;
        let list = std::mem::take(&mut self.list);
        (!list.is_empty()).then(|| Diagnostics {
            file: file.to_owned(),
            list,
        })
    }

    /// Ends the collection without looking at it: for a reader run for something else (the
    /// code budget a card would spend, say).
    pub(crate) fn discard(mut self) {
        self.finished = true;
    }
}

impl Drop for Problems {
    fn drop(&mut self) {
        debug_assert!(
            self.finished || std::thread::panicking(),
            "a card's problems were collected and never looked at: {:?}",
            self.list
        );
    }
}

pub use stitch_report_card::pointer::{join as pointer_join, last_token as pointer_last_token};

/// The longest text a message quotes from a card: a name, a pattern or a value of a megabyte
/// would bury the message, so it is cut, and its full length said.
const QUOTED_CHARS: usize = 100;

/// `text` for a message, cut to [`QUOTED_CHARS`] characters.
pub fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}… ({} bytes in all)", &text[..cut], text.len()).into(),
        None => text.into(),
    }
}

/// A JSON value for a message, cut as [`quoted`] cuts text.
pub fn quoted_value(value: &serde_json::Value) -> String {
    quoted(&value.to_string()).into_owned()
}

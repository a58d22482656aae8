//! The few styles the output uses. They are printed through `anstream`, which drops them when
//! the stream is not a terminal or `NO_COLOR` is set.

use anstyle::{AnsiColor, Style};

/// `error:`.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// `warning:`.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// Breaking changes.
pub const BREAKING: Style = AnsiColor::Red.on_default().bold();
/// Credential changes.
pub const CREDENTIAL: Style = AnsiColor::Magenta.on_default().bold();
/// Additive changes.
pub const ADDITIVE: Style = AnsiColor::Green.on_default().bold();
/// Informational changes.
pub const INFORMATIONAL: Style = AnsiColor::Blue.on_default().bold();
/// Secondary text: pointers, notes.
pub const DIM: Style = Style::new().dimmed();

/// Prints `warning: …` on standard error, the token redacted.
pub fn warn(message: &str) {
    let message = crate::token::redact(message);
    anstream::eprintln!("{WARNING}warning{WARNING:#}: {message}");
}

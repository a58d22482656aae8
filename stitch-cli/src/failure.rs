//! How a command ends: an [`Outcome`] (exit status 0, 1 or 2), or a [`Failure`] that stops it
//! (status 2) with a message.

use std::fmt;
use std::process::ExitCode;

/// What a command found, as its exit status says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done; valid; no drift that fails.
    Success,
    /// Exit 1: the properties are invalid, or drift that fails.
    Findings,
    /// Exit 2: usage, I/O, API or invalid-card errors (reported already).
    Trouble,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Trouble => ExitCode::from(2),
        }
    }
}

/// An error that stops a command with exit status 2. Its message never holds a credential's
/// value, and is printed with the token redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    message: String,
}

impl Failure {
    /// A failure with `message` (which may span lines).
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
        }
    }

    /// Prints `error: …` on standard error, the token redacted (a server's error body may
    /// echo it).
    pub fn report(&self) {
        let style = crate::style::ERROR;
        let message = crate::token::redact(&self.message);
        anstream::eprintln!("{style}error{style:#}: {message}");
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `?` on I/O: the caller adds what was being done.
pub trait Context<T> {
    /// Turns the error into a [`Failure`] saying what failed.
    fn context(self, what: impl FnOnce() -> String) -> Result<T, Failure>;
}

impl<T, E: std::error::Error> Context<T> for Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, Failure> {
        self.map_err(|error| Failure::new(format!("{}: {}", what(), with_causes(&error))))
    }
}

/// An error and the errors beneath it (its `source` chain), joined with `: `, each cause once.
pub fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let shown = cause.to_string();
        if !text.ends_with(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        source = cause.source();
    }
    text
}

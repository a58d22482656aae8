//! The API token: from `STITCH_TOKEN` or `--token-file PATH`, never from a flag's value, held in
//! a `Secret` and never printed, logged or written anywhere.
//!
//! The client never puts the token in an error, but a server can: a proxy that echoes the
//! request's `Authorization` header in its error body, which the client quotes (up to 500
//! characters). So, as a backstop, every line the commands print passes through [`redact`],
//! which knows the token this process read.

use std::borrow::Cow;
use std::ffi::OsString;
use std::path::Path;
use std::sync::OnceLock;

use stitch_types::Secret;

use crate::failure::Failure;

/// The environment variable the token is read from.
pub const TOKEN_VARIABLE: &str = "STITCH_TOKEN";

/// Reads the token: from `token_file` when given, else from `STITCH_TOKEN`.
pub fn read(token_file: Option<&Path>) -> Result<Secret<String>, Failure> {
    let (token, origin) = match token_file {
        Some(path) => {
            // The error names the file and what went wrong, never its contents.
            let text = std::fs::read_to_string(path).map_err(|error| {
                Failure::new(format!(
                    "cannot read the token file `{}`: {error}",
                    path.display()
                ))
            })?;
            (text, format!("the token file `{}`", path.display()))
        }
        None => match std::env::var(TOKEN_VARIABLE) {
            Ok(token) => (token, TOKEN_VARIABLE.to_owned()),
            Err(std::env::VarError::NotPresent) => {
                return Err(Failure::new(format!(
                    "no API token: set {TOKEN_VARIABLE} or pass --token-file PATH"
                )));
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Failure::new(format!("{TOKEN_VARIABLE} is not valid UTF-8")));
            }
        },
    };
    let mut token = Secret::from(token);
    let trimmed = trim_newline(token.expose_secret());
    if trimmed.is_empty() {
        return Err(Failure::new(format!("{origin} holds an empty token")));
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Failure::new(format!(
            "{origin} holds whitespace or control characters inside the token (only one \
             trailing newline is ignored)"
        )));
    }
    if trimmed.len() != token.expose_secret().len() {
        token = Secret::from(trimmed);
    }
    // A process reads one token; should it read another, the first stays redacted, and the
    // second is refused by the server the same way (each command makes one client).
    let _ = READ.set(token.clone());
    Ok(token)
}

/// The token [`read`] returned, for [`redact`].
static READ: OnceLock<Secret<String>> = OnceLock::new();

/// What replaces the token in printed text.
pub const REDACTED: &str = "[redacted]";

/// `text` with the token (once read) replaced by `[redacted]`.
pub fn redact(text: &str) -> Cow<'_, str> {
    match READ.get() {
        Some(token) => redact_token(text, token.expose_secret()),
        None => Cow::Borrowed(text),
    }
}

fn redact_token<'a>(text: &'a str, token: &str) -> Cow<'a, str> {
    if token.is_empty() || !text.contains(token) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.replace(token, REDACTED))
    }
}

fn trim_newline(text: &str) -> &str {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.strip_suffix('\r').unwrap_or(text)
}

/// The refusal of `--token` or `--token=…`, if the arguments hold one. The message never
/// repeats the argument.
pub fn refuse_token_flag(args: impl Iterator<Item = OsString>) -> Option<String> {
    for arg in args {
        if arg == "--" {
            return None;
        }
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--token" || arg.starts_with("--token=") {
            return Some(format!(
                "there is no --token flag: a token on the command line ends up in shell \
                 history and process lists. Set {TOKEN_VARIABLE} or pass --token-file PATH"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_newline_is_not_part_of_the_token() {
        assert_eq!(trim_newline("ac_123\n"), "ac_123");
        assert_eq!(trim_newline("ac_123\r\n"), "ac_123");
        assert_eq!(trim_newline("ac_123"), "ac_123");
    }

    #[test]
    fn the_token_is_redacted_wherever_it_appears() {
        assert_eq!(
            redact_token(
                "400: Authorization: Bearer ac_s3cret (ac_s3cret)",
                "ac_s3cret"
            ),
            "400: Authorization: Bearer [redacted] ([redacted])"
        );
        assert!(matches!(
            redact_token("no token here", "ac_s3cret"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn token_flags_are_refused_without_echo() {
        let refusal = refuse_token_flag(
            ["capture", "--token=ac_s3cret"]
                .map(OsString::from)
                .into_iter(),
        )
        .unwrap();
        assert!(!refusal.contains("ac_s3cret"), "{refusal}");
        assert!(refuse_token_flag(["--token-file", "t"].map(OsString::from).into_iter()).is_none());
        assert!(refuse_token_flag(["--", "--token"].map(OsString::from).into_iter()).is_none());
    }
}

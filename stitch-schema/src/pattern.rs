//! Classifies JSON-schema patterns into better Rust types where that is exact or a stated subset.
//!
//! Patterns are ECMA-262 regular expressions, and a JSON-schema pattern is a *search*: `^\d+`
//! (no `$`) accepts `"5432abc"`, and `^1|2$` means "starts with 1 or ends with 2". A pattern is
//! classified only when every value of the chosen Rust type serializes to a string the pattern
//! accepts; each classification is checked against the pattern with an ECMA-262 engine before
//! it is used, so a mistake here degrades to a checked newtype, never to an unsound type.

use stitch_report_card::pattern::Pattern;

/// What a pattern was recognised as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternClass {
    /// `^\d+$`, `^\d+`, `^[0-9]+$`, `^[0-9]+`: unsigned integers written in decimal.
    Digits,
    /// `^(true|false)$` or `^(true|false)`: `"true"` and `"false"`.
    Bool,
    /// `^\d{4}-\d{2}-\d{2}T00:00:00Z$`: a date at midnight UTC.
    MidnightUtcDate,
    /// A fully anchored alternation of literals, `^(a|b)$` or `^a$|^b$`, or one literal `^a$`.
    Literals(Vec<String>),
    /// Anything else.
    General,
}

/// Why a card's pattern is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// Not a valid ECMA-262 regular expression; the parser's message.
    Syntax(String),
    /// Valid, but no engine checks it in bounded time with the same meaning; why.
    Unbounded(String),
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Syntax(error) => {
                write!(f, "is not a valid ECMA-262 regular expression: {error}")
            }
            PatternError::Unbounded(error) => {
                write!(f, "cannot be checked in bounded time: {error}")
            }
        }
    }
}

/// Compiles `pattern` with ECMA-262 semantics (the Unicode flag, as JSON Schema recommends),
/// checked in linear time where it can be, within bounds where it needs backtracking
/// ([`stitch_report_card::pattern`]).
pub fn compile(pattern: &str) -> Result<Pattern, PatternError> {
    Pattern::new(pattern).map_err(|error| match error.unbounded() {
        Some(_) => PatternError::Unbounded(error.to_string()),
        None => PatternError::Syntax(error.to_string()),
    })
}

/// Classifies a pattern; an error means the pattern is not used (see [`PatternError`]).
pub fn classify(pattern: &str) -> Result<PatternClass, PatternError> {
    let compiled = compile(pattern)?;
    let candidate = recognise(pattern);
    let samples: Vec<&str> = match &candidate {
        PatternClass::Digits => vec!["0", "7", "5432", "18446744073709551615"],
        PatternClass::Bool => vec!["true", "false"],
        PatternClass::MidnightUtcDate => vec![
            "0000-01-01T00:00:00Z",
            "2020-02-29T00:00:00Z",
            "9999-12-31T00:00:00Z",
        ],
        PatternClass::Literals(literals) => literals.iter().map(String::as_str).collect(),
        PatternClass::General => Vec::new(),
    };
    // Samples are short: no bound refuses them.
    let sound = samples
        .iter()
        .all(|sample| compiled.matches(sample) == Ok(true));
    Ok(if sound {
        candidate
    } else {
        PatternClass::General
    })
}

/// The pattern without its closing `$`, when it ends with one (not an escaped `\$`): the one
/// reading of end anchoring that classification and drift share. `^\d+$` is anchored, `^\d+`
/// is not and takes whatever follows the digits. For a top-level alternation (`^1|2$`) the
/// `$` anchors the last branch only.
pub fn strip_end_anchor(pattern: &str) -> Option<&str> {
    let inner = pattern.strip_suffix('$')?;
    let backslashes = inner.len() - inner.trim_end_matches('\\').len();
    (backslashes % 2 == 0).then_some(inner)
}

/// Whether the pattern ends with an unescaped `$` (see [`strip_end_anchor`]).
pub fn is_end_anchored(pattern: &str) -> bool {
    strip_end_anchor(pattern).is_some()
}

fn recognise(pattern: &str) -> PatternClass {
    let Some(body) = pattern.strip_prefix('^') else {
        return PatternClass::General;
    };
    let (body, anchored_end) = match strip_end_anchor(body) {
        Some(inner) => (inner, true),
        None => (body, false),
    };
    if matches!(body, "\\d+" | "[0-9]+") {
        return PatternClass::Digits;
    }
    if matches!(body, "(true|false)" | "(false|true)") {
        return PatternClass::Bool;
    }
    if anchored_end
        && matches!(
            body,
            "\\d{4}-\\d{2}-\\d{2}T00:00:00Z" | "[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00Z"
        )
    {
        return PatternClass::MidnightUtcDate;
    }
    if anchored_end {
        // `^(a|b|c)$`
        if let Some(group) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
            if let Some(literals) = literal_list(group.split('|')) {
                return PatternClass::Literals(literals);
            }
        }
        // `^a$`
        if let Some(literals) = literal_list([body]) {
            return PatternClass::Literals(literals);
        }
    }
    // `^a$|^b$|^c$`
    let branches: Option<Vec<&str>> = pattern
        .split('|')
        .map(|branch| strip_end_anchor(branch.strip_prefix('^')?))
        .collect();
    if let Some(literals) = branches.and_then(literal_list) {
        return PatternClass::Literals(literals);
    }
    PatternClass::General
}

/// The branches as literals, if every branch is a non-empty string without regex syntax.
fn literal_list<'a>(branches: impl IntoIterator<Item = &'a str>) -> Option<Vec<String>> {
    const SYNTAX: &[char] = &[
        '\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '/',
    ];
    let literals: Vec<String> = branches
        .into_iter()
        .map(|branch| (!branch.is_empty() && !branch.contains(SYNTAX)).then(|| branch.to_owned()))
        .collect::<Option<_>>()?;
    let mut unique = literals.clone();
    unique.sort();
    unique.dedup();
    (unique.len() == literals.len()).then_some(literals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(pattern: &str) -> PatternClass {
        classify(pattern).unwrap()
    }

    fn literals(values: &[&str]) -> PatternClass {
        PatternClass::Literals(values.iter().map(|v| v.to_string()).collect())
    }

    #[test]
    fn digits_and_booleans() {
        assert_eq!(class("^\\d+$"), PatternClass::Digits);
        assert_eq!(class("^\\d+"), PatternClass::Digits);
        assert_eq!(class("^(true|false)$"), PatternClass::Bool);
        assert_eq!(class("^(true|false)"), PatternClass::Bool);
        assert_eq!(
            class("^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$"),
            PatternClass::MidnightUtcDate
        );
    }

    #[test]
    fn alternations_of_literals() {
        assert_eq!(class("^(ssh|none)$"), literals(&["ssh", "none"]));
        assert_eq!(
            class("^EU$|^US$|^asia-east1$"),
            literals(&["EU", "US", "asia-east1"])
        );
        assert_eq!(class("^1$|^30$|^60$"), literals(&["1", "30", "60"]));
        assert_eq!(class("^s3$"), literals(&["s3"]));
    }

    #[test]
    fn everything_else_is_general() {
        // "starts with 1, or ends with 2": not the set {1, 2}.
        assert_eq!(class("^1|2$"), PatternClass::General);
        assert_eq!(class("^(ssh|none)"), PatternClass::General);
        assert_eq!(class("^jdbc:spark://"), PatternClass::General);
        assert_eq!(class("^\\d+.?\\d*$"), PatternClass::General);
        assert_eq!(class("^stitch-challenge-file-.*$"), PatternClass::General);
        assert_eq!(class("^(\\d|[1-9]\\d|100)$"), PatternClass::General);
        assert_eq!(class("(a|b)"), PatternClass::General);
        assert_eq!(class("^(a|a)$"), PatternClass::General);
    }

    #[test]
    fn end_anchors_are_unescaped_dollars() {
        assert!(is_end_anchored("^\\d+$"));
        assert!(!is_end_anchored("^\\d+"));
        // `\$` is a literal dollar sign; `\\$` a literal backslash, then the anchor.
        assert!(!is_end_anchored("^a\\$"));
        assert!(is_end_anchored("^a\\\\$"));
        assert_eq!(strip_end_anchor("^(true|false)$"), Some("^(true|false)"));
        assert_eq!(class("^\\d+\\$"), PatternClass::General);
    }

    #[test]
    fn invalid_patterns_are_errors() {
        assert!(classify("^(unclosed$").is_err());
    }
}

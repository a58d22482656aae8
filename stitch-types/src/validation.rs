//! Errors found while checking a properties object against its report card.
//!
//! Checking never stops at the first problem: a config file with a typo in one key and a bad port
//! in another gets both reported at once. No message ever contains a credential's value.

use core::fmt;
use std::borrow::Cow;

use stitch_report_card::pattern::Refused;

/// Every problem found in one properties object.
///
/// ```
/// # stitch_types::include_report_card!("schemas/destinations/postgres.json");
/// use stitch_types::Properties;
///
/// let error = PostgresProperties::from_json_value(serde_json::json!({
///     "hots": "db.example.com", "port": "54x32"
/// })).unwrap_err();
/// assert!(error.problems().iter().any(|p| p.path() == "hots"));
/// assert!(error.to_string().contains("did you mean `host`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertiesError {
    card_type: Cow<'static, str>,
    problems: Vec<PropertyError>,
}

impl PropertiesError {
    /// Collects `problems` found in properties of the card `card_type`.
    pub fn new(card_type: impl Into<Cow<'static, str>>, problems: Vec<PropertyError>) -> Self {
        PropertiesError {
            card_type: card_type.into(),
            problems,
        }
    }

    /// The report card's `type`, e.g. `postgres`.
    pub fn card_type(&self) -> &str {
        &self.card_type
    }

    /// Every problem, in the order the card lists the properties, unknown keys last.
    pub fn problems(&self) -> &[PropertyError] {
        &self.problems
    }

    /// The problems, by value.
    pub fn into_problems(self) -> Vec<PropertyError> {
        self.problems
    }
}

impl fmt::Display for PropertiesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "{count} {noun} in `{}` properties", self.card_type)?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PropertiesError {}

/// One problem with one property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyError {
    path: String,
    problem: Problem,
}

impl PropertyError {
    /// A problem with the property at `path`.
    pub fn new(path: impl Into<String>, problem: Problem) -> Self {
        PropertyError {
            path: path.into(),
            problem,
        }
    }

    /// Where the problem is: the property name, with `.field` and `[index]` for nested values
    /// (`ssh_config.ssh_port`, `report_definitions[0].id`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Prefixes the path with the property (or array element) that contains it.
    pub(crate) fn nested_in(mut self, parent: &str) -> Self {
        self.path = if self.path.starts_with('[') {
            format!("{parent}{}", self.path)
        } else {
            format!("{parent}.{}", self.path)
        };
        self
    }

    /// The same problem without the offending value: for a credential, and for logs, where a
    /// value sent under the wrong name may be a credential.
    pub fn redacted(mut self) -> Self {
        self.problem = self.problem.redacted();
        self
    }
}

impl fmt::Display for PropertyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.path, self.problem)
    }
}

impl std::error::Error for PropertyError {}

/// What is wrong with a property's value.
///
/// Values are shown as JSON (and cut after 60 characters). A credential's value is never kept:
/// its `value` fields are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A required property is absent.
    Missing,
    /// The key is not a property of the card.
    Unknown {
        /// The closest property name, when one is close.
        suggestion: Option<String>,
    },
    /// The property is `read_only`: Stitch sets it, and a request that sends it is rejected.
    ReadOnly,
    /// The card has the property, but the struct being read (a `#[derive(Properties)]` struct)
    /// has no field for it.
    NotHeld,
    /// The property may not be changed after creation (`user_provided_immutable`).
    Immutable,
    /// The JSON value has the wrong type.
    WrongType {
        /// What the schema takes, e.g. `a string of digits such as "5432"`.
        expected: &'static str,
        /// The JSON type found: `null`, `boolean`, `number`, `string`, `array` or `object`.
        found: &'static str,
    },
    /// An empty string; the API rejects empty values.
    Empty,
    /// A string the schema's `minLength` rejects.
    TooShort {
        /// The schema's `minLength`.
        min_length: u64,
    },
    /// The value does not match the schema's pattern (ECMA-262 semantics).
    Pattern {
        /// The offending value as JSON, unless it is a credential.
        value: Option<String>,
        /// The pattern from the card.
        pattern: String,
        /// What the pattern takes, in words.
        expected: &'static str,
    },
    /// The value is refused without being checked: the schema's pattern needs a backtracking
    /// engine, and the value met one of its bounds (length, or steps of the search).
    PatternNotChecked {
        /// The offending value as JSON, unless it is a credential.
        value: Option<String>,
        /// The pattern from the card.
        pattern: String,
        /// Why the pattern needs backtracking, and the bound.
        refused: Refused,
    },
    /// The value matches the pattern but is out of the range the Rust type holds.
    OutOfRange {
        /// The offending value as JSON, unless it is a credential.
        value: Option<String>,
        /// The largest value the property's Rust type holds.
        max: u64,
    },
    /// The value is not one of the allowed values.
    NotAllowed {
        /// The offending value as JSON, unless it is a credential.
        value: Option<String>,
        /// The values the card allows.
        allowed: Vec<String>,
    },
    /// The value does not have the schema's `format`.
    Format {
        /// The offending value as JSON, unless it is a credential.
        value: Option<String>,
        /// The format, e.g. `uri` or `date-time`.
        format: &'static str,
        /// Why it was rejected.
        reason: String,
    },
}

impl Problem {
    pub(crate) fn redacted(self) -> Self {
        // The copies of the value are wiped, not only dropped: it may be a credential.
        fn wipe(value: Option<String>) {
            if let Some(mut value) = value {
                zeroize::Zeroize::zeroize(&mut value);
            }
        }
        match self {
            Problem::Pattern {
                pattern,
                expected,
                value,
            } => {
                wipe(value);
                Problem::Pattern {
                    value: None,
                    pattern,
                    expected,
                }
            }
            Problem::PatternNotChecked {
                value,
                pattern,
                refused,
            } => {
                wipe(value);
                Problem::PatternNotChecked {
                    value: None,
                    pattern,
                    refused,
                }
            }
            Problem::OutOfRange { max, value } => {
                wipe(value);
                Problem::OutOfRange { value: None, max }
            }
            Problem::NotAllowed { allowed, value } => {
                wipe(value);
                Problem::NotAllowed {
                    value: None,
                    allowed,
                }
            }
            // The parser's reason may quote the input.
            Problem::Format {
                format,
                value,
                reason,
            } => {
                wipe(value);
                wipe(Some(reason));
                Problem::Format {
                    value: None,
                    format,
                    reason: "the value does not parse".to_owned(),
                }
            }
            other => other,
        }
    }
}

/// Shows an offending value, or says that it is hidden.
struct Shown<'a>(&'a Option<String>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(value) => f.write_str(value),
            None => f.write_str("(value not shown)"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => f.write_str("is required but missing"),
            Problem::Unknown {
                suggestion: Some(suggestion),
            } => write!(
                f,
                "is not a property of this report card; did you mean `{suggestion}`?"
            ),
            Problem::Unknown { suggestion: None } => {
                f.write_str("is not a property of this report card")
            }
            Problem::NotHeld => {
                f.write_str("is a property of the report card, but this struct has no field for it")
            }
            Problem::ReadOnly => {
                f.write_str("is read-only: Stitch sets it, and a request that sends it is rejected")
            }
            Problem::Immutable => {
                f.write_str("is set when the connection is created and cannot be updated")
            }
            Problem::WrongType { expected, found } => {
                write!(f, "must be {expected}, found a JSON {found}")
            }
            Problem::Empty => f.write_str("is an empty string, which the Connect API rejects"),
            Problem::TooShort { min_length } => {
                write!(f, "must be at least {min_length} characters long")
            }
            Problem::Pattern {
                value,
                pattern,
                expected,
            } => write!(
                f,
                "{} does not match the pattern `{pattern}` ({expected})",
                Shown(value)
            ),
            Problem::PatternNotChecked {
                value,
                pattern,
                refused,
            } => write!(
                f,
                "{} is not checked against the pattern `{pattern}`: {refused}",
                Shown(value)
            ),
            Problem::OutOfRange { value, max } => write!(
                f,
                "{} is out of range: the largest value this property holds is {max}",
                Shown(value)
            ),
            Problem::NotAllowed { value, allowed } => {
                write!(f, "{} is not one of ", Shown(value))?;
                for (index, allowed) in allowed.iter().enumerate() {
                    let separator = if index == 0 { "" } else { ", " };
                    write!(f, "{separator}\"{allowed}\"")?;
                }
                Ok(())
            }
            Problem::Format {
                value,
                format,
                reason,
            } => write!(f, "{} is not a valid `{format}`: {reason}", Shown(value)),
        }
    }
}

/// A string that is none of a generated enum's values: the error of the enum's `FromStr` and
/// `TryFrom<&str>`.
///
/// ```
/// # stitch_types::include_report_card!("schemas/destinations/postgres.json");
/// let error = "tls".parse::<PostgresEncryptionType>().unwrap_err();
/// assert_eq!(error.to_string(), r#"`PostgresEncryptionType`: "tls" is not one of "ssh", "none""#);
/// assert_eq!(error.allowed(), ["ssh", "none"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    type_name: &'static str,
    shown: String,
    allowed: &'static [&'static str],
}

impl UnknownValue {
    /// `value` is not one of `allowed`, the values of the enum `type_name`. The value is kept
    /// cut to a readable length, as every error here shows values.
    pub fn new(type_name: &'static str, value: &str, allowed: &'static [&'static str]) -> Self {
        UnknownValue {
            type_name,
            shown: show_value(&serde_json::Value::String(value.to_owned())),
            allowed,
        }
    }

    /// The enum's name.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The values the enum has, as sent on the wire.
    pub fn allowed(&self) -> &'static [&'static str] {
        self.allowed
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = Problem::NotAllowed {
            value: Some(self.shown.clone()),
            allowed: self.allowed.iter().map(|&value| value.to_owned()).collect(),
        };
        write!(f, "`{}`: {problem}", self.type_name)
    }
}

impl std::error::Error for UnknownValue {}

/// Renders a value for an error message, cut to a readable length.
pub(crate) fn show_value(value: &serde_json::Value) -> String {
    const LIMIT: usize = 60;
    let rendered = value.to_string();
    match rendered.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &rendered[..cut]),
        None => rendered,
    }
}

/// The JSON type of a value, as error messages name it.
pub(crate) fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_drops_every_value() {
        let problems = [
            Problem::Pattern {
                value: Some("\"hunter2\"".into()),
                pattern: "^x$".into(),
                expected: "x",
            },
            Problem::OutOfRange {
                value: Some("\"hunter2\"".into()),
                max: 1,
            },
            Problem::NotAllowed {
                value: Some("\"hunter2\"".into()),
                allowed: vec!["a".into()],
            },
            Problem::Format {
                value: Some("\"hunter2\"".into()),
                format: "uri",
                reason: "hunter2 is bad".into(),
            },
        ];
        for problem in problems {
            let error = PropertyError::new("password", problem).redacted();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("hunter2"), "{shown}");
        }
    }

    #[test]
    fn long_values_are_cut() {
        let long = serde_json::Value::String("x".repeat(500));
        let shown = show_value(&long);
        assert!(shown.chars().count() <= 61, "{shown}");
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn nested_paths_read_naturally() {
        let error = PropertyError::new("id", Problem::Missing)
            .nested_in("[0]")
            .nested_in("report_definitions");
        assert_eq!(error.path(), "report_definitions[0].id");
    }
}

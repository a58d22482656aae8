//! `stitch validate CARD PROPERTIES.json`: every problem of a properties file, each with its
//! property, JSON pointer and rule, checked with the generated types' own rules
//! (`stitch_types::runtime::CardChecker`). Credential values are never printed: the checker's
//! problems never hold them.

use std::path::Path;

use stitch_schema::{CardKind, CardSource};
use stitch_types::runtime::{CardChecker, ForDestination, ForSource};
use stitch_types::validation::Problem;
use stitch_types::{PropertiesError, PropertyError};

use crate::cli::ValidateArgs;
use crate::failure::{Context, Failure, Outcome};

/// Runs `stitch validate`.
pub fn run(args: &ValidateArgs) -> Result<Outcome, Failure> {
    let card_file = args.card.display().to_string();
    let card_text = stitch_codegen::read_card_text(&args.card)
        .context(|| format!("cannot read report card `{card_file}`"))?;
    // The generator's reading, for its line and column of every problem of the card.
    let card = stitch_codegen::read_card(CardSource {
        file: &card_file,
        text: &card_text,
        kind: args.kind.map(|kind| kind.kind()),
    })
    .map_err(|diagnostics| Failure::new(diagnostics.to_string()))?;
    let properties_file = args.properties.display().to_string();
    let properties = read_properties(&args.properties)?;
    let checked = match card.kind {
        CardKind::Destination => {
            check::<ForDestination>(&card_file, &card_text, properties, args.update)
        }
        CardKind::Source => check::<ForSource>(&card_file, &card_text, properties, args.update),
    }?;
    let body = if args.update { "an update" } else { "a create" };
    match checked {
        Ok(()) => {
            println!(
                "{properties_file}: valid `{}` properties for {body} request",
                card.card_type
            );
            Ok(Outcome::Success)
        }
        Err(error) => {
            crate::output::write(std::io::stdout(), &report(&properties_file, &error))?;
            Ok(Outcome::Findings)
        }
    }
}

fn read_properties(path: &Path) -> Result<serde_json::Value, Failure> {
    let shown = path.display();
    let text = stitch_codegen::read_card_text(path)
        .context(|| format!("cannot read properties file `{shown}`"))?;
    // serde_json's messages name positions, never the text around them, so a credential in a
    // malformed file is not quoted.
    serde_json::from_str(&text).context(|| format!("`{shown}` is not valid JSON"))
}

fn check<K: stitch_types::runtime::Kind>(
    card_file: &str,
    card_text: &str,
    properties: serde_json::Value,
    update: bool,
) -> Result<Result<(), PropertiesError>, Failure> {
    let checker = CardChecker::<K>::from_json(card_file, card_text)
        .map_err(|diagnostics| Failure::new(diagnostics.to_string()))?;
    Ok(if update {
        checker.check_update_value(properties).map(drop)
    } else {
        checker.check_value(properties).map(drop)
    })
}

/// `FILE: N problems in `type` properties`, then one line per problem:
/// `` - `port` at /port (pattern): "54x32" does not match … ``.
pub fn report(file: &str, error: &PropertiesError) -> String {
    let count = error.problems().len();
    let noun = if count == 1 { "problem" } else { "problems" };
    let mut text = format!(
        "{file}: {count} {noun} in `{}` properties\n",
        error.card_type()
    );
    for problem in error.problems() {
        let (property, pointer) = locate(problem);
        let property = if property.is_empty() {
            "(the properties object)".to_owned()
        } else {
            format!("`{property}`")
        };
        let pointer = if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer
        };
        text.push_str(&format!(
            "  - {property} at {pointer} ({}): {}\n",
            rule(problem.problem()),
            problem.problem()
        ));
    }
    text
}

/// The top-level property and the JSON pointer of a problem's path (`ssh_config.ssh_port` →
/// `ssh_config`, `/ssh_config/ssh_port`; `reports[0].name` → `reports`, `/reports/0/name`).
fn locate(problem: &PropertyError) -> (String, String) {
    let path = problem.path();
    // Unknown, read-only and immutable keys are whole keys, dots and brackets included.
    let whole = matches!(
        problem.problem(),
        Problem::Unknown { .. } | Problem::ReadOnly | Problem::Immutable | Problem::NotHeld
    );
    if whole || !path.contains(['.', '[']) {
        return (path.to_owned(), pointer(&[path]));
    }
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => tokens.push(std::mem::take(&mut current)),
            '[' => {
                tokens.push(std::mem::take(&mut current));
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    current.push(c);
                }
            }
            c => current.push(c),
        }
    }
    tokens.push(current);
    tokens.retain(|token| !token.is_empty());
    let top = tokens.first().cloned().unwrap_or_default();
    let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    (top, pointer(&refs))
}

fn pointer(tokens: &[&str]) -> String {
    stitch_report_card::pointer::from_tokens(tokens.iter().copied())
}

/// The rule a problem breaks, named as the card's schema or the API names it.
fn rule(problem: &Problem) -> &'static str {
    match problem {
        Problem::Missing => "required",
        Problem::Unknown { .. } => "unknown property",
        Problem::ReadOnly => "read_only",
        Problem::NotHeld => "not held",
        Problem::Immutable => "user_provided_immutable",
        Problem::WrongType { .. } => "type",
        Problem::Empty => "non-empty",
        Problem::TooShort { .. } => "minLength",
        Problem::Pattern { .. } | Problem::PatternNotChecked { .. } => "pattern",
        Problem::OutOfRange { .. } => "range",
        Problem::NotAllowed { .. } => "enum",
        Problem::Format { .. } => "format",
        _ => "schema",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paths_become_pointers() {
        let at = |path: &str, problem: Problem| locate(&PropertyError::new(path, problem));
        assert_eq!(
            at("ssh_config.ssh_port", Problem::Missing),
            ("ssh_config".to_owned(), "/ssh_config/ssh_port".to_owned())
        );
        assert_eq!(
            at("report_definitions[0].id", Problem::Missing),
            (
                "report_definitions".to_owned(),
                "/report_definitions/0/id".to_owned()
            )
        );
        assert_eq!(
            at("a.b/c", Problem::Unknown { suggestion: None }),
            ("a.b/c".to_owned(), "/a.b~1c".to_owned())
        );
    }
}

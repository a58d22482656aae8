//! The strings a string schema accepts (its pattern and `enum`), and whether a new schema
//! accepts more or fewer of them than an old one.
//!
//! The judgement uses the generator's own pattern classes (`stitch_schema::pattern::classify`):
//! a finite set (a literal alternation, `^(true|false)$`, an `enum`) is checked value by value
//! against the new schema, so looser and tighter are proven; an infinite class (digits,
//! booleans without `$`, midnight dates, no pattern at all) is proven tighter by a value it
//! took that the new schema rejects, and looser only where one class contains the other.
//! Anything else is "changed": breaking, since looser cannot be proven.

use stitch_schema::pattern::{self, PatternClass};

use super::schema::{Finding, Verdict};

/// What a string schema accepts.
#[derive(Debug, Clone)]
pub struct Language {
    class: Class,
    /// The pattern, verbatim.
    pattern: Option<String>,
    /// The `enum` values, when the schema has one.
    allowed: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Class {
    /// No pattern and no `enum`.
    Any,
    /// Exactly these strings.
    Finite(Vec<String>),
    /// ASCII digits: `^\d+$` (`strict`) or `^\d+`, which also takes what follows the digits.
    Digits { strict: bool },
    /// `^(true|false)`: strings that start with `true` or `false`.
    BoolPrefix,
    /// `^\d{4}-\d{2}-\d{2}T00:00:00Z$`.
    MidnightUtcDate,
    /// Any other pattern.
    General,
}

impl Language {
    /// The language of a schema's `pattern` and `enum` (strings only).
    pub fn of(pattern: Option<&str>, allowed: Option<Vec<String>>) -> Language {
        let class = match (&allowed, pattern) {
            (Some(values), pattern) => Class::Finite(
                values
                    .iter()
                    .filter(|value| pattern.is_none_or(|pattern| matches(pattern, value)))
                    .cloned()
                    .collect(),
            ),
            (None, None) => Class::Any,
            (None, Some(pattern)) => {
                let anchored = pattern::is_end_anchored(pattern);
                match pattern::classify(pattern) {
                    Ok(PatternClass::Digits) => Class::Digits { strict: anchored },
                    Ok(PatternClass::Bool) if anchored => {
                        Class::Finite(vec!["true".to_owned(), "false".to_owned()])
                    }
                    Ok(PatternClass::Bool) => Class::BoolPrefix,
                    Ok(PatternClass::MidnightUtcDate) => Class::MidnightUtcDate,
                    Ok(PatternClass::Literals(literals)) => Class::Finite(literals),
                    Ok(PatternClass::General) | Err(_) => Class::General,
                }
            }
        };
        Language {
            class,
            pattern: pattern.map(str::to_owned),
            allowed,
        }
    }

    /// Whether the schema accepts `value`.
    fn accepts(&self, value: &str) -> bool {
        let in_enum = self
            .allowed
            .as_ref()
            .is_none_or(|allowed| allowed.iter().any(|allowed| allowed == value));
        in_enum
            && self
                .pattern
                .as_deref()
                .is_none_or(|pattern| matches(pattern, value))
    }

    /// Values the language accepts, to find one the new language rejects.
    fn witnesses(&self) -> Vec<String> {
        let list: &[&str] = match &self.class {
            Class::Finite(values) => return values.clone(),
            Class::Any => &["x", "any text", "5432", "true", "2020-01-01T00:00:00Z"],
            Class::Digits { strict: true } => &["0", "7", "5432", "18446744073709551615", "007"],
            Class::Digits { strict: false } => {
                &["0", "7", "5432", "18446744073709551615", "5432abc"]
            }
            Class::BoolPrefix => &["true", "false", "trueish", "false0"],
            Class::MidnightUtcDate => &[
                "0000-01-01T00:00:00Z",
                "2020-02-29T00:00:00Z",
                "9999-12-31T00:00:00Z",
            ],
            Class::General => &[],
        };
        list.iter()
            .map(|value| (*value).to_owned())
            .filter(|value| self.accepts(value))
            .collect()
    }

    /// How it is written, for messages: the pattern, the `enum`, or "any string".
    fn shown(&self) -> String {
        match (&self.pattern, &self.allowed) {
            (_, Some(allowed)) => format!("enum {}", quoted(allowed)),
            (Some(pattern), None) => format!("`{pattern}`"),
            (None, None) => "any string".to_owned(),
        }
    }
}

/// The findings of a change from `old` to `new` at `pointer`; none when they accept the same.
pub fn compare(old: &Language, new: &Language, pointer: &str) -> Vec<Finding> {
    if old.pattern == new.pattern && old.allowed == new.allowed {
        return Vec::new();
    }
    let finding = |verdict, message: String| Finding {
        verdict,
        pointer: pointer.to_owned(),
        message,
    };
    let (from, to) = (old.shown(), new.shown());
    if new.class == Class::Any {
        return vec![finding(
            Verdict::Looser,
            format!("{from} was dropped: any string is accepted"),
        )];
    }
    if let (Class::Finite(before), Class::Finite(after)) = (&old.class, &new.class) {
        let mut findings = Vec::new();
        for removed in before.iter().filter(|value| !after.contains(value)) {
            findings.push(finding(
                Verdict::Tighter,
                format!("value \"{removed}\" removed ({from} → {to}): requests that send it are rejected"),
            ));
        }
        for added in after.iter().filter(|value| !before.contains(value)) {
            findings.push(finding(
                Verdict::Looser,
                format!("value \"{added}\" added ({from} → {to})"),
            ));
        }
        if findings.is_empty() {
            findings.push(finding(
                Verdict::Equivalent,
                format!("{from} rewritten as {to}, which accepts the same values"),
            ));
        }
        return findings;
    }
    // Within one infinite class the generator recognises, spellings differ but the language
    // is the same (`^\d+$` and `^[0-9]+$`: `\d` is ASCII digits in ECMA-262); the class of
    // digits records the end anchor, the others are recognised with one anchoring only.
    if old.class == new.class
        && matches!(
            old.class,
            Class::Digits { .. } | Class::BoolPrefix | Class::MidnightUtcDate
        )
    {
        return vec![finding(
            Verdict::Equivalent,
            format!("pattern rewritten from {from} to {to}, which accepts the same values"),
        )];
    }
    if let Some(rejected) = old
        .witnesses()
        .into_iter()
        .find(|value| !new.accepts(value))
    {
        let what = if old.class == Class::Any {
            format!("a pattern now constrains what was any string ({to})")
        } else {
            format!("pattern tightened from {from} to {to}")
        };
        return vec![finding(
            Verdict::Tighter,
            format!("{what}: \"{rejected}\" was accepted and is now rejected"),
        )];
    }
    let proven_looser = match (&old.class, &new.class) {
        // Every value of a finite set still matches (checked above).
        (Class::Finite(_), _) => true,
        (Class::Digits { strict: true }, Class::Digits { strict: false }) => true,
        _ => false,
    };
    if proven_looser {
        return vec![finding(
            Verdict::Looser,
            format!(
                "pattern loosened from {from} to {to}: every value the old one took still matches"
            ),
        )];
    }
    vec![finding(
        Verdict::Changed,
        format!("pattern changed from {from} to {to}; neither looser nor tighter can be proven"),
    )]
}

fn matches(pattern: &str, value: &str) -> bool {
    // A pattern that does not compile matches nothing, as in generated code; nor does a value
    // the bound of a backtracking pattern refuses.
    pattern::compile(pattern).is_ok_and(|compiled| compiled.matches(value) == Ok(true))
}

fn quoted(values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|value| format!("\"{value}\"")).collect();
    format!("[{}]", values.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdicts(old: Option<&str>, new: Option<&str>) -> Vec<(Verdict, String)> {
        compare(&Language::of(old, None), &Language::of(new, None), "/p")
            .into_iter()
            .map(|finding| (finding.verdict, finding.message))
            .collect()
    }

    fn verdict(old: &str, new: &str) -> Verdict {
        let found = verdicts(Some(old), Some(new));
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].0
    }

    #[test]
    fn digits_with_and_without_the_end_anchor() {
        assert_eq!(verdict("^\\d+$", "^\\d+"), Verdict::Looser);
        assert_eq!(verdict("^\\d+", "^\\d+$"), Verdict::Tighter);
        let message = &verdicts(Some("^\\d+"), Some("^\\d+$"))[0].1;
        assert!(message.contains("\"5432abc\" was accepted"), "{message}");
    }

    #[test]
    fn literal_sets_are_compared_value_by_value() {
        let found = verdicts(Some("^(csv|json)$"), Some("^(csv|jsonl)$"));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, Verdict::Tighter);
        assert!(found[0].1.contains("\"json\" removed"), "{}", found[0].1);
        assert_eq!(found[1].0, Verdict::Looser);
        assert_eq!(verdict("^(a|b)$", "^a$|^b$|^c$"), Verdict::Looser);
        // A finite set checked against any pattern is proven either way.
        assert_eq!(verdict("^1$|^30$", "^\\d+$"), Verdict::Looser);
        assert_eq!(verdict("^1$|^x$", "^\\d+$"), Verdict::Tighter);
        assert_eq!(verdict("^(true|false)$", "^(true|false)"), Verdict::Looser);
    }

    #[test]
    fn what_cannot_be_proven_is_changed() {
        assert_eq!(verdict("^\\d+$", "^\\d+.?\\d*$"), Verdict::Changed);
        assert_eq!(verdict("^jdbc:spark://", "^jdbc:"), Verdict::Changed);
        assert_eq!(verdict("^[a-z]+$", "^[a-z0-9]+$"), Verdict::Changed);
    }

    #[test]
    fn a_pattern_rewritten_within_its_class_is_equivalent() {
        assert_eq!(verdict("^\\d+$", "^[0-9]+$"), Verdict::Equivalent);
        assert_eq!(verdict("^[0-9]+", "^\\d+"), Verdict::Equivalent);
        assert_eq!(
            verdict("^(true|false)", "^(false|true)"),
            Verdict::Equivalent
        );
        assert_eq!(
            verdict("^(true|false)$", "^(false|true)$"),
            Verdict::Equivalent
        );
        assert_eq!(
            verdict(
                "^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$",
                "^[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00Z$"
            ),
            Verdict::Equivalent
        );
        // The end anchor still counts.
        assert_eq!(verdict("^\\d+$", "^[0-9]+"), Verdict::Looser);
        assert_eq!(verdict("^[0-9]+", "^\\d+$"), Verdict::Tighter);
    }

    #[test]
    fn adding_or_dropping_a_pattern() {
        assert_eq!(verdicts(Some("^\\d+$"), None)[0].0, Verdict::Looser);
        assert_eq!(verdicts(None, Some("^\\d+$"))[0].0, Verdict::Tighter);
        assert_eq!(verdicts(Some("^\\d+$"), Some("^\\d+$")), []);
    }

    #[test]
    fn enums_are_finite_sets() {
        let old = Language::of(None, Some(vec!["a".into(), "b".into()]));
        let new = Language::of(Some("^(a|b|c)$"), None);
        let found = compare(&old, &new, "/p");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::Looser);
    }
}

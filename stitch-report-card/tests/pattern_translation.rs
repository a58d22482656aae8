//! Each rewrite of a pattern means what the pattern means in ECMA-262: on every string tried,
//! `Pattern::matches` agrees with `regress` (the Unicode flag, a search), for every pattern of
//! the captured cards, of the repository's cards, of a list of tricky and hostile ones, and of
//! random patterns with backreferences, lookaround and word boundaries (the backtracking
//! engine's rewrite).
//!
//! Strings come from three sources: a fixed list near the classes ECMA-262 and the `regex`
//! crate could disagree on (line terminators, `\u{FEFF}`, non-ASCII digits and letters), random
//! strings over those characters and the pattern's own, and strings the rewrite itself
//! generates (anchors and boundaries dropped), then edited by one character.

mod support;

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use stitch_report_card::pattern::{Engine, Pattern};
use support::Outcome;

/// Characters at the edges of the two dialects' classes.
const EDGE_CHARS: &[char] = &[
    '0',
    '1',
    '5',
    '9',
    'a',
    'b',
    'z',
    'A',
    'Z',
    '_',
    '-',
    '.',
    ' ',
    '!',
    '\0',
    '\u{8}',
    '\t',
    '\n',
    '\u{B}',
    '\u{C}',
    '\r',
    '\u{85}',
    '\u{A0}',
    '\u{1680}',
    '\u{180E}',
    '\u{2000}',
    '\u{200A}',
    '\u{200B}',
    '\u{2028}',
    '\u{2029}',
    '\u{202F}',
    '\u{205F}',
    '\u{3000}',
    '\u{FEFF}',
    '５',
    '٣',
    '𝟘',
    'é',
    'ſ',
    'K',
    'ß',
    '😀',
    '\u{10FFFF}',
];

/// Strings to try on every pattern.
const EDGE_STRINGS: &[&str] = &[
    "",
    "true",
    "false",
    "trueish",
    "5432",
    "５４３２",
    "٣٤",
    "2020-01-01T00:00:00Z",
    "2020-01-01T00:00:00Z\n",
    "1.5",
    "1\u{2028}5",
    "a\nb",
    "a\rb",
    "a\u{2029}b",
    "\u{FEFF}",
    " \u{A0}\u{3000}",
    "stitch-challenge-file-x",
    "jdbc:spark://host",
    "foo bar",
    "ſK",
];

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(256)
}

/// `pattern` agrees with `regress` on `text`.
fn agree(pattern: &Pattern, ecma: &regress::Regex, text: &str) -> Result<(), TestCaseError> {
    let expected = ecma.find(text).is_some();
    prop_assert_eq!(
        pattern.matches(text),
        Ok(expected),
        "pattern {:?} (rewritten {:?}) on {:?}",
        pattern.source(),
        pattern.rewritten(),
        text
    );
    Ok(())
}

/// The rewrite without anchors and word boundaries, for proptest to generate strings from:
/// the rewrite writes `^` only as an anchor or right after `[`, and `$` only as an anchor.
fn without_assertions(rewritten: &str) -> String {
    let rewritten = rewritten.replace(r"(?-u:\b)", "").replace(r"(?-u:\B)", "");
    let mut out = String::new();
    let mut previous = None;
    for c in rewritten.chars() {
        if !(c == '$' || (c == '^' && previous != Some('['))) {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// Strings for one pattern: random ones over the edge characters and the pattern's, and
/// ones the rewrite generates, edited by a character; at most `max_chars` long.
fn strings_for(pattern: &Pattern, max_chars: usize) -> BoxedStrategy<String> {
    let mut alphabet: Vec<char> = EDGE_CHARS.to_vec();
    alphabet.extend(pattern.source().chars());
    alphabet.sort_unstable();
    alphabet.dedup();
    let edge = proptest::sample::select(alphabet);
    let random = proptest::collection::vec(edge.clone(), 0..12)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    let Some(generated) = Some(pattern.rewritten())
        // Only the `regex` crate's syntax is proptest's; it panics on a class that holds
        // nothing (the rewrite of `[]`).
        .filter(|_| pattern.engine() == Engine::Linear)
        .filter(|rewritten| !rewritten.contains(r"[^\x{0}-\x{10FFFF}]"))
        .and_then(|rewritten| proptest::string::string_regex(&without_assertions(rewritten)).ok())
    else {
        return random.boxed();
    };
    let edited = (generated, 0..5u8, any::<proptest::sample::Index>(), edge).prop_map(
        |(text, edit, at, c)| {
            let mut chars: Vec<char> = text.chars().collect();
            let position = at.index(chars.len() + 1);
            match edit {
                0 => {}
                1 => chars.insert(position, c),
                2 if position < chars.len() => chars[position] = c,
                3 if position < chars.len() => {
                    chars.remove(position);
                }
                _ => chars.push(c),
            }
            chars.into_iter().collect::<String>()
        },
    );
    prop_oneof![random, edited]
        .prop_map(move |text| text.chars().take(max_chars).collect())
        .boxed()
}

/// The longest string tried: long enough for every corpus pattern to match
/// (`[a-z0-9.-]{1,61}`), short enough for `regress` on the patterns that do not backtrack
/// badly.
const MAX_CHARS: usize = 80;

/// The longest string tried on a hostile pattern: `regress`, the reference, takes time
/// exponential in the length on these.
const HOSTILE_MAX_CHARS: usize = 16;

/// Checks one pattern on strings of at most `max_chars`; the message names the pattern and
/// the string it failed on.
fn check(pattern_source: &str, origin: &str, max_chars: usize) -> Result<Engine, String> {
    let pattern = Pattern::new(pattern_source).map_err(|error| format!("{error}"))?;
    let ecma = regress::Regex::with_flags(pattern_source, "u").expect("Pattern::new checked it");
    for text in EDGE_STRINGS {
        agree(&pattern, &ecma, text).map_err(|failure| format!("{origin}: {failure}"))?;
    }
    // The same strings on every run, so that a run of CI is one seen to pass (the reference
    // backtracks, and is slow on some strings) and a failure reproduces.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: cases(),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    runner
        .run(&strings_for(&pattern, max_chars), |text| {
            agree(&pattern, &ecma, &text)
        })
        .map_err(|failure| format!("{origin}: {failure}"))?;
    Ok(pattern.engine())
}

/// Every pattern of `patterns` is rewritten for the linear engine and agrees with `regress`.
fn check_all_linear(patterns: &BTreeMap<String, String>, max_chars: usize) {
    let mut failures = Vec::new();
    for (pattern, file) in patterns {
        match check(pattern, file, max_chars) {
            Ok(Engine::Linear) => {}
            Ok(engine) => failures.push(format!("{file}: {pattern:?} is not linear: {engine:?}")),
            Err(failure) => failures.push(failure),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_repository_cards_patterns_are_linear_and_agree_with_regress() {
    check_all_linear(&support::repository_patterns(), MAX_CHARS);
}

#[test]
fn the_captured_cards_patterns_are_linear_and_agree_with_regress() {
    if let Some(patterns) = support::corpus_patterns("the pattern translation test") {
        check_all_linear(&patterns, MAX_CHARS);
    }
}

#[test]
fn hostile_patterns_are_linear_and_agree_with_regress() {
    let hostile = support::HOSTILE
        .iter()
        .map(|pattern| (pattern.to_string(), "hostile".to_owned()))
        .collect();
    check_all_linear(&hostile, HOSTILE_MAX_CHARS);
}

#[test]
fn tricky_patterns_take_the_expected_engine_and_agree_with_regress() {
    let mut failures = Vec::new();
    for &(pattern, expected) in support::TRICKY {
        let outcome = match Pattern::new(pattern) {
            Err(error) if error.unbounded().is_some() => Ok(Outcome::Refused),
            Err(error) => Err(format!("{pattern:?} does not compile: {error}")),
            Ok(_) => check(pattern, "tricky", MAX_CHARS).map(|engine| match engine {
                Engine::Linear => Outcome::Linear,
                Engine::Backtracking(_) => Outcome::Bounded,
            }),
        };
        match outcome {
            Ok(outcome) if outcome == expected => {}
            Ok(outcome) => failures.push(format!("{pattern:?}: {outcome:?}, not {expected:?}")),
            Err(failure) => failures.push(failure),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Single code points, every one in the Basic Multilingual Plane and the start and end of
/// every other plane: where a class of one dialect could hold a character the other's lacks.
#[test]
fn classes_agree_with_regress_on_single_code_points() {
    let patterns = [
        r"^\s$",
        r"^\S$",
        r"^.$",
        r"^\w$",
        r"^\W$",
        r"^\d$",
        r"^\D$",
        r"^[^]$",
        r"\b",
        r"\B",
        r"^[^\s\d]$",
    ];
    let planes = (1..=16u32).flat_map(|plane| {
        let start = plane << 16;
        (start..start + 0x400).chain(start + 0xFC00..start + 0x10000)
    });
    let code_points: Vec<char> = (0..0x10000u32)
        .chain(planes)
        .filter_map(char::from_u32)
        .collect();
    for source in patterns {
        let pattern = Pattern::new(source).unwrap();
        let ecma = regress::Regex::with_flags(source, "u").unwrap();
        let mut buffer = [0; 4];
        for &c in &code_points {
            let text = c.encode_utf8(&mut buffer);
            let expected = ecma.find(text).is_some();
            assert_eq!(
                pattern.matches(text),
                Ok(expected),
                "{source:?} on U+{:04X}",
                u32::from(c)
            );
        }
    }
}

/// A random pattern over `a`, `b` and `é` with what the backtracking rewrite handles:
/// captures (named or not), backreferences by number and by name, lookahead and lookbehind,
/// word boundaries, anchors, alternation and bounded quantifiers.
///
/// `regress`, the reference, takes exponential time or never returns on some patterns where a
/// repetition's body can match the empty string (nested ones, or one around a backreference),
/// so quantifiers are bounded and backreferences stand outside them. (The rewrite writes `*`
/// as it writes `{0,2}`, and a reference the same wherever it stands.)
fn backtracking_pattern() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("é".to_owned()),
        Just(".".to_owned()),
        Just("[ab]".to_owned()),
        Just(r"\w".to_owned()),
        Just(r"\b".to_owned()),
        Just(r"\B".to_owned()),
        Just("^".to_owned()),
        Just("$".to_owned()),
    ];
    let quantified = leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|parts| parts.concat()),
            (inner.clone(), inner.clone()).prop_map(|(left, right)| format!("{left}|{right}")),
            inner.clone().prop_map(|body| format!("({body})")),
            inner.clone().prop_map(|body| format!("(?:{body}){{0,2}}")),
            inner.clone().prop_map(|body| format!("(?:{body})?")),
            inner.clone().prop_map(|body| format!("(?:{body}){{1,2}}")),
            inner.clone().prop_map(|body| format!("(?={body})")),
            inner.clone().prop_map(|body| format!("(?!{body})")),
            inner.clone().prop_map(|body| format!("(?<={body})")),
            inner.prop_map(|body| format!("(?<!{body})")),
        ]
    });
    let reference = prop_oneof![
        Just(r"\1".to_owned()),
        Just(r"\2".to_owned()),
        Just(r"\k<n>".to_owned()),
    ];
    let part = prop_oneof![
        3 => quantified,
        2 => reference.clone(),
        1 => reference.clone().prop_map(|reference| format!("(?={reference})")),
        1 => reference.clone().prop_map(|reference| format!("(?!{reference}a)")),
        1 => reference.prop_map(|reference| format!("(?:{reference}|b)")),
    ];
    let sequence = proptest::collection::vec(part, 1..5).prop_map(|parts| parts.concat());
    // Two groups first half of the time, so that the references refer to something.
    prop_oneof![
        sequence.clone(),
        (sequence.clone(), sequence.clone(), sequence)
            .prop_map(|(first, named, rest)| format!("({first})(?<n>{named}){rest}")),
    ]
}

#[test]
fn random_backtracking_patterns_agree_with_regress_or_are_refused() {
    // The same patterns on every run: `regress`, the reference, never returns on some random
    // patterns, which a fresh seed would find one run in a few (a hang in CI, seen once), so
    // the sequence is one seen to finish, in about a second. PROPTEST_CASES makes it longer.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: cases() * 8,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let texts = proptest::collection::vec(
        proptest::sample::select(vec!['a', 'b', 'é', '-', '_', '\n']),
        0..8,
    )
    .prop_map(|chars| chars.into_iter().collect::<String>());
    let cases = (backtracking_pattern(), proptest::collection::vec(texts, 12));
    let result = runner.run(&cases, |(source, texts)| {
        // regress refuses some (`\k<n>` with no group `n`, a number past the last group,
        // a quantified lookbehind); those are not patterns.
        let Ok(ecma) = regress::Regex::with_flags(&source, "u") else {
            return Ok(());
        };
        let pattern = match Pattern::new(&source) {
            Ok(pattern) => pattern,
            Err(error) => {
                prop_assert!(error.unbounded().is_some(), "{source:?}: {error}");
                return Ok(());
            }
        };
        for text in texts
            .iter()
            .map(String::as_str)
            .chain(EDGE_STRINGS.iter().copied())
        {
            agree(&pattern, &ecma, text)?;
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

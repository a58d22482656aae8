//! The patterns the translation is tested and timed on: every pattern of the captured cards
//! (under `$STITCH_CORPUS`), of the repository's own cards, hand-written tricky ones and the
//! hostile ones of issue 12. Shared by `tests/pattern_translation.rs` and
//! `benches/pattern_speed.rs`.

// Each of the two targets uses a part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Patterns that backtrack badly in `regress`: issue 12's, and `platform.netsuite`'s.
pub const HOSTILE: &[&str] = &[r"^(a+)+$", r"^\d+.?\d*$", r"(a|aa)*b", r"^(\w+\s?)*$"];

/// Patterns that need backtracking and make a backtracking engine work hard: the cubic
/// `a+a+a+(b)?!\1` (73 s in `regress` on 499 characters), lookaheads over nested repetitions
/// (exponential), and the `\B` pattern the fuzzer found quadratic in the linear engine.
pub const HOSTILE_BACKTRACKING: &[&str] = &[
    r"a+a+a+(b)?!\1",
    r"^(?=(a+)+$)\w",
    r"^(?!(a|aa)+!)",
    r"(?<=(\d+)+)x",
    r"\D*\D*re\B",
    r"\B\B",
];

/// What becomes of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Checked by the linear engine.
    Linear,
    /// Checked by the step-bounded backtracking engine.
    Bounded,
    /// Refused: no engine checks it in bounded time with the same meaning.
    Refused,
}

/// Hand-written patterns at the edges of the dialects, and what becomes of them.
pub const TRICKY: &[(&str, Outcome)] = &[
    (r"^\d+$", Outcome::Linear),
    (r"\d", Outcome::Linear),
    (r"\D", Outcome::Linear),
    (r"^\w+$", Outcome::Linear),
    (r"\W", Outcome::Linear),
    (r"\s", Outcome::Linear),
    (r"^\s*$", Outcome::Linear),
    (r"\S+", Outcome::Linear),
    (r"^.$", Outcome::Linear),
    (r"^.*$", Outcome::Linear),
    (r"a.b", Outcome::Linear),
    (r"[^]", Outcome::Linear),
    (r"^[^]*$", Outcome::Linear),
    (r"[]", Outcome::Linear),
    (r"x[]|y", Outcome::Linear),
    (r"[^\d]", Outcome::Linear),
    (r"[\D]", Outcome::Linear),
    (r"[^\D]", Outcome::Linear),
    (r"[\s\S]", Outcome::Linear),
    (r"[^\s]", Outcome::Linear),
    (r"[\w-]", Outcome::Linear),
    (r"[a-z-]", Outcome::Linear),
    (r"[-a]", Outcome::Linear),
    (r"[--0]", Outcome::Linear),
    (r"[[]", Outcome::Linear),
    (r"[&&a]", Outcome::Linear),
    (r"[~~]", Outcome::Linear),
    (r"\bfoo\b", Outcome::Linear),
    (r"\Bo\B", Outcome::Bounded),
    (r"\b", Outcome::Linear),
    (r"\B", Outcome::Bounded),
    (r"^\x41\u0042\u{43}$", Outcome::Linear),
    (r"\cJ", Outcome::Linear),
    (r"\0", Outcome::Linear),
    (r"\/", Outcome::Linear),
    (r"^\^\$\\\.\*\+\?\(\)\[\]\{\}\|$", Outcome::Linear),
    (r"[\b]", Outcome::Linear),
    (r"[\-]", Outcome::Linear),
    (r"[\t-\r]", Outcome::Linear),
    (r"\v\f", Outcome::Linear),
    (r"a{2,3}?", Outcome::Linear),
    (r"a{2,}", Outcome::Linear),
    (r"a{0}b", Outcome::Linear),
    (r"a+?b", Outcome::Linear),
    (r"(?:ab)*c", Outcome::Linear),
    (r"(?<year>\d{4})-(?<month>\d\d)", Outcome::Linear),
    (r"^$", Outcome::Linear),
    (r"", Outcome::Linear),
    (r"a|", Outcome::Linear),
    (r"|", Outcome::Linear),
    (r"()", Outcome::Linear),
    (r"^1|2$", Outcome::Linear),
    (r"$^", Outcome::Linear),
    (r"[\uFEFF]", Outcome::Linear),
    (r"\u2028", Outcome::Linear),
    (r"[\u{1F600}-\u{1F64F}]", Outcome::Linear),
    (r"\uD83D\uDE00", Outcome::Linear),
    (r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9.]$", Outcome::Linear),
    (r"x{0,1000}", Outcome::Linear),
    (r"^[^\n]*$", Outcome::Linear),
    (r"é+", Outcome::Linear),
    (r"\u212A", Outcome::Linear),
    (r"ſ", Outcome::Linear),
    (r"^(?:a|b)*?c$", Outcome::Linear),
    (r"^(?:(a)|b)*$", Outcome::Linear),
    (r"(a)\1", Outcome::Bounded),
    (r"\k<n>(?<n>a)", Outcome::Bounded),
    (r"(?=a)", Outcome::Bounded),
    (r"^(?!x).*$", Outcome::Bounded),
    (r"(?<=a)b", Outcome::Bounded),
    (r"(?<!a)b", Outcome::Bounded),
    (r"\p{L}", Outcome::Refused),
    (r"\P{Nd}", Outcome::Refused),
    (r"(?i:a)", Outcome::Refused),
    (r"\uD800", Outcome::Refused),
    (r"x{0,100000}", Outcome::Refused),
    (r"^(?:(a)|b)\1$", Outcome::Bounded),
    (r"(a)|\1b", Outcome::Bounded),
    (r"\1(a)", Outcome::Bounded),
    (r"^(?<q>['\x22])[^'\x22]*\k<q>$", Outcome::Bounded),
    (r"^(?=.*[A-Z])(?=.*\d)(?!.*\s).{8,64}$", Outcome::Bounded),
    (r"(?<=\d{2,3})x", Outcome::Bounded),
    (r"(?<!^a+)b", Outcome::Bounded),
    (r"\B\w+\B", Outcome::Bounded),
    (r"\bé\B", Outcome::Bounded),
    (r"(?:(a)|b)+\1", Outcome::Refused),
    (r"(a\1)", Outcome::Refused),
    (r"(?=(a))\1", Outcome::Refused),
    (r"(a)(?<=\1b)", Outcome::Refused),
];

/// Every pattern of the repository's own cards (`schemas/`, `tests/cards/`,
/// `stitch-emulator/tests/cards/`), with a file that has it.
pub fn repository_patterns() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = BTreeMap::new();
    for directory in ["schemas", "tests/cards", "stitch-emulator/tests/cards"] {
        collect_directory(&root, &root.join(directory), &mut found);
    }
    assert!(
        found.len() >= 25,
        "only {} patterns in the repository's cards",
        found.len()
    );
    found
}

/// Every pattern of the captured cards under `$STITCH_CORPUS`, with a file that has it; `None`
/// without the variable (said on stderr; a failure under `CI=true`).
pub fn corpus_patterns(purpose: &str) -> Option<BTreeMap<String, String>> {
    let under_ci = std::env::var("CI").is_ok_and(|ci| ci == "true");
    let Some(corpus) = std::env::var_os("STITCH_CORPUS").map(PathBuf::from) else {
        assert!(!under_ci, "CI=true but STITCH_CORPUS is not set");
        // Straight to stderr: `eprintln!` is captured, and a passing test's output hidden.
        let note = format!(
            "note: STITCH_CORPUS is not set: {purpose} skips the captured cards' patterns \
             (set STITCH_CORPUS=../shared/report-cards to include them)\n"
        );
        let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
        return None;
    };
    let mut found = BTreeMap::new();
    collect_directory(&corpus, &corpus, &mut found);
    assert!(
        found.len() >= 20,
        "only {} patterns under {}",
        found.len(),
        corpus.display()
    );
    Some(found)
}

fn collect_directory(root: &Path, directory: &Path, found: &mut BTreeMap<String, String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_directory(root, &path, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let card: Value = serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            collect_card(&card, false, &name, found);
        }
    }
}

/// The `pattern` strings of every `json_schema` in a card, at any depth (`properties`,
/// `items`, `anyOf`, `definitions`).
fn collect_card(value: &Value, in_schema: bool, file: &str, found: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("pattern", Value::String(pattern)) if in_schema => {
                        found
                            .entry(pattern.clone())
                            .or_insert_with(|| file.to_owned());
                    }
                    _ => collect_card(inner, in_schema || key == "json_schema", file, found),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_card(item, in_schema, file, found);
            }
        }
        _ => {}
    }
}

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

/// Hand-written patterns at the edges of the two dialects, and whether the linear engine takes
/// them (`false`: they need backtracking, or the rewrite refuses them).
pub const TRICKY: &[(&str, bool)] = &[
    (r"^\d+$", true),
    (r"\d", true),
    (r"\D", true),
    (r"^\w+$", true),
    (r"\W", true),
    (r"\s", true),
    (r"^\s*$", true),
    (r"\S+", true),
    (r"^.$", true),
    (r"^.*$", true),
    (r"a.b", true),
    (r"[^]", true),
    (r"^[^]*$", true),
    (r"[]", true),
    (r"x[]|y", true),
    (r"[^\d]", true),
    (r"[\D]", true),
    (r"[^\D]", true),
    (r"[\s\S]", true),
    (r"[^\s]", true),
    (r"[\w-]", true),
    (r"[a-z-]", true),
    (r"[-a]", true),
    (r"[--0]", true),
    (r"[[]", true),
    (r"[&&a]", true),
    (r"[~~]", true),
    (r"\bfoo\b", true),
    (r"\Bo\B", true),
    (r"\b", true),
    (r"\B", true),
    (r"^\x41\u0042\u{43}$", true),
    (r"\cJ", true),
    (r"\0", true),
    (r"\/", true),
    (r"^\^\$\\\.\*\+\?\(\)\[\]\{\}\|$", true),
    (r"[\b]", true),
    (r"[\-]", true),
    (r"[\t-\r]", true),
    (r"\v\f", true),
    (r"a{2,3}?", true),
    (r"a{2,}", true),
    (r"a{0}b", true),
    (r"a+?b", true),
    (r"(?:ab)*c", true),
    (r"(?<year>\d{4})-(?<month>\d\d)", true),
    (r"^$", true),
    (r"", true),
    (r"a|", true),
    (r"|", true),
    (r"()", true),
    (r"^1|2$", true),
    (r"$^", true),
    (r"[\uFEFF]", true),
    (r"\u2028", true),
    (r"[\u{1F600}-\u{1F64F}]", true),
    (r"\uD83D\uDE00", true),
    (r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9.]$", true),
    (r"x{0,1000}", true),
    (r"^[^\n]*$", true),
    (r"é+", true),
    (r"\u212A", true),
    (r"ſ", true),
    (r"^(?:a|b)*?c$", true),
    (r"^(?:(a)|b)*$", true),
    (r"(a)\1", false),
    (r"\k<n>(?<n>a)", false),
    (r"(?=a)", false),
    (r"^(?!x).*$", false),
    (r"(?<=a)b", false),
    (r"(?<!a)b", false),
    (r"\p{L}", false),
    (r"\P{Nd}", false),
    (r"(?i:a)", false),
    (r"\uD800", false),
    (r"x{0,100000}", false),
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

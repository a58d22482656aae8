//! The fuzz targets' inputs, replayed on stable: every file under `fuzz/regressions/<target>/`
//! (inputs a fuzzing run found, copied there by `fuzz/run.sh`, and hand-written seeds) goes
//! through the target's own check, included from `fuzz/checks/` with `#[path]`, so a defect
//! fuzzing found stays found without nightly or cargo-fuzz.
//!
//! Each test fails if its directory is empty, so a lost directory cannot pass silently, and
//! reports every failing file at once.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "../../fuzz/checks/card.rs"]
mod card;
#[path = "../../fuzz/checks/deserialize.rs"]
mod deserialize;
#[path = "../../fuzz/checks/pattern.rs"]
mod pattern;
#[path = "../../fuzz/checks/structure.rs"]
mod structure;

/// How much longer than in a fuzzing build an input may take here: tests are unoptimized
/// (regex's engines and the generator are many times slower) and share the machine with other
/// tests. The bound still turns a hang into a failure.
const DEBUG_SLOWDOWN: u32 = 10;

/// The files of `fuzz/regressions/<target>/`, sorted by name; panics when there are none.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let entries = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", directory.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no inputs: the regression test of `{target}` would check nothing",
        directory.display()
    );
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            (path, bytes)
        })
        .collect()
}

/// Runs `check` on every input of `target`, then fails with the list of inputs that panicked.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let failed: Vec<String> = inputs(target)
        .iter()
        .filter(|(_, bytes)| catch_unwind(AssertUnwindSafe(|| check(bytes))).is_err())
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} input(s) of `{target}` fail (their panics are printed above):\n  {}",
        failed.len(),
        failed.join("\n  ")
    );
}

#[test]
fn card_bytes() {
    let bound: Duration = card::TIME_BOUND * DEBUG_SLOWDOWN;
    replay("card_bytes", |bytes| card::check_card_bytes(bytes, bound));
}

#[test]
fn card_structure() {
    let bound: Duration = card::TIME_BOUND * DEBUG_SLOWDOWN;
    replay("card_structure", |bytes| {
        card::check_card_text(&structure::mutated_card(bytes), bound);
    });
}

#[test]
fn pattern() {
    let bound: Duration = pattern::TIME_BOUND * DEBUG_SLOWDOWN;
    replay("pattern", |bytes| {
        pattern::check_pattern_input(bytes, bound)
    });
}

#[test]
fn validating_deserialize() {
    let bound: Duration = deserialize::TIME_BOUND * DEBUG_SLOWDOWN;
    replay("validating_deserialize", |bytes| {
        deserialize::check_properties_bytes(bytes, bound);
    });
}

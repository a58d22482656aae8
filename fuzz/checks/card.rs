//! The check of the `card_bytes` and `card_structure` targets, shared with the stable regression
//! test (`tests/tests/fuzz_regressions.rs`), which includes this file with `#[path]`: a found
//! input is replayed through exactly the code that found it.
//!
//! A card is read as `include_report_card!` reads it (with stand-ins, so a card with problems
//! still expands), expanded, rendered, and the rendered text parsed again. Whatever the card,
//! none of this may panic, the rendered code must be Rust, and the whole must finish within
//! `bound`.

#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

use stitch_codegen::{CardSource, ExpandOptions};

/// The time one card may take in a fuzzing build. The real cards take milliseconds; a card
/// above this is a hang to report (issue 12 item 1 measured 38 s for a 1.3 KB card).
pub const TIME_BOUND: Duration = Duration::from_secs(2);

/// Reads, expands and renders `text` as a card; panics (which libFuzzer reports as a crash) on
/// rendered code that does not parse or on a run longer than `bound`.
pub fn check_card_text(text: &str, bound: Duration) {
    let started = Instant::now();
    let read = stitch_codegen::read_card_with_stand_ins(CardSource {
        file: "fuzz.json",
        text,
        kind: None,
    });
    if let Some(diagnostics) = read.diagnostics() {
        // An error without a single problem would leave the user with nothing to fix.
        assert!(
            !diagnostics.list.is_empty(),
            "diagnostics without a problem"
        );
        let _ = diagnostics.to_string();
    }
    if let Some(card) = read.card() {
        let tokens = stitch_codegen::expand(card, ExpandOptions::default());
        let rendered = stitch_codegen::render(&tokens)
            .unwrap_or_else(|error| panic!("expand gave tokens that are not a file: {error}"));
        if let Err(error) = syn::parse_file(&rendered) {
            panic!("the rendered code does not parse: {error}\n{rendered}");
        }
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed <= bound,
        "a card of {} bytes took {elapsed:?} to read, expand and render (bound {bound:?})",
        text.len()
    );
}

/// Card bytes as the `card_bytes` target takes them. The macro refuses a file that is not
/// UTF-8; replacing the bad bytes instead keeps such inputs useful to the reader behind it.
pub fn check_card_bytes(data: &[u8], bound: Duration) {
    check_card_text(&String::from_utf8_lossy(data), bound);
}

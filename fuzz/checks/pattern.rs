//! The `pattern` target's check, shared with the stable regression test through `#[path]`.
//!
//! An input is `pattern NUL unit NUL suffix` (missing parts are empty), so a found input can be
//! read and written by hand: `^(a+)+$\0a\0!` is the classic hostile case. The pattern is
//! compiled as a card's pattern is, then checked against the unit followed by the suffix, and
//! against the unit repeated up to just under the backtracking engine's bound and up to 64 KiB,
//! each followed by the suffix: the long values a short fuzzer input cannot spell out.
//!
//! Asserted: no panic, every check of one input within a time bound, and, on values short
//! enough for `regress` to be safe, the same answer as `regress` (the linear engine's rewrite
//! must mean what ECMA-262 means).

#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

use stitch_report_card::pattern::{BACKTRACKING_MAX_CHARS, Engine, Pattern};

/// The time one input may take in a fuzzing build: compiling the pattern and checking its
/// values. Issue 12 asks for 10 ms per 64 KiB value; this is far above it, so what is reported
/// is a hang, not a slow machine.
pub const TIME_BOUND: Duration = Duration::from_secs(2);

/// The longest value tried: the 64 KiB of the figure.
const MAX_VALUE_BYTES: usize = 64 * 1024;

/// Values up to this many characters are also checked with `regress`. Its backtracking is
/// exponential on hostile patterns, so only values this short are safe to hand it.
const REGRESS_MAX_CHARS: usize = 8;

/// Runs the input's checks; panics (which libFuzzer reports as a crash) on a panic inside,
/// a disagreement with `regress`, or a run longer than `bound`.
pub fn check_pattern_input(data: &[u8], bound: Duration) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let source = parts.next().unwrap_or("");
    let unit = parts.next().unwrap_or("");
    let suffix = parts.next().unwrap_or("");

    let started = Instant::now();
    let Ok(pattern) = Pattern::new(source) else {
        return;
    };
    let _ = (
        pattern.engine(),
        pattern.rewritten(),
        format!("{pattern:?}"),
    );

    let short = format!("{unit}{suffix}");
    let mut values = vec![short.clone()];
    if !unit.is_empty() {
        let unit_chars = unit.chars().count();
        // Just under the bound, where a backtracking pattern is still searched.
        let below_bound =
            BACKTRACKING_MAX_CHARS.saturating_sub(suffix.chars().count()) / unit_chars;
        values.push(format!("{}{suffix}", unit.repeat(below_bound)));
        let long = MAX_VALUE_BYTES.saturating_sub(suffix.len()) / unit.len();
        values.push(format!("{}{suffix}", unit.repeat(long)));
    }
    let mut answers = Vec::new();
    for value in &values {
        let answer = pattern.matches(value);
        if let Engine::Linear = pattern.engine() {
            assert!(
                answer.is_ok(),
                "the linear engine refused a value: {answer:?}"
            );
        }
        answers.push(answer);
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed <= bound,
        "pattern {source:?} ({:?}) with unit {unit:?} and suffix {suffix:?} took {elapsed:?} \
         (bound {bound:?}); answers {answers:?}",
        pattern.engine()
    );

    if short.chars().count() <= REGRESS_MAX_CHARS {
        // `Pattern::new` accepted the pattern, so `regress` compiles it.
        let ecma = regress::Regex::with_flags(source, "u").expect("Pattern::new accepted it");
        let expected = ecma.find(&short).is_some();
        assert_eq!(
            answers[0],
            Ok(expected),
            "pattern {source:?} on {short:?}: {:?} says {:?}, regress says {expected}",
            pattern.engine(),
            answers[0]
        );
    }
}

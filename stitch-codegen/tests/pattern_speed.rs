//! How long a pattern check takes, printed as figures (speed is measured, not asserted):
//!
//! ```sh
//! STITCH_CORPUS=../shared/report-cards \
//!   cargo test --release -p stitch-codegen --test pattern_speed -- --ignored --nocapture
//! ```
//!
//! For every pattern of the captured cards, of the repository's cards and the hostile ones of
//! issue 12, the worst time of a check over 64 KiB values built to make a backtracking engine
//! work (`"aaa…a!"`, `"111…1x"`, …), with the pattern compiled once as generated types and the
//! run-time checker do; and the checked-literal macro's check (`pattern_matches`, which
//! compiles the pattern too) on 30-character literals of the hostile patterns. The figure to
//! reach: no pattern spends more than 10 ms on any 64 KiB value.

#[path = "../../stitch-report-card/tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use stitch_report_card::pattern::{BACKTRACKING_MAX_CHARS, Engine, Pattern};

const SIZE: usize = 64 * 1024;
const BUDGET: Duration = Duration::from_millis(10);
/// Each check is run this many times; the worst run counts (the first builds the lazy DFA's
/// states, as a process's first value does).
const RUNS: usize = 3;

/// `unit` repeated, then `end`: `len` bytes at most.
fn fill(start: &str, unit: &str, end: &str, len: usize) -> String {
    let mut text = String::with_capacity(len);
    text.push_str(start);
    while text.len() + unit.len() + end.len() <= len {
        text.push_str(unit);
    }
    text.push_str(end);
    text
}

/// Values that make a backtracking engine work, each `len` bytes at most, with a label.
fn hard_values(pattern: &str, len: usize) -> Vec<(String, String)> {
    let mut values: Vec<(&str, &str, &str)> = vec![
        ("", "a", "!"),
        ("", "a", ""),
        ("", "1", "x"),
        ("", "1", ""),
        ("", "a ", "!"),
        ("", "0-", "!"),
        ("", "a.", "!"),
        ("", "true", "!"),
        ("", " ", "!"),
        ("", "é", "!"),
        ("", "\u{2028}", "!"),
        ("stitch-challenge-file-", "a", "\n"),
        ("jdbc:spark://", "a", ""),
    ];
    let half = "1".repeat(len / 2 - 2);
    let mut out: Vec<(String, String)> = values
        .drain(..)
        .map(|(start, unit, end)| {
            (
                format!("{start:?} + {unit:?}… + {end:?}"),
                fill(start, unit, end, len),
            )
        })
        .collect();
    out.push((
        "\"1\"… + \".\" + \"1\"… + \"x\"".to_owned(),
        format!("{half}.{half}x"),
    ));
    // The pattern's own letters and digits, over and over, then a character it lacks.
    let own: String = pattern
        .chars()
        .filter(|c| c.is_alphanumeric() || "-_:/.".contains(*c))
        .collect();
    if !own.is_empty() {
        out.push((format!("{own:?}… + \"!\""), fill("", &own, "!", len)));
    }
    out
}

fn time(mut check: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            check();
            started.elapsed()
        })
        .max()
        .unwrap_or_default()
}

fn millis(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

fn engine(pattern: &Pattern) -> &'static str {
    match pattern.engine() {
        Engine::Linear => "linear",
        Engine::Backtracking(_) => "backtracking, bounded",
    }
}

#[test]
#[ignore = "figures: run in release, with --ignored --nocapture"]
fn pattern_checks_on_64_kib_values() {
    let mut patterns: BTreeMap<String, String> = BTreeMap::new();
    if let Some(corpus) = support::corpus_patterns("the pattern benchmark") {
        patterns.extend(
            corpus
                .into_iter()
                .map(|(p, file)| (p, format!("corpus {file}"))),
        );
    }
    for (pattern, file) in support::repository_patterns() {
        patterns.entry(pattern).or_insert(file);
    }
    for pattern in support::HOSTILE {
        patterns.insert((*pattern).to_owned(), "hostile".to_owned());
    }

    println!("worst check of a 64 KiB value ({RUNS} runs each, compiled once):");
    let mut worst = (Duration::ZERO, String::new());
    for (source, origin) in &patterns {
        let pattern = Pattern::new(source).expect("card patterns compile");
        let mut slowest = (Duration::ZERO, String::new());
        for (label, value) in hard_values(source, SIZE) {
            let took = time(|| {
                std::hint::black_box(pattern.matches(std::hint::black_box(&value)))
                    .expect("linear patterns take any length");
            });
            if took > slowest.0 {
                slowest = (took, label);
            }
        }
        let over = if slowest.0 > BUDGET {
            "  OVER 10 ms"
        } else {
            ""
        };
        println!(
            "  {:>10}  {:<8} {source:?} ({origin}; worst on {}){over}",
            millis(slowest.0),
            engine(&pattern),
            slowest.1
        );
        if slowest.0 > worst.0 {
            worst = (slowest.0, source.clone());
        }
    }
    println!(
        "worst of {} patterns: {} ({:?}); budget {}",
        patterns.len(),
        millis(worst.0),
        worst.1,
        millis(BUDGET)
    );

    println!("checked literals (compile and check, as the macro does), 30 characters:");
    for pattern in support::HOSTILE {
        let mut slowest = Duration::ZERO;
        for (_, literal) in hard_values(pattern, 30) {
            slowest = slowest.max(time(|| {
                std::hint::black_box(stitch_codegen::pattern_matches(pattern, &literal))
                    .expect("hostile patterns compile")
                    .expect("linear patterns take any length");
            }));
        }
        println!("  {:>10}  {pattern:?}", millis(slowest));
    }

    println!(
        "patterns that need backtracking: the worst value of at most {BACKTRACKING_MAX_CHARS} \
         characters (the length bound; a search may also stop at the step bound), and the \
         refusal of a 64 KiB one:"
    );
    let backtracking = support::TRICKY
        .iter()
        .filter(|(_, outcome)| *outcome == support::Outcome::Bounded)
        .map(|(source, _)| *source)
        .chain(support::HOSTILE_BACKTRACKING.iter().copied());
    let mut worst = (Duration::ZERO, String::new());
    for source in backtracking {
        let pattern = Pattern::new(source).expect("these patterns compile");
        let mut slowest = (Duration::ZERO, "");
        for (label, value) in hard_values(source, SIZE) {
            let at_bound: String = value.chars().take(BACKTRACKING_MAX_CHARS).collect();
            let mut answer = "answered";
            let took = time(|| {
                if std::hint::black_box(pattern.matches(&at_bound)).is_err() {
                    answer = "stopped at the step bound";
                }
            });
            if took > slowest.0 {
                slowest = (took, answer);
            }
            let _ = label;
        }
        let long = "a".repeat(SIZE);
        let refusal = time(|| {
            assert!(std::hint::black_box(pattern.matches(&long)).is_err());
        });
        println!(
            "  {:>10} at most ({}), {:>10} to refuse 64 KiB  {source:?} ({:?})",
            millis(slowest.0),
            slowest.1,
            millis(refusal),
            pattern.engine()
        );
        if slowest.0 > worst.0 {
            worst = (slowest.0, source.to_owned());
        }
    }
    println!(
        "worst of the patterns that need backtracking: {} ({:?}); budget {}",
        millis(worst.0),
        worst.1,
        millis(BUDGET)
    );
}

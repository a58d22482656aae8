//! The ratios of `benches/generated.rs`, each measured as pairs: a batch of the generated
//! code's work, then a batch of the baseline's (or the other way round, every other round),
//! milliseconds apart, and the median of the rounds' ratios reported.
//!
//! criterion measures one function for seconds and then the other, so a machine that slows
//! down in between (other work, a frequency change) moves the ratio; on the shared 2-core
//! machine two criterion runs of one commit gave read ratios 0.4× apart. Paired batches see the
//! same machine, and the median drops the rounds something interrupted.
//!
//! `STITCH_CORPUS=../shared/report-cards cargo run --release -p stitch-benches --bin paired`

#[path = "../../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::*;

/// Rounds per pair: odd, so the median is one round's ratio.
const ROUNDS: usize = 301;
/// How long one batch runs, about.
const BATCH: Duration = Duration::from_millis(2);

fn main() {
    println!("| what | median ratio of {ROUNDS} paired rounds | middle half of the rounds |");
    println!("| --- | --- | --- |");

    let (typed, strings) = guide_create_bodies();
    report(
        "serialize postgres, generated vs `#[derive(Serialize)]` of `String`s",
        || serde_json::to_vec(black_box(&typed)).unwrap(),
        || serde_json::to_vec(black_box(&strings)).unwrap(),
    );
    report(
        "validating read of postgres vs unchecked `#[derive(Deserialize)]`",
        || serde_json::from_str::<PostgresProperties>(black_box(GUIDE_PROPERTIES)).unwrap(),
        || serde_json::from_str::<PostgresStrings>(black_box(GUIDE_PROPERTIES)).unwrap(),
    );
    #[cfg(stitch_corpus)]
    {
        use common::mysql::*;
        let typed: PlatformMysqlProperties = serde_json::from_str(MYSQL_SAMPLE).unwrap();
        let strings: MysqlStrings = serde_json::from_str(MYSQL_SAMPLE).unwrap();
        report(
            "serialize `platform.mysql`, generated vs `#[derive(Serialize)]` of `String`s",
            || serde_json::to_vec(black_box(&typed)).unwrap(),
            || serde_json::to_vec(black_box(&strings)).unwrap(),
        );
        report(
            "validating read of `platform.mysql` vs unchecked `#[derive(Deserialize)]`",
            || serde_json::from_str::<PlatformMysqlProperties>(black_box(MYSQL_SAMPLE)).unwrap(),
            || serde_json::from_str::<MysqlStrings>(black_box(MYSQL_SAMPLE)).unwrap(),
        );
    }
    #[cfg(not(stitch_corpus))]
    println!("| `platform.mysql` | not measured: set STITCH_CORPUS | |");
    // Per property: the 1,000-property read's time over ten times the 100-property read's.
    report_scaled(
        "validating read per property, 1,000 vs 100 properties",
        10.0,
        || {
            serde_json::from_str::<synthetic_1000::Synthetic1000Properties>(black_box(
                synthetic_1000::SAMPLE,
            ))
            .unwrap()
        },
        || {
            serde_json::from_str::<synthetic_100::Synthetic100Properties>(black_box(
                synthetic_100::SAMPLE,
            ))
            .unwrap()
        },
    );
}

fn report<A, B>(what: &str, measured: impl FnMut() -> A, baseline: impl FnMut() -> B) {
    report_scaled(what, 1.0, measured, baseline);
}

/// Prints the median of `measured`'s time over `baseline`'s, divided by `scale`.
fn report_scaled<A, B>(
    what: &str,
    scale: f64,
    mut measured: impl FnMut() -> A,
    mut baseline: impl FnMut() -> B,
) {
    let measured_runs = runs_per_batch(&mut measured);
    let baseline_runs = runs_per_batch(&mut baseline);
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|round| {
            let (measured_time, baseline_time) = if round % 2 == 0 {
                let first = per_run(&mut measured, measured_runs);
                (first, per_run(&mut baseline, baseline_runs))
            } else {
                let first = per_run(&mut baseline, baseline_runs);
                (per_run(&mut measured, measured_runs), first)
            };
            measured_time / baseline_time / scale
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let quarter = ROUNDS / 4;
    println!(
        "| {what} | {:.2}× | {:.2}–{:.2}× |",
        ratios[ROUNDS / 2],
        ratios[quarter],
        ratios[ROUNDS - 1 - quarter]
    );
}

/// How many runs of `work` take about [`BATCH`] (after a warm-up).
fn runs_per_batch<T>(work: &mut impl FnMut() -> T) -> u32 {
    let mut runs = 1_u32;
    loop {
        let started = Instant::now();
        for _ in 0..runs {
            black_box(work());
        }
        if started.elapsed() >= BATCH || runs >= 1 << 24 {
            return runs;
        }
        runs *= 2;
    }
}

/// Seconds per run of `work`, over `runs` runs.
fn per_run<T>(work: &mut impl FnMut() -> T, runs: u32) -> f64 {
    let started = Instant::now();
    for _ in 0..runs {
        black_box(work());
    }
    started.elapsed().as_secs_f64() / f64::from(runs)
}

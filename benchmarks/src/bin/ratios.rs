//! Prints the ratios BENCHMARKS.md reports, from the last `cargo bench -p stitch-benches
//! --features bench` run (criterion's `target/criterion/*/new/estimates.json`): each one a
//! benchmark against its baseline measured in the same run.

use std::path::{Path, PathBuf};

/// (what, measured, baseline, how the ratio reads, goal)
const RATIOS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "serialize the guide's create body, generated vs #[derive(Serialize)] of Strings",
        "serialize/postgres/generated",
        "serialize/postgres/strings",
        "×",
        "≤ 1.10×",
    ),
    (
        "serialize platform.mysql, generated vs #[derive(Serialize)] of Strings",
        "serialize/mysql/generated",
        "serialize/mysql/strings",
        "×",
        "≤ 1.10×",
    ),
    (
        "serde_json::json! vs the generated type (how much slower json! is)",
        "serialize/postgres/json_macro",
        "serialize/postgres/generated",
        "× slower",
        "≥ 2× slower",
    ),
    (
        "validating read of the guide's properties vs unchecked #[derive(Deserialize)]",
        "read/postgres/generated",
        "read/postgres/strings",
        "×",
        "≤ 1.25×",
    ),
    (
        "validating read of platform.mysql vs unchecked #[derive(Deserialize)]",
        "read/mysql/generated",
        "read/mysql/strings",
        "×",
        "≤ 1.25×",
    ),
    (
        "validating read per property, 1,000 vs 100 properties",
        "read_per_property/1000",
        "read_per_property/100",
        "× per property",
        "≤ 1.1×",
    ),
    (
        "expansion per property, 10,000 vs 100 properties",
        "expand_per_property/10000",
        "expand_per_property/100",
        "× per property",
        "≤ 1.1×",
    ),
];

/// Elements per iteration of the per-property benchmarks (their throughput).
fn elements(id: &str) -> f64 {
    id.rsplit('/')
        .next()
        .and_then(|count| count.parse::<f64>().ok())
        .filter(|_| id.contains("per_property"))
        .unwrap_or(1.0)
}

/// The median time of a benchmark, in nanoseconds. Criterion keeps `group/a/b` in the
/// directory `group/a_b`.
fn median(criterion: &Path, id: &str) -> Option<f64> {
    let (group, function) = id.split_once('/')?;
    let path = criterion
        .join(group)
        .join(function.replace('/', "_"))
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn main() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let criterion = target.join("criterion");
    println!("| what | ratio | goal |\n| --- | --- | --- |");
    for (what, measured, baseline, unit, goal) in RATIOS {
        let ratio = match (median(&criterion, measured), median(&criterion, baseline)) {
            (Some(m), Some(b)) => {
                let ratio = (m / elements(measured)) / (b / elements(baseline));
                format!("{ratio:.2}{unit}")
            }
            _ => "not measured".to_owned(),
        };
        println!("| {what} | {ratio} | {goal} |");
    }
    if let Some(all) = median(&criterion, "expand_corpus/all_cards") {
        println!(
            "\nread + expand of every corpus card: {:.0} ms (goal: < 1 s)",
            all / 1e6
        );
    }
    println!("\nmedians from {}", criterion.display());
}

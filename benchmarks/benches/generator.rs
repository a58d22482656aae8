//! The generator's own speed: reading and expanding every corpus card (`STITCH_CORPUS`), and
//! expansion per property of synthetic cards of 100, 1,000 and 10,000 properties.
//!
//! `cargo run -p stitch-benches --bin ratios` prints the ratios (BENCHMARKS.md).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stitch_codegen::{CardSource, ExpandOptions};

/// Reads and expands one card's text, as `include_report_card!` does (without the file and
/// lock reading).
fn read_and_expand(file: &str, text: &str) -> usize {
    let card = stitch_codegen::read_card(CardSource {
        file,
        text,
        kind: None,
    })
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    stitch_codegen::expand(&card, ExpandOptions::default())
        .into_iter()
        .count()
}

fn corpus(c: &mut Criterion) {
    let Some(corpus) = std::env::var_os("STITCH_CORPUS").map(PathBuf::from) else {
        eprintln!("STITCH_CORPUS is not set: the corpus benchmark is skipped");
        return;
    };
    let mut cards = Vec::new();
    for directory in ["destinations", "sources"] {
        for entry in std::fs::read_dir(corpus.join(directory)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "json") {
                let name = format!(
                    "{directory}/{}",
                    path.file_name().unwrap().to_string_lossy()
                );
                cards.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut group = c.benchmark_group("expand_corpus");
    group.sample_size(10);
    group.throughput(Throughput::Elements(cards.len() as u64));
    group.bench_function("all_cards", |b| {
        b.iter(|| {
            cards
                .iter()
                .map(|(file, text)| read_and_expand(file, black_box(text)))
                .sum::<usize>()
        })
    });
    group.finish();
}

fn per_property(c: &mut Criterion) {
    let mut group = c.benchmark_group("expand_per_property");
    group.sample_size(10);
    for count in [100u64, 1_000, 10_000] {
        let path = PathBuf::from(env!("OUT_DIR")).join(format!("synthetic_{count}.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        group.throughput(Throughput::Elements(count));
        group.bench_function(count.to_string(), |b| {
            b.iter(|| read_and_expand("synthetic.json", black_box(&text)))
        });
    }
    group.finish();
}

// criterion's macro writes an undocumented `pub fn`.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, corpus, per_property);
}
use group::benches;
criterion_main!(benches);

//! Writes `$OUT_DIR/corpus.rs`: every card under `$STITCH_CORPUS` (`destinations/*.json`,
//! `sources/*.json`) expanded with `include_report_card!` into one module, so that a name clash
//! between the types of two cards is a build error, and a table of them.
//!
//! Without `STITCH_CORPUS` the table is empty and the tests say so (or fail, under `CI=true`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use stitch_codegen::{CardKind, CardSource};

fn main() {
    println!("cargo::rerun-if-env-changed=STITCH_CORPUS");
    println!("cargo::rustc-check-cfg=cfg(stitch_corpus)");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut modules = String::new();
    let mut table = String::from("pub static CARDS: &[CorpusCard] = &[\n");
    let mut skipped = Vec::new();
    if let Some(corpus) = std::env::var_os("STITCH_CORPUS") {
        let corpus = PathBuf::from(corpus);
        // Tests that name particular corpus types compile only when the corpus is there.
        println!("cargo::rustc-cfg=stitch_corpus");
        println!("cargo::rerun-if-changed={}", corpus.display());
        for file in &card_files(&corpus) {
            println!("cargo::rerun-if-changed={}", file.display());
            let relative = file
                .strip_prefix(&corpus)
                .unwrap_or(file)
                .display()
                .to_string();
            let text = std::fs::read_to_string(file).expect("corpus cards are readable");
            // The names the macro will generate; a card the generator rejects is still included,
            // so that the build fails with the macro's own message.
            let Ok(card) = stitch_codegen::read_card(CardSource {
                file: &relative,
                text: &text,
                kind: None,
            }) else {
                writeln!(
                    modules,
                    "stitch_types::include_report_card!({:?});",
                    file.display().to_string()
                )
                .unwrap();
                skipped.push(relative);
                continue;
            };
            let (kind, update) = match card.kind {
                CardKind::Destination => ("Destination", "round_trip_destination_update"),
                CardKind::Source => ("Source", "round_trip_source_update"),
            };
            writeln!(
                modules,
                "stitch_types::include_report_card!({:?});",
                file.display().to_string()
            )
            .unwrap();
            writeln!(
                table,
                "    CorpusCard {{ file: {relative:?}, kind: CardKind::{kind}, \
                 create: round_trip_create::<{}>, update: {update}::<{}> }},",
                card.properties_type_name(),
                card.update_type_name(),
            )
            .unwrap();
        }
    }
    table.push_str("];\n");
    let source = format!("{modules}\n{table}");
    std::fs::write(out.join("corpus.rs"), source).expect("OUT_DIR is writable");
    if !skipped.is_empty() {
        println!("cargo::warning=cards the generator rejects: {skipped:?}");
    }
}

fn card_files(corpus: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for directory in ["destinations", "sources"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(directory)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json")),
        );
    }
    files.sort();
    files
}

//! Writes `$OUT_DIR/corpus.rs`: every card under `$STITCH_CORPUS` (`destinations/*.json`,
//! `sources/*.json`) expanded with `include_report_card!` into one module, so that a name clash
//! between the types of two cards is a build error, and a table of them ([`CARDS`]); and the
//! repository's own cards (its `schemas/`, the test cards of `tests/cards` and of the emulator)
//! in a module `repo`, with a table of their own ([`REPO_CARDS`]).
//!
//! Without `STITCH_CORPUS` the corpus table is empty and the tests say so (or fail, under
//! `CI=true`).

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
    let repo = repo_cards(&mut skipped);
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
            include_card(file, &relative, "", &mut modules, &mut table, &mut skipped);
        }
    }
    table.push_str("];\n");
    let source = format!("{modules}\n{table}\n{repo}");
    std::fs::write(out.join("corpus.rs"), source).expect("OUT_DIR is writable");
    if !skipped.is_empty() {
        println!("cargo::warning=cards the generator rejects: {skipped:?}");
    }
}

/// The module `repo` and the table `REPO_CARDS` of the repository's own cards.
fn repo_cards(skipped: &mut Vec<String>) -> String {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = manifest.join("../..");
    let mut files = card_files(&root.join("schemas"));
    files.extend(card_files(&root.join("stitch-emulator/tests/cards")));
    for name in ["awkward-names", "pattern-mappings", "shadowing-names"] {
        files.push(root.join(format!("tests/cards/{name}.json")));
    }
    let mut modules = String::new();
    let mut table = String::from("pub static REPO_CARDS: &[CorpusCard] = &[\n");
    for file in &files {
        println!("cargo::rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        include_card(file, &relative, "repo::", &mut modules, &mut table, skipped);
    }
    table.push_str("];\n");
    format!("pub mod repo {{\n{modules}}}\n{table}")
}

/// Includes one card in `modules` and describes it in `table`; types are named under `path`.
fn include_card(
    file: &Path,
    relative: &str,
    path: &str,
    modules: &mut String,
    table: &mut String,
    skipped: &mut Vec<String>,
) {
    let text = std::fs::read_to_string(file).expect("cards are readable");
    writeln!(
        modules,
        "stitch_types::include_report_card!({:?});",
        file.display().to_string()
    )
    .unwrap();
    // The names the macro will generate; a card the generator rejects is still included, so
    // that the build fails with the macro's own message.
    let Ok(card) = stitch_codegen::read_card(CardSource {
        file: relative,
        text: &text,
        kind: None,
    }) else {
        skipped.push(relative.to_owned());
        return;
    };
    let (kind, update) = match card.kind {
        CardKind::Destination => ("Destination", "round_trip_destination_update"),
        CardKind::Source => ("Source", "round_trip_source_update"),
    };
    let properties = format!("{path}{}", card.properties_type_name());
    let update_type = format!("{path}{}", card.update_type_name());
    writeln!(
        table,
        "    CorpusCard {{ file: {relative:?}, path: {:?}, kind: CardKind::{kind}, \
         create: round_trip_create::<{properties}>, update: {update}::<{update_type}>, \
         read_create: read_create::<{properties}>, \
         read_update: |map| outcome({update_type}::from_json_map(map)), \
         read_create_value: read_create_value::<{properties}>, \
         read_update_value: |value| outcome({update_type}::from_json_value(value)) }},",
        file.display().to_string(),
    )
    .unwrap();
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

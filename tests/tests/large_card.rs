//! A synthetic card of 10,000 properties expands, renders and compiles (issue 12, item 3:
//! generated code stays flat as cards grow). Rendered, the code is parsed back; a throwaway
//! crate then includes the card with `include_report_card!` and is built by cargo, and a
//! read of a full properties object runs in it.
//!
//! Ignored by default: the build takes minutes. Run it with
//! `cargo test -p stitch-tests --test large_card -- --ignored --nocapture`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

// The benchmarks' synthetic card: the card this test builds is the one they measure.
#[path = "../../benchmarks/synthetic_card.rs"]
mod synthetic_card;
use synthetic_card::synthetic_card;

const PROPERTIES: usize = 10_000;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the workspace")
        .to_owned()
}

#[test]
#[ignore = "builds a crate of a 10,000-property card: minutes"]
fn a_card_of_ten_thousand_properties_expands_renders_and_compiles() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("large-card");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let (card, sample) = synthetic_card(PROPERTIES);
    let card_text = card.to_string();
    std::fs::write(dir.join("card.json"), &card_text).unwrap();
    std::fs::write(dir.join("sample.json"), Value::Object(sample).to_string()).unwrap();

    let started = Instant::now();
    let read = stitch_codegen::read_card(stitch_codegen::CardSource {
        file: "card.json",
        text: &card_text,
        kind: Some(stitch_codegen::CardKind::Destination),
    })
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let items = stitch_codegen::expand(&read, stitch_codegen::ExpandOptions::default());
    let expanded = started.elapsed();
    let rendered = stitch_codegen::render(&items).expect("the generated code parses");
    let rendered_in = started.elapsed() - expanded;
    syn::parse_file(&rendered).expect("the rendered code parses back");
    eprintln!(
        "{PROPERTIES} properties: expanded in {expanded:?}, rendered in {rendered_in:?} \
         ({} lines)",
        rendered.lines().count()
    );

    let root = workspace_root();
    let manifest = format!(
        "[package]\nname = \"large-card\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nstitch-types = {{ path = {:?} }}\nserde_json = \"1\"\n\n[workspace]\n",
        root.join("stitch-types")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file pins the same dependency versions, so `--offline` resolves.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "stitch_types::include_report_card!(\"card.json\", kind = destination);\n\n\
         fn main() {\n    \
             let read: Synthetic10000Properties =\n        \
                 serde_json::from_str(include_str!(\"../sample.json\")).expect(\"the sample is valid\");\n    \
             assert_eq!(read.property_1, Some(5432));\n    \
             let written = serde_json::to_value(&read).unwrap();\n    \
             assert_eq!(written.as_object().unwrap().len(), 10_000);\n    \
             let mut other = read.clone();\n    \
             assert!(other == read, \"a clone is equal\");\n    \
             other.property_9999 = Synthetic10000Property9999::Tls;\n    \
             assert!(other != read, \"the last field is compared\");\n\
         }\n",
    )
    .unwrap();
    let started = Instant::now();
    let run = Command::new(env!("CARGO"))
        .args(["run", "--offline", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        run.status.success(),
        "the crate builds and reads the sample:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    eprintln!("built and ran in {:?}", started.elapsed());
}

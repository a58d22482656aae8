//! Writes to `OUT_DIR` what the benchmarks include:
//!
//! - `synthetic.rs`: synthetic cards of 100, 1,000 and 10,000 properties (written beside it as
//!   JSON), the first two expanded with `include_report_card!` for the reading benchmarks, and
//!   a valid properties object for each;
//! - `mysql.rs`, when `STITCH_CORPUS` is set: the corpus card `platform.mysql` (24 settable
//!   properties) expanded with `include_report_card!`, a valid properties object for it, and
//!   the baselines a user would write by hand for it: a `#[derive(Serialize)]` struct of
//!   `String`s and an unchecked `#[derive(Deserialize)]` one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

// The corpus tests' sample values: made from a card's schemas, checked with regress.
#[path = "../tests/corpus/src/samples.rs"]
#[allow(dead_code)]
mod samples;
#[path = "synthetic_card.rs"]
mod synthetic_card;
use synthetic_card::synthetic_card;

fn main() {
    println!("cargo::rerun-if-env-changed=STITCH_CORPUS");
    println!("cargo::rustc-check-cfg=cfg(stitch_corpus)");
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write_synthetic(&out);
    if let Some(corpus) = std::env::var_os("STITCH_CORPUS") {
        let card = PathBuf::from(corpus).join("sources/platform.mysql.json");
        println!("cargo::rerun-if-changed={}", card.display());
        write_mysql(&out, &card);
        println!("cargo::rustc-cfg=stitch_corpus");
    }
}

fn write_synthetic(out: &Path) {
    let mut code = String::new();
    for count in [100, 1_000, 10_000] {
        let (card, sample) = synthetic_card(count);
        let card_path = out.join(format!("synthetic_{count}.json"));
        std::fs::write(&card_path, card.to_string()).expect("OUT_DIR is writable");
        let sample_path = out.join(format!("synthetic_{count}_sample.json"));
        std::fs::write(&sample_path, Value::Object(sample).to_string()).expect("writable");
        // 10,000 properties are for the generator's benchmarks only: not compiled here.
        if count < 10_000 {
            writeln!(
                code,
                "pub mod synthetic_{count} {{\n    stitch_types::include_report_card!({:?}, kind = destination);\n    \
                 pub const SAMPLE: &str = include_str!({:?});\n}}",
                card_path.display().to_string(),
                sample_path.display().to_string(),
            )
            .unwrap();
        }
    }
    std::fs::write(out.join("synthetic.rs"), code).expect("OUT_DIR is writable");
}

fn write_mysql(out: &Path, card_path: &Path) {
    let text = std::fs::read_to_string(card_path).expect("the corpus has platform.mysql");
    let card: Value = serde_json::from_str(&text).expect("the card is JSON");
    let (create, _) = samples::sample_properties(&card);
    let sample_path = out.join("mysql_sample.json");
    std::fs::write(&sample_path, Value::Object(create.clone()).to_string()).expect("writable");
    // What a user would write by hand: every settable property a `String`, the optional ones
    // in an `Option` left out when `None`.
    let mut fields = String::new();
    for step in card["steps"].as_array().into_iter().flatten() {
        if !matches!(step["type"].as_str(), Some("form" | "oauth")) {
            continue;
        }
        for property in step["properties"].as_array().into_iter().flatten() {
            if property["property_type"] == "read_only" {
                continue;
            }
            let name = property["name"].as_str().expect("names are strings");
            let required = property["is_required"] == true;
            if required {
                writeln!(fields, "    pub {name}: String,").unwrap();
            } else {
                writeln!(
                    fields,
                    "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub {name}: Option<String>,"
                )
                .unwrap();
            }
        }
    }
    let code = format!(
        "stitch_types::include_report_card!({card:?});\n\n\
         pub const MYSQL_SAMPLE: &str = include_str!({sample:?});\n\n\
         /// The hand-written baseline: strings, serde's derives, no checks.\n\
         #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]\n\
         pub struct MysqlStrings {{\n{fields}}}\n",
        card = card_path.display().to_string(),
        sample = sample_path.display().to_string(),
    );
    std::fs::write(out.join("mysql.rs"), code).expect("OUT_DIR is writable");
}

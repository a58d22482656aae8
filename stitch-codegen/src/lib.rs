//! The generator behind `stitch-types`: report card → checked model → Rust code.
//!
//! A plain library (no `proc_macro`), so the macros, a CLI and `build.rs` scripts share it and it
//! can be unit-tested:
//!
//! ```
//! use stitch_codegen::{CardSource, ExpandOptions};
//!
//! let text = r#"{"type": "demo", "steps": [{"type": "form", "properties": [
//!     {"name": "port", "is_required": true, "is_credential": false,
//!      "property_type": "user_provided",
//!      "json_schema": {"type": "string", "pattern": "^\\d+$"}, "provided": false}
//! ]}]}"#;
//! let card = stitch_codegen::read_card(CardSource { file: "demo.json", text, kind: None })?;
//! let code = stitch_codegen::render(&stitch_codegen::expand(&card, ExpandOptions::default()))?;
//! assert!(code.contains("pub port: ::core::primitive::u16"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

mod card_file;
pub mod derive;
mod docs;
mod expand;
mod locate;
pub mod lock;
mod object;
pub mod provenance;

pub use card_file::{FileExpansion, expand_card_file};
pub use expand::{ExpandOptions, expand};
pub use provenance::Provenance;
pub use stitch_schema::{
    Card, CardKind, CardProperty, CardRead, CardSource, Diagnostic, Diagnostics, Shape,
};
/// The card model, read and classified by `stitch-schema` (re-exported).
pub use stitch_schema::{diagnostics, model};

/// Reads and checks a report card's text, like [`stitch_schema::read_card`], with the line and
/// column of every problem.
pub fn read_card(source: CardSource<'_>) -> Result<Card, Diagnostics> {
    stitch_schema::read_card(source).map_err(|mut diagnostics| {
        locate::add_positions(source.text, &mut diagnostics.list);
        diagnostics
    })
}

/// Like [`read_card`], but keeps what could be read when there are problems (see
/// [`stitch_schema::read_card_with_stand_ins`]), with the line and column of every problem.
pub fn read_card_with_stand_ins(source: CardSource<'_>) -> CardRead {
    let mut read = stitch_schema::read_card_with_stand_ins(source);
    if let Some(diagnostics) = &mut read.diagnostics {
        locate::add_positions(source.text, &mut diagnostics.list);
    }
    read
}

/// Whether `text` matches `pattern` under ECMA-262 semantics (the Unicode flag, a search as JSON
/// Schema says); an error when the pattern does not compile.
pub fn pattern_matches(pattern: &str, text: &str) -> Result<bool, String> {
    stitch_schema::pattern::compile(pattern).map(|regex| regex.find(text).is_some())
}

/// Formats generated items as a Rust source file with `prettyplease`.
pub fn render(tokens: &proc_macro2::TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens.clone())?;
    Ok(prettyplease::unparse(&file))
}

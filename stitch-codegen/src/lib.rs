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
pub mod lock;
mod object;
pub mod provenance;
mod runtime_path;

pub use card_file::{FileExpansion, expand_card_file};
pub use expand::{ExpandOptions, expand};
pub use provenance::Provenance;
/// For `stitch-macros`, whose checked literals call the same module.
#[doc(hidden)]
pub use runtime_path::private_module;
/// Reads a card file as every tool here does: a regular file, within a size limit.
pub use stitch_schema::card_file::read_text as read_card_text;
pub use stitch_schema::{
    Card, CardKind, CardProperty, CardRead, CardSource, Diagnostic, Diagnostics, Shape, read_card,
    read_card_with_stand_ins,
};
/// The card model, read and classified by `stitch-schema` (re-exported).
pub use stitch_schema::{diagnostics, model};

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

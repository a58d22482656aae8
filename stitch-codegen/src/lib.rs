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
/// For `stitch-macros`: `#[derive(Properties)]` after the macro has parsed the struct.
#[doc(hidden)]
pub mod derive;
mod docs;
mod expand;
pub mod lock;
pub mod provenance;
mod runtime_path;
mod shape_types;
mod struct_impls;

pub use card_file::{FileExpansion, expand_card_file};
pub use expand::{ExpandOptions, expand};
pub use provenance::Provenance;
/// For `stitch-macros`, whose checked literals call the same module.
#[doc(hidden)]
pub use runtime_path::private_module;
/// Reads a card file as every tool here does: a regular file, within a size limit.
pub use stitch_schema::card_file::read_text as read_card_text;
/// The card model, read and classified by `stitch-schema`: this crate's input, not part of its
/// interface (which is the functions above, and `derive` for `stitch-macros`).
use stitch_schema::model;
pub use stitch_schema::{
    Card, CardKind, CardSource, Diagnostic, Diagnostics, ReadOutcome, read_card,
    read_card_with_stand_ins,
};

use stitch_report_card::pattern::Refused;

/// The check of a checked literal (`s3_sentinel_key!("…")`) while a crate compiles: whether
/// `text` matches `pattern` under ECMA-262 semantics (the Unicode flag, a search as JSON Schema
/// says), with the engine and bound the generated type uses at run time
/// ([`stitch_report_card::pattern`]). The outer error: the pattern is not used, and why; the
/// inner one: the pattern needs backtracking and `text` met one of its bounds.
pub fn pattern_matches(
    pattern: &str,
    text: &str,
) -> Result<Result<bool, Refused>, stitch_schema::pattern::PatternError> {
    stitch_schema::pattern::compile(pattern).map(|compiled| compiled.matches(text))
}

/// Formats generated items as a Rust source file with `prettyplease`.
pub fn render(tokens: &proc_macro2::TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens.clone())?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A checked literal of a pattern that backtracks exponentially in `regress` (`^(a+)+$` took
    /// 87 s of `cargo check` on 26 characters): the check is the linear engine's, and returns.
    /// How long it takes is measured by `stitch-codegen/tests/pattern_speed.rs`, not here.
    #[test]
    fn a_hostile_literal_is_checked_by_the_linear_engine() {
        let literal = format!("{}!", "a".repeat(29));
        assert_eq!(pattern_matches("^(a+)+$", &literal), Ok(Ok(false)));
        assert_eq!(pattern_matches("^(a+)+$", &"a".repeat(30)), Ok(Ok(true)));
    }

    #[test]
    fn a_long_literal_of_a_backtracking_pattern_is_refused_with_the_bound() {
        let literal = "a".repeat(stitch_report_card::pattern::BACKTRACKING_MAX_CHARS + 1);
        let refused = pattern_matches(r"^(a)\1", &literal).unwrap().unwrap_err();
        assert!(refused.to_string().contains("a backreference"), "{refused}");
        assert!(pattern_matches("^(unclosed", "x").is_err());
    }
}

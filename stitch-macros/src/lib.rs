//! Procedural macros of `stitch-types`. Use them through `stitch-types`, which re-exports them;
//! their expansion names `::stitch_types` paths.
//!
//! The crate is thin on purpose: it parses the macro input, resolves the card path, calls
//! `stitch-codegen`, and turns problems into `compile_error!`s spanned on the user's tokens.
//! It never panics: every failure is a compile error.
#![forbid(unsafe_code)]

mod card_file;

use proc_macro::TokenStream;

/// Generates typed properties from a captured report card; see `stitch_types::include_report_card`.
#[proc_macro]
pub fn include_report_card(input: TokenStream) -> TokenStream {
    card_file::include_report_card(input.into()).into()
}

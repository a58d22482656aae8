//! Procedural macros of `stitch-types`. Use them through `stitch-types`, which re-exports them;
//! their expansion names `::stitch_types` paths.
//!
//! The crate is thin on purpose: it parses the macro input, resolves the card path, calls
//! `stitch-codegen`, and turns problems into `compile_error!`s spanned on the user's tokens.
//! It never panics: every failure is a compile error.
#![forbid(unsafe_code)]

mod card_file;
mod checked_literal;
mod derive;

use proc_macro::TokenStream;

/// Generates typed properties from a captured report card; see `stitch_types::include_report_card`.
#[proc_macro]
pub fn include_report_card(input: TokenStream) -> TokenStream {
    card_file::include_report_card(input.into()).into()
}

/// Checks a struct against a report card and implements what generated properties types
/// implement; see `stitch_types::Properties`.
#[proc_macro_derive(Properties, attributes(stitch))]
pub fn derive_properties(input: TokenStream) -> TokenStream {
    derive::derive_properties(input.into()).into()
}

/// Checks a string literal against a pattern newtype's pattern at compile time. Used by the
/// literal macros `include_report_card!` generates (`s3_sentinel_key!("…")`); not meant to be
/// called directly.
#[doc(hidden)]
#[proc_macro]
pub fn checked_literal(input: TokenStream) -> TokenStream {
    checked_literal::checked_literal(input.into()).into()
}

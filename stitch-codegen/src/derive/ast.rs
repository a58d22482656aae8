//! The derive's input: the user's struct as the macro hands it over, and what the derive
//! gives back.

use proc_macro2::TokenStream;
use syn::Type;

/// The user's struct, as the derive sees it.
pub struct DeriveInput<'a> {
    /// The struct's name.
    pub ident: &'a syn::Ident,
    /// Its fields, in order.
    pub fields: Vec<UserField<'a>>,
    /// The card file as the user wrote it, for messages.
    pub card_file: &'a str,
    /// The card's text, to give line and column in messages.
    pub card_text: &'a str,
    /// The impls the user writes or derives themselves (`#[stitch(skip_impls(…))]`).
    pub own_impls: OwnImpls,
}

/// Impls the derive leaves to the user, who derives or writes them beside it:
/// `#[stitch(skip_impls(Debug, Deserialize))]`. `Serialize` is never left out: the body must be
/// the wire form the card's schema accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnImpls {
    /// The user's `Debug` (safe: credentials are `Secret`s, whose `Debug` is redacted).
    pub debug: bool,
    /// The user's `Deserialize`, which does not check values against the card;
    /// `Properties::from_json_value` still does.
    pub deserialize: bool,
}

/// One field of the user's struct.
pub struct UserField<'a> {
    /// The field's name.
    pub ident: &'a syn::Ident,
    /// `#[stitch(rename = "wire_name")]`, if given.
    pub rename: Option<syn::LitStr>,
    /// The field's type.
    pub ty: &'a Type,
}

/// The impls for the user's struct, or every problem found, each spanned on the user's tokens.
/// What the derive produced: the impls when nothing was wrong, otherwise the errors plus the
/// compile-time type checks of the fields that did map (so a wrong generated type is reported in
/// the same build as the other mistakes, not in the next one).
pub enum DeriveOutput {
    /// The impls.
    Impls(TokenStream),
    /// The errors, and the type checks to emit beside them (inside `const _: () = { … };`).
    Errors(syn::Error, TokenStream),
}

//! `#[derive(Properties)]`: checks a user's struct against a card and writes the impls a
//! generated properties type has.
//!
//! Every problem is collected and reported on the user's own tokens: an unknown field on the
//! field (with the closest property suggested), a type the schema cannot take on the type (with
//! the types that fit), missing required properties on the struct's name. Types generated from
//! the card (enums, newtypes, structs) are checked by the compiler: the derive asserts, in a
//! `const`, that the field's type was generated from the property's schema.
//!
//! Which Rust types fit which schema form (the table the errors quote):
//!
//! | schema form | field types that fit |
//! | --- | --- |
//! | `{"type":"string"}`, `null` | `String` |
//! | `minLength: 1` | `NonEmptyString` |
//! | `^\d+$`, `^\d+`, `anyOf [integer, ^\d+]`, `integer` | `u8`, `u16`, `u32`, `u64` |
//! | `^(true\|false)$`, `boolean` | `bool` |
//! | alternation of literals, `enum`, any other pattern, objects, `anyOf` of `$ref`s | the type `include_report_card!` generates for the property |
//! | `format` | `DateTime`, `MidnightUtcDate`, `Uri`, `Hostname`, `Email`, `HostOrIpv4`, `HostOrIp` (of `stitch_types::formats`), `Ipv4Addr`, `Ipv6Addr`, as the format says |
//! | `anyOf [string, array of strings]` | `StringOrList`, `String`, `Vec<String>` |
//! | `type: array` | `Vec<T>`, `T` fitting the items |
//!
//! A credential must be held in `Secret<T>`; a required property must not be in an `Option`.
//!
//! The derive is split as `thiserror-impl` is: `ast` is the input (the user's struct as the
//! macro hands it over), `valid` checks each field against its property and plans how to read
//! it, `expand` writes the impls of a struct that passed, and `fallback` the stand-in impls of
//! one that did not.

mod ast;
mod expand;
mod fallback;
mod valid;

pub use ast::{DeriveInput, DeriveOutput, OwnImpls, UserField};
pub use fallback::fallback;

use quote::quote;

use crate::model::Card;
use expand::expand_derive;
use valid::{FieldProblems, PlannedField, plan_field};

/// Checks the struct against the card; see [`DeriveOutput`].
pub fn derive_properties(card: &Card, input: &DeriveInput<'_>) -> DeriveOutput {
    let mut errors: Vec<syn::Error> = Vec::new();
    let mut planned: Vec<PlannedField<'_>> = Vec::new();
    // Properties a field was meant for but could not hold (a misspelt name suggests one, a
    // wrong type names one): the field's own error covers them, so they are not reported
    // missing a second time.
    let mut claimed: Vec<&str> = Vec::new();
    for field in &input.fields {
        match plan_field(card, input, field, &planned) {
            Ok(plan) => planned.push(plan),
            Err(FieldProblems {
                errors: mut field_errors,
                claims,
            }) => {
                errors.append(&mut field_errors);
                claimed.extend(claims);
            }
        }
    }
    let missing: Vec<String> = card
        .settable()
        .filter(|property| property.is_required_field())
        .filter(|property| {
            !planned
                .iter()
                .any(|plan| plan.property.wire_name == property.wire_name)
        })
        .filter(|property| !claimed.contains(&property.wire_name.as_str()))
        .map(|property| format!("`{}`", property.wire_name))
        .collect();
    if !missing.is_empty() {
        errors.push(syn::Error::new(
            input.ident.span(),
            format!(
                "`{}` lacks properties the `{}` card ({}) requires: {}\n\
                 help: add a field for each (or `#[stitch(rename = \"…\")]` a field to one)",
                input.ident,
                card.card_type,
                input.card_file,
                missing.join(", ")
            ),
        ));
    }
    if let Some(combined) = combine(errors) {
        let checks = planned.iter().flat_map(|plan| plan.type_checks.iter());
        let use_private = crate::runtime_path::use_private_as_stitch();
        let checks = quote! {
            const _: () = {
                #use_private
                #(#checks)*
            };
        };
        return DeriveOutput::Errors(combined, checks);
    }
    DeriveOutput::Impls(expand_derive(card, input, &planned))
}

fn combine(errors: Vec<syn::Error>) -> Option<syn::Error> {
    let mut errors = errors.into_iter();
    let mut first = errors.next()?;
    for error in errors {
        first.combine(error);
    }
    Some(first)
}

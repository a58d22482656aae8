//! `#[derive(Properties)]` with `#[stitch(report_card = "…")]`: parses the struct and its
//! attributes, reads the card, and hands both to `stitch_codegen::derive`.

use proc_macro2::TokenStream;
use quote::quote;
use stitch_codegen::derive::{DeriveInput, DeriveOutput, OwnImpls, UserField};
use stitch_codegen::{CardKind, CardSource};
use syn::{Data, Fields, LitStr};

use crate::card_file::{parse_kind, read_card_file};

pub(crate) fn derive_properties(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors: Vec<syn::Error> = Vec::new();
    let StructAttribute {
        card_path,
        kind: card_kind,
        own_impls,
    } = struct_attribute(&input, &mut errors);
    let own_impls = check_sibling_derives(&input, own_impls, &mut errors);
    let fields = user_fields(&input, &mut errors);
    // Generated impls reach stitch-types through a local `stitch` path, which a type of that
    // name would meet in the same scope.
    if input.ident == "stitch" {
        errors.push(syn::Error::new(
            input.ident.span(),
            "a struct named `stitch` cannot derive Properties: the impls it writes name \
             stitch-types' support module `stitch`\nhelp: rename the struct (types are \
             UpperCamelCase: `Stitch` works)",
        ));
    }
    if !input.generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Properties)] does not support generic structs",
        ));
    }

    let mut tracking = TokenStream::new();
    let mut type_checks = TokenStream::new();
    if let (Some(path), Some(fields)) = (&card_path, fields) {
        match read_card_file(path) {
            Err(error) => errors.push(error),
            Ok(file) => {
                // The lock is checked as `include_report_card!` checks it: a struct checked
                // against a card that was edited since it was locked is an error too.
                let (lock_tracking, lock_problem) = file.lock_check();
                tracking = file.rebuild_tracking();
                tracking.extend(lock_tracking);
                if let Some(problem) = lock_problem {
                    errors.push(syn::Error::new(path.span(), problem));
                }
                let source = CardSource {
                    file: &file.written,
                    text: &file.text,
                    kind: card_kind,
                };
                match stitch_codegen::read_card(source) {
                    Err(diagnostics) => {
                        errors.push(syn::Error::new(path.span(), diagnostics.to_string()));
                    }
                    Ok(card) => {
                        let derive_input = DeriveInput {
                            ident: &input.ident,
                            fields,
                            card_file: &file.written,
                            card_text: &file.text,
                            own_impls,
                        };
                        // Checked even when an attribute was wrong: every problem in one build.
                        match stitch_codegen::derive::derive_properties(&card, &derive_input) {
                            DeriveOutput::Impls(impls) if errors.is_empty() => {
                                return quote!(#impls #tracking);
                            }
                            DeriveOutput::Impls(_) => {}
                            DeriveOutput::Errors(error, checks) => {
                                errors.push(error);
                                type_checks = checks;
                            }
                        }
                    }
                }
            }
        }
    }
    let compile_errors = errors.iter().map(syn::Error::to_compile_error);
    // A generic struct gets no stand-in impls: they would need its generics, and the derive
    // does not support them anyway. Nor does a struct named `stitch` (see above).
    let fallback = (input.generics.params.is_empty() && input.ident != "stitch")
        .then(|| stitch_codegen::derive::fallback(&input.ident, own_impls));
    quote! {
        #(#compile_errors)*
        #type_checks
        #fallback
        #tracking
    }
}

/// What `#[stitch(…)]` on the struct says.
struct StructAttribute {
    card_path: Option<LitStr>,
    kind: Option<CardKind>,
    own_impls: OwnImpls,
}

/// `#[stitch(report_card = "path", kind = "source", skip_impls(Debug, Deserialize))]` on the
/// struct; every problem is recorded.
fn struct_attribute(input: &syn::DeriveInput, errors: &mut Vec<syn::Error>) -> StructAttribute {
    let mut card_path: Option<LitStr> = None;
    let mut kind = None;
    let mut own_impls = OwnImpls::default();
    for attribute in input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("stitch"))
    {
        let result = attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident("report_card") {
                let path: LitStr = meta.value()?.parse()?;
                if card_path.is_some() {
                    return Err(meta.error("`report_card` is given twice"));
                }
                card_path = Some(path);
                Ok(())
            } else if meta.path.is_ident("kind") {
                if kind.is_some() {
                    return Err(meta.error("`kind` is given twice"));
                }
                let value = meta.value()?;
                // `kind = "source"` or `kind = source`, as `include_report_card!` takes it.
                let (word, span) = if value.peek(LitStr) {
                    let word: LitStr = value.parse()?;
                    (word.value(), word.span())
                } else {
                    let word: syn::Ident = value.parse()?;
                    (word.to_string(), word.span())
                };
                kind = Some(parse_kind(&word, span)?);
                Ok(())
            } else if meta.path.is_ident("skip_impls") {
                meta.parse_nested_meta(|skipped| {
                    if skipped.path.is_ident("Debug") {
                        own_impls.debug = true;
                        Ok(())
                    } else if skipped.path.is_ident("Deserialize") {
                        own_impls.deserialize = true;
                        Ok(())
                    } else if skipped.path.is_ident("Serialize") {
                        Err(skipped.error(
                            "`Serialize` cannot be skipped: #[derive(Properties)] writes the wire \
                             form the card's schema accepts (numbers and booleans as strings, \
                             credentials exposed only in the body)",
                        ))
                    } else {
                        Err(skipped.error(
                            "`skip_impls` takes `Debug` and `Deserialize`, the impls you may \
                             derive or write yourself",
                        ))
                    }
                })
            } else if meta.path.is_ident("rename") {
                Err(meta.error("`rename` belongs on a field, not on the struct"))
            } else {
                Err(meta.error(
                    "unknown `stitch` attribute; the struct takes `report_card = \"path\"`, \
                     `kind = source` and `skip_impls(Debug, Deserialize)`",
                ))
            }
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    if card_path.is_none() && errors.is_empty() {
        errors.push(syn::Error::new(
            input.ident.span(),
            "#[derive(Properties)] needs the card to check against: add \
             #[stitch(report_card = \"schemas/destinations/postgres.json\")] \
             (the path is relative to the crate's Cargo.toml)",
        ));
    }
    StructAttribute {
        card_path,
        kind,
        own_impls,
    }
}

/// A `#[derive(Debug)]`, `Serialize` or `Deserialize` written *after* `#[derive(Properties)]`
/// (rustc shows a derive the attributes that follow it, not the ones before or beside it)
/// would clash with the impl this derive writes: say which, and what to do, before rustc says
/// "conflicting implementations". The clashing impls are then left out, so that the error is
/// the only one.
fn check_sibling_derives(
    input: &syn::DeriveInput,
    mut own: OwnImpls,
    errors: &mut Vec<syn::Error>,
) -> OwnImpls {
    for attribute in input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let Ok(paths) = attribute.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        for path in paths {
            let Some(last) = path.segments.last() else {
                continue;
            };
            let message = match last.ident.to_string().as_str() {
                "Debug" if !own.debug => {
                    own.debug = true;
                    "`Debug` is derived here and written by #[derive(Properties)] (a `Debug` \
                     that never shows a credential)\nhelp: remove it here, or keep yours with \
                     #[stitch(skip_impls(Debug))]"
                }
                "Deserialize" if !own.deserialize => {
                    own.deserialize = true;
                    "`Deserialize` is derived here and written by #[derive(Properties)] (a \
                     `Deserialize` that checks every value against the card)\nhelp: remove it \
                     here, or keep yours with #[stitch(skip_impls(Deserialize))]; \
                     `Properties::from_json_value` checks either way"
                }
                "Serialize" => {
                    "`Serialize` is derived here and written by #[derive(Properties)], whose \
                     `Serialize` is the wire form the card's schema accepts\nhelp: remove it here"
                }
                _ => continue,
            };
            errors.push(syn::Error::new_spanned(&path, message));
        }
    }
    own
}

/// The named fields with their `#[stitch(rename = "…")]`; every problem is recorded.
fn user_fields<'a>(
    input: &'a syn::DeriveInput,
    errors: &mut Vec<syn::Error>,
) -> Option<Vec<UserField<'a>>> {
    let Data::Struct(data) = &input.data else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "#[derive(Properties)] works on structs with named fields, one per property",
        ));
        return None;
    };
    let Fields::Named(named) = &data.fields else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "#[derive(Properties)] needs named fields: each field is a property",
        ));
        return None;
    };
    let mut fields = Vec::with_capacity(named.named.len());
    for field in &named.named {
        let mut rename = None;
        for attribute in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("stitch"))
        {
            let result = attribute.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    if rename.is_some() {
                        return Err(meta.error("`rename` is given twice"));
                    }
                    rename = Some(meta.value()?.parse::<LitStr>()?);
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown `stitch` attribute; a field takes `rename = \"wire_name\"`",
                    ))
                }
            });
            if let Err(error) = result {
                errors.push(error);
            }
        }
        let Some(ident) = &field.ident else { continue };
        fields.push(UserField {
            ident,
            rename,
            ty: &field.ty,
        });
    }
    Some(fields)
}

//! Checks: each field of the user's struct against its property, with the compile-time checks
//! of its type, or every problem, spanned on the user's tokens.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericArgument, LitStr, PathArguments, Type};

use crate::model::{BoolWire, Card, CardProperty, Format, Shape};
use crate::shape_types::{HeldAs, UNSIGNED, held_as};

use super::ast::{DeriveInput, UserField};

/// Why a field could not be planned, and the property it was meant for, if that is known.
pub(super) struct FieldProblems<'a> {
    pub(super) errors: Vec<syn::Error>,
    pub(super) claims: Option<&'a str>,
}

impl<'a> FieldProblems<'a> {
    fn new(errors: Vec<syn::Error>, claims: Option<&'a str>) -> Self {
        FieldProblems { errors, claims }
    }
}

/// A field matched to its property, with how to read it and the compile-time checks of its type.
pub(super) struct PlannedField<'a> {
    pub(super) field: &'a UserField<'a>,
    pub(super) property: &'a CardProperty,
    pub(super) optional: bool,
    pub(super) credential: bool,
    pub(super) parse: TokenStream,
    pub(super) type_checks: Vec<TokenStream>,
    /// The field's type must be generated from the card; see `stitch::Generated`.
    pub(super) via_generated: bool,
}

pub(super) fn plan_field<'a>(
    card: &'a Card,
    input: &DeriveInput<'_>,
    field: &'a UserField<'a>,
    planned: &[PlannedField<'_>],
) -> Result<PlannedField<'a>, FieldProblems<'a>> {
    let name = match &field.rename {
        Some(rename) => rename.value(),
        None => field.ident.to_string().trim_start_matches("r#").to_owned(),
    };
    let name_span = field
        .rename
        .as_ref()
        .map_or_else(|| field.ident.span(), LitStr::span);
    let Some(property) = card
        .properties
        .iter()
        .find(|property| property.wire_name == name)
        .or_else(|| {
            // `api_key` for `api-key`, as `include_report_card!` names the field.
            field.rename.is_none().then_some(())?;
            card.properties
                .iter()
                .find(|property| property.field_name == name)
        })
    else {
        let suggestion = closest_property(card, &name);
        let error = syn::Error::new(name_span, unknown_property(card, input, &name, suggestion));
        return Err(FieldProblems::new(vec![error], suggestion));
    };
    let at = location(input, property);
    if !property.is_settable() {
        return Err(FieldProblems::new(
            vec![syn::Error::new(
                name_span,
                format!(
                    "`{}` is `read_only` in the `{}` card ({at}): Stitch sets it, and a request that \
                 sends it is rejected\nhelp: remove the field",
                    property.wire_name, card.card_type
                ),
            )],
            None,
        ));
    }
    if let Some(earlier) = planned
        .iter()
        .find(|plan| plan.property.wire_name == property.wire_name)
    {
        let error = syn::Error::new(
            name_span,
            format!(
                "the field `{}` already holds the property `{}`",
                earlier.field.ident, property.wire_name
            ),
        );
        return Err(FieldProblems::new(vec![error], None));
    }

    let mut errors = Vec::new();
    let (optional, ty) = match peel(field.ty, "Option") {
        Some(inner) => (true, inner),
        None => (false, field.ty),
    };
    if optional && property.is_required_field() {
        errors.push(syn::Error::new_spanned(
            field.ty,
            format!(
                "`{}` is required by the `{}` card ({at}); hold it without `Option`",
                property.wire_name, card.card_type
            ),
        ));
    }
    let (credential, ty) = match peel(ty, "Secret") {
        Some(inner) => (true, inner),
        None => (false, ty),
    };
    let fits = expected_types(&property.shape);
    let secret_hint = if property.is_credential && !credential {
        format!(
            "\nhelp: `{}` is a credential: hold it in `stitch_types::Secret<{}>`",
            property.wire_name, fits[0]
        )
    } else {
        String::new()
    };
    let site = CheckSite { at: &at, property };
    let (parse, type_checks) = match fit(&property.shape, ty, &site) {
        Ok(fitted) => {
            if !secret_hint.is_empty() {
                errors.push(syn::Error::new_spanned(
                    field.ty,
                    format!(
                        "`{}` is a credential in the `{}` card ({at}): hold it in \
                         `stitch_types::Secret<{}>` so that `Debug` and errors never show it",
                        property.wire_name, card.card_type, fits[0]
                    ),
                ));
            }
            fitted
        }
        Err(reason) => {
            errors.push(syn::Error::new_spanned(
                ty,
                format!(
                    "`{}` cannot be held in `{}`: {reason}\n\
                     note: the `{}` card ({at}) gives the schema {}\n\
                     help: types that fit: `{}`{secret_hint}",
                    property.wire_name,
                    quote!(#ty).to_string().replace(' ', ""),
                    card.card_type,
                    schema_text(property),
                    fits.join("`, `")
                ),
            ));
            (TokenStream::new(), Vec::new())
        }
    };
    if !errors.is_empty() {
        return Err(FieldProblems::new(errors, Some(&property.wire_name)));
    }
    let via_generated = matches!(
        property.shape,
        Shape::Enum(_) | Shape::Pattern(_) | Shape::Struct(_) | Shape::Union(_)
    );
    Ok(PlannedField {
        field,
        property,
        optional,
        credential,
        parse,
        type_checks,
        via_generated,
    })
}

/// `file:line:column, /steps/0/properties/8`.
fn location(input: &DeriveInput<'_>, property: &CardProperty) -> String {
    match stitch_schema::locate::position_of(input.card_text, &property.pointer) {
        Some((line, column)) => {
            format!("{}:{line}:{column}, {}", input.card_file, property.pointer)
        }
        None => format!("{}, {}", input.card_file, property.pointer),
    }
}

fn schema_text(property: &CardProperty) -> String {
    match &property.json_schema {
        Some(schema) => format!("`{schema}`"),
        None => "`null`".to_owned(),
    }
}

/// The settable property whose name is closest to `name`, if one is close: the same rule as
/// run-time reading uses for unknown keys.
fn closest_property<'a>(card: &'a Card, name: &str) -> Option<&'a str> {
    stitch_report_card::closest_name(
        name,
        card.settable().map(|property| property.wire_name.as_str()),
    )
}

fn unknown_property(
    card: &Card,
    input: &DeriveInput<'_>,
    name: &str,
    closest: Option<&str>,
) -> String {
    let mut message = format!(
        "`{name}` is not a property of the `{}` card ({})",
        card.card_type, input.card_file
    );
    match closest {
        Some(closest) => message.push_str(&format!("\nhelp: did you mean `{closest}`?")),
        None => {
            let all: Vec<String> = card
                .settable()
                .map(|property| format!("`{}`", property.wire_name))
                .collect();
            message.push_str(&format!("\nnote: its properties are {}", all.join(", ")));
        }
    }
    message
        .push_str("\nnote: use `#[stitch(rename = \"wire_name\")]` for a field named differently");
    message
}

/// The field type's single generic argument, if its last path segment is `wrapper`
/// (`Option<T>`, `Secret<T>`, `Vec<T>`).
fn peel<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    match arguments.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// The last path segment's name: `String`, `u16`, `PostgresEncryptionType`.
fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        Type::Group(group) => type_name(&group.elem),
        Type::Paren(paren) => type_name(&paren.elem),
        _ => None,
    }
}

const SIGNED: &[&str] = &["i8", "i16", "i32", "i64", "i128", "isize"];

/// Where a type check is, for the messages of the checks the compiler runs.
struct CheckSite<'a> {
    at: &'a str,
    property: &'a CardProperty,
}

/// A compile-time assertion that the user's type is `expected`, spanned on the user's type: an
/// alias of the right type passes, a look-alike (`my::String`) fails where it is written.
fn same_type(ty: &Type, expected: TokenStream) -> TokenStream {
    quote_spanned! {ty.span()=>
        const _: fn(#ty) -> #expected = |value| value;
    }
}

/// How to read a field of type `ty` for a property of `shape`, with the compile-time checks of
/// its type; or why the type cannot fit.
///
/// Soundness does not rest on the type's name: a name the derive knows to be wrong is reported
/// at once, with the types that fit; any other type gets an assertion the compiler checks (the
/// type is the expected one, an unsigned integer, or a type generated from the same schema).
fn fit(
    shape: &Shape,
    ty: &Type,
    site: &CheckSite<'_>,
) -> Result<(TokenStream, Vec<TokenStream>), String> {
    let name = type_name(ty).unwrap_or_default();
    let known = is_known_non_generated(&name);
    let held = held_as(shape);
    // The one type that holds the shape: a known type of another name does not fit.
    let exactly = |reason: String| {
        let HeldAs {
            name: right_name,
            ty: expected,
            reader,
        } = &held[0];
        if known && name != *right_name {
            Err(reason)
        } else {
            Ok((reader.clone(), vec![same_type(ty, expected.clone())]))
        }
    };
    match shape {
        Shape::String => exactly("the schema takes any string".to_owned()),
        Shape::NonEmptyString => exactly(
            "the schema takes strings of at least one character, and a `String` may be empty"
                .to_owned(),
        ),
        Shape::Unsigned { .. } => {
            if known && !UNSIGNED.contains(&name.as_str()) {
                return Err(if SIGNED.contains(&name.as_str()) {
                    format!("`{name}` holds negative numbers, which the schema rejects")
                } else {
                    "the schema takes unsigned whole numbers, held in `u8` to `u64`".to_owned()
                });
            }
            // Any width: the check below makes the compiler hold the field to an unsigned type.
            let check = quote_spanned! {ty.span()=>
                const _: () = stitch::unsigned_field::<#ty>();
            };
            Ok((held[0].reader.clone(), vec![check]))
        }
        Shape::Bool { wire } => exactly(match wire {
            BoolWire::String { pattern } => format!(
                "`{pattern}` takes only \"true\" and \"false\", and a `{name}` holds other values"
            ),
            BoolWire::Json => "the schema takes booleans".to_owned(),
        }),
        Shape::Format(format) => exactly(format!(
            "the schema takes {}; only `{}` checks that",
            match format {
                Format::DateTime => "RFC 3339 date-times with four-digit years",
                Format::MidnightUtcDate => "dates at midnight UTC",
                _ => "strings in a format",
            },
            format.type_name()
        )),
        Shape::StringOrList => {
            let vec_of_strings =
                name == "Vec" && peel(ty, "Vec").and_then(type_name).as_deref() == Some("String");
            let written = match name.as_str() {
                "String" => "String",
                _ if vec_of_strings => "Vec<String>",
                _ if known => {
                    return Err("the schema takes a string or an array of strings".to_owned());
                }
                _ => "StringOrList",
            };
            let chosen = held
                .iter()
                .find(|held| held.name == written)
                .unwrap_or(&held[0]);
            Ok((
                chosen.reader.clone(),
                vec![same_type(ty, chosen.ty.clone())],
            ))
        }
        Shape::Array(item) => {
            let Some(inner) = peel(ty, "Vec") else {
                return Err("the schema takes an array: write `Vec<…>`".to_owned());
            };
            let (parse, checks) = fit(item, inner, site)?;
            Ok((quote!(stitch::array_of(#parse)), checks))
        }
        Shape::Enum(_) | Shape::Pattern(_) | Shape::Struct(_) | Shape::Union(_) => {
            let type_name = shape.generated_type_name().unwrap_or_default();
            let schema = shape.generated_schema_key().unwrap_or_default();
            if known {
                return Err(format!(
                    "only the type generated for the property (`{type_name}`) holds exactly \
                     the values the schema takes"
                ));
            }
            let message = format!(
                "`{}` ({}) needs a type generated from its own schema, such as `{type_name}`",
                site.property.wire_name, site.at
            );
            let check = quote_spanned! {ty.span()=>
                const _: () = ::core::assert!(
                    stitch::str_eq(<#ty as stitch::CardValue>::SCHEMA, #schema),
                    #message
                );
            };
            // The user's own name for the generated type (an alias, say), read as it reads.
            Ok((
                quote!((&stitch::ParseAs::<#ty>::new()).parser()),
                vec![check],
            ))
        }
    }
}

/// Types the derive knows are not generated from a card.
fn is_known_non_generated(name: &str) -> bool {
    UNSIGNED.contains(&name)
        || SIGNED.contains(&name)
        || matches!(
            name,
            "String" | "str" | "bool" | "char" | "f32" | "f64" | "Vec" | "Option" | "Secret"
        )
        || Format::ALL.iter().any(|format| format.type_name() == name)
        || matches!(name, "NonEmptyString" | "StringOrList")
}

/// The field types that fit a shape, for messages.
fn expected_types(shape: &Shape) -> Vec<String> {
    held_as(shape).into_iter().map(|held| held.name).collect()
}

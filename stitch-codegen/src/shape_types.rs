//! Which Rust types hold values of each shape, and the reader that reads each: the one table
//! behind the fields of generated types ([`value_type`], [`parser`]), the derive's check of a
//! user's field type, and the types its messages suggest.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{BoolWire, Format, IntegerWire, Shape};
use crate::struct_impls::ident;

/// The unsigned integer types, narrowest first.
pub(crate) const UNSIGNED: &[&str] = &["u8", "u16", "u32", "u64"];

/// One Rust type that holds values of a shape, and how they are read into it.
pub(crate) struct HeldAs {
    /// The type as a user writes it (`u16`, `Vec<String>`), for messages.
    pub(crate) name: String,
    /// The type as generated code writes it, with absolute paths.
    pub(crate) ty: TokenStream,
    /// A reader (`stitch_types`' `ReadValue`) that reads and checks one value into it.
    pub(crate) reader: TokenStream,
}

/// The types that hold values of `shape`; the first is the one generated types use.
pub(crate) fn held_as(shape: &Shape) -> Vec<HeldAs> {
    let one = |name: &str, ty: TokenStream, reader: TokenStream| HeldAs {
        name: name.to_owned(),
        ty,
        reader,
    };
    match shape {
        Shape::String => vec![one(
            "String",
            quote!(::std::string::String),
            quote!(stitch::string()),
        )],
        Shape::NonEmptyString => vec![one(
            "NonEmptyString",
            quote!(::stitch_types::formats::NonEmptyString),
            quote!(stitch::non_empty_string()),
        )],
        Shape::Unsigned { width, wire } => {
            let reader = match wire {
                IntegerWire::DigitString { pattern } => quote!(stitch::digit_string(#pattern)),
                IntegerWire::IntegerOrDigitString { pattern } => {
                    quote!(stitch::integer_or_digit_string(#pattern))
                }
                IntegerWire::Integer => quote!(stitch::integer()),
            };
            // The width the generator chose first, then the others.
            let widths = std::iter::once(width.rust_name())
                .chain(UNSIGNED.iter().copied().filter(|w| *w != width.rust_name()));
            widths
                .map(|name| {
                    let width = ident(name);
                    one(name, quote!(::core::primitive::#width), reader.clone())
                })
                .collect()
        }
        Shape::Bool { wire } => {
            let reader = match wire {
                BoolWire::String { pattern } => quote!(stitch::bool_string(#pattern)),
                BoolWire::Json => quote!(stitch::boolean()),
            };
            vec![one("bool", quote!(::core::primitive::bool), reader)]
        }
        Shape::Format(format) => {
            let ty = format_type(*format);
            let reader = quote!(stitch::formatted::<#ty>());
            vec![one(format.type_name(), ty, reader)]
        }
        Shape::StringOrList => vec![
            one(
                "StringOrList",
                quote!(::stitch_types::formats::StringOrList),
                quote!(stitch::string_or_list()),
            ),
            one(
                "String",
                quote!(::std::string::String),
                quote!(stitch::string()),
            ),
            one(
                "Vec<String>",
                quote!(::std::vec::Vec<::std::string::String>),
                quote!(stitch::array_of(stitch::string())),
            ),
        ],
        Shape::Array(item) => held_as(item)
            .into_iter()
            .map(|item| {
                let (ty, reader) = (&item.ty, &item.reader);
                HeldAs {
                    name: format!("Vec<{}>", item.name),
                    ty: quote!(::std::vec::Vec<#ty>),
                    reader: quote!(stitch::array_of(#reader)),
                }
            })
            .collect(),
        Shape::Enum(_) | Shape::Pattern(_) | Shape::Struct(_) | Shape::Union(_) => {
            let name = shape.generated_type_name().unwrap_or_default();
            let type_ident = ident(name);
            // Every generated type reads itself (`ReadWire`).
            let reader = quote!(stitch::nested::<#type_ident>());
            vec![one(name, quote!(#type_ident), reader)]
        }
    }
}

/// The type a generated field holds a value of `shape` in, before `Secret` and `Option`.
pub(crate) fn value_type(shape: &Shape) -> TokenStream {
    first(shape).ty
}

/// The reader a generated type reads a value of `shape` with.
pub(crate) fn parser(shape: &Shape) -> TokenStream {
    first(shape).reader
}

fn first(shape: &Shape) -> HeldAs {
    held_as(shape)
        .into_iter()
        .next()
        .expect("every shape is held in at least one type")
}

/// The path of a format's type in `stitch_types`.
pub(crate) fn format_type(format: Format) -> TokenStream {
    let path: syn::Path = syn::parse_str(&format!("::{}::{}", format.module(), format.type_name()))
        .unwrap_or_else(|_| syn::parse_quote!(::std::string::String));
    quote!(#path)
}

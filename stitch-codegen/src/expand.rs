//! Prints the Rust code for a checked [`Card`].
//!
//! The struct and its enums are emitted where the macro is called; every impl goes inside
//! `const _: () = { … };` and names everything by absolute path (`::core::…`,
//! `::stitch_types::__private::…`), so a user type called `Option` or `String` breaks nothing.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::docs;
use crate::model::{Card, CardKind, CardProperty, EnumDef, IntegerWire, Shape};

/// What expansion needs beyond the card.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExpandOptions<'a> {
    /// The card file as the user named it, mentioned in the struct's docs.
    pub file: Option<&'a str>,
}

/// The items generated for a card: its properties struct, its enums, and their impls.
pub fn expand(card: &Card, options: ExpandOptions<'_>) -> TokenStream {
    let struct_ident = ident(&card.properties_type_name());
    let settable: Vec<&CardProperty> = card.settable().collect();

    let enums = settable
        .iter()
        .filter_map(|property| match &property.shape {
            Shape::Enum(def) => Some(expand_enum(def, property, card)),
            _ => None,
        });

    let struct_docs = doc_attrs(&docs::card_doc(card, options.file));
    let fields = settable.iter().map(|property| {
        let docs = doc_attrs(&docs::field_doc(property));
        let name = ident(&property.field_name);
        let ty = field_type(property);
        quote! { #docs pub #name: #ty, }
    });

    let serialize = expand_serialize(&struct_ident, &settable);
    let properties_impl = expand_properties_impl(card, &struct_ident, &settable);
    let kind_trait = match card.kind {
        CardKind::Destination => quote!(DestinationProperties),
        CardKind::Source => quote!(SourceProperties),
    };

    quote! {
        #struct_docs
        #[derive(::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::fmt::Debug)]
        pub struct #struct_ident {
            #(#fields)*
        }

        #(#enums)*

        const _: () = {
            use ::stitch_types::__private as stitch;

            #serialize

            impl<'de> stitch::serde::Deserialize<'de> for #struct_ident {
                fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
                where
                    D: stitch::serde::Deserializer<'de>,
                {
                    stitch::deserialize_properties(deserializer)
                }
            }

            #properties_impl

            impl stitch::#kind_trait for #struct_ident {}
        };
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let mut tokens = TokenStream::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            tokens.extend(quote!(#[doc = ""]));
        }
        let line = format!(" {paragraph}");
        tokens.extend(quote!(#[doc = #line]));
    }
    tokens
}

/// The type a value of `shape` is held in, before `Secret` and `Option`.
fn value_type(shape: &Shape) -> TokenStream {
    match shape {
        Shape::String => quote!(::std::string::String),
        Shape::Unsigned { width, .. } => {
            let width = ident(width.rust_name());
            quote!(::core::primitive::#width)
        }
        Shape::Bool { .. } => quote!(::core::primitive::bool),
        Shape::Enum(def) => {
            let name = ident(&def.type_name);
            quote!(#name)
        }
    }
}

/// The field's full type: `Secret` for credentials, `Option` unless required.
pub(crate) fn field_type(property: &CardProperty) -> TokenStream {
    let mut ty = value_type(&property.shape);
    if property.is_credential {
        ty = quote!(::stitch_types::Secret<#ty>);
    }
    if !property.is_required_field() {
        ty = quote!(::core::option::Option<#ty>);
    }
    ty
}

/// An expression that serializes to the wire form, given `value: &T` (the held type).
fn wire_value(shape: &Shape, value: TokenStream) -> TokenStream {
    match shape {
        Shape::String | Shape::Enum(_) => value,
        Shape::Unsigned { .. } => quote!(&stitch::UintString((*#value).into())),
        Shape::Bool { .. } => quote!(&stitch::BoolString(*#value)),
    }
}

/// A closure `Fn(serde_json::Value) -> Parsed<T>` that reads and checks one value.
fn parser(shape: &Shape) -> TokenStream {
    match shape {
        Shape::String => quote!(stitch::string),
        Shape::Unsigned { wire, .. } => match wire {
            IntegerWire::DigitString { pattern } => quote!(stitch::digit_string(#pattern)),
        },
        Shape::Bool { pattern } => quote!(stitch::bool_string(#pattern)),
        Shape::Enum(def) => {
            let name = ident(&def.type_name);
            quote!(stitch::one_of(#name::WIRE_VALUES, #name::from_wire))
        }
    }
}

fn expand_serialize(struct_ident: &Ident, settable: &[&CardProperty]) -> TokenStream {
    let required_count = settable
        .iter()
        .filter(|property| property.is_required_field())
        .count();
    let optional_counts = settable
        .iter()
        .filter(|property| !property.is_required_field())
        .map(|property| {
            let name = ident(&property.field_name);
            quote!(+ ::core::primitive::usize::from(self.#name.is_some()))
        });
    let entries = settable.iter().map(|property| {
        let name = ident(&property.field_name);
        let wire = &property.wire_name;
        let exposed = if property.is_credential {
            quote!(stitch::expose(value))
        } else {
            quote!(value)
        };
        let value = wire_value(&property.shape, exposed);
        if property.is_required_field() {
            let value = wire_value(&property.shape, quote!(&self.#name));
            let value = if property.is_credential {
                quote!(stitch::expose(&self.#name))
            } else {
                value
            };
            quote! {
                map.serialize_entry(#wire, #value)?;
            }
        } else {
            quote! {
                if let ::core::option::Option::Some(value) = &self.#name {
                    map.serialize_entry(#wire, #value)?;
                }
            }
        }
    });
    quote! {
        impl stitch::serde::Serialize for #struct_ident {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: stitch::serde::Serializer,
            {
                use stitch::serde::ser::SerializeMap as _;
                let len = #required_count #(#optional_counts)*;
                let mut map = serializer.serialize_map(::core::option::Option::Some(len))?;
                #(#entries)*
                map.end()
            }
        }
    }
}

fn expand_properties_impl(
    card: &Card,
    struct_ident: &Ident,
    settable: &[&CardProperty],
) -> TokenStream {
    let card_type = &card.card_type;
    let reads = settable.iter().map(|property| {
        let name = ident(&property.field_name);
        let wire = &property.wire_name;
        let mut parse = parser(&property.shape);
        if property.is_credential {
            parse = quote!(stitch::credential(#parse));
        }
        let method = if property.is_required_field() {
            quote!(required)
        } else {
            quote!(optional)
        };
        quote! {
            let #name = checker.#method(&mut map, #wire, #parse);
        }
    });
    let names: Vec<Ident> = settable
        .iter()
        .map(|property| ident(&property.field_name))
        .collect();
    let known = settable.iter().map(|property| &property.wire_name);
    let read_only = card
        .properties
        .iter()
        .filter(|property| !property.is_settable())
        .map(|property| &property.wire_name);
    quote! {
        impl stitch::Properties for #struct_ident {
            const CARD_TYPE: &'static str = #card_type;

            fn from_json_map(
                mut map: stitch::serde_json::Map<::std::string::String, stitch::serde_json::Value>,
            ) -> ::core::result::Result<Self, stitch::PropertiesError> {
                let mut checker = stitch::Checker::new();
                #(#reads)*
                checker.reject_remaining(map, &[#(#known),*], &[#(#read_only),*], &[]);
                match (#(#names,)*) {
                    (#(::core::option::Option::Some(#names),)*) if checker.is_clean() => {
                        ::core::result::Result::Ok(#struct_ident { #(#names,)* })
                    }
                    _ => ::core::result::Result::Err(checker.into_error(#card_type)),
                }
            }
        }
    }
}

fn expand_enum(def: &EnumDef, property: &CardProperty, card: &Card) -> TokenStream {
    let name = ident(&def.type_name);
    let docs = doc_attrs(&docs::enum_doc(def, property, card));
    let variants: Vec<Ident> = def.variants.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<Literal> = def
        .variants
        .iter()
        .map(|v| Literal::string(&v.wire))
        .collect();
    let variant_docs = def.variants.iter().map(|v| {
        let doc = format!(" Sent as `\"{}\"`.", v.wire);
        quote!(#[doc = #doc])
    });
    let all_doc = format!(" Every value of `{}`, in card order.", property.wire_name);
    // `Debug` names the type: a bare `None` variant would read like `Option::None`.
    let debug_names: Vec<Literal> = def
        .variants
        .iter()
        .map(|v| Literal::string(&format!("{}::{}", def.type_name, v.ident)))
        .collect();
    quote! {
        #docs
        #[derive(
            ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq,
            ::core::hash::Hash,
        )]
        pub enum #name {
            #(#variant_docs #variants,)*
        }

        impl #name {
            #[doc = #all_doc]
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            const WIRE_VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The string sent on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }

            /// The value the wire string stands for, if it is one of this type's values.
            pub fn from_wire(wire: &str) -> ::core::option::Option<Self> {
                match wire {
                    #(#wires => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        const _: () = {
            use ::stitch_types::__private as stitch;

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::core::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(match self {
                        #(Self::#variants => #debug_names,)*
                    })
                }
            }

            impl stitch::serde::Serialize for #name {
                fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
                where
                    S: stitch::serde::Serializer,
                {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> stitch::serde::Deserialize<'de> for #name {
                fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
                where
                    D: stitch::serde::Deserializer<'de>,
                {
                    let wire: ::std::borrow::Cow<'de, str> =
                        stitch::serde::Deserialize::deserialize(deserializer)?;
                    #name::from_wire(&wire).ok_or_else(|| {
                        <D::Error as stitch::serde::de::Error>::unknown_variant(
                            &wire,
                            #name::WIRE_VALUES,
                        )
                    })
                }
            }
        };
    }
}

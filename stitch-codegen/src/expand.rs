//! Prints the Rust code for a checked [`Card`].
//!
//! Types are emitted where the macro is called; their impls go inside `const _: () = { … };`
//! and reach the runtime through one local alias, `use ::stitch_types::__private_<version> as stitch;`
//! (see `runtime_path`).
//! Everything else is named by absolute path (`::core::…`, `::std::…`), so a user type called
//! `Option` or `String` breaks nothing.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::docs;
use crate::model::{
    BoxedTypes, Card, CardKind, CardProperty, EnumDef, GeneratedType, PatternDef, StructDef,
    UnionDef,
};
use crate::provenance::Provenance;
use crate::struct_impls::{
    FieldCode, KnownKeys, doc_attr, doc_attrs, ident, partial_eq, properties_impls, read_object,
    serialize_object,
};

/// What expansion needs beyond the card.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExpandOptions<'a> {
    /// The card file as the user named it, mentioned in the struct's docs.
    pub file: Option<&'a str>,
    /// The card file's provenance: with it, every generated type gets the associated constants
    /// `CARD_SHA256`, `CAPTURED_AT` and `CAPTURED_FROM`, and every type's docs name the hash
    /// (and, where `stitch.lock` records them, the URL and time of the capture).
    pub provenance: Option<&'a Provenance>,
}

/// The items generated for a card: its properties and update structs, the types their fields
/// need, and all their impls.
pub fn expand(card: &Card, options: ExpandOptions<'_>) -> TokenStream {
    let origin = docs::origin(card);
    let mut tokens = expand_properties(card, options);
    tokens.extend(expand_required(card));
    tokens.extend(expand_update(card, options.provenance, &origin));
    let properties_ident = ident(&card.properties_type_name());
    for property in card.settable() {
        let secret = property.is_credential;
        let boxed = BoxedTypes::of(&property.shape);
        for generated in property.shape.generated_types() {
            tokens.extend(match generated {
                GeneratedType::Enum(def) => expand_enum(def, &def.path, card, &origin),
                GeneratedType::Pattern(def) => expand_pattern(def, card, secret, &origin),
                GeneratedType::Struct(def) => expand_struct(def, &boxed, card, secret, &origin),
                GeneratedType::Union(def) => expand_union(def, &boxed, card, secret, &origin),
            });
            if options.provenance.is_some() {
                for name in type_names(generated) {
                    tokens.extend(provenance_of_card(&ident(name), &properties_ident));
                }
            }
        }
    }
    tokens
}

/// The names of the Rust types emitted for `generated`: a union's payload structs too.
fn type_names(generated: GeneratedType<'_>) -> Vec<&str> {
    let (name, union) = match generated {
        GeneratedType::Enum(def) => (def.type_name.as_str(), None),
        GeneratedType::Pattern(def) => (def.type_name.as_str(), None),
        GeneratedType::Struct(def) => (def.type_name.as_str(), None),
        GeneratedType::Union(def) => (def.type_name.as_str(), Some(def)),
    };
    let mut names = vec![name];
    if let Some(def) = union {
        names.extend(
            def.variants
                .iter()
                .filter_map(|variant| variant.payload.as_ref())
                .map(|payload| payload.type_name.as_str()),
        );
    }
    names
}

/// The provenance constants of a type generated for one property: the card's, said once on
/// the properties type and named here, so every generated type carries them.
fn provenance_of_card(type_ident: &Ident, properties_ident: &Ident) -> TokenStream {
    quote! {
        impl #type_ident {
            /// The SHA-256 of the report card file this type was generated from (see the
            /// properties type's).
            pub const CARD_SHA256: &'static str = #properties_ident::CARD_SHA256;
            /// When the card was captured, as `stitch.lock` records it.
            pub const CAPTURED_AT: ::core::option::Option<&'static str> = #properties_ident::CAPTURED_AT;
            /// Where the card was captured from, as `stitch.lock` records it.
            pub const CAPTURED_FROM: ::core::option::Option<&'static str> = #properties_ident::CAPTURED_FROM;
        }
    }
}

/// `CARD_SHA256`, `CAPTURED_AT` and `CAPTURED_FROM` of a properties or update type.
fn provenance_consts(type_ident: &Ident, provenance: Option<&Provenance>) -> TokenStream {
    let Some(provenance) = provenance else {
        return TokenStream::new();
    };
    let sha256 = &provenance.sha256;
    let optional = |value: &Option<String>| match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    };
    let captured_at = optional(&provenance.captured_at);
    let captured_from = optional(&provenance.captured_from);
    quote! {
        impl #type_ident {
            /// The SHA-256 (lowercase hex) of the report card file this type was generated from.
            pub const CARD_SHA256: &'static str = #sha256;
            /// When the card was captured from the API (RFC 3339, UTC), as `stitch.lock`
            /// records it; `None` when no lock entry says so.
            pub const CAPTURED_AT: ::core::option::Option<&'static str> = #captured_at;
            /// The URL the card was captured from, as `stitch.lock` records it; `None` when no
            /// lock entry says so.
            pub const CAPTURED_FROM: ::core::option::Option<&'static str> = #captured_from;
        }
    }
}

fn top_level_fields<'a>(
    card: &'a Card,
    properties: impl Iterator<Item = &'a CardProperty>,
    in_update: bool,
) -> Vec<FieldCode<'a>> {
    let usual_step = docs::usual_step(card);
    properties
        .map(|property| {
            let mut field = FieldCode::generated(
                &property.wire_name,
                &property.field_name,
                &property.shape,
                in_update || !property.is_required_field(),
                property.is_credential,
                false,
                Vec::new(),
            );
            // An update's field holds what the properties type's does: its doc says so once,
            // with a link, rather than saying it all again.
            field.docs = if in_update {
                vec![format!(
                    "`{}`: `None` keeps the stored value. Holds what [`{}::{}`] holds.",
                    property.wire_name,
                    card.properties_type_name(),
                    field.ident
                )]
            } else {
                docs::field_doc(property, usual_step)
            };
            field
        })
        .collect()
}

fn struct_fields<'a>(def: &'a StructDef, boxed: &BoxedTypes) -> Vec<FieldCode<'a>> {
    def.fields
        .iter()
        .map(|field| {
            let in_box = boxed.is_boxed(&field.shape);
            FieldCode::generated(
                &field.wire_name,
                &field.field_name,
                &field.shape,
                !field.required,
                false,
                in_box,
                docs::struct_field_doc(field, in_box),
            )
        })
        .collect()
}

fn expand_properties(card: &Card, options: ExpandOptions<'_>) -> TokenStream {
    let type_ident = ident(&card.properties_type_name());
    let fields = top_level_fields(card, card.settable(), false);
    let declarations = fields.iter().map(FieldCode::declaration);
    let docs = doc_attrs(&docs::card_doc(card, options.file, options.provenance));
    let provenance = provenance_consts(&type_ident, options.provenance);
    let serialize = serialize_object(&type_ident, &fields, &[]);
    let known = KnownKeys {
        read_only: card.read_only_names(),
        immutable: Vec::new(),
        not_held: Vec::new(),
    };
    let read = read_object(&type_ident, &fields, &[], &quote!(#type_ident), &known);
    let properties_impls = properties_impls(
        &type_ident,
        card,
        &card
            .settable()
            .filter(|property| property.is_credential)
            .map(|property| property.wire_name.as_str())
            .collect::<Vec<_>>(),
        &read,
        true,
    );
    let use_private = crate::runtime_path::use_private_as_stitch();
    // With nothing required, every field is an `Option` and `..Default::default()` is honest.
    let default = fields
        .iter()
        .all(|field| field.optional)
        .then(|| quote!(, ::core::default::Default));
    let (eq_derive, eq_impl) = partial_eq(&type_ident, &fields);
    quote! {
        #docs
        #[derive(::core::clone::Clone, #eq_derive ::core::cmp::Eq, ::core::fmt::Debug #default)]
        pub struct #type_ident {
            #(#declarations)*
        }

        #eq_impl

        const _: () = {
            #use_private

            #provenance

            #serialize

            #properties_impls
        };
    }
}

/// `{Prefix}Required`: the required properties alone, and the conversion that fills every
/// optional one with `None`. Forgetting a required value stays a compile error (a missing
/// field of this struct), while a card with 16 optional properties needs no 16 `None`s.
fn expand_required(card: &Card) -> TokenStream {
    let properties_ident = ident(&card.properties_type_name());
    let type_ident = ident(&card.required_type_name());
    let required: Vec<FieldCode<'_>> = top_level_fields(card, card.settable(), false)
        .into_iter()
        .filter(|field| !field.optional)
        .map(|mut field| {
            field.docs = vec![format!(
                "See [`{}::{}`].",
                card.properties_type_name(),
                field.ident
            )];
            field
        })
        .collect();
    let declarations = required.iter().map(FieldCode::declaration);
    let moved = required.iter().map(|field| {
        let ident = &field.ident;
        quote!(#ident: required.#ident,)
    });
    let left_out = card
        .settable()
        .filter(|property| !property.is_required_field())
        .map(|property| {
            let ident = ident(&property.field_name);
            quote!(#ident: ::core::option::Option::None,)
        });
    // A card with nothing required reads no field of the (empty) struct.
    let parameter = if required.is_empty() {
        quote!(_)
    } else {
        quote!(required)
    };
    let doc = format!(
        " The required properties of [`{properties_ident}`], and nothing else: \
         `{properties_ident}::from(required)` (or `required.into()`) leaves every optional \
         property `None`, and `{properties_ident} {{ some_option: Some(…), ..required.into() }}` \
         sets a few."
    );
    let doc = doc_attr(&doc);
    quote! {
        #doc
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        pub struct #type_ident {
            #(#declarations)*
        }

        impl ::core::convert::From<#type_ident> for #properties_ident {
            fn from(#parameter: #type_ident) -> Self {
                #properties_ident {
                    #(#moved)*
                    #(#left_out)*
                }
            }
        }
    }
}

fn expand_update(card: &Card, provenance: Option<&Provenance>, origin: &str) -> TokenStream {
    let type_ident = ident(&card.update_type_name());
    let provenance = provenance_consts(&type_ident, provenance);
    let card_type = &card.card_type;
    let fields = top_level_fields(card, card.updatable(), true);
    let declarations = fields.iter().map(FieldCode::declaration);
    let docs = doc_attrs(&docs::update_doc(card, origin));
    let serialize = serialize_object(&type_ident, &fields, &[]);
    let known = KnownKeys {
        read_only: card.read_only_names(),
        immutable: card
            .settable()
            .filter(|property| !property.property_type.is_updatable())
            .map(|property| property.wire_name.as_str())
            .collect(),
        not_held: Vec::new(),
    };
    let read = read_object(&type_ident, &fields, &[], &quote!(#type_ident), &known);
    let credentials: Vec<&str> = card
        .updatable()
        .filter(|property| property.is_credential)
        .map(|property| property.wire_name.as_str())
        .collect();
    let kind_trait = match card.kind {
        CardKind::Destination => quote!(DestinationUpdate),
        CardKind::Source => quote!(SourceUpdate),
    };
    let use_private = crate::runtime_path::use_private_as_stitch();
    let (eq_derive, eq_impl) = partial_eq(&type_ident, &fields);
    quote! {
        #docs
        #[derive(
            ::core::clone::Clone, #eq_derive ::core::cmp::Eq, ::core::fmt::Debug,
            ::core::default::Default,
        )]
        pub struct #type_ident {
            #(#declarations)*
        }

        #eq_impl

        const _: () = {
            #use_private

            #provenance

            impl #type_ident {
                /// Reads and checks an update's properties, reporting every problem at once,
                /// `read_only` and immutable properties included.
                pub fn from_json_map(
                    map: stitch::serde_json::Map<::std::string::String, stitch::serde_json::Value>,
                ) -> ::core::result::Result<Self, stitch::PropertiesError> {
                    stitch::properties_from_map(map, #card_type)
                }

                /// Like `from_json_map`, for any JSON value.
                pub fn from_json_value(
                    value: stitch::serde_json::Value,
                ) -> ::core::result::Result<Self, stitch::PropertiesError> {
                    stitch::update_from_value(value, #card_type)
                }
            }

            #read

            #serialize

            impl<'de> stitch::serde::Deserialize<'de> for #type_ident {
                fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
                where
                    D: stitch::serde::Deserializer<'de>,
                {
                    stitch::deserialize_update(deserializer, #card_type)
                }
            }

            impl stitch::PropertiesBody for #type_ident {
                fn card_type(&self) -> &str {
                    #card_type
                }

                fn is_credential(&self, wire_name: &str) -> bool {
                    [#(#credentials),*].contains(&wire_name)
                }
            }

            impl stitch::#kind_trait for #type_ident {}
        };
    }
}

/// `Debug` of a type generated for a credential property: the type name only. Such a value
/// normally sits in a `Secret`, but the type can be used on its own too.
fn redacted_debug(type_ident: &Ident) -> TokenStream {
    let shown = format!("{type_ident}([redacted])");
    quote! {
        impl ::core::fmt::Debug for #type_ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#shown)
            }
        }
    }
}

/// `Debug` derived, or written to redact for a type generated for a credential property.
fn debug_derive_and_impl(type_ident: &Ident, secret: bool) -> (TokenStream, TokenStream) {
    if secret {
        (TokenStream::new(), redacted_debug(type_ident))
    } else {
        (quote!(::core::fmt::Debug,), TokenStream::new())
    }
}

/// `impl Deserialize` through the type's `ReadWire`, for nested generated types. The errors of
/// a type generated for a credential property never quote values.
fn deserialize_via_read_wire(type_ident: &Ident, secret: bool) -> TokenStream {
    quote! {
        impl<'de> stitch::serde::Deserialize<'de> for #type_ident {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: stitch::serde::Deserializer<'de>,
            {
                stitch::deserialize_wire(deserializer, #secret)
            }
        }
    }
}

/// `impl ReadWire` that reads the value with `reader`, a `ReadValue` of the type.
fn read_wire_with(type_ident: &Ident, reader: TokenStream) -> TokenStream {
    quote! {
        #[doc(hidden)]
        impl stitch::ReadWire for #type_ident {
            fn read_wire<'de, D>(deserializer: D) -> ::core::result::Result<stitch::Parsed<Self>, D::Error>
            where
                D: stitch::serde::Deserializer<'de>,
            {
                stitch::ReadValue::read(#reader, deserializer)
            }
        }
    }
}

fn expand_enum(def: &EnumDef, property: &str, card: &Card, origin: &str) -> TokenStream {
    let name = ident(&def.type_name);
    let schema = &def.schema;
    let docs = doc_attrs(&docs::enum_doc(def, property, card, origin));
    let variants: Vec<Ident> = def.variants.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<Literal> = def
        .variants
        .iter()
        .map(|v| Literal::string(&v.wire))
        .collect();
    let variant_docs = def.variants.iter().map(|v| {
        let doc = format!(" Sent as `\"{}\"`.", v.wire);
        doc_attr(&doc)
    });
    let all_doc = format!(" Every value of `{property}`, in card order.");
    let all_doc = doc_attr(&all_doc);
    let private_module = crate::runtime_path::private_module();
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
            #all_doc
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            const WIRE_VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The string sent on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }

            /// The value the wire string stands for, if it is one of this type's values
            /// (`str::parse` and `TryFrom<&str>` say why when it is not).
            pub fn from_wire_str(wire: &str) -> ::core::option::Option<Self> {
                match wire {
                    #(#wires => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        #private_module::wire_enum_traits!(#name { #(#variants),* }, schema = #schema);
    }
}

fn expand_pattern(def: &PatternDef, card: &Card, secret: bool, origin: &str) -> TokenStream {
    let property = def.path.as_str();
    let name = ident(&def.type_name);
    let type_name = &def.type_name;
    let pattern = &def.pattern;
    let schema = &def.schema;
    let literal_macro = ident(&stitch_schema::naming::literal_macro_name(&def.type_name));
    let literal_doc = format!(
        " Makes a [`{type_name}`] of a string literal, checked against `{pattern}` when the crate \
         compiles: `{literal_macro}!(\"…\")`. A literal that does not match is a compile error on \
         the literal. `{type_name}` must be in scope where the macro is used."
    );
    let literal_doc = doc_attr(&literal_doc);
    let docs = doc_attrs(&docs::pattern_doc(def, property, card, origin));
    let deserialize = deserialize_via_read_wire(&name, secret);
    let (debug_derive, debug_impl) = debug_derive_and_impl(&name, secret);
    // No literal macro for a credential: a literal in source is a secret checked into the repo.
    let private_module = crate::runtime_path::private_module();
    let literal = (!secret).then(|| {
        quote! {
            #literal_doc
            #[allow(unused_macros)]
            macro_rules! #literal_macro {
                ($value:literal) => {
                    #private_module::checked_literal!(#name, #pattern, $value)
                };
            }
            #[allow(unused_imports)]
            pub(crate) use #literal_macro;
        }
    });
    let use_private = crate::runtime_path::use_private_as_stitch();
    quote! {
        #docs
        #[derive(
            ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash,
            #debug_derive
        )]
        pub struct #name(::std::string::String);

        #literal

        const _: () = {
            #debug_impl

            #use_private

            static PATTERN: stitch::Pattern = stitch::Pattern::new(#pattern);

            impl #name {
                /// The pattern every value matches, verbatim from the card.
                pub const PATTERN: &'static str = #pattern;

                /// Checks `value` against the pattern and wraps it.
                pub fn new(
                    value: impl ::core::convert::Into<::std::string::String>,
                ) -> ::core::result::Result<Self, ::stitch_types::formats::PatternError> {
                    let value = value.into();
                    PATTERN.check(#type_name, &value)?;
                    ::core::result::Result::Ok(#name(value))
                }

                /// The value.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The value, by value.
                pub fn into_string(self) -> ::std::string::String {
                    self.0
                }

                /// For the literal macro, which checked the value when the crate compiled
                /// (and checked that it used this type's pattern). Checked again here, so no
                /// call can make a value the pattern rejects.
                #[doc(hidden)]
                pub fn __from_checked_literal(value: &'static str) -> Self {
                    match #name::new(value) {
                        ::core::result::Result::Ok(checked) => checked,
                        ::core::result::Result::Err(error) => ::core::panic!("{}", error),
                    }
                }
            }

            #private_module::pattern_newtype_traits!(#name, pattern = PATTERN, schema = #schema);

            #deserialize
        };
    }
}

fn expand_struct(
    def: &StructDef,
    boxed: &BoxedTypes,
    card: &Card,
    secret: bool,
    origin: &str,
) -> TokenStream {
    let property = def.path.as_str();
    let name = ident(&def.type_name);
    let schema = &def.schema;
    let docs = doc_attrs(&docs::struct_doc(def, property, card, origin));
    let fields = struct_fields(def, boxed);
    let body = struct_body(&name, &fields, &docs, secret);
    let serialize = serialize_object(&name, &fields, &def.constants);
    let known = KnownKeys {
        read_only: Vec::new(),
        immutable: Vec::new(),
        not_held: Vec::new(),
    };
    let read = read_object(&name, &fields, &def.constants, &quote!(#name), &known);
    let read_wire = read_wire_with(&name, quote!(stitch::object_of::<Self>()));
    let deserialize = deserialize_via_read_wire(&name, secret);
    let zeroize = zeroize_struct(&name, &fields);
    let (_, debug_impl) = debug_derive_and_impl(&name, secret);
    let use_private = crate::runtime_path::use_private_as_stitch();
    quote! {
        #body

        const _: () = {
            #use_private

            #debug_impl

            #serialize

            #[doc(hidden)]
            #read

            #read_wire

            #[doc(hidden)]
            impl stitch::CardValue for #name {
                const SCHEMA: &'static str = #schema;
            }

            #deserialize

            #zeroize
        };
    }
}

fn struct_body(
    name: &Ident,
    fields: &[FieldCode<'_>],
    docs: &TokenStream,
    secret: bool,
) -> TokenStream {
    let declarations = fields.iter().map(FieldCode::declaration);
    let (debug_derive, _) = debug_derive_and_impl(name, secret);
    let (eq_derive, eq_impl) = partial_eq(name, fields);
    quote! {
        #docs
        #[derive(::core::clone::Clone, #eq_derive ::core::cmp::Eq, #debug_derive)]
        pub struct #name {
            #(#declarations)*
        }

        #eq_impl
    }
}

fn zeroize_struct(name: &Ident, fields: &[FieldCode<'_>]) -> TokenStream {
    let wipes = fields.iter().filter_map(FieldCode::zeroize);
    quote! {
        impl stitch::zeroize::Zeroize for #name {
            fn zeroize(&mut self) {
                #(#wipes)*
            }
        }
    }
}

/// One arm of a union's branch match; the last is `_`, so the match covers every index
/// (`read_union` only passes the index of a tag).
fn branch_arm(index: usize, count: usize, read: TokenStream) -> TokenStream {
    if index + 1 == count {
        quote!(_ => #read,)
    } else {
        quote!(#index => #read,)
    }
}

fn expand_union(
    def: &UnionDef,
    boxed: &BoxedTypes,
    card: &Card,
    secret: bool,
    origin: &str,
) -> TokenStream {
    let property = def.path.as_str();
    let name = ident(&def.type_name);
    let schema = &def.schema;
    let docs = doc_attrs(&docs::union_doc(def, property, card, origin));
    let discriminator = &def.discriminator;
    let tags: Vec<&str> = def.variants.iter().map(|v| v.tag.as_str()).collect();

    let mut payload_types = TokenStream::new();
    let mut variants = Vec::new();
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    let mut wipes = Vec::new();
    for (index, variant) in def.variants.iter().enumerate() {
        let variant_ident = ident(&variant.ident);
        let tag = &variant.tag;
        let variant_doc = format!(
            " The `{}` branch: `{discriminator}` is `\"{tag}\"`.",
            variant.definition
        );
        let Some(payload) = &variant.payload else {
            let variant_doc = doc_attr(&variant_doc);
            variants.push(quote!(#variant_doc #variant_ident,));
            writes.push(quote! {
                #name::#variant_ident => {
                    map.serialize_entry(#discriminator, #tag)?;
                }
            });
            reads.push(branch_arm(
                index,
                def.variants.len(),
                quote!(stitch::read_nothing(map).map(|()| #name::#variant_ident)),
            ));
            continue;
        };
        let payload_ident = ident(&payload.type_name);
        let fields = struct_fields(payload, boxed);
        let payload_docs = doc_attrs(&[format!(
            "The fields of [`{}::{}`]; `{discriminator}` is written from the variant.",
            def.type_name, variant.ident
        )]);
        payload_types.extend(struct_body(&payload_ident, &fields, &payload_docs, secret));
        let zeroize = zeroize_struct(&payload_ident, &fields);
        let (_, debug_impl) = debug_derive_and_impl(&payload_ident, secret);
        let use_private = crate::runtime_path::use_private_as_stitch();
        payload_types.extend(quote! {
            const _: () = {
                #use_private
                #zeroize
                #debug_impl
            };
        });
        let variant_doc = doc_attr(&variant_doc);
        variants.push(quote!(#variant_doc #variant_ident(#payload_ident),));
        let constant_writes = payload.constants.iter().map(|constant| {
            let wire = &constant.wire_name;
            let value = &constant.value;
            quote!(map.serialize_entry(#wire, #value)?;)
        });
        let owner = quote!(payload);
        let field_writes = fields.iter().map(|field| field.write(&owner));
        writes.push(quote! {
            #name::#variant_ident(payload) => {
                map.serialize_entry(#discriminator, #tag)?;
                #(#constant_writes)*
                #(#field_writes)*
            }
        });
        let known = KnownKeys {
            read_only: Vec::new(),
            immutable: Vec::new(),
            not_held: Vec::new(),
        };
        let read = read_object(
            &payload_ident,
            &fields,
            &payload.constants,
            &quote!(#payload_ident),
            &known,
        );
        payload_types.extend(quote! {
            const _: () = {
                #use_private
                #read
            };
        });
        reads.push(branch_arm(
            index,
            def.variants.len(),
            quote! {
                stitch::ReadValue::read_value(
                    stitch::object_of::<#payload_ident>(),
                    stitch::serde_json::Value::Object(map),
                )
                .map(#name::#variant_ident)
            },
        ));
        wipes.push(quote! {
            if let #name::#variant_ident(payload) = self {
                stitch::zeroize::Zeroize::zeroize(payload);
            }
        });
    }
    let deserialize = deserialize_via_read_wire(&name, secret);
    let (debug_derive, debug_impl) = debug_derive_and_impl(&name, secret);
    let use_private = crate::runtime_path::use_private_as_stitch();
    quote! {
        #docs
        #[derive(::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, #debug_derive)]
        pub enum #name {
            #(#variants)*
        }

        #payload_types

        const _: () = {
            #use_private

            #debug_impl

            impl stitch::serde::Serialize for #name {
                fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
                where
                    S: stitch::serde::Serializer,
                {
                    use stitch::serde::ser::SerializeMap as _;
                    let mut map = serializer.serialize_map(::core::option::Option::None)?;
                    match self {
                        #(#writes)*
                    }
                    map.end()
                }
            }

            #[doc(hidden)]
            impl stitch::ReadWire for #name {
                fn read_wire<'de, D>(deserializer: D) -> ::core::result::Result<stitch::Parsed<Self>, D::Error>
                where
                    D: stitch::serde::Deserializer<'de>,
                {
                    // The tag may come after the fields it decides: the object is read whole.
                    let value: stitch::serde_json::Value =
                        stitch::serde::Deserialize::deserialize(deserializer)?;
                    ::core::result::Result::Ok(stitch::read_union(
                        value,
                        #discriminator,
                        &[#(#tags),*],
                        |branch, map| match branch {
                            #(#reads)*
                        },
                    ))
                }
            }

            #[doc(hidden)]
            impl stitch::CardValue for #name {
                const SCHEMA: &'static str = #schema;
            }

            #deserialize

            impl stitch::zeroize::Zeroize for #name {
                fn zeroize(&mut self) {
                    #(#wipes)*
                }
            }
        };
    }
}

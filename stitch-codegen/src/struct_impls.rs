//! How a struct's fields are declared, written to a JSON object and read back from one: shared
//! by the types `include_report_card!` generates and the impls `#[derive(Properties)]` writes
//! for a user's struct.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::model::{BoolWire, Card, CardKind, Constant, IntegerWire, Shape};
use stitch_schema::schema::can_be_secret;

use crate::shape_types::{parser, value_type};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

pub(crate) fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let mut tokens = TokenStream::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            tokens.extend(quote!(#[doc = ""]));
        }
        tokens.extend(doc_attr(&format!(" {paragraph}")));
    }
    tokens
}

/// One `#[doc = "…"]`, the only way generated code writes docs. A carriage return from a card
/// (in a name, a pattern or the card's type) is shown as `\r`: rendered as a `///` comment, a
/// bare CR is a compile error.
pub(crate) fn doc_attr(text: &str) -> TokenStream {
    let text = text.replace('\r', "\\r");
    quote!(#[doc = #text])
}

/// One field of a struct, as serialization and reading see it.
pub(crate) struct FieldCode<'a> {
    /// The key on the wire.
    pub(crate) wire: &'a str,
    /// The Rust field.
    pub(crate) ident: Ident,
    /// How the card's schema maps the values (decides the wire form).
    pub(crate) shape: &'a Shape,
    /// Held in an `Option`, left out when `None`.
    pub(crate) optional: bool,
    /// Held in a `Secret`.
    pub(crate) credential: bool,
    /// Held in a `Box`: a generated type that other fields of the property share (see
    /// [`BoxedTypes`](crate::model::BoxedTypes)).
    pub(crate) boxed: bool,
    /// The field's type.
    pub(crate) rust_type: TokenStream,
    /// A parser of the held value (before `Secret`), see [`parser`].
    pub(crate) parse: TokenStream,
    /// Written through `stitch::Generated`: a derive's field whose type must be generated from
    /// the card (so a wrong type is reported once, by the derive's type check).
    pub(crate) via_generated: bool,
    /// Doc paragraphs.
    pub(crate) docs: Vec<String>,
}

impl<'a> FieldCode<'a> {
    /// A field of a generated type: its type and parser follow from the shape.
    pub(crate) fn generated(
        wire: &'a str,
        field_name: &str,
        shape: &'a Shape,
        optional: bool,
        credential: bool,
        boxed: bool,
        docs: Vec<String>,
    ) -> Self {
        let mut rust_type = value_type(shape);
        let mut parse = parser(shape);
        if boxed {
            rust_type = quote!(::std::boxed::Box<#rust_type>);
            parse = quote!(stitch::boxed(#parse));
        }
        if credential {
            rust_type = quote!(::stitch_types::Secret<#rust_type>);
        }
        if optional {
            rust_type = quote!(::core::option::Option<#rust_type>);
        }
        FieldCode {
            wire,
            ident: ident(field_name),
            shape,
            optional,
            credential,
            boxed,
            rust_type,
            parse,
            via_generated: false,
            docs,
        }
    }

    pub(crate) fn declaration(&self) -> TokenStream {
        let docs = doc_attrs(&self.docs);
        let ident = &self.ident;
        let ty = &self.rust_type;
        quote!(#docs pub #ident: #ty,)
    }

    /// Writes the field into `map`; `owner` is the expression holding the fields (`self`).
    pub(crate) fn write(&self, owner: &TokenStream) -> TokenStream {
        let wire = self.wire;
        let ident = &self.ident;
        let write_ref = |value: TokenStream| {
            let value = if self.credential {
                quote!(stitch::expose(#value))
            } else {
                value
            };
            if self.via_generated {
                quote!((&stitch::Generated(#value)).write_generated(&mut map, #wire)?;)
            } else {
                let value = wire_value_of_ref(self.shape, &value);
                quote!(map.serialize_entry(#wire, #value)?;)
            }
        };
        if self.optional {
            let write = write_ref(quote!(value));
            quote! {
                if let ::core::option::Option::Some(value) = &#owner.#ident {
                    #write
                }
            }
        } else if self.credential || self.via_generated {
            write_ref(quote!(&#owner.#ident))
        } else {
            let value = wire_value_of_place(self.shape, &quote!(#owner.#ident));
            quote!(map.serialize_entry(#wire, #value)?;)
        }
    }

    /// Zeroizes the field of `self`, if its type can be.
    pub(crate) fn zeroize(&self) -> Option<TokenStream> {
        let ident = &self.ident;
        if !(self.credential || can_be_secret(self.shape)) {
            return None;
        }
        // zeroize has no impl for `Box<T>` of a sized `T`: the value in the box is wiped.
        Some(match (self.boxed, self.optional) {
            (false, _) => quote!(stitch::zeroize::Zeroize::zeroize(&mut self.#ident);),
            (true, false) => quote!(stitch::zeroize::Zeroize::zeroize(&mut *self.#ident);),
            (true, true) => quote! {
                if let ::core::option::Option::Some(value) = &mut self.#ident {
                    stitch::zeroize::Zeroize::zeroize(&mut **value);
                }
            },
        })
    }
}

/// An expression that serializes to the wire form, given `value`, an expression of type `&T`.
fn wire_value_of_ref(shape: &Shape, value: &TokenStream) -> TokenStream {
    match shape {
        Shape::Unsigned {
            wire: IntegerWire::DigitString { .. } | IntegerWire::IntegerOrDigitString { .. },
            ..
        } => quote!(&stitch::UintString(*#value)),
        Shape::Bool {
            wire: BoolWire::String { .. },
        } => quote!(&stitch::BoolString(*#value)),
        _ => value.clone(),
    }
}

/// Like [`wire_value_of_ref`], given a place expression of type `T` (`self.port`).
fn wire_value_of_place(shape: &Shape, place: &TokenStream) -> TokenStream {
    match shape {
        Shape::Unsigned {
            wire: IntegerWire::DigitString { .. } | IntegerWire::IntegerOrDigitString { .. },
            ..
        } => quote!(&stitch::UintString(#place)),
        Shape::Bool {
            wire: BoolWire::String { .. },
        } => quote!(&stitch::BoolString(#place)),
        _ => quote!(&#place),
    }
}

/// The keys an object reader refuses by name, rather than as unknown.
pub(crate) struct KnownKeys<'a> {
    pub(crate) read_only: Vec<&'a str>,
    pub(crate) immutable: Vec<&'a str>,
    /// Properties of the card that the struct has no field for (a derived struct's).
    pub(crate) not_held: Vec<&'a str>,
}

/// `impl ReadObject for type_ident`: reads `fields` (and `constants`) out of a JSON object key
/// by key, every value checked as it is read, and builds `constructor { … }` when nothing was
/// wrong. The keys are one table ([`KnownKeys`] and the fields, in card order).
pub(crate) fn read_object(
    type_ident: &Ident,
    fields: &[FieldCode<'_>],
    constants: &[Constant],
    constructor: &TokenStream,
    known: &KnownKeys<'_>,
) -> TokenStream {
    let names: Vec<&str> = fields.iter().map(|field| field.wire).collect();
    let constant_names: Vec<&str> = constants.iter().map(|c| c.wire_name.as_str()).collect();
    let required = fields
        .iter()
        .map(|field| !field.optional)
        .chain(constants.iter().map(|constant| constant.required));
    let slots = slot_idents(fields);
    // What each entry's value is read with, fields then constants, in index order.
    let field_reads = fields.iter().zip(&slots).map(|(field, slot)| {
        let mut reader = field.parse.clone();
        if field.credential {
            reader = quote!(stitch::credential(#reader));
        }
        // `KEYS.required` tells the reader whether `null` is "not given" (optional).
        quote!(reader.read(#reader, &mut #slot)?)
    });
    let constant_reads = constants.iter().map(|constant| {
        let value = &constant.value;
        quote!(reader.read_constant(#value)?)
    });
    let reads: Vec<TokenStream> = field_reads.chain(constant_reads).collect();
    // Required slots are unwrapped one statement at a time, never as fallible operands of
    // the struct literal (see `ObjectReader::finish`).
    let unwrapped = fields
        .iter()
        .zip(&slots)
        .filter(|(field, _)| !field.optional)
        .map(|(_, slot)| {
            quote! {
                let ::core::option::Option::Some(#slot) = #slot else {
                    return stitch::missing();
                };
            }
        });
    let built = fields.iter().zip(&slots).map(|(field, slot)| {
        let ident = &field.ident;
        if ident == slot {
            quote!(#ident,)
        } else {
            quote!(#ident: #slot,)
        }
    });
    // `next_field` skips keys that are no field. With no field, that is all there is to do;
    // with one, every entry is that field's (no `match` of one arm, which clippy flags in
    // rendered code).
    let entries = match &reads[..] {
        [] => quote!(while reader.next_field()?.is_some() {}),
        [read] => quote! {
            while reader.next_field()?.is_some() {
                #read;
            }
        },
        _ => {
            let indices = (0..reads.len()).map(Literal::usize_unsuffixed);
            quote! {
                while let ::core::option::Option::Some(field) = reader.next_field()? {
                    match field {
                        #(#indices => #reads,)*
                        _ => {}
                    }
                }
            }
        }
    };
    let read_only = &known.read_only;
    let immutable = &known.immutable;
    let not_held = &known.not_held;
    quote! {
        impl stitch::ReadObject for #type_ident {
            fn read_object<'de, A>(map: A) -> ::core::result::Result<stitch::Parsed<Self>, A::Error>
            where
                A: stitch::serde::de::MapAccess<'de>,
            {
                static KEYS: stitch::Keys<'static> = stitch::Keys {
                    fields: &[#(#names),*],
                    constants: &[#(#constant_names),*],
                    required: &[#(#required),*],
                    index: stitch::KeyIndex::new(),
                    read_only: &[#(#read_only),*],
                    immutable: &[#(#immutable),*],
                    not_held: &[#(#not_held),*],
                };
                let mut reader = stitch::ObjectReader::new(&KEYS, map);
                #(let mut #slots = ::core::option::Option::None;)*
                #entries
                if let ::core::result::Result::Err(invalid) = reader.finish() {
                    return ::core::result::Result::Ok(::core::result::Result::Err(invalid));
                }
                #(#unwrapped)*
                ::core::result::Result::Ok(::core::result::Result::Ok(#constructor { #(#built)* }))
            }
        }
    }
}

/// The locals that hold the fields' values while an object is read: each field's own name,
/// unless it is one the reader uses itself (`reader`, `field`), which gets `_value` added,
/// and `_` more until no other field has it. (`map` is moved into the reader before the slots
/// are declared, so a slot may shadow it; `KEYS` is no field's name, which are snake case.)
fn slot_idents(fields: &[FieldCode<'_>]) -> Vec<Ident> {
    let taken: std::collections::HashSet<String> =
        fields.iter().map(|field| field.ident.to_string()).collect();
    fields
        .iter()
        .map(|field| {
            let name = field.ident.to_string();
            if !matches!(name.as_str(), "reader" | "field") {
                return field.ident.clone();
            }
            let mut slot = format!("{name}_value");
            while taken.contains(&slot) {
                slot.push('_');
            }
            Ident::new(&slot, field.ident.span())
        })
        .collect()
}

/// Above this many fields a struct's `PartialEq` is written out rather than derived: the
/// derived `self.a == other.a && self.b == other.b && …` is one expression nested a level per
/// field, and rustc overflows its stack on it (a 10,000-property card did).
const DERIVED_EQ_MAX_FIELDS: usize = 256;

/// `PartialEq` for the struct `type_ident` of `fields`: the derive's name for its
/// `#[derive(…)]` list, or an impl that compares the fields one statement each.
pub(crate) fn partial_eq(
    type_ident: &Ident,
    fields: &[FieldCode<'_>],
) -> (TokenStream, TokenStream) {
    if fields.len() <= DERIVED_EQ_MAX_FIELDS {
        return (quote!(::core::cmp::PartialEq,), TokenStream::new());
    }
    let idents = fields.iter().map(|field| &field.ident);
    let implementation = quote! {
        impl ::core::cmp::PartialEq for #type_ident {
            fn eq(&self, other: &Self) -> bool {
                #(
                    if self.#idents != other.#idents {
                        return false;
                    }
                )*
                true
            }
        }
    };
    (TokenStream::new(), implementation)
}

/// `impl Serialize` writing `fields` (and constants) of `self` as one JSON object.
pub(crate) fn serialize_object(
    type_ident: &Ident,
    fields: &[FieldCode<'_>],
    constants: &[Constant],
) -> TokenStream {
    let owner = quote!(self);
    let required = fields.iter().filter(|field| !field.optional).count() + constants.len();
    let required_count = Literal::usize_unsuffixed(required);
    let optional: Vec<&Ident> = fields
        .iter()
        .filter(|field| field.optional)
        .map(|field| &field.ident)
        .collect();
    // One flat array rather than a sum of `usize::from(…)` terms: a sum nests one expression
    // per term, and rustc overflows its stack on thousands of them.
    let counted = quote!(present.iter().filter(|present| **present).count());
    let len = match (required, optional.is_empty()) {
        (_, true) => quote!(let len = #required_count;),
        (0, false) => quote! {
            let present = [#(self.#optional.is_some()),*];
            let len = #counted;
        },
        (_, false) => quote! {
            let present = [#(self.#optional.is_some()),*];
            let len = #required_count + #counted;
        },
    };
    let constant_writes = constants.iter().map(|constant| {
        let wire = &constant.wire_name;
        let value = &constant.value;
        quote!(map.serialize_entry(#wire, #value)?;)
    });
    let writes = fields.iter().map(|field| field.write(&owner));
    // An object with nothing to write never touches `map` before `end` (a card without
    // properties): `mut` there would warn in rendered code.
    let map_binding = if fields.is_empty() && constants.is_empty() {
        quote!(map)
    } else {
        quote!(mut map)
    };
    quote! {
        impl stitch::serde::Serialize for #type_ident {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: stitch::serde::Serializer,
            {
                use stitch::serde::ser::SerializeMap as _;
                #len
                let #map_binding = serializer.serialize_map(::core::option::Option::Some(len))?;
                #(#constant_writes)*
                #(#writes)*
                map.end()
            }
        }
    }
}

/// `ReadObject` (`read`, [`read_object`]'s output), `Deserialize` (validating, unless
/// `with_deserialize` is false because the user derives their own), `Properties` and
/// `DestinationProperties`/`SourceProperties` of a properties struct, generated or derived.
pub(crate) fn properties_impls(
    type_ident: &Ident,
    card: &Card,
    credentials: &[&str],
    read: &TokenStream,
    with_deserialize: bool,
) -> TokenStream {
    let card_type = &card.card_type;
    let kind_trait = match card.kind {
        CardKind::Destination => quote!(DestinationProperties),
        CardKind::Source => quote!(SourceProperties),
    };
    let deserialize = with_deserialize.then(|| {
        quote! {
            impl<'de> stitch::serde::Deserialize<'de> for #type_ident {
                fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
                where
                    D: stitch::serde::Deserializer<'de>,
                {
                    stitch::deserialize_properties(deserializer, #card_type)
                }
            }
        }
    });
    quote! {
        #read

        #deserialize

        impl stitch::Properties for #type_ident {
            const CARD_TYPE: &'static str = #card_type;
            const CREDENTIALS: &'static [&'static str] = &[#(#credentials),*];

            fn from_json_map(
                map: stitch::serde_json::Map<::std::string::String, stitch::serde_json::Value>,
            ) -> ::core::result::Result<Self, stitch::PropertiesError> {
                stitch::properties_from_map(map, #card_type)
            }
        }

        impl stitch::PropertiesBody for #type_ident {
            fn card_type(&self) -> &str {
                <Self as stitch::Properties>::CARD_TYPE
            }

            fn is_credential(&self, wire_name: &str) -> bool {
                <Self as stitch::Properties>::CREDENTIALS.contains(&wire_name)
            }
        }

        impl stitch::#kind_trait for #type_ident {}
    }
}

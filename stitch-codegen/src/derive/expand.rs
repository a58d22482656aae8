//! The impls of a struct that fits its card.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Card;
use crate::struct_impls::{FieldCode, KnownKeys, properties_impls, read_object, serialize_object};

use super::ast::DeriveInput;
use super::valid::PlannedField;

pub(super) fn expand_derive(
    card: &Card,
    input: &DeriveInput<'_>,
    planned: &[PlannedField<'_>],
) -> TokenStream {
    let type_ident = input.ident;
    // The body lists properties in card order, as a generated type's does, whatever the order
    // of the struct's fields.
    let card_position = |wire: &str| {
        card.settable()
            .position(|property| property.wire_name == wire)
            .unwrap_or(usize::MAX)
    };
    let mut in_card_order: Vec<&PlannedField<'_>> = planned.iter().collect();
    in_card_order.sort_by_key(|plan| card_position(&plan.property.wire_name));
    let fields: Vec<FieldCode<'_>> = in_card_order
        .iter()
        .map(|plan| {
            let ty = plan.field.ty;
            FieldCode {
                wire: &plan.property.wire_name,
                ident: plan.field.ident.clone(),
                shape: &plan.property.shape,
                optional: plan.optional,
                credential: plan.credential,
                // A property's own type is never shared: only nested fields are boxed.
                boxed: false,
                rust_type: quote!(#ty),
                parse: plan.parse.clone(),
                via_generated: plan.via_generated,
                docs: Vec::new(),
            }
        })
        .collect();
    let type_checks = planned.iter().flat_map(|plan| plan.type_checks.iter());
    let credentials: Vec<&str> = planned
        .iter()
        .filter(|plan| plan.property.is_credential || plan.credential)
        .map(|plan| plan.property.wire_name.as_str())
        .collect();
    let serialize = serialize_object(type_ident, &fields, &[]);
    let known = KnownKeys {
        read_only: card.read_only_names(),
        immutable: Vec::new(),
        not_held: card
            .settable()
            .map(|property| property.wire_name.as_str())
            .filter(|wire| !fields.iter().any(|field| field.wire == *wire))
            .collect(),
    };
    let read = read_object(type_ident, &fields, &[], &quote!(#type_ident), &known);
    let properties_impls = properties_impls(
        type_ident,
        card,
        &credentials,
        &read,
        !input.own_impls.deserialize,
    );
    let debug = (!input.own_impls.debug).then(|| derived_debug(type_ident, planned));
    let use_private = crate::runtime_path::use_private_as_stitch();
    quote! {
        const _: () = {
            #use_private
            #[allow(unused_imports)]
            use stitch::{
                GeneratedField as _, GeneratedFieldFallback as _, GeneratedParse as _,
                GeneratedParseFallback as _,
            };

            #(#type_checks)*

            #serialize

            #properties_impls

            #debug
        };
    }
}

/// A `Debug` that shows the fields in the struct's order, generated types through their own
/// `Debug` (redacted where they hold a credential).
fn derived_debug(type_ident: &syn::Ident, planned: &[PlannedField<'_>]) -> TokenStream {
    let debug_name = type_ident.to_string();
    let debug_fields = planned.iter().map(|plan| {
        let ident = plan.field.ident;
        let label = ident.to_string().trim_start_matches("r#").to_owned();
        if !plan.via_generated || plan.credential {
            quote!(.field(#label, &self.#ident))
        } else if plan.optional {
            quote! {
                .field(
                    #label,
                    &self.#ident.as_ref().map(|value| (&stitch::Generated(value)).debug_generated()),
                )
            }
        } else {
            quote!(.field(#label, (&stitch::Generated(&self.#ident)).debug_generated()))
        }
    });
    quote! {
        impl ::core::fmt::Debug for #type_ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#debug_name)
                    #(#debug_fields)*
                    .finish()
            }
        }
    }
}

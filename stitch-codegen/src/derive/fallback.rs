//! The stand-in impls of a struct that does not fit its card.

use proc_macro2::TokenStream;
use quote::quote;

use super::ast::OwnImpls;

/// Impls that stand in when the derive failed, so that uses of the struct elsewhere (in
/// `CreateDestination::new` or `CreateSource::new`, say) do not add errors of their own to the
/// real ones. Both kind traits are implemented: the kind may be what was wrong. They are never
/// compiled into a program: the derive's errors stop the build.
pub fn fallback(type_ident: &syn::Ident, own_impls: OwnImpls) -> TokenStream {
    let message = format!("#[derive(Properties)] on `{type_ident}` failed to compile");
    let deserialize = (!own_impls.deserialize).then(|| {
        quote! {
            impl<'de> stitch::serde::Deserialize<'de> for #type_ident {
                fn deserialize<D>(_: D) -> ::core::result::Result<Self, D::Error>
                where
                    D: stitch::serde::Deserializer<'de>,
                {
                    ::core::result::Result::Err(<D::Error as stitch::serde::de::Error>::custom(#message))
                }
            }
        }
    });
    let debug = (!own_impls.debug).then(|| {
        quote! {
            impl ::core::fmt::Debug for #type_ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(#message)
                }
            }
        }
    });
    let use_private = crate::runtime_path::use_private_as_stitch();
    quote! {
        const _: () = {
            #use_private

            impl stitch::serde::Serialize for #type_ident {
                fn serialize<S>(&self, _: S) -> ::core::result::Result<S::Ok, S::Error>
                where
                    S: stitch::serde::Serializer,
                {
                    ::core::result::Result::Err(<S::Error as stitch::serde::ser::Error>::custom(#message))
                }
            }

            #deserialize

            impl stitch::Properties for #type_ident {
                const CARD_TYPE: &'static str = "";

                fn from_json_map(
                    _: stitch::serde_json::Map<::std::string::String, stitch::serde_json::Value>,
                ) -> ::core::result::Result<Self, stitch::PropertiesError> {
                    ::core::result::Result::Err(stitch::PropertiesError::new("", ::std::vec::Vec::new()))
                }
            }

            impl stitch::PropertiesBody for #type_ident {
                fn card_type(&self) -> &str {
                    ""
                }

                fn is_credential(&self, _: &str) -> bool {
                    false
                }
            }

            impl stitch::DestinationProperties for #type_ident {}
            impl stitch::SourceProperties for #type_ident {}

            #debug
        };
    }
}

//! Cards known only at run time: properties whose report card is chosen while the program runs.
//!
//! Generated types cover the cards you captured and compiled. For a card fetched a minute ago
//! (`GET /v4/destination-types/{type}` through a client) there is [`CardChecker`] (feature
//! `runtime`): it compiles the card once and checks properties objects with **the same rules and
//! words** as the generated types' validating `Deserialize`, since both are driven by one model
//! of the card (`stitch-schema`) and one set of value readers. A differential test over every
//! captured card holds the two to that.
//!
//! What a check returns, [`DynamicProperties`] (and [`DynamicUpdate`] for updates), goes into
//! [`CreateDestination`](crate::CreateDestination), [`CreateSource`](crate::CreateSource),
//! [`UpdateDestination`](crate::UpdateDestination) and [`UpdateSource`](crate::UpdateSource)
//! like a generated type, and is sent exactly as the generated type would send the same values.
//! For a card you have never seen there is [`DynamicProperties::unchecked`]: nothing is checked,
//! and the name says so.
//!
//! Whether properties are for a destination or a source is part of the type ([`ForDestination`],
//! [`ForSource`]), so a source's properties cannot go into a destination's body.
//!
//! ```
//! use stitch_types::CreateDestination;
//! use stitch_types::runtime::{DynamicProperties, ForDestination};
//!
//! let map = serde_json::json!({"host": "db.example.com", "password": "hunter2"});
//! let properties = DynamicProperties::<ForDestination>::unchecked(
//!     "postgres",
//!     map.as_object().unwrap().clone(),
//!     &["password"],
//! );
//! let body = CreateDestination::new("Staging", properties);
//! assert_eq!(body.to_redacted_json()?["properties"]["password"], "[redacted]");
//! assert!(!format!("{body:?}").contains("hunter2"));
//! # Ok::<(), serde_json::Error>(())
//! ```

#[cfg(feature = "runtime")]
mod checker;
mod values;

use core::fmt;
use core::marker::PhantomData;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

#[cfg(feature = "runtime")]
#[cfg_attr(docsrs, doc(cfg(feature = "runtime")))]
pub use checker::CardChecker;
/// The card model the checker and the generator share (re-exported from `stitch-schema`).
#[cfg(feature = "runtime")]
#[cfg_attr(docsrs, doc(cfg(feature = "runtime")))]
pub use stitch_schema as schema;
#[cfg(feature = "runtime")]
#[cfg_attr(docsrs, doc(cfg(feature = "runtime")))]
pub use stitch_schema::{Diagnostic, Diagnostics};

use crate::properties::{
    DestinationProperties, DestinationUpdate, PropertiesBody, SourceProperties, SourceUpdate,
};
use crate::report_card::CardKind;
use values::{PropertyValues, WireValue};

/// Whether properties belong to a destination or a source card: [`ForDestination`] or
/// [`ForSource`].
pub trait Kind: sealed::Sealed + 'static {
    /// The kind, as a value.
    const KIND: CardKind;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::ForDestination {}
    impl Sealed for super::ForSource {}
}

/// Marks properties of a destination card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForDestination {}

/// Marks properties of a source card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForSource {}

impl Kind for ForDestination {
    const KIND: CardKind = CardKind::Destination;
}

impl Kind for ForSource {
    const KIND: CardKind = CardKind::Source;
}

/// The `properties` of a create request for a card chosen at run time: the values, the card's
/// `type` and which properties are credentials.
///
/// Made by [`CardChecker::check`] (every value checked against the card, in the form the
/// generated type would send) or by [`unchecked`](Self::unchecked). `Debug` and
/// [`to_redacted_json`](Self::to_redacted_json) show `[redacted]` for every credential, and the
/// values are overwritten when dropped.
#[derive(Clone, PartialEq)]
pub struct DynamicProperties<K> {
    values: PropertyValues,
    kind: PhantomData<fn() -> K>,
}

/// The `properties` of an update request for a card chosen at run time: like
/// [`DynamicProperties`], made by [`CardChecker::check_update`] (every property optional,
/// `read_only` and `user_provided_immutable` ones refused) or by
/// [`unchecked`](Self::unchecked).
#[derive(Clone, PartialEq)]
pub struct DynamicUpdate<K> {
    values: PropertyValues,
    kind: PhantomData<fn() -> K>,
}

macro_rules! dynamic_common {
    ($name:ident, $what:literal) => {
        impl<K: Kind> $name<K> {
            #[doc = concat!("The ", $what, " as given, **without any check**: for a card you have never seen.")]
            ///
            /// Nothing here looks at a report card: a misspelt key, a missing required property
            /// or `"ssl": "yes"` goes to the API as it is, and comes back as its `400`. The
            /// values are sent in the map's order. `credentials` names the properties to
            /// redact in `Debug` and [`to_redacted_json`](Self::to_redacted_json); a credential
            /// left out of it is shown there. (A generated type sends its properties in card
            /// order; these go in the order of the map, which `serde_json` keeps sorted by key.)
            pub fn unchecked(
                card_type: impl Into<String>,
                properties: Map<String, Value>,
                credentials: &[&str],
            ) -> Self {
                $name {
                    values: PropertyValues {
                        card_type: card_type.into(),
                        values: properties
                            .into_iter()
                            .map(|(name, value)| (name, WireValue::Json(value)))
                            .collect(),
                        credentials: credentials.iter().map(|name| (*name).to_owned()).collect(),
                        checked: false,
                    },
                    kind: PhantomData,
                }
            }

            #[cfg(feature = "runtime")]
            pub(crate) fn checked(values: PropertyValues) -> Self {
                $name {
                    values,
                    kind: PhantomData,
                }
            }

            /// The report card's `type`.
            pub fn card_type(&self) -> &str {
                &self.values.card_type
            }

            /// Whether the values were checked against a report card ([`CardChecker`]), rather
            /// than made by [`unchecked`](Self::unchecked).
            pub fn is_checked(&self) -> bool {
                self.values.checked
            }

            /// The names of the properties held, in the order they are sent.
            pub fn names(&self) -> impl Iterator<Item = &str> {
                self.values.values.iter().map(|(name, _)| name.as_str())
            }

            /// The value of a property that is not a credential, in its wire form. `None`
            /// for a credential: read those with [`expose`](Self::expose).
            pub fn get(&self, name: &str) -> Option<Value> {
                if self.values.is_credential(name) {
                    return None;
                }
                self.values.get(name)
            }

            /// The value of any property, **credentials included**, in its wire form.
            pub fn expose(&self, name: &str) -> Option<Value> {
                self.values.get(name)
            }

            /// Every value as JSON, **credentials included**, in the form it is sent.
            pub fn expose_all(&self) -> Map<String, Value> {
                self.values
                    .values
                    .iter()
                    .map(|(name, value)| (name.clone(), value.to_json()))
                    .collect()
            }

            /// The properties as JSON with every credential replaced by `"[redacted]"`: the
            /// form to show or log.
            pub fn to_redacted_json(&self) -> Value {
                self.values.redacted()
            }
        }

        impl<K: Kind> PropertiesBody for $name<K> {
            fn card_type(&self) -> &str {
                &self.values.card_type
            }

            fn is_credential(&self, wire_name: &str) -> bool {
                self.values.is_credential(wire_name)
            }
        }

        impl<K> Serialize for $name<K> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.values.serialize(serializer)
            }
        }

        impl<K: Kind> fmt::Debug for $name<K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("kind", &K::KIND)
                    .field("card_type", &self.values.card_type)
                    .field("checked", &self.values.checked)
                    .field("properties", &AsJson(self.values.redacted()))
                    .finish()
            }
        }
    };
}

/// Shows a JSON value as JSON text in `Debug` output.
struct AsJson(Value);

impl fmt::Debug for AsJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

dynamic_common!(DynamicProperties, "properties");
dynamic_common!(DynamicUpdate, "update properties");

impl DestinationProperties for DynamicProperties<ForDestination> {}
impl SourceProperties for DynamicProperties<ForSource> {}
impl DestinationUpdate for DynamicUpdate<ForDestination> {}
impl SourceUpdate for DynamicUpdate<ForSource> {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn unchecked_properties_send_the_map_and_hide_the_named_credentials() {
        let properties = DynamicProperties::<ForSource>::unchecked(
            "platform.example",
            map(json!({"b": "2", "a": "1", "token": "tok-secret-81"})),
            &["token"],
        );
        assert_eq!(
            serde_json::to_string(&properties).unwrap(),
            r#"{"a":"1","b":"2","token":"tok-secret-81"}"#
        );
        let shown = format!("{properties:?}");
        assert!(!shown.contains("tok-secret-81"), "{shown}");
        assert!(shown.contains("checked: false"), "{shown}");
        assert_eq!(properties.to_redacted_json()["token"], "[redacted]");
        assert_eq!(properties.get("token"), None);
        assert_eq!(properties.expose("token"), Some(json!("tok-secret-81")));
        assert_eq!(properties.get("a"), Some(json!("1")));
        assert!(!properties.is_checked());
        assert_eq!(properties.names().collect::<Vec<_>>(), ["a", "b", "token"]);
    }

    #[test]
    fn bodies_redact_what_the_dynamic_properties_name() {
        let update = DynamicUpdate::<ForDestination>::unchecked(
            "postgres",
            map(json!({"password": {"nested": "pw-secret-22"}})),
            &["password"],
        );
        let body = crate::UpdateDestination::new(update);
        let shown = body.to_redacted_json().unwrap();
        assert_eq!(shown, json!({"properties": {"password": "[redacted]"}}));
        assert!(!format!("{body:?}").contains("pw-secret-22"));
    }
}

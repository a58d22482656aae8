//! Type-safe bodies for the Stitch Connect API, generated from captured report cards.
//!
//! Stitch describes every destination and source type with a *report card*: the properties a
//! connection takes, which are required, which are credentials, and the JSON schema of each.
//! [`include_report_card!`] reads a captured card when your crate compiles and generates a typed
//! properties struct, so a typo, a missing property or `ssl: "yes"` is a compile error instead
//! of a `400` from the API.
//!
//! ```
//! stitch_types::include_report_card!("schemas/destinations/postgres.json");
//!
//! let props = PostgresProperties {
//!     database: "analytics".into(),
//!     encryption_type: PostgresEncryptionType::None,
//!     host: "db.example.com".into(),
//!     password: "hunter2".into(),            // a stitch_types::Secret<String>
//!     port: 5432,                            // ^\d+$ -> u16, sent as "5432"
//!     ssl: false,                            // ^(true|false)$ -> bool, sent as "false"
//!     username: "stitch".into(),
//!     encryption_host: None, encryption_port: None, encryption_username: None, sslrootcert: None,
//! };
//! let body = stitch_types::CreateDestination::new("Staging", props).description("Postgres for staging");
//! let json = serde_json::to_string(&body)?;
//! assert!(json.starts_with(r#"{"type":"postgres","name":"Staging""#));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! The path given to [`include_report_card!`] is relative to the including crate's
//! `CARGO_MANIFEST_DIR`, and cargo rebuilds the crate when the card changes.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod connection_check;
mod derive_support;
mod destination;
pub mod formats;
mod generated_impls;
mod ids;
mod jobs;
mod properties;
pub mod runtime;
mod secret;
mod selection;
mod source;
mod streams;
mod tokens;
pub mod validation;
mod wire;

pub use connection_check::{CheckStatus, ConnectionCheck};
pub use destination::{CreateDestination, Destination, UpdateDestination};
pub use ids::{DestinationId, ImportTokenId, ParseIdError, SourceId, StitchClientId, StreamId};
pub use jobs::{
    Extraction, ExtractionOutcome, ExtractionPhase, JobName, Load, Page, PageLinks, StartJob,
};
pub use properties::{
    DestinationProperties, DestinationUpdate, Properties, PropertiesBody, SourceProperties,
    SourceUpdate,
};
pub use secret::{Secret, to_wiped_json};
pub use selection::{
    DiscoveredStream, FieldSelection, SelectionError, SelectionErrors, StreamChoice,
};
pub use source::{CreateSource, NoProperties, Schedule, Source, UpdateSource};
pub use streams::{
    FieldEntry, FieldMetadata, ForcedReplicationMethod, Inclusion, ReplicationMethod, Stream,
    StreamChanges, StreamMetadata, StreamSchema, StreamUpdate, UpdateStreamMetadata,
};
pub use tokens::{ImportApiToken, ImportTokenInfo};
pub use validation::{PropertiesError, PropertyError, UnknownValue};

/// The date-time crate of `format: date-time` fields (re-exported).
pub use chrono;

/// The report-card model (re-exported from `stitch-report-card`).
pub use stitch_report_card as report_card;
pub use stitch_report_card::{
    CardKind, ConnectionStep, Details, PipelineState, Property, PropertyType, ReportCard, StepType,
    UpgradeAvailable,
};

/// Generates typed properties from a captured report card.
///
/// `include_report_card!("schemas/destinations/postgres.json")` reads the card (the path is
/// relative to the including crate's `CARGO_MANIFEST_DIR`) and expands to
/// `PostgresProperties`, one struct field per settable property, plus an enum per closed set of
/// values (`PostgresEncryptionType`). The struct implements `Serialize` (the API's wire form),
/// a validating `Deserialize`, a `Debug` that redacts credentials, `Clone`, `PartialEq`, and
/// [`DestinationProperties`] or [`SourceProperties`].
///
/// A missing file, JSON that does not parse, or a card of the wrong shape is a compile error on
/// the path, naming the file, the line and column, and the JSON pointer of what is wrong.
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use stitch_macros::include_report_card;

/// Checks your own struct against a captured report card when the crate compiles, and
/// implements what generated properties types implement: the wire `Serialize`, a validating
/// `Deserialize`, a `Debug` that redacts credentials, [`Properties`] and
/// [`DestinationProperties`] or [`SourceProperties`], so the struct goes straight into
/// [`CreateDestination`] or [`CreateSource`].
///
/// ```
/// use stitch_types::{Properties, Secret};
/// # stitch_types::include_report_card!("schemas/destinations/postgres.json");
///
/// #[derive(stitch_types::Properties)]
/// #[stitch(report_card = "schemas/destinations/postgres.json")]
/// struct Warehouse {
///     database: String,
///     encryption_type: PostgresEncryptionType, // the type include_report_card! generates
///     host: String,
///     password: Secret<String>,               // credentials must be Secret
///     port: u16,
///     ssl: bool,
///     #[stitch(rename = "username")]
///     user: String,
/// }
///
/// assert_eq!(Warehouse::CARD_TYPE, "postgres");
/// ```
///
/// Each mistake is a compile error on your own tokens: a field that is not a property of the
/// card (with the closest name suggested), a `read_only` property, a type the property's schema
/// cannot take (with the types that fit), a credential outside `Secret`, a required property in
/// an `Option`, and, on the struct's name, every required property the struct lacks.
///
/// The derive writes `Debug` (credentials redacted) and `Deserialize` (every value checked
/// against the card). To keep your own, say so: `#[stitch(skip_impls(Debug, Deserialize))]`
/// leaves them to you (your `Debug` still never shows a credential, which is a [`Secret`];
/// your `Deserialize` does not check values, [`Properties::from_json_value`] still does).
/// `Serialize` cannot be skipped: the body must be the wire form. The body lists properties in
/// the card's order, whatever the order of your fields. A `#[derive(Debug)]` written below
/// `#[derive(Properties)]` without `skip_impls` is an error that says so; one in the same
/// `#[derive(…)]` list is invisible to the derive, and rustc reports "conflicting
/// implementations of trait `Debug`": the fix is the same.
///
/// | schema form | field types that fit |
/// | --- | --- |
/// | `{"type":"string"}`, `null` | `String` |
/// | `minLength: 1` | `NonEmptyString` |
/// | `^\d+$`, `^\d+`, `anyOf [integer, ^\d+]`, `integer` | `u8`, `u16`, `u32`, `u64` |
/// | `^(true\|false)$`, `boolean` | `bool` |
/// | alternation of literals, `enum`, any other pattern, objects, `anyOf` of `$ref`s | the type `include_report_card!` generates for the property |
/// | a `format` | `DateTime`, `MidnightUtcDate`, `Uri`, `Hostname`, `Email`, `HostOrIpv4` or `HostOrIp` of [`formats`], or `std::net::Ipv4Addr`, `Ipv6Addr`, as the format says |
/// | `anyOf [string, array of strings]` | `StringOrList`, `String`, `Vec<String>` |
/// | `type: array` | `Vec<T>`, with `T` fitting the items |
///
/// Aliases of these types are fine: the derive checks each field's type with the compiler (an
/// assertion spanned on your type), not by its name.
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use stitch_macros::Properties;

/// Support for generated code. Not a public API: it changes without notice.
///
/// The version is in the name, as serde does it: `stitch-macros` (pinned with `=`) writes code
/// that calls this module by the name of its own version, so a mix of versions fails with
/// "could not find `__private_0_1_0` in `stitch_types`" instead of odd type errors. Everything
/// is listed by name, so no item becomes reachable from generated code by accident.
#[doc(hidden)]
pub mod __private_0_1_0 {
    pub use crate::derive_support::{
        CardValue, Generated, GeneratedField, GeneratedFieldFallback, GeneratedParse,
        GeneratedParseFallback, ParseAs, str_eq, unsigned_field,
    };
    pub use crate::formats::WireFormat;
    pub use crate::wire::{
        BoolString, Invalid, Key, KeyIndex, Keys, ObjectReader, Parsed, Pattern, ReadObject,
        ReadValue, ReadWire, UintString, Unsigned, array_of, bool_string, boolean, boxed, constant,
        credential, deserialize_properties, deserialize_update, deserialize_wire, digit_string,
        expose, formatted, integer, integer_or_digit_string, missing, nested, non_empty_string,
        object_of, one_of, pattern_string, properties_from_map, read_nothing, read_union, string,
        string_or_list, update_from_value,
    };
    pub use crate::{
        __stitch_pattern_newtype_traits as pattern_newtype_traits,
        __stitch_wire_enum_traits as wire_enum_traits,
    };
    pub use crate::{
        DestinationProperties, DestinationUpdate, Properties, PropertiesBody, PropertiesError,
        Secret, SourceProperties, SourceUpdate, UnknownValue,
    };
    pub use serde;
    pub use serde_json;
    #[cfg(feature = "macros")]
    pub use stitch_macros::checked_literal;
    pub use zeroize;
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_support_module_is_named_for_this_version() {
        // stitch-codegen derives the name from the shared version; this module must follow.
        assert_eq!(
            env!("CARGO_PKG_VERSION"),
            "0.1.0",
            "rename `__private_0_1_0` in lib.rs for the new version"
        );
        let _ = crate::__private_0_1_0::str_eq;
    }
}

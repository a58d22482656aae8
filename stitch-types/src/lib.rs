//! Type-safe bodies for the Stitch Connect API, generated from captured report cards.
//!
//! Stitch describes every destination and source type with a *report card*: the properties a
//! connection takes, which are required, which are credentials, and the JSON schema of each.
//! [`include_report_card!`] reads a captured card when your crate compiles and generates a typed
//! properties struct, so a typo, a missing property or `ssl: "yes"` is a compile error instead
//! of a `400` from the API.
//!
//! ```
//! stitch_types::include_report_card!("../schemas/destinations/postgres.json");
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

mod connection_check;
mod destination;
pub mod formats;
mod properties;
mod secret;
mod source;
pub mod validation;
mod wire;

pub use connection_check::{CheckStatus, ConnectionCheck};
pub use destination::{CreateDestination, Destination, UpdateDestination};
pub use properties::{
    DestinationProperties, DestinationUpdate, Properties, SourceProperties, SourceUpdate,
};
pub use secret::Secret;
pub use source::{CreateSource, NoProperties, Schedule, Source, UpdateSource};
pub use validation::{PropertiesError, PropertyError};

/// The date-time crate of `format: date-time` fields (re-exported).
pub use chrono;

/// The report-card model (re-exported from `stitch-report-card`).
pub use stitch_report_card as report_card;
pub use stitch_report_card::{
    ConnectionStep, Details, PipelineState, Property, PropertyType, ReportCard, StepType,
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
pub use stitch_macros::include_report_card;

/// Support for generated code. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::formats::WireFormat;
    pub use crate::wire::*;
    pub use crate::{
        DestinationProperties, DestinationUpdate, Properties, PropertiesError, Secret,
        SourceProperties, SourceUpdate,
    };
    pub use serde;
    pub use serde_json;
    pub use zeroize;
}

//! A report card read, checked and classified: for every settable property, the shape of the
//! values it takes ([`Shape`]).
//!
//! This is the one place the JSON-schema forms of report cards are given a meaning. The code
//! generator (`stitch-codegen`, behind `include_report_card!`) prints Rust types from the
//! model, and the run-time checker of `stitch-types` checks properties objects with it, so
//! both accept and reject the same values. A card the model cannot give a meaning is a list of
//! [`Diagnostics`], each with its JSON pointer, property and rule, never a panic.
//!
//! The crate is light (serde_json, heck, the pattern engines through `stitch-report-card`, and
//! sha2 for the keys of schemas that `$ref` definitions): `stitch-types` uses it at run time.
//!
//! ```
//! use stitch_schema::{CardSource, Shape};
//!
//! let text = r#"{"type": "demo", "steps": [{"type": "form", "properties": [
//!     {"name": "port", "is_required": true, "is_credential": false,
//!      "property_type": "user_provided",
//!      "json_schema": {"type": "string", "pattern": "^\\d+$"}, "provided": false}
//! ]}]}"#;
//! let card = stitch_schema::read_card(CardSource { file: "demo.json", text, kind: None })?;
//! assert!(matches!(card.properties[0].shape, Shape::Unsigned { .. }));
//! # Ok::<(), stitch_schema::Diagnostics>(())
//! ```
#![forbid(unsafe_code)]

pub mod budget;
pub mod card_file;
pub mod diagnostics;
pub mod locate;
pub mod model;
pub mod naming;
pub mod pattern;
mod read;
pub mod schema;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use model::{Card, CardKind, CardProperty, Shape};
#[doc(hidden)]
pub use read::charged_bytes;
pub use read::{CardSource, ReadOutcome, read_card, read_card_value, read_card_with_stand_ins};

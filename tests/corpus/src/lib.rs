//! Every captured report card under `$STITCH_CORPUS`, expanded in one crate.
//!
//! The crate compiling at all is the first test: a card the generator cannot handle, or
//! generated code that does not type-check, fails the build. [`CARDS`] lists what was compiled,
//! with a function per card that reads a properties object into the generated type and writes
//! it back.
#![allow(missing_docs)]

use serde_json::Value;
use stitch_types::{DestinationUpdate, Properties, SourceUpdate};

/// Destination or source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    Destination,
    Source,
}

/// One compiled card.
pub struct CorpusCard {
    /// The card file, relative to `$STITCH_CORPUS`.
    pub file: &'static str,
    /// Destination or source.
    pub kind: CardKind,
    /// Reads a create properties object into `{Type}Properties` and serializes it back.
    pub create: fn(Value) -> Result<Value, String>,
    /// Reads an update properties object into `{Type}Update` and serializes it back.
    pub update: fn(Value) -> Result<Value, String>,
}

pub fn round_trip_create<P: Properties>(value: Value) -> Result<Value, String> {
    let properties = P::from_json_value(value).map_err(|error| error.to_string())?;
    serde_json::to_value(&properties).map_err(|error| error.to_string())
}

pub fn round_trip_update<U>(value: Value) -> Result<Value, String>
where
    U: serde::Serialize + serde::de::DeserializeOwned,
{
    let update: U = serde_json::from_value(value).map_err(|error| error.to_string())?;
    serde_json::to_value(&update).map_err(|error| error.to_string())
}

pub fn round_trip_destination_update<U>(value: Value) -> Result<Value, String>
where
    U: DestinationUpdate + serde::de::DeserializeOwned,
{
    round_trip_update::<U>(value)
}

pub fn round_trip_source_update<U>(value: Value) -> Result<Value, String>
where
    U: SourceUpdate + serde::de::DeserializeOwned,
{
    round_trip_update::<U>(value)
}

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

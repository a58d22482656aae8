//! Every captured report card under `$STITCH_CORPUS`, expanded in one crate.
//!
//! The crate compiling at all is the first test: a card the generator cannot handle, or
//! generated code that does not type-check, fails the build. [`CARDS`] lists what was compiled,
//! with functions per card that read a properties object into the generated type and write it
//! back; [`REPO_CARDS`] does the same for the repository's own cards (module [`repo`]).
#![allow(missing_docs)]

pub mod samples;

use serde_json::{Map, Value};
pub use stitch_types::CardKind;
use stitch_types::{DestinationUpdate, Properties, PropertiesBody, PropertiesError, SourceUpdate};

/// What reading a properties object gave: the body the value would be sent as (JSON text) with
/// the names of its credentials, or the error's message.
pub type Outcome = Result<String, String>;

/// One compiled card.
pub struct CorpusCard {
    /// The card file, relative to `$STITCH_CORPUS` (or to the repository, for its own cards).
    pub file: &'static str,
    /// The card file's absolute path.
    pub path: &'static str,
    /// Destination or source.
    pub kind: CardKind,
    /// Reads a create properties object into `{Type}Properties` and serializes it back.
    pub create: fn(Value) -> Result<Value, String>,
    /// Reads an update properties object into `{Type}Update` and serializes it back.
    pub update: fn(Value) -> Result<Value, String>,
    /// Reads a create properties object with `{Type}Properties::from_json_map`.
    pub read_create: fn(Map<String, Value>) -> Outcome,
    /// Reads an update properties object with `{Type}Update::from_json_map`.
    pub read_update: fn(Map<String, Value>) -> Outcome,
    /// Reads any JSON value with `{Type}Properties::from_json_value`.
    pub read_create_value: fn(Value) -> Outcome,
    /// Reads any JSON value with `{Type}Update::from_json_value`.
    pub read_update_value: fn(Value) -> Outcome,
}

/// The outcome of a read: the serialized body and which of its keys are credentials, or the
/// error's message.
pub fn outcome<T: PropertiesBody>(read: Result<T, PropertiesError>) -> Outcome {
    let body = read.map_err(|error| error.to_string())?;
    let text = serde_json::to_string(&body).map_err(|error| error.to_string())?;
    let Ok(Value::Object(sent)) = serde_json::from_str::<Value>(&text) else {
        return Err(format!("not an object: {text}"));
    };
    let credentials: Vec<&String> = sent.keys().filter(|key| body.is_credential(key)).collect();
    Ok(format!("{text}\ncredentials: {credentials:?}"))
}

pub fn read_create<P: Properties + PropertiesBody>(map: Map<String, Value>) -> Outcome {
    outcome(P::from_json_map(map))
}

pub fn read_create_value<P: Properties + PropertiesBody>(value: Value) -> Outcome {
    outcome(P::from_json_value(value))
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

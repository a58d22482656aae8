//! A source's discovered streams and what is selected in them: the Stream and Stream Schema
//! objects, the field-selection rules of §5.4, and `PUT …/streams/metadata` (§7).

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::discovery::{DiscoveredStream, Fields, REPLICATION_METHODS};

/// The metadata keys a client may write (§4): every example lists four, `view-key-properties`
/// included (§14.2, §14.3).
pub(crate) const NON_DISCOVERABLE_KEYS: [&str; 4] = [
    "selected",
    "replication-method",
    "replication-key",
    "view-key-properties",
];

/// The streams one source discovered, with its selection.
#[derive(Debug)]
pub(crate) struct SourceStreams {
    /// When discovery shows: when the connection check that ran it passes.
    visible_from: Instant,
    streams: Vec<SourceStream>,
}

/// One stream of one source.
#[derive(Debug, Clone)]
struct SourceStream {
    stream_id: u64,
    tap_stream_id: String,
    stream_name: String,
    schema: Arc<str>,
    /// Stream-level metadata, the selection's keys included.
    metadata: Map<String, Value>,
    /// Field-level metadata, the selection included.
    fields: Fields,
}

impl SourceStream {
    fn is_selected(&self) -> bool {
        self.metadata.get("selected") == Some(&Value::Bool(true))
    }

    fn field(&self, name: &str) -> Option<&Map<String, Value>> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, metadata)| metadata)
    }

    /// Whether the stream replicates: selected, with at least one replicated field.
    fn replicates(&self) -> bool {
        self.is_selected()
            && self
                .fields
                .iter()
                .any(|(_, metadata)| is_replicated(metadata))
    }

    /// The stream-level metadata as responses show it: `selected` always present, `null`
    /// until set.
    fn shown_metadata(&self) -> Map<String, Value> {
        let mut metadata = self.metadata.clone();
        metadata.entry("selected").or_insert(Value::Null);
        metadata
    }
}

/// Whether a field replicates (§5.4): `automatic`, or `available` and selected or
/// selected by default.
fn is_replicated(metadata: &Map<String, Value>) -> bool {
    let is_true = |key: &str| metadata.get(key) == Some(&Value::Bool(true));
    match metadata.get("inclusion").and_then(Value::as_str) {
        Some("automatic") => true,
        Some("available") => is_true("selected") || is_true("selected-by-default"),
        _ => false,
    }
}

impl SourceStreams {
    /// The streams of `discovered`, numbered from `next_id`, shown from `visible_from`.
    pub(crate) fn new(
        discovered: Vec<DiscoveredStream>,
        visible_from: Instant,
        mut next_id: impl FnMut() -> u64,
    ) -> Self {
        let streams = discovered
            .into_iter()
            .map(|stream| SourceStream {
                stream_id: next_id(),
                tap_stream_id: stream.tap_stream_id,
                stream_name: stream.stream_name,
                schema: stream.schema,
                metadata: stream.metadata,
                fields: stream.fields,
            })
            .collect();
        SourceStreams {
            visible_from,
            streams,
        }
    }

    /// Whether discovery has finished at `now`.
    pub(crate) fn is_visible(&self, now: Instant) -> bool {
        now >= self.visible_from
    }

    /// Whether a selected stream replicates a field: the `field_selection` step is done.
    pub(crate) fn replicates_anything(&self) -> bool {
        self.streams.iter().any(SourceStream::replicates)
    }

    /// The names of the streams that replicate, as a job loads them.
    pub(crate) fn replicated_stream_names(&self) -> Vec<String> {
        self.streams
            .iter()
            .filter(|stream| stream.replicates())
            .map(|stream| stream.stream_name.clone())
            .collect()
    }

    /// `GET /v4/sources/{id}/streams`: one Stream object per stream (§3).
    pub(crate) fn list_json(&self) -> Value {
        let streams = self.streams.iter().map(|stream| {
            let metadata = stream.shown_metadata();
            json!({
                "stream_id": stream.stream_id,
                "selected": metadata["selected"],
                "stream_name": stream.stream_name,
                "tap_stream_id": stream.tap_stream_id,
                "metadata": metadata,
            })
        });
        Value::Array(streams.collect())
    }

    /// `GET /v4/sources/{id}/streams/{stream_id}`: the Stream Schema object (§4), or `None`
    /// for a stream the source does not have.
    pub(crate) fn schema_json(&self, stream_id: u64) -> Option<Value> {
        let stream = self
            .streams
            .iter()
            .find(|stream| stream.stream_id == stream_id)?;
        let mut metadata = vec![json!({"breadcrumb": [], "metadata": stream.shown_metadata()})];
        metadata.extend(
            stream.fields.iter().map(
                |(name, field)| json!({"breadcrumb": ["properties", name], "metadata": field}),
            ),
        );
        Some(json!({
            "schema": &*stream.schema,
            "metadata": metadata,
            "non-discoverable-metadata-keys": NON_DISCOVERABLE_KEYS,
        }))
    }

    /// Applies a `PUT …/streams/metadata` body, or changes nothing and says what is wrong.
    ///
    /// Emulator's choice (§14 silent 3): streams and fields the body leaves out keep their
    /// values, as every documented example assumes.
    ///
    /// Emulator's choice (§7.1 rule 2, which names no error): a body that leaves no stream
    /// replicating, `{"streams": []}` included, is accepted with `{"status": 200}`; the source
    /// simply stays at (or returns to) `field_selection`, since that step is derived from the
    /// selection.
    pub(crate) fn update(&mut self, body: &Value) -> Result<(), MetadataError> {
        let updates = parse_body(body)?;
        self.check_tap_stream_ids(&updates)?;
        check_discoverable_keys(&updates)?;
        // All or nothing: every entry is checked against a copy as it would be after the
        // entries before it, and the copy replaces the streams only if all pass.
        let mut streams = self.streams.clone();
        for update in &updates {
            let Some(stream) = streams.iter_mut().find(|stream| {
                update.tap_stream_id.and_then(Value::as_str) == Some(&stream.tap_stream_id)
            }) else {
                // Not reached: every tap_stream_id is known by now (checked above).
                continue;
            };
            // Stream entries first: in one request, the stream's `selected: true` may come
            // after its fields (the order of metadata entries is arbitrary).
            let (stream_entries, field_entries): (Vec<&Entry>, Vec<&Entry>) = update
                .entries
                .iter()
                .partition(|entry| entry.breadcrumb.is_empty());
            for entry in stream_entries {
                apply_stream_entry(stream, entry.metadata)?;
            }
            for entry in field_entries {
                apply_field_entry(stream, entry)?;
            }
        }
        self.streams = streams;
        Ok(())
    }

    /// The documented error for a missing or unknown `tap_stream_id`, naming all of them.
    fn check_tap_stream_ids(&self, updates: &[Update<'_>]) -> Result<(), MetadataError> {
        let invalid: Vec<String> = updates
            .iter()
            .filter_map(|update| match update.tap_stream_id {
                // Clojure's `nil`, printed into the message.
                None | Some(Value::Null) => Some("nil".to_owned()),
                Some(Value::String(id)) if self.streams.iter().any(|s| &s.tap_stream_id == id) => {
                    None
                }
                Some(Value::String(id)) => Some(id.clone()),
                Some(other) => Some(other.to_string()),
            })
            .collect();
        if invalid.is_empty() {
            Ok(())
        } else {
            Err(MetadataError::InvalidTapStreamIds(invalid))
        }
    }
}

/// One element of the body's `streams`.
struct Update<'a> {
    tap_stream_id: Option<&'a Value>,
    entries: Vec<Entry<'a>>,
}

/// One metadata entry: a breadcrumb and the keys to set.
struct Entry<'a> {
    breadcrumb: Vec<&'a str>,
    metadata: &'a Map<String, Value>,
}

/// The body's shape: `streams`, each with `metadata`, each with `breadcrumb` (strings) and
/// `metadata` (an object). Anything else is the documented body error; `tap_stream_id` is
/// checked after, with its own error.
fn parse_body(body: &Value) -> Result<Vec<Update<'_>>, MetadataError> {
    let streams = body
        .get("streams")
        .and_then(Value::as_array)
        .ok_or(MetadataError::BodyShape)?;
    streams
        .iter()
        .map(|stream| {
            let entries = stream
                .get("metadata")
                .and_then(Value::as_array)
                .ok_or(MetadataError::BodyShape)?;
            let entries = entries
                .iter()
                .map(|entry| {
                    let breadcrumb = entry
                        .get("breadcrumb")
                        .and_then(Value::as_array)
                        .and_then(|steps| steps.iter().map(Value::as_str).collect());
                    let metadata = entry.get("metadata").and_then(Value::as_object);
                    match (breadcrumb, metadata) {
                        (Some(breadcrumb), Some(metadata)) => Ok(Entry {
                            breadcrumb,
                            metadata,
                        }),
                        _ => Err(MetadataError::BodyShape),
                    }
                })
                .collect::<Result<_, _>>()?;
            Ok(Update {
                tap_stream_id: stream.get("tap_stream_id"),
                entries,
            })
        })
        .collect()
}

fn check_discoverable_keys(updates: &[Update<'_>]) -> Result<(), MetadataError> {
    let mut keys: Vec<&str> = Vec::new();
    for entry in updates.iter().flat_map(|update| &update.entries) {
        for key in entry.metadata.keys() {
            if !NON_DISCOVERABLE_KEYS.contains(&key.as_str()) && !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
    }
    if keys.is_empty() {
        Ok(())
    } else {
        Err(MetadataError::Discoverable(
            keys.into_iter().map(str::to_owned).collect(),
        ))
    }
}

/// Sets stream-level keys on `stream`, checking each value.
fn apply_stream_entry(
    stream: &mut SourceStream,
    metadata: &Map<String, Value>,
) -> Result<(), MetadataError> {
    let id = stream.tap_stream_id.clone();
    let choice = |message: String| Err(MetadataError::Choice(message));
    for (key, value) in metadata {
        match key.as_str() {
            // Emulator's choice (docs silent): `selected` must be a JSON boolean; the docs
            // corrected the two examples that sent "true".
            "selected" if !value.is_boolean() => {
                return choice(format!("selected must be a boolean for {id}: {value}"));
            }
            "replication-method" if !value.is_null() => {
                let Some(method) = value
                    .as_str()
                    .filter(|method| REPLICATION_METHODS.contains(method))
                else {
                    return choice(format!(
                        "invalid replication-method for {id}: {value} is not one of FULL_TABLE, INCREMENTAL, LOG_BASED"
                    ));
                };
                // Emulator's choice (docs silent): a forced method cannot be changed; sending
                // the forced method itself is harmless and accepted. LOG_BASED is accepted
                // on any stream that is not forced (§14 silent 5).
                if let Some(forced) = stream.metadata.get("forced-replication-method") {
                    let forced = forced.get("replication-method").unwrap_or(forced);
                    if forced.as_str() != Some(method) {
                        return choice(format!(
                            "{id} has forced-replication-method {}: its replication-method cannot be {method}",
                            forced.as_str().unwrap_or("set")
                        ));
                    }
                }
            }
            "replication-key" if !value.is_null() => {
                // Emulator's choice (§14 silent 5): the key must be one of
                // `valid-replication-keys` when the stream has them, else one of its fields.
                let valid = stream
                    .metadata
                    .get("valid-replication-keys")
                    .and_then(Value::as_array);
                let known = match (value.as_str(), valid) {
                    (Some(key), Some(valid)) => valid.iter().any(|v| v == key),
                    (Some(key), None) => stream.field(key).is_some(),
                    (None, _) => false,
                };
                if !known {
                    let allowed = match valid {
                        Some(valid) => Value::Array(valid.clone()).to_string(),
                        None => "a field of the stream".to_owned(),
                    };
                    return choice(format!(
                        "invalid replication-key for {id}: {value} is not one of {allowed}"
                    ));
                }
            }
            "view-key-properties" if !value.is_null() => {
                let names = value.as_array().filter(|names| {
                    names.iter().all(|name| {
                        name.as_str()
                            .is_some_and(|name| stream.field(name).is_some())
                    })
                });
                if names.is_none() {
                    return choice(format!(
                        "invalid view-key-properties for {id}: {value} must list fields of the stream"
                    ));
                }
            }
            _ => {}
        }
        // Emulator's choice (docs silent): `null` clears `replication-method`,
        // `replication-key` or `view-key-properties` (`selected` must be a boolean).
        if value.is_null() {
            stream.metadata.remove(key);
        } else {
            stream.metadata.insert(key.clone(), value.clone());
        }
    }
    Ok(())
}

/// Sets `selected` on a field, checking the rules of §7.1 and §5.3.
fn apply_field_entry(stream: &mut SourceStream, entry: &Entry<'_>) -> Result<(), MetadataError> {
    let id = stream.tap_stream_id.clone();
    let choice = |message: String| Err(MetadataError::Choice(message));
    let breadcrumb = Value::from(entry.breadcrumb.clone());
    let index = match entry.breadcrumb.as_slice() {
        ["properties", name] => stream.fields.iter().position(|(field, _)| field == name),
        _ => None,
    };
    // Emulator's choice (§14 silent 4): only `[]` and `["properties", <field of the stream>]`
    // address anything.
    let Some(index) = index else {
        return choice(format!("invalid breadcrumb for {id}: {breadcrumb}"));
    };
    // Emulator's choice (docs: "a stream must be selected before its fields can be"): fields
    // of a stream whose `selected` was never set cannot be set.
    if stream.metadata.get("selected").is_none_or(Value::is_null) {
        return choice(format!(
            "stream {id} must be selected (breadcrumb [] with selected: true) before its fields"
        ));
    }
    for (key, value) in entry.metadata {
        match key.as_str() {
            "selected" if !value.is_boolean() => {
                return choice(format!(
                    "selected must be a boolean for {id} {breadcrumb}: {value}"
                ));
            }
            "selected" => {}
            // Emulator's choice (docs silent): the other non-discoverable keys are the
            // stream's, not a field's.
            other => {
                return choice(format!(
                    "{other} is stream-level metadata: it cannot be set on {id} {breadcrumb}"
                ));
            }
        }
    }
    let field = &mut stream.fields[index].1;
    if let Some(selected) = entry.metadata.get("selected") {
        if selected == &Value::Bool(true)
            && field.get("inclusion") == Some(&Value::from("unsupported"))
        {
            return Err(MetadataError::Unsupported);
        }
        field.insert("selected".into(), selected.clone());
    }
    Ok(())
}

/// Why a `PUT …/streams/metadata` body is refused. Every one is a `400`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MetadataError {
    /// `streams`, a `breadcrumb` or a `metadata` is missing or of the wrong type: the
    /// documented plain JSON string body.
    BodyShape,
    /// Missing (`nil`) or unknown tap_stream_ids.
    InvalidTapStreamIds(Vec<String>),
    /// Discoverable keys, which only discovery writes.
    Discoverable(Vec<String>),
    /// An `unsupported` field selected.
    Unsupported,
    /// A problem the docs do not give a message for: the emulator's own words.
    Choice(String),
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataError::BodyShape => f.write_str(
                "body must contain a 'streams' property with a list of metadatas by tap_stream_id",
            ),
            // Clojure values printed into the message: a vector `[a b]` after two spaces, and
            // a set `#{"a" "b"}`. Emulator's choice (docs show one of each): every offender,
            // in the body's order.
            MetadataError::InvalidTapStreamIds(ids) => {
                write!(f, "invalid tap-stream-ids:  [{}]", ids.join(" "))
            }
            MetadataError::Discoverable(keys) => {
                let keys: Vec<String> = keys.iter().map(|key| format!("\"{key}\"")).collect();
                write!(
                    f,
                    "only non-discoverable metadata can be produced by the UI: #{{{}}}",
                    keys.join(" ")
                )
            }
            MetadataError::Unsupported => {
                f.write_str("Unsupported fields cannot be selected by default")
            }
            MetadataError::Choice(message) => f.write_str(message),
        }
    }
}

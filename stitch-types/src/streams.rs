//! Streams and their metadata: what `GET /v4/sources/{id}/streams`, `GET …/streams/{stream_id}`
//! return, and the body of `PUT …/streams/metadata`.
//!
//! Metadata keys are hyphenated on the wire (`table-key-properties`, `selected-by-default`);
//! the fields here are their snake_case names. Keys this version does not model are kept in
//! each object's `other` map and written back unchanged.

use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::StreamId;

stitch_report_card::open_enum! {
    /// How a stream replicates (`replication-method`, `forced-replication-method`).
    pub enum ReplicationMethod {
        /// Every run reads the whole table.
        FullTable = "FULL_TABLE",
        /// Key-based: each run reads rows whose replication key grew since the last one.
        Incremental = "INCREMENTAL",
        /// From the database's log (certain databases only, with extra setup).
        LogBased = "LOG_BASED",
    }
}

stitch_report_card::open_enum! {
    /// Whether a field can be replicated (`inclusion`).
    pub enum Inclusion {
        /// Always replicated, whatever the selection says (primary and replication keys).
        Automatic = "automatic",
        /// Replicated when selected, or when `selected-by-default` is true.
        Available = "available",
        /// Never replicated; selecting it is an error.
        Unsupported = "unsupported",
    }
}

/// `forced-replication-method`: the method a stream must use.
///
/// The docs show a plain string; Salesforce streams have been seen with an object that gives a
/// reason as well (streams reference §5.2). Both forms are read and written back as they came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ForcedReplicationMethod {
    /// `"INCREMENTAL"`.
    Method(ReplicationMethod),
    /// `{"reason": "...", "replication-method": "FULL_TABLE"}`.
    Explained {
        /// Why the method is forced.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The method.
        #[serde(rename = "replication-method")]
        method: ReplicationMethod,
    },
}

impl ForcedReplicationMethod {
    /// The method, whichever form it came in.
    pub fn method(&self) -> &ReplicationMethod {
        match self {
            ForcedReplicationMethod::Method(method)
            | ForcedReplicationMethod::Explained { method, .. } => method,
        }
    }
}

/// Stream-level metadata: the `breadcrumb: []` entry of a stream's schema, and the `metadata`
/// of a [`Stream`].
///
/// Only `selected`, `replication-method`, `replication-key` and `view-key-properties` can be
/// written (they are the stream's `non-discoverable-metadata-keys`); discovery sets the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StreamMetadata {
    /// Whether the stream replicates; `None` when it was never selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// The replication method chosen for the stream.
    #[serde(
        rename = "replication-method",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub replication_method: Option<ReplicationMethod>,
    /// The field used as replication key.
    #[serde(
        rename = "replication-key",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub replication_key: Option<String>,
    /// The key fields of a database view, which has no primary key of its own.
    #[serde(
        rename = "view-key-properties",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub view_key_properties: Option<Vec<String>>,
    /// The method the stream must use; it cannot be changed.
    #[serde(
        rename = "forced-replication-method",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub forced_replication_method: Option<ForcedReplicationMethod>,
    /// The fields allowed as replication key.
    #[serde(
        rename = "valid-replication-keys",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_replication_keys: Option<Vec<String>>,
    /// The primary key fields (`[]` for a view).
    #[serde(
        rename = "table-key-properties",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub table_key_properties: Option<Vec<String>>,
    /// The database holding the stream.
    #[serde(
        rename = "database-name",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub database_name: Option<String>,
    /// The database schema holding the stream.
    #[serde(
        rename = "schema-name",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub schema_name: Option<String>,
    /// Whether the stream is a database view.
    #[serde(rename = "is-view", default, skip_serializing_if = "Option::is_none")]
    pub is_view: Option<bool>,
    /// The table's row count.
    #[serde(rename = "row-count", default, skip_serializing_if = "Option::is_none")]
    pub row_count: Option<u64>,
    /// Keys this version does not model (`tap_google_analytics.all_cubes`, …), as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Field-level metadata: the entry of breadcrumb `["properties", "<field>"]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FieldMetadata {
    /// Whether the field can be replicated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusion: Option<Inclusion>,
    /// Whether the field is selected; `None` when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// Whether the field replicates without being selected.
    #[serde(
        rename = "selected-by-default",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub selected_by_default: Option<bool>,
    /// The column's type in the database, e.g. `timestamp with time zone`.
    #[serde(
        rename = "sql-datatype",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sql_datatype: Option<String>,
    /// Why the field is `unsupported`, when the source says.
    #[serde(
        rename = "unsupported-description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub unsupported_description: Option<String>,
    /// Fields that cannot be selected together with this one (breadcrumbs).
    #[serde(
        rename = "fieldExclusions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub field_exclusions: Option<Vec<Vec<String>>>,
    /// Keys this version does not model (`behavior`, `tap_google_analytics.cubes`, …), as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl FieldMetadata {
    /// Whether the field replicates with its current metadata (the docs' table of
    /// combinations): always when `automatic`; when `available`, if it is selected or selected
    /// by default; never otherwise.
    pub fn is_replicated(&self) -> bool {
        match &self.inclusion {
            Some(Inclusion::Automatic) => true,
            Some(Inclusion::Available) => {
                self.selected == Some(true) || self.selected_by_default == Some(true)
            }
            _ => false,
        }
    }
}

/// A stream of a source: a table, a view or an API endpoint (`GET /v4/sources/{id}/streams`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Stream {
    /// The numeric ID, for `GET …/streams/{stream_id}`.
    pub stream_id: StreamId,
    /// The unique stream name, which selection uses: `custom_collections` for SaaS sources,
    /// `<database>-<schema>-<table>` for databases.
    pub tap_stream_id: String,
    /// The table or endpoint name; not unique (two schemas may hold the same table).
    pub stream_name: String,
    /// Whether the stream replicates; `None` when it was never selected.
    #[serde(default)]
    pub selected: Option<bool>,
    /// Stream-level metadata.
    #[serde(default)]
    pub metadata: StreamMetadata,
    /// Fields this version does not model, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// One field of a stream's schema with its metadata.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FieldEntry {
    /// The path into the schema: `["properties", "<field>"]` for a top-level field.
    pub breadcrumb: Vec<String>,
    /// The field's metadata.
    pub metadata: FieldMetadata,
}

impl FieldEntry {
    /// The field's name, for a top-level field (`["properties", name]`).
    pub fn name(&self) -> Option<&str> {
        match self.breadcrumb.as_slice() {
            [properties, name] if properties == "properties" => Some(name),
            _ => None,
        }
    }
}

/// A stream's schema and metadata (`GET /v4/sources/{id}/streams/{stream_id}`).
///
/// The API sends `schema` as a JSON *string*; it is parsed here (and written back as a string).
/// The `metadata` array is split into the stream's own entry (breadcrumb `[]`, wherever it is
/// in the array: the docs' order is arbitrary) and one entry per field.
///
/// ```
/// use stitch_types::{Inclusion, StreamSchema};
///
/// let schema: StreamSchema = serde_json::from_str(r#"{
///     "schema": "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":[\"null\",\"integer\"]}}}",
///     "metadata": [
///         {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
///         {"breadcrumb": [], "metadata": {"table-key-properties": ["id"]}}
///     ],
///     "non-discoverable-metadata-keys": ["selected", "replication-method", "replication-key", "view-key-properties"]
/// }"#)?;
/// assert_eq!(schema.stream.table_key_properties.as_deref(), Some(&["id".to_owned()][..]));
/// assert_eq!(schema.field("id").unwrap().inclusion, Some(Inclusion::Automatic));
/// assert_eq!(schema.schema["properties"]["id"]["type"][1], "integer");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StreamSchema {
    /// The stream's JSON Schema (Singer style: `"type": ["null", "integer"]` unions).
    pub schema: Value,
    /// The stream-level metadata (the `breadcrumb: []` entry); default when there is none.
    pub stream: StreamMetadata,
    /// One entry per field, in the order the API sent them.
    pub fields: Vec<FieldEntry>,
    /// The metadata keys a client may write.
    pub non_discoverable_metadata_keys: Vec<String>,
    /// Fields this version does not model, as sent.
    pub other: Map<String, Value>,
}

impl StreamSchema {
    /// The metadata of the top-level field `name`.
    pub fn field(&self, name: &str) -> Option<&FieldMetadata> {
        self.fields
            .iter()
            .find(|entry| entry.name() == Some(name))
            .map(|entry| &entry.metadata)
    }

    /// The names of the top-level fields, in the API's order.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().filter_map(FieldEntry::name)
    }
}

/// One `{"breadcrumb": [...], "metadata": {...}}` entry as the wire has it.
#[derive(Serialize, Deserialize)]
struct WireEntry<M> {
    breadcrumb: Vec<String>,
    metadata: M,
}

impl<'de> Deserialize<'de> for StreamSchema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            schema: Value,
            #[serde(default)]
            metadata: Vec<WireEntry<Value>>,
            #[serde(rename = "non-discoverable-metadata-keys", default)]
            non_discoverable_metadata_keys: Vec<String>,
            #[serde(flatten)]
            other: Map<String, Value>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let schema = match wire.schema {
            Value::String(text) => serde_json::from_str(&text).map_err(|error| {
                de::Error::custom(format_args!("`schema` is not a JSON document: {error}"))
            })?,
            // Not what the docs show, but already what the string would hold.
            object @ Value::Object(_) => object,
            other => {
                return Err(de::Error::custom(format_args!(
                    "`schema` is neither a JSON string nor an object: {other}"
                )));
            }
        };
        let mut stream = None;
        let mut fields = Vec::new();
        for (index, entry) in wire.metadata.into_iter().enumerate() {
            let at = |error: serde_json::Error| {
                de::Error::custom(format_args!("metadata[{index}]: {error}"))
            };
            if entry.breadcrumb.is_empty() {
                if stream.is_some() {
                    return Err(de::Error::custom(format_args!(
                        "metadata[{index}]: a second entry for the stream (breadcrumb [])"
                    )));
                }
                stream = Some(serde_json::from_value(entry.metadata).map_err(at)?);
            } else {
                fields.push(FieldEntry {
                    breadcrumb: entry.breadcrumb,
                    metadata: serde_json::from_value(entry.metadata).map_err(at)?,
                });
            }
        }
        Ok(StreamSchema {
            schema,
            stream: stream.unwrap_or_default(),
            fields,
            non_discoverable_metadata_keys: wire.non_discoverable_metadata_keys,
            other: wire.other,
        })
    }
}

impl Serialize for StreamSchema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3 + self.other.len()))?;
        map.serialize_entry("schema", &self.schema.to_string())?;
        let stream = WireEntry {
            breadcrumb: Vec::new(),
            metadata: &self.stream,
        };
        let entries: Vec<_> = std::iter::once(MetadataOf::Stream(stream))
            .chain(self.fields.iter().map(|field| {
                MetadataOf::Field(WireEntry {
                    breadcrumb: field.breadcrumb.clone(),
                    metadata: &field.metadata,
                })
            }))
            .collect();
        map.serialize_entry("metadata", &entries)?;
        map.serialize_entry(
            "non-discoverable-metadata-keys",
            &self.non_discoverable_metadata_keys,
        )?;
        for (key, value) in &self.other {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A stream or field entry, for writing a mixed `metadata` array.
#[derive(Serialize)]
#[serde(untagged)]
enum MetadataOf<'a> {
    Stream(WireEntry<&'a StreamMetadata>),
    Field(WireEntry<&'a FieldMetadata>),
}

/// The body of `PUT /v4/sources/{source_id}/streams/metadata`: what to select, per stream.
///
/// Build it with [`FieldSelection`](crate::FieldSelection), which checks every choice against
/// the discovered streams, or by hand with [`StreamUpdate`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateStreamMetadata {
    streams: Vec<StreamUpdate>,
}

impl UpdateStreamMetadata {
    /// A body that changes nothing yet.
    pub fn new() -> Self {
        UpdateStreamMetadata::default()
    }

    /// Adds the changes of one stream.
    #[must_use]
    pub fn stream(mut self, update: StreamUpdate) -> Self {
        self.streams.push(update);
        self
    }

    /// The streams the body changes.
    pub fn streams(&self) -> &[StreamUpdate] {
        &self.streams
    }

    /// Whether the body changes nothing.
    pub fn is_empty(&self) -> bool {
        self.streams.is_empty()
    }
}

/// The writable stream-level keys: what a request may set at `breadcrumb: []`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StreamChanges {
    /// Select (`true`) or deselect (`false`) the stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// The replication method, for a stream whose method is not forced.
    #[serde(rename = "replication-method", skip_serializing_if = "Option::is_none")]
    pub replication_method: Option<ReplicationMethod>,
    /// The replication key, for `INCREMENTAL`.
    #[serde(rename = "replication-key", skip_serializing_if = "Option::is_none")]
    pub replication_key: Option<String>,
    /// The key fields of a database view.
    #[serde(
        rename = "view-key-properties",
        skip_serializing_if = "Option::is_none"
    )]
    pub view_key_properties: Option<Vec<String>>,
}

/// The changes of one stream in an [`UpdateStreamMetadata`]: its own keys and the `selected`
/// flag of fields, by name.
///
/// ```
/// use stitch_types::{StreamUpdate, UpdateStreamMetadata};
///
/// let body = UpdateStreamMetadata::new().stream(
///     StreamUpdate::new("custom_collections").selected(true).field("title", true),
/// );
/// assert_eq!(
///     serde_json::to_value(&body)?,
///     serde_json::json!({"streams": [{"tap_stream_id": "custom_collections", "metadata": [
///         {"breadcrumb": [], "metadata": {"selected": true}},
///         {"breadcrumb": ["properties", "title"], "metadata": {"selected": true}}
///     ]}]})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StreamUpdate {
    tap_stream_id: String,
    stream: StreamChanges,
    /// `(field, selected)`, in the order given.
    fields: Vec<(String, bool)>,
}

impl StreamUpdate {
    /// Changes of the stream `tap_stream_id` (not `stream_name`).
    pub fn new(tap_stream_id: impl Into<String>) -> Self {
        StreamUpdate {
            tap_stream_id: tap_stream_id.into(),
            stream: StreamChanges::default(),
            fields: Vec::new(),
        }
    }

    /// Selects or deselects the stream. A stream must be selected before its fields can be.
    #[must_use]
    pub fn selected(mut self, selected: bool) -> Self {
        self.stream.selected = Some(selected);
        self
    }

    /// Sets the replication method.
    #[must_use]
    pub fn replication_method(mut self, method: ReplicationMethod) -> Self {
        self.stream.replication_method = Some(method);
        self
    }

    /// Sets the replication key.
    #[must_use]
    pub fn replication_key(mut self, key: impl Into<String>) -> Self {
        self.stream.replication_key = Some(key.into());
        self
    }

    /// Sets the key fields of a view.
    #[must_use]
    pub fn view_key_properties<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.stream.view_key_properties = Some(keys.into_iter().map(Into::into).collect());
        self
    }

    /// Selects or deselects the top-level field `name`.
    #[must_use]
    pub fn field(mut self, name: impl Into<String>, selected: bool) -> Self {
        self.fields.push((name.into(), selected));
        self
    }

    /// The stream's `tap_stream_id`.
    pub fn tap_stream_id(&self) -> &str {
        &self.tap_stream_id
    }

    /// The stream-level changes.
    pub fn stream_changes(&self) -> &StreamChanges {
        &self.stream
    }

    /// The fields and the `selected` value each gets.
    pub fn fields(&self) -> impl Iterator<Item = (&str, bool)> {
        self.fields
            .iter()
            .map(|(name, selected)| (name.as_str(), *selected))
    }
}

impl Serialize for StreamUpdate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// `{"selected": …}` of a field.
        #[derive(Serialize)]
        struct FieldChange {
            selected: bool,
        }
        /// The `metadata` array: the stream's entry (when it changes anything), then the fields.
        struct Entries<'a>(&'a StreamUpdate);
        impl Serialize for Entries<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let update = self.0;
                let stream_changes = update.stream != StreamChanges::default();
                let mut seq = serializer
                    .serialize_seq(Some(usize::from(stream_changes) + update.fields.len()))?;
                if stream_changes {
                    seq.serialize_element(&WireEntry {
                        breadcrumb: Vec::new(),
                        metadata: &update.stream,
                    })?;
                }
                for (name, selected) in &update.fields {
                    seq.serialize_element(&WireEntry {
                        breadcrumb: vec!["properties".to_owned(), name.clone()],
                        metadata: FieldChange {
                            selected: *selected,
                        },
                    })?;
                }
                seq.end()
            }
        }
        let mut object = serializer.serialize_struct("StreamUpdate", 2)?;
        object.serialize_field("tap_stream_id", &self.tap_stream_id)?;
        object.serialize_field("metadata", &Entries(self))?;
        object.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_documented_stream_schema_reads_with_its_stream_entry_anywhere() {
        let body = json!({
            "schema": "{\"properties\":{\"id\":{\"type\":[\"null\",\"integer\"]},\"updated_at\":{\"type\":[\"null\",\"string\"],\"format\":\"date-time\"},\"collection_id\":{\"type\":[\"null\",\"integer\"]}},\"type\":\"object\"}",
            "metadata": [
                {"breadcrumb": ["properties", "collection_id"], "metadata": {"inclusion": "available", "selected": true}},
                {"breadcrumb": [], "metadata": {"forced-replication-method": "INCREMENTAL", "selected": true,
                    "table-key-properties": ["id"], "valid-replication-keys": ["updated_at"]}},
                {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic", "selected": false}},
                {"breadcrumb": ["properties", "updated_at"], "metadata": {"inclusion": "automatic", "selected": false,
                    "tap_google_analytics.group": "User"}}
            ],
            "non-discoverable-metadata-keys": ["selected", "replication-method", "replication-key", "view-key-properties"],
            "added_later": 1
        });
        let schema: StreamSchema = serde_json::from_value(body).unwrap();
        assert_eq!(
            schema
                .stream
                .forced_replication_method
                .as_ref()
                .map(ForcedReplicationMethod::method),
            Some(&ReplicationMethod::Incremental)
        );
        assert_eq!(
            schema.field_names().collect::<Vec<_>>(),
            ["collection_id", "id", "updated_at"]
        );
        assert!(schema.field("id").unwrap().is_replicated());
        assert_eq!(
            schema.field("updated_at").unwrap().other["tap_google_analytics.group"],
            "User"
        );
        assert_eq!(
            schema.schema["properties"]["updated_at"]["format"],
            "date-time"
        );
        assert_eq!(schema.other["added_later"], 1);
        // Written back: the schema as a string again, unknown keys kept.
        let again = serde_json::to_value(&schema).unwrap();
        assert!(again["schema"].is_string());
        let reread: StreamSchema = serde_json::from_value(again).unwrap();
        assert_eq!(reread, schema);
    }

    #[test]
    fn a_schema_that_is_not_json_is_an_error_naming_it() {
        let error = serde_json::from_value::<StreamSchema>(json!({"schema": "{not json"}))
            .unwrap_err()
            .to_string();
        assert!(error.contains("`schema` is not a JSON document"), "{error}");
        let two_streams = json!({"schema": "{}", "metadata": [
            {"breadcrumb": [], "metadata": {}}, {"breadcrumb": [], "metadata": {}}]});
        let error = serde_json::from_value::<StreamSchema>(two_streams)
            .unwrap_err()
            .to_string();
        assert!(error.contains("metadata[1]: a second entry"), "{error}");
    }

    #[test]
    fn streams_keep_unknown_keys_and_values() {
        let stream: Stream = serde_json::from_value(json!({
            "selected": true, "stream_id": 2375830, "tap_stream_id": "db-public-customer_view",
            "stream_name": "customer_view", "new_field": "kept",
            "metadata": {"database-name": "db", "selected": true, "is-view": true,
                "replication-key": "id", "replication-method": "SOMETHING_NEW", "row-count": 125,
                "schema-name": "public", "table-key-properties": [], "view-key-properties": ["id"],
                "forced-replication-method": {"reason": "bulk API", "replication-method": "FULL_TABLE"}}
        }))
        .unwrap();
        assert_eq!(stream.stream_id, StreamId::new(2_375_830));
        assert_eq!(
            stream.metadata.replication_method,
            Some(ReplicationMethod::Other("SOMETHING_NEW".into()))
        );
        assert_eq!(
            stream
                .metadata
                .forced_replication_method
                .as_ref()
                .map(ForcedReplicationMethod::method),
            Some(&ReplicationMethod::FullTable)
        );
        assert_eq!(stream.other["new_field"], "kept");
        let again = serde_json::to_value(&stream).unwrap();
        assert_eq!(again["metadata"]["replication-method"], "SOMETHING_NEW");
        assert_eq!(
            again["metadata"]["forced-replication-method"]["reason"],
            "bulk API"
        );
    }

    #[test]
    fn replication_follows_the_documented_combinations() {
        let field = |inclusion: &str, selected: Option<bool>, by_default: Option<bool>| {
            let metadata: FieldMetadata = serde_json::from_value(json!({
                "inclusion": inclusion, "selected": selected, "selected-by-default": by_default
            }))
            .unwrap();
            metadata.is_replicated()
        };
        for any in [None, Some(true), Some(false)] {
            assert!(field("automatic", any, any));
            assert!(!field("unsupported", any, any));
            assert!(field("available", Some(true), any));
        }
        assert!(field("available", Some(false), Some(true)));
        assert!(!field("available", Some(false), Some(false)));
        assert!(!field("available", Some(false), None));
        assert!(field("available", None, Some(true)));
        assert!(!field("available", None, None));
        assert!(!field("something_new", Some(true), Some(true)));
    }

    #[test]
    fn an_update_sends_only_what_it_changes() {
        let body = UpdateStreamMetadata::new()
            .stream(
                StreamUpdate::new("db-public-customer_view")
                    .selected(true)
                    .replication_method(ReplicationMethod::Incremental)
                    .replication_key("updated_at")
                    .view_key_properties(["id"])
                    .field("has_magic", true),
            )
            .stream(StreamUpdate::new("orders").field("note", false));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"streams": [
                {"tap_stream_id": "db-public-customer_view", "metadata": [
                    {"breadcrumb": [], "metadata": {"selected": true, "replication-method": "INCREMENTAL",
                        "replication-key": "updated_at", "view-key-properties": ["id"]}},
                    {"breadcrumb": ["properties", "has_magic"], "metadata": {"selected": true}}]},
                {"tap_stream_id": "orders", "metadata": [
                    {"breadcrumb": ["properties", "note"], "metadata": {"selected": false}}]}
            ]})
        );
    }
}

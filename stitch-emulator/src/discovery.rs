//! The streams a source discovers when its connection check passes: read from a Singer catalog
//! file per source type (`DIR/<type>.json`, checked when the emulator starts), or made from the
//! type's name when there is no file.
//!
//! Both go through [`parse_catalog`], so the built-in catalog follows the documented format too.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value, json};
use stitch_types::StepType;

use crate::catalog::{CardDiagnostic, CardKind, Catalog, file_problem, json_files, read_json};

/// The values of `replication-method` and `forced-replication-method` (§5.2).
pub(crate) const REPLICATION_METHODS: [&str; 3] = ["FULL_TABLE", "INCREMENTAL", "LOG_BASED"];

/// The values of a field's `inclusion` (§5.3).
const INCLUSIONS: [&str; 3] = ["automatic", "available", "unsupported"];

/// Field-level metadata by field name, in the schema's order.
pub(crate) type Fields = Vec<(String, Map<String, Value>)>;

/// One stream as discovery finds it, before anyone selects anything.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DiscoveredStream {
    /// The unique name selection uses.
    pub(crate) tap_stream_id: String,
    /// The table or endpoint name.
    pub(crate) stream_name: String,
    /// The JSON Schema as text: `GET …/streams/{id}` sends it as a JSON string.
    pub(crate) schema: Arc<str>,
    /// Stream-level metadata (breadcrumb `[]`).
    pub(crate) metadata: Map<String, Value>,
    /// Field-level metadata of every top-level property.
    pub(crate) fields: Fields,
}

/// The catalog files of `--catalogs DIR`, by source type.
#[derive(Debug, Default)]
pub(crate) struct StreamCatalogs {
    files: BTreeMap<String, Vec<DiscoveredStream>>,
}

impl StreamCatalogs {
    /// Reads every `*.json` of `dir`, adding what is wrong with them to `problems`: a file that
    /// is not a valid catalog, and one named after a type no source card defines or whose card
    /// has no `discover_schema` step (its streams would never be discovered). Without `cards`
    /// (they failed to load) only the files themselves are checked: every type would seem
    /// missing.
    pub(crate) fn load(
        dir: Option<&Path>,
        cards: Option<&Catalog>,
        problems: &mut Vec<CardDiagnostic>,
    ) -> StreamCatalogs {
        let mut catalogs = StreamCatalogs::default();
        let Some(dir) = dir else { return catalogs };
        for file in json_files(dir, problems) {
            let Some(source_type) = file.file_stem().and_then(|stem| stem.to_str()) else {
                problems.push(file_problem(&file, "the file name is not UTF-8".into()));
                continue;
            };
            match cards.map(|cards| cards.card(CardKind::Source, source_type)) {
                None => {}
                Some(None) => problems.push(file_problem(
                    &file,
                    format!(
                        "no source card defines the type `{source_type}` this file is named after"
                    ),
                )),
                Some(Some(card)) if !card.has_step(&StepType::DiscoverSchema) => {
                    problems.push(file_problem(
                        &file,
                        format!(
                            "the card of `{source_type}` has no discover_schema step: its sources never discover streams"
                        ),
                    ));
                }
                Some(Some(_)) => {}
            }
            let Some((_, document)) = read_json(&file, problems) else {
                continue;
            };
            match parse_catalog(&document) {
                Ok(streams) => {
                    catalogs.files.insert(source_type.to_owned(), streams);
                }
                Err(found) => {
                    problems.extend(found.into_iter().map(|(pointer, message)| CardDiagnostic {
                        file: file.clone(),
                        pointer,
                        message,
                    }));
                }
            }
        }
        catalogs
    }

    /// The streams a source of `source_type` discovers: its catalog file's, else the built-in
    /// catalog made from the type.
    pub(crate) fn streams(&self, source_type: &str) -> Vec<DiscoveredStream> {
        match self.files.get(source_type) {
            Some(streams) => streams.clone(),
            // The built-in catalog is a valid catalog (a unit test proves it): nothing is lost.
            None => parse_catalog(&built_in_catalog(source_type)).unwrap_or_default(),
        }
    }
}

/// A JSON pointer token: `~` and `/` escaped (RFC 6901).
fn token(text: &str) -> String {
    stitch_types::report_card::pointer::escape(text)
}

/// Problems found in a catalog: JSON pointer and message.
type Problems = Vec<(String, String)>;

/// Reads a Singer catalog (`{"streams": [...]}`), reporting every problem with its pointer.
pub(crate) fn parse_catalog(document: &Value) -> Result<Vec<DiscoveredStream>, Problems> {
    let mut problems = Problems::new();
    let Some(list) = document.get("streams").and_then(Value::as_array) else {
        return Err(vec![(
            String::new(),
            "a catalog is an object with a `streams` array".into(),
        )]);
    };
    let mut streams = Vec::with_capacity(list.len());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, entry) in list.iter().enumerate() {
        let at = format!("/streams/{index}");
        if let Some(id) = entry.get("tap_stream_id").and_then(Value::as_str) {
            if let Some(first) = seen.insert(id, index) {
                problems.push((
                    format!("{at}/tap_stream_id"),
                    format!("`{id}` is also the tap_stream_id of /streams/{first}"),
                ));
            }
        }
        if let Some(stream) = parse_stream(entry, &at, &mut problems) {
            streams.push(stream);
        }
    }
    if problems.is_empty() {
        Ok(streams)
    } else {
        Err(problems)
    }
}

fn parse_stream(entry: &Value, at: &str, problems: &mut Problems) -> Option<DiscoveredStream> {
    let Some(entry) = entry.as_object() else {
        problems.push((at.to_owned(), "a stream must be an object".into()));
        return None;
    };
    let before = problems.len();
    let tap_stream_id = match entry.get("tap_stream_id") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        Some(_) => {
            problems.push((
                format!("{at}/tap_stream_id"),
                "must be a non-empty string".into(),
            ));
            String::new()
        }
        None => {
            problems.push((at.to_owned(), "has no `tap_stream_id`".into()));
            String::new()
        }
    };
    let stream_name = stream_name(entry, at, problems);
    let properties = match entry.get("schema") {
        Some(Value::Object(schema)) => schema_properties(schema, &format!("{at}/schema"), problems),
        Some(_) => {
            problems.push((
                format!("{at}/schema"),
                "must be a JSON Schema object".into(),
            ));
            None
        }
        None => {
            problems.push((at.to_owned(), "has no `schema`".into()));
            None
        }
    };
    let (metadata, fields) = match properties {
        Some(properties) => metadata(entry.get("metadata"), &properties, at, problems),
        None => (Map::new(), Vec::new()),
    };
    if problems.len() > before {
        return None;
    }
    let schema = entry
        .get("schema")
        .map(Value::to_string)
        .unwrap_or_default();
    Some(DiscoveredStream {
        tap_stream_id,
        stream_name,
        schema: schema.into(),
        metadata,
        fields,
    })
}

/// `stream`, or its alias `stream_name` (the Stream object's name for it).
fn stream_name(entry: &Map<String, Value>, at: &str, problems: &mut Problems) -> String {
    let mut names = Vec::new();
    for key in ["stream", "stream_name"] {
        match entry.get(key) {
            None => {}
            Some(Value::String(name)) if !name.is_empty() => names.push((key, name)),
            Some(_) => problems.push((format!("{at}/{key}"), "must be a non-empty string".into())),
        }
    }
    match names.as_slice() {
        [] => {
            problems.push((at.to_owned(), "has no `stream` (or `stream_name`)".into()));
            String::new()
        }
        [(_, first), (key, second)] if first != second => {
            problems.push((
                format!("{at}/{key}"),
                format!("`{second}` differs from `stream` `{first}`: give one name"),
            ));
            String::new()
        }
        [(_, name), ..] => (*name).clone(),
    }
}

/// The names of the schema's top-level properties, in its order.
fn schema_properties(
    schema: &Map<String, Value>,
    at: &str,
    problems: &mut Problems,
) -> Option<Vec<String>> {
    let is_object = |value: &Value| value == "object";
    match schema.get("type") {
        None => {}
        Some(kind) if is_object(kind) => {}
        Some(Value::Array(kinds)) if kinds.iter().any(is_object) => {}
        Some(_) => {
            problems.push((
                format!("{at}/type"),
                "a stream's schema must be of type `object`".into(),
            ));
        }
    }
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        problems.push((
            at.to_owned(),
            "has no `properties` object: fields are what a selection picks".into(),
        ));
        return None;
    };
    let mut names = Vec::with_capacity(properties.len());
    for (name, property) in properties {
        if property.is_object() {
            names.push(name.clone());
        } else {
            problems.push((
                format!("{at}/properties/{}", token(name)),
                "must be a JSON Schema object".into(),
            ));
        }
    }
    Some(names)
}

/// The stream-level metadata and every field's, from the `metadata` entries.
fn metadata(
    entries: Option<&Value>,
    properties: &[String],
    at: &str,
    problems: &mut Problems,
) -> (Map<String, Value>, Fields) {
    let mut stream: Option<Map<String, Value>> = None;
    let mut fields: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    let entries = match entries {
        // Emulator's choice (the format is Singer's, which requires `metadata`): a stream without
        // it has no stream-level metadata and every field is `available`.
        None => &Vec::new(),
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            problems.push((
                format!("{at}/metadata"),
                "must be an array of metadata entries".into(),
            ));
            return (Map::new(), Vec::new());
        }
    };
    for (index, entry) in entries.iter().enumerate() {
        let at = format!("{at}/metadata/{index}");
        let breadcrumb = entry.get("breadcrumb").and_then(Value::as_array);
        let values = entry.get("metadata").and_then(Value::as_object);
        let (Some(breadcrumb), Some(values)) = (breadcrumb, values) else {
            problems.push((
                at,
                "a metadata entry is an object with a `breadcrumb` array and a `metadata` object"
                    .into(),
            ));
            continue;
        };
        let path: Option<Vec<&str>> = breadcrumb.iter().map(Value::as_str).collect();
        match path.as_deref() {
            Some([]) => {
                if stream.is_some() {
                    problems.push((format!("{at}/breadcrumb"), "a second entry for the stream (`[]`)".into()));
                }
                check_stream_metadata(values, properties, &at, problems);
                stream = Some(values.clone());
            }
            Some(["properties", name]) => {
                let Some(field) = properties.iter().find(|field| field == name) else {
                    problems.push((
                        format!("{at}/breadcrumb/1"),
                        format!("`{name}` is not a property of the stream's schema"),
                    ));
                    continue;
                };
                if fields.contains_key(field.as_str()) {
                    problems.push((format!("{at}/breadcrumb"), format!("a second entry for the field `{name}`")));
                }
                check_field_metadata(values, &at, problems);
                fields.insert(field, values.clone());
            }
            // Emulator's choice (§14 silent 4: nested fields): only top-level fields are
            // addressed, as in every documented example.
            Some(_) => problems.push((
                format!("{at}/breadcrumb"),
                "must be `[]` (the stream) or `[\"properties\", <field>]`: nested fields are not supported".into(),
            )),
            None => problems.push((format!("{at}/breadcrumb"), "must be an array of strings".into())),
        }
    }
    let fields = properties
        .iter()
        .map(|name| {
            let mut values = fields.remove(name.as_str()).unwrap_or_default();
            // Emulator's choice (docs silent): a field without an `inclusion` is `available`,
            // the inclusion of an ordinary field.
            values
                .entry("inclusion")
                .or_insert_with(|| Value::from("available"));
            (name.clone(), values)
        })
        .collect();
    (stream.unwrap_or_default(), fields)
}

fn check_stream_metadata(
    values: &Map<String, Value>,
    properties: &[String],
    at: &str,
    problems: &mut Problems,
) {
    let at = format!("{at}/metadata");
    let is_method = |value: &Value| {
        value
            .as_str()
            .is_some_and(|m| REPLICATION_METHODS.contains(&m))
    };
    for (key, value) in values {
        let here = format!("{at}/{}", token(key));
        let field_list = |problems: &mut Problems| match value.as_array() {
            Some(names) => {
                for (index, name) in names.iter().enumerate() {
                    if !name
                        .as_str()
                        .is_some_and(|name| properties.iter().any(|p| p == name))
                    {
                        problems.push((
                            format!("{here}/{index}"),
                            format!("{name} is not a property of the stream's schema"),
                        ));
                    }
                }
            }
            None => problems.push((here.clone(), "must be an array of field names".into())),
        };
        match key.as_str() {
            "forced-replication-method" => {
                // The string of the docs, or the `{reason, replication-method}` object of oas:
                // (Salesforce).
                let method = value.get("replication-method").unwrap_or(value);
                if !is_method(method) {
                    problems.push((here, "must be FULL_TABLE, INCREMENTAL or LOG_BASED".into()));
                }
            }
            "replication-method" if !is_method(value) && !value.is_null() => {
                problems.push((here, "must be FULL_TABLE, INCREMENTAL or LOG_BASED".into()));
            }
            "valid-replication-keys" | "table-key-properties" | "view-key-properties" => {
                field_list(problems)
            }
            "replication-key"
                if !value.is_null()
                    && !value
                        .as_str()
                        .is_some_and(|name| properties.iter().any(|p| p == name)) =>
            {
                problems.push((here, "must name a property of the stream's schema".into()));
            }
            "selected" if !value.is_boolean() && !value.is_null() => {
                problems.push((here, "must be a boolean or null".into()));
            }
            _ => {}
        }
    }
}

fn check_field_metadata(values: &Map<String, Value>, at: &str, problems: &mut Problems) {
    let at = format!("{at}/metadata");
    match values.get("inclusion") {
        None => {}
        Some(inclusion) if inclusion.as_str().is_some_and(|i| INCLUSIONS.contains(&i)) => {}
        Some(_) => problems.push((
            format!("{at}/inclusion"),
            "must be automatic, available or unsupported".into(),
        )),
    }
    for key in ["selected", "selected-by-default"] {
        if values
            .get(key)
            .is_some_and(|value| !value.is_boolean() && !value.is_null())
        {
            problems.push((format!("{at}/{key}"), "must be a boolean or null".into()));
        }
    }
    if values.get("inclusion") == Some(&json!("unsupported"))
        && values.get("selected") == Some(&json!(true))
    {
        problems.push((
            format!("{at}/selected"),
            "an unsupported field cannot be selected".into(),
        ));
    }
}

/// The catalog of a type without a file: the same three streams for every type, so a test can
/// rely on them, with the type's name in what a reader sees of it.
///
/// - `accounts`, as SaaS streams are: `forced-replication-method: INCREMENTAL`, key `id`,
///   replication key `updated_at` (both automatic), four available fields and one unsupported;
/// - `events`, with a configurable method: `valid-replication-keys` `created_at` and
///   `sequence`, and a field `selected-by-default`;
/// - `settings`, a small full-table stream.
pub(crate) fn built_in_catalog(source_type: &str) -> Value {
    let tap = source_type.strip_prefix("platform.").unwrap_or(source_type);
    let integer = json!({"type": ["null", "integer"]});
    let string = json!({"type": ["null", "string"]});
    let timestamp = json!({"type": ["null", "string"], "format": "date-time"});
    let field = |name: &str, metadata: Value| json!({"breadcrumb": ["properties", name], "metadata": metadata});
    let automatic = json!({"inclusion": "automatic"});
    let available = json!({"inclusion": "available"});
    json!({"streams": [
        {
            "tap_stream_id": "accounts",
            "stream": "accounts",
            "schema": {"type": "object", "properties": {
                "id": integer, "updated_at": timestamp, "name": string, "email": string,
                "plan": string, "created_at": timestamp, "legacy_code": string
            }},
            "metadata": [
                {"breadcrumb": [], "metadata": {
                    "forced-replication-method": "INCREMENTAL",
                    "table-key-properties": ["id"],
                    "valid-replication-keys": ["updated_at"]
                }},
                field("id", automatic.clone()),
                field("updated_at", automatic.clone()),
                field("name", available.clone()),
                field("email", available.clone()),
                field("plan", available.clone()),
                field("created_at", available.clone()),
                field("legacy_code", json!({
                    "inclusion": "unsupported",
                    "unsupported-description": format!("this field is unsupported by the {tap} API.")
                })),
            ]
        },
        {
            "tap_stream_id": "events",
            "stream": "events",
            "schema": {"type": "object", "properties": {
                "id": integer, "created_at": timestamp, "sequence": integer, "kind": string,
                "payload": string
            }},
            "metadata": [
                {"breadcrumb": [], "metadata": {
                    "table-key-properties": ["id"],
                    "valid-replication-keys": ["created_at", "sequence"]
                }},
                field("id", automatic.clone()),
                field("created_at", available.clone()),
                field("sequence", available.clone()),
                field("kind", json!({"inclusion": "available", "selected-by-default": true})),
                field("payload", available.clone()),
            ]
        },
        {
            "tap_stream_id": "settings",
            "stream": "settings",
            "schema": {"type": "object", "properties": {"key": string, "value": string}},
            "metadata": [
                {"breadcrumb": [], "metadata": {
                    "forced-replication-method": "FULL_TABLE",
                    "table-key-properties": ["key"]
                }},
                field("key", automatic),
                field("value", available),
            ]
        }
    ]})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalog_is_a_valid_catalog_and_the_same_every_time() {
        let streams = parse_catalog(&built_in_catalog("platform.hubspot")).unwrap();
        let ids: Vec<&str> = streams.iter().map(|s| s.tap_stream_id.as_str()).collect();
        assert_eq!(ids, ["accounts", "events", "settings"]);
        assert_eq!(
            streams,
            parse_catalog(&built_in_catalog("platform.hubspot")).unwrap()
        );
        let accounts = &streams[0];
        assert_eq!(
            accounts.metadata["forced-replication-method"],
            "INCREMENTAL"
        );
        let legacy = &accounts
            .fields
            .iter()
            .find(|(name, _)| name == "legacy_code")
            .unwrap()
            .1;
        assert_eq!(
            legacy["unsupported-description"],
            "this field is unsupported by the hubspot API."
        );
        assert!(
            streams[1]
                .metadata
                .get("forced-replication-method")
                .is_none()
        );
    }

    #[test]
    fn every_problem_has_a_pointer() {
        let document = json!({"streams": [
            {"tap_stream_id": "a", "stream": "a", "schema": {"type": "object", "properties": {"id": {}}},
             "metadata": [
                {"breadcrumb": ["properties", "nope"], "metadata": {}},
                {"breadcrumb": [], "metadata": {"valid-replication-keys": ["id", "missing"]}},
                {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "sometimes"}}
             ]},
            {"tap_stream_id": "a", "stream_name": "b", "schema": []},
            "not a stream"
        ]});
        let problems = parse_catalog(&document).unwrap_err();
        let pointers: Vec<&str> = problems
            .iter()
            .map(|(pointer, _)| pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "/streams/0/metadata/0/breadcrumb/1",
                "/streams/0/metadata/1/metadata/valid-replication-keys/1",
                "/streams/0/metadata/2/metadata/inclusion",
                "/streams/1/tap_stream_id",
                "/streams/1/schema",
                "/streams/2",
            ],
            "{problems:?}"
        );
    }

    #[test]
    fn stream_name_is_an_alias_of_stream_and_fields_default_to_available() {
        let document = json!({"streams": [{"tap_stream_id": "db-public-t", "stream_name": "t",
            "schema": {"properties": {"a": {"type": "string"}}}}]});
        let streams = parse_catalog(&document).unwrap();
        assert_eq!(streams[0].stream_name, "t");
        assert_eq!(streams[0].fields[0].1["inclusion"], "available");
        assert_eq!(
            &*streams[0].schema,
            r#"{"properties":{"a":{"type":"string"}}}"#
        );
    }
}

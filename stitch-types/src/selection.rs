//! The field-selection builder: turns "replicate these streams, these fields, this way" into the
//! body of `PUT /v4/sources/{id}/streams/metadata`, checked against the discovered streams before
//! anything is sent.

use core::fmt;
use std::collections::BTreeSet;

use stitch_report_card::closest_name;

use crate::streams::{
    Inclusion, ReplicationMethod, Stream, StreamSchema, StreamUpdate, UpdateStreamMetadata,
};

/// A stream found by discovery, with its schema: what [`FieldSelection`] checks choices against.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DiscoveredStream {
    /// The stream as `GET …/streams` lists it.
    pub stream: Stream,
    /// Its schema and field metadata, from `GET …/streams/{stream_id}`.
    pub schema: StreamSchema,
}

impl DiscoveredStream {
    /// A stream and its schema.
    pub fn new(stream: Stream, schema: StreamSchema) -> Self {
        DiscoveredStream { stream, schema }
    }

    /// The stream's unique name.
    pub fn tap_stream_id(&self) -> &str {
        &self.stream.tap_stream_id
    }

    /// The fields that replicate whenever the stream does (`inclusion: automatic`).
    pub fn automatic_fields(&self) -> impl Iterator<Item = &str> {
        self.fields_with(|inclusion| *inclusion == Inclusion::Automatic)
    }

    /// The fields a selection may choose (`inclusion: available`).
    pub fn available_fields(&self) -> impl Iterator<Item = &str> {
        self.fields_with(|inclusion| *inclusion == Inclusion::Available)
    }

    fn fields_with(&self, keep: impl Fn(&Inclusion) -> bool) -> impl Iterator<Item = &str> {
        self.schema.fields.iter().filter_map(move |entry| {
            let name = entry.name()?;
            entry.metadata.inclusion.as_ref().filter(|i| keep(i))?;
            Some(name)
        })
    }

    /// The stream-level metadata: the schema's (`breadcrumb: []`), which is complete, rather
    /// than the list's.
    fn metadata(&self) -> &crate::StreamMetadata {
        &self.schema.stream
    }
}

/// Which fields of a chosen stream replicate, besides the automatic ones.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Fields {
    /// The fields named, each checked against the stream whatever else is chosen.
    named: Vec<String>,
    /// Every `available` field as well.
    all_available: bool,
}

/// What to replicate of one stream: build with [`StreamChoice::stream`], give it to
/// [`FieldSelection::select`].
///
/// Fields with `inclusion: automatic` are always selected; of the `available` ones, exactly those
/// named are (or all of them, with [`all_fields`](Self::all_fields)), and the others are
/// deselected, so the stream's selection afterwards is what the choice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamChoice {
    stream: String,
    fields: Fields,
    replication_method: Option<ReplicationMethod>,
    replication_key: Option<String>,
    view_key_properties: Option<Vec<String>>,
}

impl StreamChoice {
    /// Selects the stream named `stream`: its `tap_stream_id`, or its `stream_name` when no other
    /// stream has that name. With no field named, only the automatic fields replicate.
    pub fn stream(stream: impl Into<String>) -> Self {
        StreamChoice {
            stream: stream.into(),
            fields: Fields::default(),
            replication_method: None,
            replication_key: None,
            view_key_properties: None,
        }
    }

    /// Selects the top-level field `name` as well.
    #[must_use]
    pub fn field(mut self, name: impl Into<String>) -> Self {
        // Kept even beside `all_fields`, so a misspelt name is still reported.
        self.fields.named.push(name.into());
        self
    }

    /// Selects these top-level fields as well.
    #[must_use]
    pub fn fields<I, S>(self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        names.into_iter().fold(self, StreamChoice::field)
    }

    /// Selects every `available` field (with the automatic ones, every field that is not
    /// `unsupported`). Fields named with [`field`](Self::field) are still checked.
    #[must_use]
    pub fn all_fields(mut self) -> Self {
        self.fields.all_available = true;
        self
    }

    /// Replicates with `method`; a stream with a `forced-replication-method` accepts only that
    /// one. `INCREMENTAL` needs a [`replication_key`](Self::replication_key) too, unless forced.
    #[must_use]
    pub fn replication_method(mut self, method: ReplicationMethod) -> Self {
        self.replication_method = Some(method);
        self
    }

    /// Uses `key` as the replication key: one of the stream's `valid-replication-keys` when it
    /// lists them, otherwise one of its fields.
    #[must_use]
    pub fn replication_key(mut self, key: impl Into<String>) -> Self {
        self.replication_key = Some(key.into());
        self
    }

    /// The key fields of a database view (`is-view: true`), which a view's selection must give.
    #[must_use]
    pub fn view_key_properties<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.view_key_properties = Some(keys.into_iter().map(Into::into).collect());
        self
    }
}

/// Builds a checked [`UpdateStreamMetadata`] from the discovered streams.
///
/// ```
/// use stitch_types::{DiscoveredStream, FieldSelection, ReplicationMethod, StreamChoice};
/// # let stream = serde_json::from_value(serde_json::json!({"stream_id": 1,
/// #     "tap_stream_id": "orders", "stream_name": "orders", "selected": null, "metadata": {}}))?;
/// # let schema = serde_json::from_value(serde_json::json!({"schema": "{}", "metadata": [
/// #     {"breadcrumb": [], "metadata": {"valid-replication-keys": ["updated_at"]}},
/// #     {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
/// #     {"breadcrumb": ["properties", "updated_at"], "metadata": {"inclusion": "available"}},
/// #     {"breadcrumb": ["properties", "total"], "metadata": {"inclusion": "available"}}]}))?;
/// # let discovered = vec![DiscoveredStream::new(stream, schema)];
/// // `discovered`: from `stitch_client::Client::discovered_streams`.
/// let body = FieldSelection::new(&discovered)
///     .select(
///         StreamChoice::stream("orders")
///             .fields(["total"])
///             .replication_method(ReplicationMethod::Incremental)
///             .replication_key("updated_at"),
///     )
///     .build()?;
/// assert_eq!(body.streams()[0].tap_stream_id(), "orders");
///
/// let typo = FieldSelection::new(&discovered)
///     .select(StreamChoice::stream("orders").field("totl"))
///     .build()
///     .unwrap_err();
/// assert_eq!(
///     typo.to_string(),
///     r#"stream `orders`: no field `totl` (did you mean `total`?)"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct FieldSelection<'a> {
    streams: &'a [DiscoveredStream],
    choices: Vec<StreamChoice>,
    deselected: Vec<String>,
}

impl<'a> FieldSelection<'a> {
    /// A selection among `streams` that selects nothing yet.
    pub fn new(streams: &'a [DiscoveredStream]) -> Self {
        FieldSelection {
            streams,
            choices: Vec::new(),
            deselected: Vec::new(),
        }
    }

    /// Replicates a stream as `choice` says.
    #[must_use]
    pub fn select(mut self, choice: StreamChoice) -> Self {
        self.choices.push(choice);
        self
    }

    /// Stops replicating the stream named `stream`.
    #[must_use]
    pub fn deselect(mut self, stream: impl Into<String>) -> Self {
        self.deselected.push(stream.into());
        self
    }

    /// The body, or every problem of the selection, each naming its stream and field.
    pub fn build(&self) -> Result<UpdateStreamMetadata, SelectionErrors> {
        let mut errors = Vec::new();
        let mut body = UpdateStreamMetadata::new();
        let mut seen = BTreeSet::new();
        if self.choices.is_empty() && self.deselected.is_empty() {
            errors.push(SelectionError::NothingSelected);
        }
        for choice in &self.choices {
            let Some(stream) = self.resolve(&choice.stream, &mut errors) else {
                continue;
            };
            if !seen.insert(stream.tap_stream_id()) {
                errors.push(SelectionError::ChosenTwice {
                    stream: stream.tap_stream_id().to_owned(),
                });
                continue;
            }
            if let Some(update) = check_choice(stream, choice, &mut errors) {
                body = body.stream(update);
            }
        }
        for name in &self.deselected {
            let Some(stream) = self.resolve(name, &mut errors) else {
                continue;
            };
            if !seen.insert(stream.tap_stream_id()) {
                errors.push(SelectionError::ChosenTwice {
                    stream: stream.tap_stream_id().to_owned(),
                });
                continue;
            }
            body = body.stream(StreamUpdate::new(stream.tap_stream_id()).selected(false));
        }
        if errors.is_empty() {
            Ok(body)
        } else {
            Err(SelectionErrors(errors))
        }
    }

    /// The stream a choice names: by `tap_stream_id`, else by a `stream_name` no other stream has.
    fn resolve(
        &self,
        name: &str,
        errors: &mut Vec<SelectionError>,
    ) -> Option<&'a DiscoveredStream> {
        let streams = self.streams;
        if let Some(stream) = streams.iter().find(|s| s.tap_stream_id() == name) {
            return Some(stream);
        }
        let mut by_name = streams.iter().filter(|s| s.stream.stream_name == name);
        match (by_name.next(), by_name.next()) {
            (Some(stream), None) => Some(stream),
            (Some(_), Some(_)) => {
                let candidates = streams
                    .iter()
                    .filter(|s| s.stream.stream_name == name)
                    .map(|s| s.tap_stream_id().to_owned())
                    .collect();
                errors.push(SelectionError::AmbiguousStream {
                    stream: name.to_owned(),
                    candidates,
                });
                None
            }
            (None, _) => {
                let suggestion =
                    closest_name(name, streams.iter().map(DiscoveredStream::tap_stream_id))
                        .map(str::to_owned);
                errors.push(SelectionError::UnknownStream {
                    stream: name.to_owned(),
                    suggestion,
                });
                None
            }
        }
    }
}

/// Checks one choice against its stream; the update when it has no problem.
fn check_choice(
    stream: &DiscoveredStream,
    choice: &StreamChoice,
    errors: &mut Vec<SelectionError>,
) -> Option<StreamUpdate> {
    let before = errors.len();
    let id = stream.tap_stream_id();
    let metadata = stream.metadata();
    let field_names: Vec<&str> = stream.schema.field_names().collect();
    let unknown_field = |field: &str| SelectionError::UnknownField {
        stream: id.to_owned(),
        field: field.to_owned(),
        suggestion: closest_name(field, field_names.iter().copied()).map(str::to_owned),
    };

    // Which fields the choice selects besides the automatic ones.
    for name in &choice.fields.named {
        match stream.schema.field(name) {
            None => errors.push(unknown_field(name)),
            Some(field) if field.inclusion == Some(Inclusion::Unsupported) => {
                errors.push(SelectionError::UnsupportedField {
                    stream: id.to_owned(),
                    field: name.clone(),
                    reason: field.unsupported_description.clone(),
                });
            }
            Some(_) => {}
        }
    }
    let mut chosen: BTreeSet<&str> = choice.fields.named.iter().map(String::as_str).collect();
    if choice.fields.all_available {
        chosen.extend(stream.available_fields());
    }

    let forced = metadata
        .forced_replication_method
        .as_ref()
        .map(|forced| forced.method());
    let method = match (&choice.replication_method, forced) {
        (Some(requested), Some(forced)) if requested != forced => {
            errors.push(SelectionError::MethodForced {
                stream: id.to_owned(),
                forced: forced.clone(),
                requested: requested.clone(),
            });
            None
        }
        // The forced method is the stream's already: it is not sent (streams reference §6).
        (_, Some(_)) => None,
        (requested, None) => requested.clone(),
    };
    if let Some(key) = &choice.replication_key {
        let valid: Vec<String> = match &metadata.valid_replication_keys {
            Some(valid) => valid.clone(),
            None => field_names.iter().map(|name| (*name).to_owned()).collect(),
        };
        if !valid.iter().any(|valid| valid == key) {
            errors.push(SelectionError::InvalidReplicationKey {
                stream: id.to_owned(),
                key: key.clone(),
                valid,
            });
        }
    } else if method == Some(ReplicationMethod::Incremental) {
        // A forced INCREMENTAL stream uses its valid-replication-keys by itself; a chosen one
        // must say which field is the key (streams reference §6).
        errors.push(SelectionError::MissingReplicationKey {
            stream: id.to_owned(),
            valid: metadata.valid_replication_keys.clone().unwrap_or_default(),
        });
    }
    match &choice.view_key_properties {
        Some(keys) => {
            for key in keys {
                if !field_names.contains(&key.as_str()) {
                    errors.push(unknown_field(key));
                }
            }
        }
        None if metadata.is_view == Some(true) => {
            errors.push(SelectionError::MissingViewKeys {
                stream: id.to_owned(),
            });
        }
        None => {}
    }

    let replicated_by_default = stream.schema.fields.iter().any(|entry| {
        entry.name().is_some()
            && (entry.metadata.inclusion == Some(Inclusion::Automatic)
                || (entry.metadata.inclusion == Some(Inclusion::Available)
                    && entry.metadata.selected_by_default == Some(true)))
    });
    let selects_one = chosen
        .iter()
        .any(|name| stream.schema.field(name).is_some());
    if !replicated_by_default && !selects_one {
        errors.push(SelectionError::NoFieldSelected {
            stream: id.to_owned(),
        });
    }
    if errors.len() > before {
        return None;
    }

    let mut update = StreamUpdate::new(id).selected(true);
    if let Some(method) = method {
        update = update.replication_method(method);
    }
    if let Some(key) = &choice.replication_key {
        update = update.replication_key(key);
    }
    if let Some(keys) = &choice.view_key_properties {
        update = update.view_key_properties(keys.iter().cloned());
    }
    for entry in &stream.schema.fields {
        let Some(name) = entry.name() else { continue };
        update = match entry.metadata.inclusion {
            Some(Inclusion::Automatic) => update.field(name, true),
            Some(Inclusion::Available) => update.field(name, chosen.contains(name)),
            // Unsupported fields cannot be selected (a named one is an error above).
            Some(Inclusion::Unsupported) => update,
            // A field with no `inclusion`, or one this crate does not know, is sent selected
            // when the choice names it, as asked, and otherwise left as the source has it.
            _ if chosen.contains(name) => update.field(name, true),
            _ => update,
        };
    }
    Some(update)
}

/// One problem of a [`FieldSelection`]: each names its stream, and its field when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SelectionError {
    /// The selection chooses no stream at all.
    NothingSelected,
    /// No discovered stream has this `tap_stream_id` or `stream_name`.
    UnknownStream {
        /// The name given.
        stream: String,
        /// The closest `tap_stream_id`, if one is close.
        suggestion: Option<String>,
    },
    /// Several streams have this `stream_name`: name one by `tap_stream_id`.
    AmbiguousStream {
        /// The name given.
        stream: String,
        /// The `tap_stream_id`s of the streams with that name.
        candidates: Vec<String>,
    },
    /// The stream is chosen (or deselected) more than once.
    ChosenTwice {
        /// The stream's `tap_stream_id`.
        stream: String,
    },
    /// The stream has no field of this name.
    UnknownField {
        /// The stream's `tap_stream_id`.
        stream: String,
        /// The field given.
        field: String,
        /// The closest field name, if one is close.
        suggestion: Option<String>,
    },
    /// The field's `inclusion` is `unsupported`: it never replicates.
    UnsupportedField {
        /// The stream's `tap_stream_id`.
        stream: String,
        /// The field.
        field: String,
        /// The source's `unsupported-description`, when it gives one.
        reason: Option<String>,
    },
    /// The stream must use another replication method.
    MethodForced {
        /// The stream's `tap_stream_id`.
        stream: String,
        /// Its `forced-replication-method`.
        forced: ReplicationMethod,
        /// The method asked for.
        requested: ReplicationMethod,
    },
    /// The replication key is not one the stream allows.
    InvalidReplicationKey {
        /// The stream's `tap_stream_id`.
        stream: String,
        /// The key given.
        key: String,
        /// The allowed keys: `valid-replication-keys`, or every field when the stream lists none.
        valid: Vec<String>,
    },
    /// `INCREMENTAL` was chosen without a replication key.
    MissingReplicationKey {
        /// The stream's `tap_stream_id`.
        stream: String,
        /// The stream's `valid-replication-keys`, if it lists any.
        valid: Vec<String>,
    },
    /// The stream is a database view: its selection must give `view_key_properties`.
    MissingViewKeys {
        /// The stream's `tap_stream_id`.
        stream: String,
    },
    /// The stream is chosen but no field of it would replicate: it has no automatic field and
    /// none is selected.
    NoFieldSelected {
        /// The stream's `tap_stream_id`.
        stream: String,
    },
}

impl SelectionError {
    /// The `tap_stream_id` (or the name given) of the stream the problem is about.
    pub fn stream(&self) -> Option<&str> {
        match self {
            SelectionError::NothingSelected => None,
            SelectionError::UnknownStream { stream, .. }
            | SelectionError::AmbiguousStream { stream, .. }
            | SelectionError::ChosenTwice { stream }
            | SelectionError::UnknownField { stream, .. }
            | SelectionError::UnsupportedField { stream, .. }
            | SelectionError::MethodForced { stream, .. }
            | SelectionError::InvalidReplicationKey { stream, .. }
            | SelectionError::MissingReplicationKey { stream, .. }
            | SelectionError::MissingViewKeys { stream }
            | SelectionError::NoFieldSelected { stream } => Some(stream),
        }
    }
}

/// `a`, `b` and `c`, each in backticks.
fn listed(names: &[String]) -> String {
    match names {
        [] => "none".to_owned(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|name| format!("`{name}`")).collect();
            format!("{} and `{last}`", init.join(", "))
        }
    }
}

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let suggest = |f: &mut fmt::Formatter<'_>, suggestion: &Option<String>| match suggestion {
            Some(suggestion) => write!(f, " (did you mean `{suggestion}`?)"),
            None => Ok(()),
        };
        match self {
            SelectionError::NothingSelected => f.write_str("the selection chooses no stream"),
            SelectionError::UnknownStream { stream, suggestion } => {
                write!(f, "no stream `{stream}` was discovered")?;
                suggest(f, suggestion)
            }
            SelectionError::AmbiguousStream { stream, candidates } => write!(
                f,
                "several streams are called `{stream}`: name one by its tap_stream_id ({})",
                listed(candidates)
            ),
            SelectionError::ChosenTwice { stream } => {
                write!(f, "stream `{stream}`: chosen more than once")
            }
            SelectionError::UnknownField {
                stream,
                field,
                suggestion,
            } => {
                write!(f, "stream `{stream}`: no field `{field}`")?;
                suggest(f, suggestion)
            }
            SelectionError::UnsupportedField {
                stream,
                field,
                reason,
            } => {
                write!(
                    f,
                    "stream `{stream}`: field `{field}` is unsupported and cannot be selected"
                )?;
                match reason {
                    Some(reason) => write!(f, " ({reason})"),
                    None => Ok(()),
                }
            }
            SelectionError::MethodForced {
                stream,
                forced,
                requested,
            } => write!(
                f,
                "stream `{stream}`: replication method {requested} asked for, but the stream must use {forced}"
            ),
            SelectionError::InvalidReplicationKey { stream, key, valid } => write!(
                f,
                "stream `{stream}`: `{key}` is not a valid replication key (valid: {})",
                listed(valid)
            ),
            SelectionError::MissingReplicationKey { stream, valid } => {
                write!(
                    f,
                    "stream `{stream}`: INCREMENTAL replication needs a replication key"
                )?;
                if !valid.is_empty() {
                    write!(f, " (valid: {})", listed(valid))?;
                }
                Ok(())
            }
            SelectionError::MissingViewKeys { stream } => write!(
                f,
                "stream `{stream}`: a view needs view_key_properties (it has no primary key)"
            ),
            SelectionError::NoFieldSelected { stream } => write!(
                f,
                "stream `{stream}`: no field selected, and none is automatic: nothing would replicate"
            ),
        }
    }
}

/// Every problem of a [`FieldSelection`], in the order of the choices. `Display` shows one per
/// line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionErrors(Vec<SelectionError>);

impl SelectionErrors {
    /// The problems.
    pub fn errors(&self) -> &[SelectionError] {
        &self.0
    }
}

impl fmt::Display for SelectionErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            fmt::Display::fmt(error, f)?;
        }
        Ok(())
    }
}

impl std::error::Error for SelectionErrors {}

impl IntoIterator for SelectionErrors {
    type Item = SelectionError;
    type IntoIter = std::vec::IntoIter<SelectionError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A SaaS stream (forced INCREMENTAL), a database table (configurable), a view, and a
    /// stream with nothing automatic, as the docs' examples have them.
    fn discovered() -> Vec<DiscoveredStream> {
        let stream = |id: u64,
                      tap: &str,
                      name: &str,
                      stream_meta: serde_json::Value,
                      fields: &[(&str, serde_json::Value)]| {
            let mut metadata = vec![json!({"breadcrumb": [], "metadata": stream_meta})];
            metadata.extend(fields.iter().map(
                |(field, meta)| json!({"breadcrumb": ["properties", field], "metadata": meta}),
            ));
            DiscoveredStream::new(
                serde_json::from_value(json!({"stream_id": id, "tap_stream_id": tap,
                    "stream_name": name, "selected": null, "metadata": {}}))
                .unwrap(),
                serde_json::from_value(
                    json!({"schema": "{\"type\":\"object\"}", "metadata": metadata}),
                )
                .unwrap(),
            )
        };
        vec![
            stream(
                1,
                "custom_collections",
                "custom_collections",
                json!({"forced-replication-method": "INCREMENTAL", "table-key-properties": ["id"],
                       "valid-replication-keys": ["updated_at"]}),
                &[
                    ("id", json!({"inclusion": "automatic"})),
                    ("updated_at", json!({"inclusion": "automatic"})),
                    ("title", json!({"inclusion": "available"})),
                    ("body_html", json!({"inclusion": "available"})),
                    (
                        "legacy",
                        json!({"inclusion": "unsupported",
                        "unsupported-description": "this field is unsupported by the Bulk API."}),
                    ),
                ],
            ),
            stream(
                2,
                "db-public-customers",
                "customers",
                json!({"table-key-properties": ["id"], "database-name": "db"}),
                &[
                    ("id", json!({"inclusion": "automatic"})),
                    (
                        "name",
                        json!({"inclusion": "available", "selected-by-default": true}),
                    ),
                    ("updated_at", json!({"inclusion": "available"})),
                ],
            ),
            stream(
                3,
                "db-public-customer_view",
                "customer_view",
                json!({"is-view": true, "table-key-properties": []}),
                &[("id", json!({"inclusion": "available"}))],
            ),
            stream(
                4,
                "db-other-customers",
                "customers",
                json!({}),
                &[("note", json!({"inclusion": "available"}))],
            ),
        ]
    }

    fn errors(selection: FieldSelection<'_>) -> Vec<String> {
        selection
            .build()
            .unwrap_err()
            .into_iter()
            .map(|error| error.to_string())
            .collect()
    }

    #[test]
    fn a_good_selection_selects_automatic_and_chosen_fields_and_deselects_the_rest() {
        let streams = discovered();
        let body = FieldSelection::new(&streams)
            .select(StreamChoice::stream("custom_collections").field("title"))
            .select(
                StreamChoice::stream("db-public-customers")
                    .all_fields()
                    .replication_method(ReplicationMethod::Incremental)
                    .replication_key("updated_at"),
            )
            .deselect("db-other-customers")
            .build()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"streams": [
                {"tap_stream_id": "custom_collections", "metadata": [
                    {"breadcrumb": [], "metadata": {"selected": true}},
                    {"breadcrumb": ["properties", "id"], "metadata": {"selected": true}},
                    {"breadcrumb": ["properties", "updated_at"], "metadata": {"selected": true}},
                    {"breadcrumb": ["properties", "title"], "metadata": {"selected": true}},
                    {"breadcrumb": ["properties", "body_html"], "metadata": {"selected": false}}]},
                {"tap_stream_id": "db-public-customers", "metadata": [
                    {"breadcrumb": [], "metadata": {"selected": true, "replication-method": "INCREMENTAL",
                        "replication-key": "updated_at"}},
                    {"breadcrumb": ["properties", "id"], "metadata": {"selected": true}},
                    {"breadcrumb": ["properties", "name"], "metadata": {"selected": true}},
                    {"breadcrumb": ["properties", "updated_at"], "metadata": {"selected": true}}]},
                {"tap_stream_id": "db-other-customers", "metadata": [
                    {"breadcrumb": [], "metadata": {"selected": false}}]}
            ]})
        );
    }

    #[test]
    fn every_problem_is_reported_by_stream_and_field() {
        let streams = discovered();
        let selection = FieldSelection::new(&streams)
            .select(StreamChoice::stream("custom_colections"))
            .select(
                StreamChoice::stream("custom_collections")
                    .fields(["titel", "legacy"])
                    .replication_method(ReplicationMethod::FullTable)
                    .replication_key("title"),
            )
            .select(StreamChoice::stream("customers"))
            .select(
                StreamChoice::stream("db-public-customers")
                    .replication_method(ReplicationMethod::Incremental),
            )
            .select(StreamChoice::stream("customer_view").field("id"))
            .select(StreamChoice::stream("db-other-customers"))
            .deselect("db-public-customers");
        assert_eq!(
            errors(selection),
            [
                "no stream `custom_colections` was discovered (did you mean `custom_collections`?)",
                "stream `custom_collections`: no field `titel` (did you mean `title`?)",
                "stream `custom_collections`: field `legacy` is unsupported and cannot be selected (this field is unsupported by the Bulk API.)",
                "stream `custom_collections`: replication method FULL_TABLE asked for, but the stream must use INCREMENTAL",
                "stream `custom_collections`: `title` is not a valid replication key (valid: `updated_at`)",
                "several streams are called `customers`: name one by its tap_stream_id (`db-public-customers` and `db-other-customers`)",
                "stream `db-public-customers`: INCREMENTAL replication needs a replication key",
                "stream `db-public-customer_view`: a view needs view_key_properties (it has no primary key)",
                "stream `db-other-customers`: no field selected, and none is automatic: nothing would replicate",
                "stream `db-public-customers`: chosen more than once",
            ]
        );
    }

    #[test]
    fn an_empty_selection_and_a_key_outside_the_fields_are_errors() {
        let streams = discovered();
        assert_eq!(
            errors(FieldSelection::new(&streams)),
            ["the selection chooses no stream"]
        );
        let key = FieldSelection::new(&streams)
            .select(StreamChoice::stream("db-public-customers").replication_key("created_at"));
        assert_eq!(
            errors(key),
            [
                "stream `db-public-customers`: `created_at` is not a valid replication key (valid: `id`, `name` and `updated_at`)"
            ]
        );
        let view = FieldSelection::new(&streams).select(
            StreamChoice::stream("customer_view")
                .field("id")
                .view_key_properties(["ids"]),
        );
        assert_eq!(
            errors(view),
            ["stream `db-public-customer_view`: no field `ids` (did you mean `id`?)"]
        );
    }

    #[test]
    fn a_named_field_is_checked_beside_all_fields_in_either_order() {
        let streams = discovered();
        for choice in [
            StreamChoice::stream("custom_collections")
                .all_fields()
                .field("titel"),
            StreamChoice::stream("custom_collections")
                .field("titel")
                .all_fields(),
        ] {
            assert_eq!(
                errors(FieldSelection::new(&streams).select(choice)),
                ["stream `custom_collections`: no field `titel` (did you mean `title`?)"]
            );
        }
    }

    #[test]
    fn a_named_field_without_a_known_inclusion_is_sent_selected() {
        let mut streams = discovered();
        let extra = serde_json::from_value(json!({"schema": "{}", "metadata": [
            {"breadcrumb": [], "metadata": {}},
            {"breadcrumb": ["properties", "plain"], "metadata": {}},
            {"breadcrumb": ["properties", "novel"], "metadata": {"inclusion": "sometimes"}},
            {"breadcrumb": ["properties", "untouched"], "metadata": {}}]}))
        .unwrap();
        streams[3].schema = extra;
        let body = FieldSelection::new(&streams)
            .select(StreamChoice::stream("db-other-customers").fields(["plain", "novel"]))
            .build()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"streams": [{"tap_stream_id": "db-other-customers", "metadata": [
                {"breadcrumb": [], "metadata": {"selected": true}},
                {"breadcrumb": ["properties", "plain"], "metadata": {"selected": true}},
                {"breadcrumb": ["properties", "novel"], "metadata": {"selected": true}}]}]})
        );
    }

    #[test]
    fn a_forced_method_asked_for_again_is_not_sent() {
        let streams = discovered();
        let body = FieldSelection::new(&streams)
            .select(
                StreamChoice::stream("custom_collections")
                    .replication_method(ReplicationMethod::Incremental),
            )
            .build()
            .unwrap();
        let stream = &body.streams()[0];
        assert_eq!(stream.stream_changes().replication_method, None);
        assert_eq!(stream.stream_changes().selected, Some(true));
    }
}

//! `/v4/destinations`: create, list, update, delete, and the last connection check.
//!
//! Status codes and string bodies are those of connect-api.md §4 ("Destinations"). Two answers
//! the docs do not give are the emulator's own, marked where they are made: the body for
//! properties that fail the card (the docs document `InvalidProperties` for sources only, so
//! the same shape is used) and the body for an unknown destination type.

use std::time::Instant;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::body::{object, ok, only_keys, path_id, query_pairs};
use super::failure::Failure;
use super::{App, last_check};
use crate::catalog::{Card, CardKind};
use crate::connection::{Connection, utc_now};
use crate::property_check::{Operation, Required, check_properties};
use crate::store::{AccountId, DestinationRecord};

const POST_KEYS: &[&str] = &[
    "type",
    "name",
    "description",
    "properties",
    "ignore_unmapped_sources",
];
const POST_BODY_ERROR: &str = "POST body may only include a type, a name, a description, map of properties, and boolean for unmapped sources";
/// The emulator's own wording, modelled on the POST message: the docs give none for PUT.
const PUT_BODY_ERROR: &str = "PUT body may only include a type, a name, a description, map of properties, and boolean for unmapped sources";
const LIST_QUERY_ERROR: &str = "GET may only include the params: source_id and/or destination_id";

/// The destination object as the API returns it: no credential among the properties.
fn render(record: &DestinationRecord, client_id: u64, card: &Card, now: Instant) -> Value {
    json!({
        "id": record.id,
        "type": record.card_type,
        "name": record.name,
        "description": record.description,
        "display_name": Value::Null,
        "properties": record.connection.public_values(),
        "report_card": record.connection.report_card(&card.card, now),
        "check_job_name": record.connection.check_job_name(),
        "stitch_client_id": client_id,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "deleted_at": Value::Null,
        "paused_at": Value::Null,
        "system_paused_at": Value::Null,
    })
}

fn card<'a>(app: &'a App, card_type: &str) -> Option<&'a Card> {
    app.catalog().card(CardKind::Destination, card_type)
}

fn invalid_properties(card: &Card, bad: Vec<crate::property_check::BadProperty>) -> Failure {
    Failure::InvalidProperties {
        bad,
        report_card: card.raw.clone(),
    }
}

/// `POST /v4/destinations`.
pub(crate) async fn create(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    let body = object(&bytes)
        .filter(|body| only_keys(body, POST_KEYS))
        .ok_or_else(|| Failure::bad_request(POST_BODY_ERROR))?;
    let fields = (
        body.get("type")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty()),
        body.get("properties").and_then(Value::as_object),
        optional_string(&body, "name"),
        optional_string(&body, "description"),
        body.get("ignore_unmapped_sources")
            .is_none_or(Value::is_boolean),
    );
    let (Some(card_type), Some(properties), Some(name), Some(description), true) = fields else {
        return Err(Failure::bad_request(POST_BODY_ERROR));
    };
    // The emulator's own wording: the docs give no body for an unknown destination type.
    let card = card(&app, card_type)
        .ok_or_else(|| Failure::bad_request(format!("invalid destination type ({card_type})")))?;

    let mut store = app.store();
    let destination_count = store.account(account).destinations.len();
    if store
        .account(account)
        .tier
        .destination_limit()
        .is_some_and(|limit| destination_count >= limit)
    {
        return Err(Failure::bad_request("you are at your destination limit"));
    }
    let bad = check_properties(card, properties, Operation::Create, Required::FormStep);
    if !bad.is_empty() {
        return Err(invalid_properties(card, bad));
    }

    let id = store.new_destination_id();
    let account = store.account(account);
    let now = utc_now();
    let mut connection = Connection::default();
    connection.apply(card, properties.clone());
    app.check_if_complete(&mut connection, card, account.client_id, id);
    let record = DestinationRecord {
        id,
        card_type: card_type.to_owned(),
        // Stitch generates a name from the type when none is given.
        name: name.unwrap_or(card_type).to_owned(),
        description: description.map(str::to_owned),
        connection,
        created_at: now,
        updated_at: now,
    };
    let response = render(&record, account.client_id, card, Instant::now());
    account.destinations.insert(id, record);
    Ok(ok(&response))
}

/// `Some(None)` when the key is absent or null, `Some(Some(s))` for a string, `None` otherwise.
fn optional_string<'a>(body: &'a Map<String, Value>, key: &str) -> Option<Option<&'a str>> {
    match body.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(text)) => Some(Some(text)),
        Some(_) => None,
    }
}

/// `GET /v4/destinations`, optionally filtered by `destination_id` or by the `source_id` whose
/// destination it is.
pub(crate) async fn list(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    let mut destination_filter = None;
    let mut source_filter = None;
    for (key, value) in query_pairs(query.as_deref()) {
        let id: u64 = value
            .parse()
            .map_err(|_| Failure::bad_request(LIST_QUERY_ERROR))?;
        match key.as_str() {
            "destination_id" => destination_filter = Some(id),
            "source_id" => source_filter = Some(id),
            _ => return Err(Failure::bad_request(LIST_QUERY_ERROR)),
        }
    }
    let mut store = app.store();
    let account = store.account(account);
    let source_destination = source_filter.map(|source_id| {
        account
            .sources
            .get(&source_id)
            .and_then(|source| source.destination_id)
    });
    let now = Instant::now();
    let destinations: Vec<Value> = account
        .destinations
        .values()
        .filter(|record| destination_filter.is_none_or(|id| record.id == id))
        .filter(|record| source_destination.is_none_or(|id| id == Some(record.id)))
        .filter_map(|record| {
            let card = card(&app, &record.card_type)?;
            Some(render(record, account.client_id, card, now))
        })
        .collect();
    Ok(ok(&Value::Array(destinations)))
}

/// `PUT /v4/destinations/{id}`.
pub(crate) async fn update(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let body = object(&bytes)
        .filter(|body| only_keys(body, POST_KEYS))
        .ok_or_else(|| Failure::bad_request(PUT_BODY_ERROR))?;
    let fields = (
        body.get("properties").and_then(Value::as_object),
        optional_string(&body, "name"),
        optional_string(&body, "description"),
        optional_string(&body, "type"),
    );
    let (Some(properties), Some(name), Some(description), Some(new_type)) = fields else {
        return Err(Failure::bad_request(PUT_BODY_ERROR));
    };

    let mut store = app.store();
    let account = store.account(account);
    let client_id = account.client_id;
    let record = account
        .destinations
        .get_mut(&id)
        .ok_or_else(|| Failure::bad_request("invalid connection id"))?;
    if new_type.is_some_and(|new_type| new_type != record.card_type) {
        return Err(Failure::bad_request(
            "this API endpoint does not support modifying destination type",
        ));
    }
    let card = card(&app, &record.card_type)
        .ok_or_else(|| Failure::bad_request("invalid connection id"))?;
    let bad = check_properties(
        card,
        properties,
        Operation::Update(&record.connection),
        Required::NotChecked,
    );
    if !bad.is_empty() {
        return Err(invalid_properties(card, bad));
    }
    record.connection.apply(card, properties.clone());
    if let Some(name) = name {
        record.name = name.to_owned();
    }
    if let Some(description) = description {
        record.description = Some(description.to_owned());
    }
    record.updated_at = utc_now();
    app.check_if_complete(&mut record.connection, card, client_id, id);
    Ok(ok(&render(record, client_id, card, Instant::now())))
}

/// `DELETE /v4/destinations/{id}`.
pub(crate) async fn delete(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let account = store.account(account);
    match account.destinations.remove(&id) {
        Some(_) => Ok(ok(&json!({}))),
        None => Err(Failure::bad_request(format!(
            "Unable to locate dest ({id}) for client ({}) to delete",
            account.client_id
        ))),
    }
}

/// `GET /v4/destinations/{id}/last-connection-check`.
pub(crate) async fn last_connection_check(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let record = store.account(account).destinations.get(&id);
    last_check(record.map(|record| &record.connection), "destination", id)
}

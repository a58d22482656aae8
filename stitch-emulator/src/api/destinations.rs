//! `/v4/destinations`: create, list, update, delete, and the last connection check.
//!
//! Status codes and string bodies are those of connect-api.md §4 ("Destinations"). Answers the
//! docs do not give are the emulator's own, marked where they are made: the body for properties
//! that fail the card (the docs document `InvalidProperties` for sources only, so the same shape
//! is used), and the string bodies for an unknown destination type, a type the plan cannot
//! use, and a PUT body with keys other than `properties`.

use std::sync::Arc;
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
use crate::property_check::Required;
use crate::store::{AccountId, DestinationRecord, Store};

const POST_KEYS: &[&str] = &[
    "type",
    "name",
    "description",
    "properties",
    "ignore_unmapped_sources",
];
const POST_BODY_ERROR: &str = "POST body may only include a type, a name, a description, map of properties, and boolean for unmapped sources";
/// The emulator's own wording, modelled on the POST message: the docs give none for a PUT body
/// of the wrong shape, and document `properties` as its only key.
const PUT_BODY_ERROR: &str = "PUT body may only include a map of properties";
const TYPE_CHANGE_ERROR: &str = "this API endpoint does not support modifying destination type";
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
        // Destinations have no `field_selection` step.
        "report_card": record.connection.report_card(&card.card, now, false),
        "check_job_name": record.connection.check_job_name(),
        "stitch_client_id": client_id,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "deleted_at": Value::Null,
        "paused_at": Value::Null,
        "system_paused_at": Value::Null,
    })
}

fn card<'a>(app: &'a App, card_type: &str) -> Option<&'a Arc<Card>> {
    app.catalog().card(CardKind::Destination, card_type)
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
    if !card.is_accessible() {
        // The emulator's own wording, modelled on the sources' documented `AccessDenied`
        // message: the docs give no destination error for a type the plan cannot use.
        return Err(Failure::bad_request(format!(
            "you do not have access to destination type ({card_type})"
        )));
    }
    // Checked before the (possibly slow) property check, so a full account hears so at once,
    // and again below: another create may have finished while the properties were checked.
    at_limit(&mut app.store(), account)?;
    let properties = app
        .check_properties(card, properties.clone(), Required::All)
        .await?
        .against(card, None)?;

    let mut store = app.store();
    at_limit(&mut store, account)?;
    let id = store.new_destination_id();
    let account = store.account(account);
    let now = utc_now();
    let mut connection = Connection::default();
    connection.apply(card, properties);
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

/// `400 "you are at your destination limit"` when the account's plan allows no more.
fn at_limit(store: &mut Store, account: AccountId) -> Result<(), Failure> {
    let account = store.account(account);
    if account
        .tier
        .destination_limit()
        .is_some_and(|limit| account.destinations.len() >= limit)
    {
        return Err(Failure::bad_request("you are at your destination limit"));
    }
    Ok(())
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

/// `PUT /v4/destinations/{id}`: `properties` is the body's only documented key. A `type`
/// that differs from the destination's gets the documented type-change error; one that names
/// the destination's own type changes nothing, but is still not a key the body may hold.
pub(crate) async fn update(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let body = object(&bytes)
        .filter(|body| only_keys(body, &["properties", "type"]))
        .ok_or_else(|| Failure::bad_request(PUT_BODY_ERROR))?;
    let new_type = match body.get("type") {
        None => None,
        Some(Value::String(new_type)) => Some(new_type.as_str()),
        Some(_) => return Err(Failure::bad_request(PUT_BODY_ERROR)),
    };

    let card = {
        let mut store = app.store();
        let record = store
            .account(account)
            .destinations
            .get(&id)
            .ok_or_else(|| Failure::bad_request("invalid connection id"))?;
        match new_type {
            Some(new_type) if new_type != record.card_type => {
                return Err(Failure::bad_request(TYPE_CHANGE_ERROR));
            }
            Some(_) => return Err(Failure::bad_request(PUT_BODY_ERROR)),
            None => {}
        }
        card(&app, &record.card_type)
            .ok_or_else(|| Failure::bad_request("invalid connection id"))?
    };
    // After the type: a body that changes the type gets the documented error, with or without
    // properties.
    let properties = body
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| Failure::bad_request(PUT_BODY_ERROR))?;
    let checked = app
        .check_properties(card, properties.clone(), Required::NotChecked)
        .await?;

    let mut store = app.store();
    let account = store.account(account);
    let client_id = account.client_id;
    // Looked up again: it may have been deleted while the properties were checked.
    let record = account
        .destinations
        .get_mut(&id)
        .ok_or_else(|| Failure::bad_request("invalid connection id"))?;
    let properties = checked.against(card, Some(&record.connection))?;
    record.connection.apply(card, properties);
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

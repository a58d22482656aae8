//! `/v4/sources`: create, list, get, update (pause and unpause included), delete, and the last
//! connection check. Errors are the coded bodies of connect-api.md §4 ("Sources").

use std::sync::Arc;
use std::time::Instant;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::body::{object, ok, only_keys, path_id};
use super::failure::Failure;
use super::{App, last_check};
use crate::catalog::{Card, CardKind};
use crate::connection::{Connection, utc_now};
use crate::import_tokens::ImportTokens;
use crate::jobs::Jobs;
use crate::property_check::Required;
use crate::store::{Account, AccountId, SourceRecord, Store};

const POST_KEYS: &[&str] = &["type", "display_name", "properties", "destination_id"];
const POST_BODY_ERROR: &str = "POST body may only include a non-empty type, a non-empty display_name and map of string properties";
const PUT_KEYS: &[&str] = &["display_name", "properties", "paused_at", "destination_id"];
/// Verbatim, typo included: this is the API's message.
const PUT_BODY_ERROR: &str =
    "PUT body many only include the keys: display_name, properties, and paused_at";

/// The source's `name`, derived from its display name: lower-cased, spaces and hyphens as
/// underscores, other characters the name may not hold dropped (`"####"` becomes `""`).
fn derive_name(display_name: &str) -> String {
    display_name
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('_'),
            c if c.is_ascii_alphanumeric() || c == '_' || c == '$' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Whether a name follows the API's rules for source names.
fn is_valid_name(name: &str) -> bool {
    name.len() < 50
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'$')
}

/// When the source replicates next: an interval schedule from `frequency_in_minutes` or the
/// type's default, and `null` while the source is paused, deleted or not yet configured.
fn schedule(record: &SourceRecord, card: &Card, configured: bool) -> Value {
    if !configured || record.paused_at.is_some() || record.deleted_at.is_some() {
        return Value::Null;
    }
    let minutes = record
        .connection
        .value("frequency_in_minutes")
        .and_then(|value| {
            value
                .as_str()
                .and_then(|text| text.parse().ok())
                .or(value.as_u64())
        })
        .or_else(|| {
            card.card
                .details
                .as_ref()?
                .default_scheduling_interval
                .map(u64::from)
        })
        .unwrap_or(60);
    let next = next_fire_time(utc_now(), minutes);
    json!({"type": "interval", "unit": "minute", "interval": minutes as f64, "next_fire_time": next})
}

/// `minutes` after `now`; `None` when that is past what a timestamp can hold. The interval
/// comes from the request (a card may not constrain `frequency_in_minutes`), so it may be any
/// number.
fn next_fire_time(now: DateTime<Utc>, minutes: u64) -> Option<DateTime<Utc>> {
    let minutes = chrono::TimeDelta::try_minutes(i64::try_from(minutes).ok()?)?;
    now.checked_add_signed(minutes)
}

/// The source object as the API returns it: no credential among the properties.
pub(crate) fn render(record: &SourceRecord, client_id: u64, card: &Card, now: Instant) -> Value {
    let report_card = record.report_card(&card.card, now);
    let configured = report_card.is_fully_configured();
    json!({
        "id": record.id,
        "type": record.card_type,
        "name": record.name,
        "display_name": record.display_name,
        "properties": record.connection.public_values(),
        "report_card": report_card,
        "schedule": schedule(record, card, configured),
        "check_job_name": record.connection.check_job_name(),
        "stitch_client_id": client_id,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "deleted_at": record.deleted_at,
        "paused_at": record.paused_at,
        "system_paused_at": Value::Null,
    })
}

pub(crate) fn card<'a>(app: &'a App, card_type: &str) -> Option<&'a Arc<Card>> {
    app.catalog().card(CardKind::Source, card_type)
}

/// The card of a stored source's type.
pub(crate) fn source_card<'a>(
    app: &'a App,
    record: &SourceRecord,
) -> Result<&'a Arc<Card>, Failure> {
    card(app, &record.card_type)
        .ok_or_else(|| Failure::coded("InvalidId", format!("source not found ({})", record.id)))
}

/// A live (not deleted) source of the account, or `InvalidId`: the rule of every request
/// that changes a source.
pub(crate) fn live_source(account: &mut Account, id: u64) -> Result<&mut SourceRecord, Failure> {
    account
        .sources
        .get_mut(&id)
        .filter(|record| record.deleted_at.is_none())
        .ok_or_else(|| Failure::coded("InvalidId", format!("source not found ({id})")))
}

/// `POST /v4/sources`.
pub(crate) async fn create(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    let invalid_body = || Failure::coded("InvalidBody", POST_BODY_ERROR);
    let body = object(&bytes)
        .filter(|body| only_keys(body, POST_KEYS))
        .ok_or_else(invalid_body)?;
    let card_type = body
        .get("type")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(invalid_body)?;
    let display_name = body
        .get("display_name")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .ok_or_else(invalid_body)?;
    let empty = Map::new();
    let properties = match body.get("properties") {
        None => &empty,
        Some(Value::Object(properties)) => properties,
        Some(_) => return Err(invalid_body()),
    };
    let destination_id = match body.get("destination_id") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_u64().ok_or_else(invalid_body)?),
    };
    let card = card(&app, card_type).ok_or_else(|| {
        Failure::coded("InvalidType", format!("invalid source type ({card_type})"))
    })?;
    if !card.is_accessible() {
        return Err(Failure::coded(
            "AccessDenied",
            format!("you do not have access to source type ({card_type})"),
        ));
    }
    let name = derive_name(display_name);
    if !is_valid_name(&name) {
        return Err(Failure::coded(
            "InvalidDisplayName",
            format!("invalid name after deriving it from display_name ({display_name} -> {name})"),
        ));
    }

    // Checked before the (possibly slow) property check, so a taken name is told at once, and
    // again below: another create may have taken it while the properties were checked.
    unique_name(&mut app.store(), account, &name, display_name)?;
    // Sources are configured over several requests, so nothing is required up front.
    let properties = app
        .check_properties(card, properties.clone(), Required::NotChecked)
        .await?
        .against(card, None)?;

    let mut store = app.store();
    unique_name(&mut store, account, &name, display_name)?;
    let id = store.new_source_id();
    let account = store.account(account);
    let now = utc_now();
    let mut connection = Connection::default();
    connection.apply(card, properties);
    app.check_if_complete(&mut connection, card, account.client_id, id);
    let mut record = SourceRecord {
        id,
        card_type: card_type.to_owned(),
        name,
        display_name: display_name.to_owned(),
        destination_id,
        connection,
        created_at: now,
        updated_at: now,
        paused_at: None,
        deleted_at: None,
        streams: None,
        jobs: Jobs::default(),
        import_tokens: ImportTokens::default(),
    };
    app.discover_if_passing(&mut record, card);
    let response = render(&record, account.client_id, card, Instant::now());
    account.sources.insert(id, record);
    Ok(ok(&response))
}

/// A source of the account, deleted or not, with its card, or `404`: the rule of every request
/// that only reads a source.
pub(crate) fn any_source<'a>(
    app: &'a App,
    account: &'a Account,
    id: u64,
) -> Result<(&'a SourceRecord, &'a Arc<Card>), Failure> {
    let missing = || Failure::not_found(format!("no such source: {id}"));
    let record = account.sources.get(&id).ok_or_else(missing)?;
    let card = card(app, &record.card_type).ok_or_else(missing)?;
    Ok((record, card))
}

/// `InvalidName` when one of the account's sources, deleted ones included, has `name`.
fn unique_name(
    store: &mut Store,
    account: AccountId,
    name: &str,
    display_name: &str,
) -> Result<(), Failure> {
    if store
        .account(account)
        .sources
        .values()
        .any(|source| source.name == name)
    {
        return Err(Failure::coded(
            "InvalidName",
            format!(
                "non-unique name after deriving it from display_name ({display_name} -> {name})"
            ),
        ));
    }
    Ok(())
}

/// `GET /v4/sources`: active, paused and deleted sources.
pub(crate) async fn list(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
) -> Response {
    let mut store = app.store();
    let account = store.account(account);
    let now = Instant::now();
    let sources: Vec<Value> = account
        .sources
        .values()
        .filter_map(|record| {
            Some(render(
                record,
                account.client_id,
                card(&app, &record.card_type)?,
                now,
            ))
        })
        .collect();
    ok(&Value::Array(sources))
}

/// `GET /v4/sources/{id}`: active, paused or deleted.
pub(crate) async fn get(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let account = store.account(account);
    let (record, card) = any_source(&app, account, id)?;
    Ok(ok(&render(record, account.client_id, card, Instant::now())))
}

/// `PUT /v4/sources/{id}`: display name, properties, destination, and pause (`paused_at` a
/// timestamp) or unpause (`paused_at: null`).
pub(crate) async fn update(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let invalid_body = || Failure::coded("InvalidBody", PUT_BODY_ERROR);
    let body = object(&bytes)
        .filter(|body| only_keys(body, PUT_KEYS))
        .ok_or_else(invalid_body)?;
    let pause = match body.get("paused_at") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(text)) => Some(Some(
            DateTime::parse_from_rfc3339(text)
                .map_err(|_| invalid_body())?
                .with_timezone(&Utc),
        )),
        Some(_) => return Err(invalid_body()),
    };
    let properties = match body.get("properties") {
        None => None,
        Some(Value::Object(properties)) => Some(properties),
        Some(_) => return Err(invalid_body()),
    };
    let destination_id = match body.get("destination_id") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_u64().ok_or_else(invalid_body)?),
    };
    let display_name = match body.get("display_name") {
        None => None,
        Some(Value::String(name)) if !name.is_empty() && is_valid_name(&derive_name(name)) => {
            Some(name.as_str())
        }
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned);
            return Err(Failure::coded(
                "InvalidDisplayName",
                format!("invalid display_name ({shown})"),
            ));
        }
    };

    let card = {
        let mut store = app.store();
        let record = live_source(store.account(account), id)?;
        source_card(&app, record)?
    };
    let checked = match properties {
        Some(properties) => Some(
            app.check_properties(card, properties.clone(), Required::NotChecked)
                .await?,
        ),
        None => None,
    };

    let mut store = app.store();
    let account = store.account(account);
    let client_id = account.client_id;
    // Looked up again: it may have been deleted while the properties were checked.
    let record = live_source(account, id)?;
    if let Some(checked) = checked {
        let properties = checked.against(card, Some(&record.connection))?;
        record.connection.apply(card, properties);
        app.check_if_complete(&mut record.connection, card, client_id, id);
        app.discover_if_passing(record, card);
    }
    if let Some(pause) = pause {
        record.paused_at = pause;
    }
    if let Some(display_name) = display_name {
        // The derived `name` never changes after creation.
        record.display_name = display_name.to_owned();
    }
    if destination_id.is_some() {
        record.destination_id = destination_id;
    }
    record.updated_at = utc_now();
    Ok(ok(&render(record, client_id, card, Instant::now())))
}

/// `DELETE /v4/sources/{id}`: the source stays listed, with `deleted_at` set.
pub(crate) async fn delete(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let account = store.account(account);
    let client_id = account.client_id;
    let record = live_source(account, id)?;
    let card = source_card(&app, record)?;
    let now = utc_now();
    record.deleted_at = Some(now);
    record.updated_at = now;
    Ok(ok(&render(record, client_id, card, Instant::now())))
}

/// `GET /v4/sources/{id}/last-connection-check`.
pub(crate) async fn last_connection_check(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let record = store.account(account).sources.get(&id);
    last_check(record.map(|record| &record.connection), "source", id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_derive_from_display_names_as_the_api_describes() {
        assert_eq!(derive_name("DISPLAY_NAME!!!"), "display_name");
        assert_eq!(derive_name("####"), "");
        assert_eq!(derive_name("Hub Spot-Prod"), "hub_spot_prod");
        assert!(is_valid_name("display_name"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("1abc"));
        assert!(!is_valid_name(&"a".repeat(50)));
    }

    #[test]
    fn a_schedule_past_the_last_timestamp_has_no_next_fire_time() {
        let now: DateTime<Utc> = "2024-05-01T12:00:00Z".parse().unwrap();
        assert_eq!(
            next_fire_time(now, 60),
            Some("2024-05-01T13:00:00Z".parse().unwrap())
        );
        // Each overflows a different step: i64, TimeDelta, and the timestamp.
        for minutes in [u64::MAX, i64::MAX as u64, 200_000_000_000] {
            assert_eq!(next_fire_time(now, minutes), None, "{minutes}");
        }
    }
}

//! `/v4/sources/{id}/streams`: the stream list, one stream's schema, and
//! `PUT …/streams/metadata` (reference §3–§7), with the documented error bodies.

use std::time::Instant;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use stitch_types::StepType;

use super::App;
use super::body::{ok, path_id};
use super::failure::Failure;
use super::sources::{any_source, live_source, source_card};
use crate::store::AccountId;
use crate::streams::{MetadataError, SourceStreams};

/// `GET /v4/sources/{id}/streams`.
pub(crate) async fn list(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let (record, _) = any_source(&app, store.account(account), id)?;
    // Emulator's choice (§14 silent 1): until discovery has finished a source has no
    // streams, so the list is `200 []`; a later check does not discover again.
    let streams = record
        .discovered_streams(Instant::now())
        .map_or_else(|| json!([]), SourceStreams::list_json);
    Ok(ok(&streams))
}

/// `GET /v4/sources/{id}/streams/{stream_id}`.
pub(crate) async fn schema(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path((raw_id, raw_stream_id)): Path<(String, String)>,
) -> Result<Response, Failure> {
    // §4, §14.13: a bad source ID is answered as a bad stream ID is, in plain text.
    let invalid = || {
        Failure::text(
            StatusCode::BAD_REQUEST,
            format!("invalid stream-id: {raw_stream_id}"),
        )
    };
    let id = path_id(&raw_id).map_err(|_| invalid())?;
    let stream_id = path_id(&raw_stream_id).map_err(|_| invalid())?;
    let mut store = app.store();
    let (record, _) = any_source(&app, store.account(account), id).map_err(|_| invalid())?;
    let schema = record
        .discovered_streams(Instant::now())
        .and_then(|streams| streams.schema_json(stream_id))
        .ok_or_else(invalid)?;
    Ok(ok(&schema))
}

/// `PUT /v4/sources/{id}/streams/metadata`: `{"status": 200}`, or nothing changed and the error.
pub(crate) async fn update_metadata(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let body: Value =
        serde_json::from_slice(&bytes).map_err(|_| refused(MetadataError::BodyShape))?;
    let mut store = app.store();
    let record = live_source(store.account(account), id)?;
    let card = source_card(&app, record)?;
    let now = Instant::now();
    // Emulator's choice (§14 silent 2): selection is refused, with the reason, unless the
    // card has a field_selection step and is at it or at fully_configured (§2).
    if !card.has_step(&StepType::FieldSelection) {
        return Err(Failure::invalid_fields(format!(
            "source {id} has no field_selection step: it has no streams to select"
        )));
    }
    let step = record.report_card(&card.card, now).current_step_type;
    if !matches!(
        step,
        Some(StepType::FieldSelection | StepType::FullyConfigured)
    ) {
        let step = step.map_or_else(|| "no step".to_owned(), |step| step.to_string());
        return Err(Failure::invalid_fields(format!(
            "source {id} is at {step}: streams can be selected at field_selection or fully_configured"
        )));
    }
    let streams = record
        .streams
        .as_mut()
        .filter(|streams| streams.is_visible(now))
        .ok_or_else(|| Failure::invalid_fields(format!("source {id} has discovered no streams")))?;
    // Emulator's choice (§14 silent 2): deselecting every stream undoes field_selection: the
    // card is back at it and the schedule is null (both derived from the selection).
    streams.update(&body).map_err(refused)?;
    Ok(ok(&json!({"status": 200})))
}

/// The documented bodies: a JSON string for a malformed body, `{"invalid_fields": …}` for
/// the rest.
fn refused(error: MetadataError) -> Failure {
    match error {
        MetadataError::BodyShape => Failure::bad_request(error.to_string()),
        other => Failure::invalid_fields(other.to_string()),
    }
}

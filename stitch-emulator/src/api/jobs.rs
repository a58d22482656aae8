//! `/v4/sources/{id}/sync`: start and stop a replication job (reference §8), with the
//! documented bodies: "already running" is a `200` with an error object.

use std::time::Instant;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::App;
use super::body::{ok, path_id};
use super::failure::Failure;
use super::sources::source_card;
use crate::random::job_uuid;
use crate::store::{Account, AccountId, SourceRecord};
use crate::streams::SourceStreams;

/// `{"error": {"type": …, "message": …}}`, the shape of every job error.
fn job_error(kind: &str, message: String) -> Value {
    json!({"error": {"type": kind, "message": message}})
}

/// The source a job request names, or the documented `invalid_source` bodies: a bad or
/// unknown ID, and a deleted source. Emulator's choice (docs silent): stopping answers the
/// same way as starting.
fn job_source<'a>(account: &'a mut Account, raw_id: &str) -> Result<&'a mut SourceRecord, Failure> {
    let client_id = account.client_id;
    let unknown = || {
        Failure::bad_request_body(job_error(
            "invalid_source",
            format!("Unable to locate source({raw_id}) for client ({client_id})"),
        ))
    };
    let id = path_id(raw_id).map_err(|_| unknown())?;
    let record = account.sources.get_mut(&id).ok_or_else(unknown)?;
    if record.deleted_at.is_some() {
        return Err(Failure::bad_request_body(job_error(
            "invalid_source",
            "Integration is deleted.".into(),
        )));
    }
    Ok(record)
}

/// `POST /v4/sources/{id}/sync`. Any body (none, or mage's `{}`) is ignored.
pub(crate) async fn start(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let mut store = app.store();
    let account = store.account(account);
    let client_id = account.client_id;
    let record = job_source(account, &raw_id)?;
    let id = record.id;
    let card = source_card(&app, record)?;
    let now = Instant::now();
    if record.jobs.is_running(now) {
        // One job per source at a time; told apart from a start by the body, not the status.
        return Ok(ok(&job_error(
            "already_running",
            format!(
                "Did not create job for client-id: {client_id}; connection-id: {id} because one already exists"
            ),
        )));
    }
    if !record.report_card(&card.card, now).is_fully_configured() {
        // Emulator's choice (§14 silent 8): the commented-out `generic` body, as a 400.
        return Err(Failure::bad_request_body(job_error(
            "generic",
            format!("Could not create job for client-id: {client_id}; connection-id: {id}"),
        )));
    }
    let streams = record
        .discovered_streams(now)
        .map(SourceStreams::replicated_stream_names)
        .unwrap_or_default();
    let job_name = format!("{client_id}.{id}.sync.{}", job_uuid());
    record
        .jobs
        .start(job_name.clone(), app.config().job_duration, streams);
    Ok(ok(&json!({"job_name": job_name})))
}

/// `DELETE /v4/sources/{id}/sync`: the running job is stopped and shows as terminated.
pub(crate) async fn stop(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let mut store = app.store();
    let record = job_source(store.account(account), &raw_id)?;
    // Emulator's choice (§14 silent 7): with no job running there is nothing to stop, and
    // the answer is the same `200`.
    record.jobs.stop(Instant::now());
    Ok(ok(&json!({"status": 200})))
}

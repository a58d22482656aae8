//! `/v4/sources/{id}/tokens`: Import API access tokens (reference §11), at most two active
//! per source. The token is shown once, in the response that generates it.

use std::time::Instant;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;

use super::App;
use super::body::{ok, path_id};
use super::failure::Failure;
use super::sources::{any_source, live_source, render, source_card};
use crate::connection::utc_now;
use crate::import_tokens::{MAX_ACTIVE_TOKENS, TokenLimit};
use crate::store::AccountId;

/// `POST /v4/sources/{id}/tokens`: `{"id": …, "access_token": …}`.
///
/// Emulator's choice (docs silent): any source type may have tokens.
pub(crate) async fn generate(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let token_id = store.new_token_id();
    let record = live_source(store.account(account), id)?;
    // Emulator's choice (§14 silent 11): a third token is refused with a coded source error.
    let body = record.import_tokens.generate(token_id).map_err(|TokenLimit| {
        Failure::coded(
            "TokenLimit",
            format!(
                "source {id} already has {MAX_ACTIVE_TOKENS} active Import API access tokens: revoke one before generating another"
            ),
        )
    })?;
    Ok(ok(&body))
}

/// `GET /v4/sources/{id}/tokens`: the active tokens' IDs and creation times.
pub(crate) async fn list(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path(raw_id): Path<String>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let mut store = app.store();
    let (record, _) = any_source(&app, store.account(account), id)?;
    Ok(ok(&record.import_tokens.list_json()))
}

/// `DELETE /v4/sources/{id}/tokens/{token_id}`: the Source object, with a new `updated_at`.
pub(crate) async fn revoke(
    State(app): State<App>,
    Extension(account): Extension<AccountId>,
    Path((raw_id, raw_token_id)): Path<(String, String)>,
) -> Result<Response, Failure> {
    let id = path_id(&raw_id)?;
    let token_id = path_id(&raw_token_id)?;
    let mut store = app.store();
    let account = store.account(account);
    let client_id = account.client_id;
    let record = live_source(account, id)?;
    let card = source_card(&app, record)?;
    if !record.import_tokens.revoke(token_id) {
        // Emulator's choice (§14 silent 11): an unknown token is a 404, as a missing resource is.
        return Err(Failure::not_found(format!("no such token: {token_id}")));
    }
    record.updated_at = utc_now();
    Ok(ok(&render(record, client_id, card, Instant::now())))
}

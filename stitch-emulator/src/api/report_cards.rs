//! `GET /v4/destination-types[/{type}]` and `GET /v4/source-types[/{type}]`: the loaded cards,
//! as their files hold them.

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::App;
use super::body::ok;
use super::failure::Failure;
use crate::catalog::CardKind;

fn list(app: &App, kind: CardKind) -> Response {
    let cards: Vec<Value> = app
        .catalog()
        .cards(kind)
        .map(|card| card.raw.clone())
        .collect();
    ok(&Value::Array(cards))
}

fn one(app: &App, kind: CardKind, card_type: &str) -> Result<Response, Failure> {
    let card = app.catalog().card(kind, card_type).ok_or_else(|| {
        let noun = match kind {
            CardKind::Destination => "destination",
            CardKind::Source => "source",
        };
        Failure::not_found(format!("no such {noun} type: {card_type}"))
    })?;
    Ok(ok(&card.raw))
}

/// `GET /v4/destination-types`.
pub(crate) async fn destination_types(State(app): State<App>) -> Response {
    list(&app, CardKind::Destination)
}

/// `GET /v4/destination-types/{type}`.
pub(crate) async fn destination_type(
    State(app): State<App>,
    Path(card_type): Path<String>,
) -> Result<Response, Failure> {
    one(&app, CardKind::Destination, &card_type)
}

/// `GET /v4/source-types`.
pub(crate) async fn source_types(State(app): State<App>) -> Response {
    list(&app, CardKind::Source)
}

/// `GET /v4/source-types/{type}`.
pub(crate) async fn source_type(
    State(app): State<App>,
    Path(card_type): Path<String>,
) -> Result<Response, Failure> {
    one(&app, CardKind::Source, &card_type)
}

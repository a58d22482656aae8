//! `GET /v4/destination-types[/{type}]` and `GET /v4/source-types[/{type}]`: the loaded cards,
//! as their files hold them.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::App;
use super::failure::Failure;
use crate::catalog::CardKind;

/// A `200` whose body is JSON text as it stands: a card is served as its file holds it, key
/// order and spacing included, so a client that captures it gets the file back.
fn json_text(text: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response()
}

fn list(app: &App, kind: CardKind) -> Response {
    let cards: Vec<&str> = app
        .catalog()
        .cards(kind)
        .map(|card| card.text.trim())
        .collect();
    json_text(format!("[{}]", cards.join(",")))
}

fn one(app: &App, kind: CardKind, card_type: &str) -> Result<Response, Failure> {
    let card = app.catalog().card(kind, card_type).ok_or_else(|| {
        let noun = match kind {
            CardKind::Destination => "destination",
            CardKind::Source => "source",
        };
        Failure::not_found(format!("no such {noun} type: {card_type}"))
    })?;
    Ok(json_text(card.text.clone()))
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

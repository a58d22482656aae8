//! The HTTP surface: routes, authentication, request logging.

mod body;
mod destinations;
mod failure;
mod report_cards;
mod sources;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use serde_json::{Map, Value};

use crate::catalog::{Card, Catalog, CatalogError};
use crate::config::EmulatorConfig;
use crate::connection::Connection;
use crate::property_check::{BadProperty, Required, check_changes, check_properties};
use crate::store::Store;

use failure::Failure;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct App {
    shared: Arc<Shared>,
}

struct Shared {
    catalog: Catalog,
    config: EmulatorConfig,
    store: Mutex<Store>,
}

impl App {
    fn catalog(&self) -> &Catalog {
        &self.shared.catalog
    }

    fn config(&self) -> &EmulatorConfig {
        &self.shared.config
    }

    /// The store. A handler that panicked while holding the lock leaves data that is still
    /// consistent enough for a test server, so a poisoned lock is taken over, not propagated.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.shared
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl App {
    /// Checks `properties` against `card` ([`check_properties`]) on tokio's blocking pool, and
    /// gives them back as sent, with the outcome: the values as they are stored, or the
    /// problems found.
    ///
    /// Patterns can be slow on long values. Run here, before the store is locked, a slow check
    /// holds up only its own request: not the runtime's workers (a test's runtime may have
    /// only one) nor, through the lock, every other request.
    async fn check_properties(
        &self,
        card: &Arc<Card>,
        properties: Map<String, Value>,
        required: Required,
    ) -> Result<Checked, Failure> {
        let card = Arc::clone(card);
        tokio::task::spawn_blocking(move || {
            let outcome = check_properties(&card, properties.clone(), required);
            Checked {
                sent: properties,
                outcome,
            }
        })
        .await
        .map_err(|_| Failure::internal("the properties could not be checked"))
    }

    /// Starts a connection check when every required property has a value, as Stitch does after
    /// a create or an update. Job names are `<stitch_client_id>.<connection_id>.check.<uuid>`.
    fn check_if_complete(&self, connection: &mut Connection, card: &Card, client_id: u64, id: u64) {
        if connection.user_steps_complete(&card.card) {
            let config = self.config();
            connection.start_check(
                &format!("{client_id}.{id}"),
                config.check_delay,
                config.check_failure.as_ref(),
            );
        }
    }
}

/// Properties as a request sent them, and what checking them found.
struct Checked {
    sent: Map<String, Value>,
    outcome: Result<Map<String, Value>, Vec<BadProperty>>,
}

impl Checked {
    /// The values to store, or every problem: those of the values, then the immutable
    /// properties an update of `current` would change (none on create).
    fn against(
        self,
        card: &Card,
        current: Option<&Connection>,
    ) -> Result<Map<String, Value>, Failure> {
        let (checked, mut bad) = match self.outcome {
            Ok(values) => (Some(values), Vec::new()),
            Err(bad) => (None, bad),
        };
        if let Some(current) = current {
            // Judged on the stored form when the values are good, on the sent form otherwise.
            let values = checked.as_ref().unwrap_or(&self.sent);
            bad.extend(check_changes(card, values, current));
        }
        match checked {
            Some(values) if bad.is_empty() => Ok(values),
            _ => Err(Failure::invalid_properties(card, bad)),
        }
    }
}

/// The answer of `GET /v4/{destinations,sources}/{id}/last-connection-check`: `404` when the
/// connection does not exist or no check has run on it.
fn last_check(connection: Option<&Connection>, noun: &str, id: u64) -> Result<Response, Failure> {
    let connection =
        connection.ok_or_else(|| Failure::not_found(format!("no such {noun}: {id}")))?;
    let check = connection.check_json(Instant::now()).ok_or_else(|| {
        Failure::not_found(format!("no connection check has run for {noun} {id}"))
    })?;
    Ok(body::ok(&check))
}

/// The emulator's routes, with the cards of `config` loaded.
///
/// Use it to mount the emulator in a server of your own; [`Emulator::start`](crate::Emulator::start)
/// serves it on a socket.
pub fn router(config: EmulatorConfig) -> Result<Router, CatalogError> {
    let catalog = Catalog::load(&config.schema_dirs)?;
    let app = App {
        shared: Arc::new(Shared {
            catalog,
            config,
            store: Mutex::new(Store::new()),
        }),
    };
    let routes = Router::new()
        .route(
            "/v4/destination-types",
            get(report_cards::destination_types),
        )
        .route(
            "/v4/destination-types/{type}",
            get(report_cards::destination_type),
        )
        .route("/v4/source-types", get(report_cards::source_types))
        .route("/v4/source-types/{type}", get(report_cards::source_type))
        .route(
            "/v4/destinations",
            get(destinations::list).post(destinations::create),
        )
        .route(
            "/v4/destinations/{id}",
            axum::routing::put(destinations::update).delete(destinations::delete),
        )
        .route(
            "/v4/destinations/{id}/last-connection-check",
            get(destinations::last_connection_check),
        )
        .route("/v4/sources", get(sources::list).post(sources::create))
        .route(
            "/v4/sources/{id}",
            get(sources::get)
                .put(sources::update)
                .delete(sources::delete),
        )
        .route(
            "/v4/sources/{id}/last-connection-check",
            get(sources::last_connection_check),
        )
        // The API answers 404 for unknown paths and for methods a path does not allow.
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), authenticate))
        .layer(middleware::from_fn(log_request))
        .with_state(app);
    Ok(routes)
}

async fn not_found(request: Request) -> Failure {
    Failure::not_found(format!(
        "not found: {} {}",
        request.method(),
        request.uri().path()
    ))
}

/// Resolves the bearer token to an account, or answers `401`.
async fn authenticate(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        // The scheme is case-insensitive (RFC 9110 §11.1).
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let account = token.and_then(|token| app.store().authenticate(token, app.config()));
    match account {
        Some(account) => {
            request.extensions_mut().insert(account);
            next.run(request).await
        }
        None => Failure::unauthorized().into_response(),
    }
}

/// Logs every request: method, path, status and time. Never headers, queries or bodies,
/// which carry the token and credentials.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

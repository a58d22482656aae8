//! The HTTP surface: routes, authentication, request logging.

mod body;
mod destinations;
mod extractions;
mod failure;
mod jobs;
mod pagination;
mod report_cards;
mod sources;
mod streams;
mod tokens;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};

use serde_json::{Map, Value};
use tokio::sync::Semaphore;

use stitch_types::StepType;

use crate::catalog::{Card, Catalog, CatalogError};
use crate::config::EmulatorConfig;
use crate::connection::Connection;
use crate::discovery::StreamCatalogs;
use crate::property_check::{BadProperty, Required, check_changes, check_properties};
use crate::store::{SourceRecord, Store};
use crate::streams::SourceStreams;

use failure::Failure;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct App {
    shared: Arc<Shared>,
}

struct Shared {
    catalog: Catalog,
    stream_catalogs: StreamCatalogs,
    config: EmulatorConfig,
    store: Mutex<Store>,
    /// The next stream ID: numeric, unique across sources, handed out while a source is
    /// borrowed from the store (hence not a counter in it).
    next_stream_id: AtomicU64,
    /// Requests for extraction logs, shared with the [`Emulator`](crate::Emulator).
    log_requests: Arc<AtomicU64>,
    /// One permit per property check that may run at once
    /// ([`EmulatorConfig::max_concurrent_checks`]).
    checks: Arc<Semaphore>,
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
    ///
    /// At most [`EmulatorConfig::max_concurrent_checks`] run at once. The turn is waited for in
    /// the request's future, which hyper drops when the client disconnects: a check whose
    /// client has gone never starts. One that has started cannot be stopped, so it keeps its
    /// permit until it ends, even once no one waits for it.
    async fn check_properties(
        &self,
        card: &Arc<Card>,
        properties: Map<String, Value>,
        required: Required,
    ) -> Result<Checked, Failure> {
        let card = Arc::clone(card);
        let permit = Arc::clone(&self.shared.checks)
            .acquire_owned()
            .await
            .map_err(|_| Failure::internal("the properties could not be checked"))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
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

impl App {
    /// Discovers the source's streams when a check that passes has started and the card has
    /// a `discover_schema` step. They show once that check's outcome does.
    ///
    /// Emulator's choice (§14 silent 1): discovery runs once; later checks keep the streams
    /// and their selection.
    fn discover_if_passing(&self, record: &mut SourceRecord, card: &Card) {
        if !card.has_step(&StepType::DiscoverSchema) || record.streams.is_some() {
            return;
        }
        if let Some(visible_from) = record.connection.passing_check_ready_at() {
            let discovered = self.shared.stream_catalogs.streams(&record.card_type);
            record.streams = Some(SourceStreams::new(discovered, visible_from, || {
                self.shared.next_stream_id.fetch_add(1, Ordering::Relaxed)
            }));
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

/// The emulator's routes, with the cards and stream catalogs of `config` loaded.
///
/// Use it to mount the emulator in a server of your own; [`Emulator::start`](crate::Emulator::start)
/// serves it on a socket.
pub fn router(config: EmulatorConfig) -> Result<Router, CatalogError> {
    build(config).map(|(router, _)| router)
}

/// The routes, and the counter of extraction-log requests they keep.
///
/// Every problem of the cards and of the stream catalogs is reported at once.
pub(crate) fn build(config: EmulatorConfig) -> Result<(Router, Arc<AtomicU64>), CatalogError> {
    let cards = Catalog::load(&config.schema_dirs);
    let mut problems = Vec::new();
    let stream_catalogs = StreamCatalogs::load(
        config.catalogs.as_deref(),
        cards.as_ref().ok(),
        &mut problems,
    );
    let catalog = match cards {
        Ok(catalog) => catalog,
        Err(error) => return Err(error.and(problems)),
    };
    if let Some(error) = CatalogError::of(problems) {
        return Err(error);
    }
    let log_requests = Arc::new(AtomicU64::new(0));
    let body_read_timeout = config.body_read_timeout;
    let checks = Arc::new(Semaphore::new(config.max_concurrent_checks));
    let app = App {
        shared: Arc::new(Shared {
            catalog,
            stream_catalogs,
            config,
            store: Mutex::new(Store::new()),
            // Of the size real ones have (§3 examples: 2289176).
            next_stream_id: AtomicU64::new(2_289_000),
            log_requests: Arc::clone(&log_requests),
            checks,
        }),
    };
    let api = Router::new()
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
        .route("/v4/sources/{id}/streams", get(streams::list))
        .route(
            "/v4/sources/{id}/streams/metadata",
            put(streams::update_metadata),
        )
        .route("/v4/sources/{id}/streams/{stream_id}", get(streams::schema))
        .route(
            "/v4/sources/{id}/sync",
            axum::routing::post(jobs::start).delete(jobs::stop),
        )
        .route(
            "/v4/sources/{id}/tokens",
            get(tokens::list).post(tokens::generate),
        )
        .route(
            "/v4/sources/{id}/tokens/{token_id}",
            axum::routing::delete(tokens::revoke),
        )
        .route("/v4/{client_id}/extractions", get(extractions::list))
        .route(
            "/v4/{client_id}/extractions/{job_name}",
            get(extractions::log_link),
        )
        .route("/v4/{client_id}/loads", get(extractions::loads))
        // The API answers 404 for unknown paths and for methods a path does not allow.
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        // Inside authentication: a request without a valid token is refused unread.
        .layer(middleware::from_fn_with_state(
            body_read_timeout,
            body::read_whole_body,
        ))
        .layer(middleware::from_fn_with_state(app.clone(), authenticate));
    // The pre-signed log links stand in for S3: no API token, and none accepted.
    let log_links = Router::new().route(
        &format!("{}/{{job_name}}", extractions::LOG_LINK_PATH),
        get(extractions::download_log),
    );
    let routes = api
        .merge(log_links)
        // `read_whole_body` is the one body limit: axum's own would answer in plain text.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn(log_request))
        .with_state(app);
    Ok((routes, log_requests))
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

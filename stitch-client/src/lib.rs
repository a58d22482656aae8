//! An async, typed client of the Stitch Connect API.
//!
//! It sends the typed bodies of [`stitch_types`] (properties generated from report cards by
//! `include_report_card!`), reads the answers into typed objects, and tells whether a
//! destination or source works:
//!
//! - report cards: [`Client::destination_types`], [`Client::destination_type`],
//!   [`Client::source_types`], [`Client::source_type`];
//! - destinations: [`Client::create_destination`], [`Client::update_destination`],
//!   [`Client::destination`], [`Client::destinations`], [`Client::delete_destination`];
//! - sources: [`Client::create_source`], [`Client::update_source`], [`Client::pause_source`],
//!   [`Client::unpause_source`], [`Client::source`], [`Client::sources`],
//!   [`Client::delete_source`];
//! - connection checks: [`Client::last_connection_check`] and
//!   [`Client::wait_until_configured`];
//! - streams and field selection: [`Client::streams`], [`Client::stream_schema`],
//!   [`Client::discovered_streams`], [`Client::update_stream_metadata`], and
//!   [`Client::configure_source`], which takes a source from created to `fully_configured`
//!   with a selection built by [`stitch_types::FieldSelection`];
//! - replication: [`Client::start_replication`], [`Client::stop_replication`],
//!   [`Client::extractions`], [`Client::loads`] (every page) and
//!   [`Client::extraction_logs_url`];
//! - Import API tokens: [`Client::generate_import_token`], [`Client::import_tokens`],
//!   [`Client::revoke_import_token`].
//!
//! IDs are typed ([`stitch_types::SourceId`], [`stitch_types::DestinationId`],
//! [`stitch_types::StreamId`], [`stitch_types::StitchClientId`]): a source's ID cannot be
//! passed where a destination's is expected.
//!
//! Every failure is an [`Error`] naming the request (`POST /v4/destinations`) and holding one
//! [`ErrorKind`]: the API's documented error bodies ([`ApiError`]), `401`, `404`, `5xx`,
//! timeouts and transport failures. `GET`s, and requests whose connection failed before they
//! were sent, are retried with jittered exponential backoff ([`RetryPolicy`]); a failed TLS
//! handshake is not.
//!
//! The access token never appears in `Debug` output, logs or errors, and only goes where the
//! base URL points: redirects are not followed, and `HTTP_PROXY`, `HTTPS_PROXY` and
//! `ALL_PROXY` are ignored ([`ClientBuilder::proxy`] names a proxy explicitly).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use stitch_client::{Client, Connection, WaitOptions, WaitOutcome};
//!
//! stitch_types::include_report_card!("schemas/destinations/postgres.json");
//!
//! let client = Client::new(std::env::var("STITCH_TOKEN")?)?;
//! let properties = PostgresProperties {
//!     database: "analytics".into(),
//!     encryption_type: PostgresEncryptionType::None,
//!     host: "db.example.com".into(),
//!     password: std::env::var("PGPASSWORD")?.into(),
//!     port: 5432,
//!     ssl: true,
//!     username: "stitch".into(),
//!     encryption_host: None, encryption_port: None, encryption_username: None, sslrootcert: None,
//! };
//! let body = stitch_types::CreateDestination::new("Warehouse", properties);
//! let destination = client.create_destination(&body).await?;
//! let options = WaitOptions::new(Duration::from_secs(300));
//! match client.wait_until_configured(Connection::Destination(destination.id), &options).await? {
//!     WaitOutcome::Configured { .. } => println!("ready"),
//!     WaitOutcome::CheckFailed { message, .. } => eprintln!("check failed: {message}"),
//!     other => eprintln!("not configured: {other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # The HTTP stack
//!
//! [reqwest] on hyper and tokio: the most widely used async HTTP client in Rust, with
//! connection pooling, timeouts and rustls built in, and the same hyper/tokio stack as the
//! axum-based `stitch-emulator`, so the two share their dependencies. TLS is rustls with the
//! `ring` provider (reqwest's own default, `aws-lc-rs`, needs cmake and a long C build); an
//! application that installed another rustls provider keeps it.
//!
//! [reqwest]: https://docs.rs/reqwest
#![forbid(unsafe_code)]

mod client;
mod configure;
mod destinations;
mod error;
mod jobs;
mod report_cards;
mod retry;
mod sources;
mod streams;
mod tls;
mod tokens;
mod transport;
mod wait;

pub use client::{BuildError, Client, ClientBuilder, DEFAULT_BASE_URL};
pub use configure::ConfigureOutcome;
pub use error::{ApiError, CodedError, Error, ErrorCode, ErrorKind, JobErrorType, Method, Request};
pub use jobs::ExtractionLogsUrl;
pub use retry::RetryPolicy;
pub use wait::{Connection, WaitOptions, WaitOutcome};

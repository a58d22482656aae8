//! A local server that behaves as the Stitch Connect API documents, for tests over real HTTP.
//!
//! Stitch's API cannot be reached from a test machine, so this crate serves the endpoints of
//! destinations, sources, their report cards and connection checks from captured report cards,
//! following `connect-api.md` (the project's reference notes) for paths, status codes and error
//! bodies:
//!
//! - `GET /v4/destination-types[/{type}]` and `GET /v4/source-types[/{type}]` serve the cards
//!   of `DIR/destinations/*.json` and `DIR/sources/*.json`;
//! - `POST` and `PUT` check properties against the card with the rules of the generated types
//!   (`stitch_types::runtime::CardChecker`: required properties, patterns with ECMA-262
//!   semantics, formats, nested objects, `read_only`, unknown keys, empty strings) and answer
//!   `400` with the documented bodies;
//! - a connection check starts after every complete create or update, runs for a configurable
//!   delay, and fails on a configurable condition such as a given password;
//! - an account on the [`Tier::Standard`] plan gets `"you are at your destination limit"` for a
//!   second destination, and a request without a valid token gets `401`;
//! - when a source's check passes and its card has `discover_schema`, the source discovers
//!   streams; `GET /v4/sources/{id}/streams[/{stream_id}]` list them and their schemas, and
//!   `PUT /v4/sources/{id}/streams/metadata` selects streams and fields with the documented
//!   rules and error bodies, moving the card to `fully_configured` (and giving it a schedule)
//!   once a selected stream replicates a field;
//! - `POST`/`DELETE /v4/sources/{id}/sync` start and stop replication jobs, which run for
//!   [`EmulatorConfig::job_duration`] and then show in `GET /v4/{stitch_client_id}/extractions`
//!   and, per replicated stream, in `GET /v4/{stitch_client_id}/loads` (100 a page);
//!   `GET /v4/{stitch_client_id}/extractions/{job_name}` answers `302` to a pre-signed log link
//!   the emulator serves without the API token;
//! - `/v4/sources/{id}/tokens` generates (at most two active per source), lists and revokes
//!   Import API access tokens;
//! - responses never contain a credential, and the log never shows a header, a query or a body;
//! - a client that stalls holds little: a request's head and body must arrive in time, bodies
//!   over 2 MiB get `413`, connections and property checks running at once are capped, and
//!   shutdown takes at most a grace period (see [`EmulatorConfig`]'s "Limits").
//!
//! # Stream catalogs
//!
//! With [`EmulatorConfig::catalogs`] (`--catalogs DIR`), a source of type `T` discovers the
//! streams of `DIR/T.json` (e.g. `DIR/platform.hubspot.json`), a [Singer catalog] as a tap's
//! `--discover` prints it:
//!
//! ```json
//! {"streams": [{
//!     "tap_stream_id": "contacts",
//!     "stream": "contacts",
//!     "schema": {"type": "object", "properties": {
//!         "id": {"type": ["null", "integer"]},
//!         "updated_at": {"type": ["null", "string"], "format": "date-time"},
//!         "email": {"type": ["null", "string"]}}},
//!     "metadata": [
//!         {"breadcrumb": [], "metadata": {"forced-replication-method": "INCREMENTAL",
//!             "table-key-properties": ["id"], "valid-replication-keys": ["updated_at"]}},
//!         {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
//!         {"breadcrumb": ["properties", "updated_at"], "metadata": {"inclusion": "automatic"}},
//!         {"breadcrumb": ["properties", "email"], "metadata": {"inclusion": "available"}}]
//! }]}
//! ```
//!
//! - `tap_stream_id` is unique in the file; `stream` is the stream's name (`stream_name` is
//!   accepted for it); `schema` is a JSON Schema object with `properties`, sent to clients as
//!   the JSON string the API sends; other keys of a stream are ignored.
//! - `metadata` entries have the breadcrumb `[]` (stream-level metadata, any keys; the known
//!   ones are checked: `forced-replication-method`, `replication-method`, `replication-key`,
//!   `valid-replication-keys`, `table-key-properties`, `view-key-properties`, `selected`) or
//!   `["properties", FIELD]` for a top-level field of the schema (`inclusion` is `automatic`,
//!   `available` or `unsupported`; `selected` and `selected-by-default` are booleans). A field
//!   without an entry, or without `inclusion`, is `available`. Nested breadcrumbs are refused.
//! - Every file is checked when the emulator starts; each problem is reported with the file and
//!   a JSON pointer (a [`CatalogError`]), as is a file whose name is no source card's type or
//!   whose card has no `discover_schema` step.
//!
//! A type without a file discovers the same three streams every run: `accounts` (forced
//! `INCREMENTAL`, key `id`, replication key `updated_at`, one `unsupported` field), `events`
//! (configurable method, `valid-replication-keys` `created_at` and `sequence`) and `settings`
//! (forced `FULL_TABLE`). Stream IDs are numeric and unique across sources.
//!
//! [Singer catalog]: https://github.com/singer-io/getting-started/blob/master/docs/DISCOVERY_MODE.md
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use stitch_emulator::{CheckFailure, Emulator, EmulatorConfig};
//!
//! let config = EmulatorConfig::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas"))
//!     .check_delay(Duration::from_millis(50))
//!     .fail_checks_when(CheckFailure::when("password", "wrong-password"));
//! let emulator = Emulator::start(config, "127.0.0.1:0".parse()?).await?;
//! println!("Connect API emulator at {}", emulator.base_url());
//! # Ok(())
//! # }
//! ```
//!
//! The binary does the same from the command line:
//! `cargo run -p stitch-emulator -- --listen 127.0.0.1:8787 --schemas schemas`.
#![forbid(unsafe_code)]

mod api;
mod catalog;
mod config;
mod connection;
mod discovery;
mod import_tokens;
mod jobs;
mod property_check;
mod random;
mod server;
mod store;
mod streams;

pub use api::router;
pub use catalog::{CardDiagnostic, CardKind, Catalog, CatalogError};
pub use config::{CheckFailure, EmulatorConfig, Tier, UnknownTier};
pub use server::{Emulator, StartError};

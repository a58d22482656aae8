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
//! - responses never contain a credential, and the log never shows a header, a query or a body.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use stitch_emulator::{CheckFailure, Emulator, EmulatorConfig};
//!
//! let config = EmulatorConfig::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas"))
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
pub use catalog::{CardKind, CardProblem, Catalog, CatalogError};
pub use config::{CheckFailure, EmulatorConfig, Tier, UnknownTier};
pub use server::{Emulator, StartError};

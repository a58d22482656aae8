//! The emulator over real HTTP on 127.0.0.1: status codes, bodies, validation, connection
//! checks, discovery and field selection, replication jobs, extractions, loads, Import API tokens,
//! authentication, the binary, clients that stall, and captured third-party cards.

mod auth_and_routing;
mod catalogs;
mod cli;
mod corpus;
mod destinations;
mod jobs;
mod limits;
mod pagination;
mod slow_peers;
mod sources;
mod streams;
mod support;
mod tokens;

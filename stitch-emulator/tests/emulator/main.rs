//! The emulator over real HTTP on 127.0.0.1: status codes, bodies, validation, connection
//! checks, authentication, the binary, and captured third-party cards.

mod auth_and_routing;
mod cli;
mod corpus;
mod destinations;
mod limits;
mod sources;
mod support;

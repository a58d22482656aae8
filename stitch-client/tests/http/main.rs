//! The client against servers on 127.0.0.1, over real HTTP: the emulator for every endpoint,
//! tiny purpose-built servers for the failures the emulator does not produce.

#[path = "../support/mod.rs"]
mod support;

mod destinations;
mod errors;
mod lifecycle;
mod proxy;
mod replication;
mod runtime;
mod sources;
mod transport;
mod wait;

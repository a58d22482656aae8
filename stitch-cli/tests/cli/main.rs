//! The `stitch` binary, run for real: every command and exit status, outputs checked against
//! expectations written and read by hand (inline, or in `tests/expected/`), no output showing
//! the token or a credential, captures over real HTTP against emulators on 127.0.0.1.

mod atomic;
mod capture;
mod drift;
mod help;
mod lock;
mod render;
mod support;
mod validate;

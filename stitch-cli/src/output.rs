//! A command's output on standard output. A reader that stops early (`stitch render … | head`)
//! ends it quietly, as it ends other Unix tools, instead of the panic `print!` gives on a
//! closed pipe; any other write error is a [`Failure`].

use std::io::{self, Write};

use crate::failure::Failure;

/// Writes `text` to `out` (standard output, plain or through `anstream`) and flushes it.
pub fn write(mut out: impl Write, text: &str) -> Result<(), Failure> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(Failure::new(format!(
            "cannot write to standard output: {error}"
        ))),
        _ => Ok(()),
    }
}

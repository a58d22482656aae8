//! `cargo run -p stitch-demo | head -1`: a reader that stops early ends the demo quietly.

use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_the_demo_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stitch-demo"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the demo starts");
    // Close the reading end before the demo writes (it starts in milliseconds; this is at once).
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("the demo ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
}

//! The main job, run as the README runs it.

use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stitch-demo"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the demo runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn builds_the_guides_body_from_typed_values() {
    let (ok, stdout, _) = run(&[]);
    assert!(ok);
    assert!(stdout.contains("\"type\": \"postgres\""), "{stdout}");
    assert!(stdout.contains("\"port\": \"5432\""), "{stdout}");
    assert!(stdout.contains("\"password\": \"[redacted]\""), "{stdout}");
    assert!(!stdout.contains("hunter2"), "{stdout}");
}

#[test]
fn a_valid_file_prints_the_body_without_its_password() {
    let (ok, stdout, _) = run(&["demo/properties/staging.json"]);
    assert!(ok);
    assert!(stdout.contains("valid `postgres` properties"), "{stdout}");
    assert!(!stdout.contains("hunter2"), "{stdout}");
}

#[test]
fn a_broken_file_lists_every_problem_and_fails() {
    let (ok, stdout, stderr) = run(&["demo/properties/broken.json"]);
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    for expected in [
        "6 problems in `postgres` properties",
        "`encryption_type` \"tls\" is not one of \"ssh\", \"none\"",
        "`host` is required but missing",
        "`port` \"54x32\" does not match the pattern `^\\d+$`",
        "`ssl` \"yes\" does not match",
        "`username` is required but missing",
        "`hots` is not a property of this report card; did you mean `host`?",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let (ok, _, stderr) = run(&["demo/properties/nope.json"]);
    assert!(!ok);
    assert!(stderr.contains("demo/properties/nope.json"), "{stderr}");
}

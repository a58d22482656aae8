//! The `stitch-emulator` binary, spawned as a user would run it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::json;

use crate::support::{Api, workspace};

/// Kills the child when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn emulator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stitch-emulator"))
}

#[tokio::test]
async fn the_binary_serves_the_schemas_directory_and_requires_the_token() {
    let mut child = emulator()
        .args([
            "--listen",
            "127.0.0.1:0",
            "--check-delay-ms",
            "10",
            "--fail-check",
            "password=nope",
        ])
        .arg("--schemas")
        .arg(workspace().join("schemas"))
        .env("STITCH_EMULATOR_TOKEN", "ac_cli_token_e3")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("stitch-emulator listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();

    let api = Api::new(&base, Some("ac_cli_token_e3"));
    let types = api.get("/v4/destination-types").await;
    assert_eq!(types.status, 200);
    assert_eq!(types.json[0]["type"], "postgres");
    assert_eq!(
        Api::new(&base, Some("ac_other"))
            .get("/v4/destination-types")
            .await
            .status,
        401
    );
    assert_eq!(
        Api::new(&base, None)
            .get("/v4/destination-types")
            .await
            .json,
        json!("a valid API access token is required: send `Authorization: Bearer <token>`")
    );
    drop(running);
}

#[test]
fn help_and_usage_errors() {
    let help = emulator().arg("--help").output().unwrap();
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--schemas DIR",
        "--catalogs DIR",
        "--job-duration-ms MS",
        "breadcrumb",
    ] {
        assert!(help.contains(flag), "{flag}: {help}");
    }

    let wrong = emulator().arg("--port").output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--port"));

    let bad_tier = emulator().args(["--tier", "gold"]).output().unwrap();
    assert_eq!(bad_tier.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_tier.stderr).contains("unknown tier `gold`"));
}

#[test]
fn a_directory_without_cards_is_named_in_the_error() {
    let empty = std::env::temp_dir().join(format!("stitch-emulator-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let output = emulator()
        .args(["--listen", "127.0.0.1:0", "--schemas"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&*empty.to_string_lossy()), "{stderr}");
    assert!(
        stderr.contains("neither a `destinations` nor a `sources` directory"),
        "{stderr}"
    );
    std::fs::remove_dir_all(empty).unwrap();
}

#[test]
fn a_malformed_catalog_is_named_with_its_pointer() {
    let catalogs = crate::support::TempDir::new("cli-catalogs");
    catalogs.write(
        "platform.example.json",
        r#"{"streams": [{"tap_stream_id": "a", "stream": "a", "schema": {"properties": {}}, "metadata": 3}]}"#,
    );
    let output = emulator()
        .args([
            "--listen",
            "127.0.0.1:0",
            "--job-duration-ms",
            "5",
            "--schemas",
        ])
        .arg(workspace().join("schemas"))
        .arg("--schemas")
        .arg(workspace().join("stitch-emulator/tests/cards"))
        .arg("--catalogs")
        .arg(&catalogs.0)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "platform.example.json at /streams/0/metadata: must be an array of metadata entries"
        ),
        "{stderr}"
    );
}

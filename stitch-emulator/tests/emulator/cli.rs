//! The `stitch-emulator` binary, spawned as a user would run it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use stitch_emulator::EmulatorConfig;

use crate::support::{Api, PASSWORD, guide_body, raw_post, workspace};

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

/// The base URL of a binary started with `command`, read from its first line.
fn listening(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    line.trim()
        .strip_prefix("stitch-emulator listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned()
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
    let base = listening(&mut child);
    let running = Running(child);

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
        "--max-connections N",
        "--max-checks N",
    ] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
    // The defaults shown are the library's.
    for (flag, default) in [
        (
            "--header-timeout-ms MS",
            EmulatorConfig::DEFAULT_HEADER_READ_TIMEOUT,
        ),
        (
            "--body-timeout-ms MS",
            EmulatorConfig::DEFAULT_BODY_READ_TIMEOUT,
        ),
        (
            "--shutdown-grace-ms MS",
            EmulatorConfig::DEFAULT_SHUTDOWN_GRACE,
        ),
    ] {
        let shown = help
            .split(flag)
            .nth(1)
            .and_then(|rest| rest.split("[default: ").nth(1))
            .and_then(|rest| rest.split(']').next());
        assert_eq!(
            shown,
            Some(&*default.as_millis().to_string()),
            "{flag}: {help}"
        );
    }
    let connections = format!("[default: {}]", EmulatorConfig::DEFAULT_MAX_CONNECTIONS);
    assert!(help.contains(&connections), "{help}");

    let zero = emulator().args(["--max-checks", "0"]).output().unwrap();
    assert_eq!(zero.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("--max-checks"));

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

#[tokio::test]
async fn ctrl_c_stops_the_binary_within_the_grace_period_while_clients_stall() {
    let grace = Duration::from_millis(500);
    let mut child = emulator()
        .args(["--listen", "127.0.0.1:0", "--shutdown-grace-ms", "500"])
        .args(["--header-timeout-ms", "60000", "--body-timeout-ms", "60000"])
        .arg("--schemas")
        .arg(workspace().join("schemas"))
        .arg("--schemas")
        .arg(workspace().join("stitch-emulator/tests/cards"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let base = listening(&mut child);
    let mut running = Running(child);
    let address = base.strip_prefix("http://").expect("an http URL");

    // A head never finished, a body never finished, and a check that would run for minutes
    // (`^\d+.?\d*$` on 60,000 digits and two letters: quadratic, in a debug build).
    let mut stalled_head = TcpStream::connect(address).await.unwrap();
    stalled_head
        .write_all(b"GET /v4/destinations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    let create = raw_post("/v4/destinations", &guide_body(PASSWORD));
    let mut stalled_body = TcpStream::connect(address).await.unwrap();
    stalled_body
        .write_all(&create.as_bytes()[..create.len() - 20])
        .await
        .unwrap();
    let slow = json!({
        "type": "platform.simple",
        "display_name": "Slow",
        "properties": {"subdomain": "acme", "search_window_size": "1".repeat(60_000) + "xx"}
    });
    let mut checking = TcpStream::connect(address).await.unwrap();
    checking
        .write_all(raw_post("/v4/sources", &slow).as_bytes())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let started = Instant::now();
    let pid = running.0.id().to_string();
    let signalled = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(signalled.success());
    let exit = loop {
        if let Some(status) = running.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < grace + Duration::from_secs(5),
            "still running {:?} after SIGINT, with a grace period of {grace:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let took = started.elapsed();
    assert!(exit.success(), "{exit:?}");
    assert!(
        took >= grace - Duration::from_millis(50) && took < grace + Duration::from_secs(2),
        "exited {took:?} after SIGINT, with a grace period of {grace:?}"
    );
}

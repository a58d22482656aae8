//! A capture killed while it runs leaves the previous card whole: the real binary, killed with
//! SIGKILL while it writes (and while it waits for a body that never ends).

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Reply, TOKEN, TestServer, scratch, workspace};

fn spawn_capture(base_url: &str, out: &Path) -> Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_stitch"))
        .args([
            "capture",
            "destination",
            "postgres",
            "--quiet",
            "--base-url",
            base_url,
            "--out",
        ])
        .arg(out)
        .env("STITCH_TOKEN", TOKEN)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn old_card(out: &Path) -> Vec<u8> {
    let old = std::fs::read(workspace().join("schemas/destinations/postgres.json")).unwrap();
    std::fs::create_dir_all(out.join("destinations")).unwrap();
    std::fs::write(out.join("destinations/postgres.json"), &old).unwrap();
    old
}

/// A card of about 12 MiB (the client reads up to 16), so writing it takes a while.
fn big_card() -> Vec<u8> {
    let mut card: serde_json::Value = serde_json::from_slice(
        &std::fs::read(workspace().join("schemas/destinations/postgres.json")).unwrap(),
    )
    .unwrap();
    card["padding"] = serde_json::Value::String("x".repeat(12 << 20));
    serde_json::to_vec(&card).unwrap()
}

#[test]
fn a_capture_killed_while_writing_leaves_the_old_file_whole() {
    let body = big_card();
    let server = TestServer::answering(Reply::ok(body));
    let mut killed_mid_write = 0;
    for _ in 0..8 {
        let dir = scratch();
        let out = dir.path();
        let old = old_card(out);
        let cards = out.join("destinations");
        let mut child = spawn_capture(&server.base_url(), out);
        // Kill it the moment its temporary file appears.
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut saw_temporary = false;
        while Instant::now() < deadline {
            if names(&cards)
                .iter()
                .any(|name| name.starts_with(".postgres.json."))
            {
                saw_temporary = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
        }
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read(cards.join("postgres.json")).unwrap();
        let left = names(&cards);
        let temporary_left = left.iter().any(|name| name.ends_with(".tmp"));
        if saw_temporary && temporary_left {
            // Killed before the rename: the old card, byte for byte.
            killed_mid_write += 1;
            assert!(now == old, "the old card was damaged by a killed capture");
        } else {
            // Finished before the kill: the whole new card.
            assert!(
                now == old || now.len() > 12 << 20,
                "a partial card: {} bytes",
                now.len()
            );
        }
        // Whatever is left, nothing but the card ends in `.json`.
        let cards_left: Vec<&String> = left.iter().filter(|name| name.ends_with(".json")).collect();
        assert_eq!(cards_left, ["postgres.json"], "{left:?}");
        for name in left.iter().filter(|name| name.ends_with(".tmp")) {
            assert!(name.starts_with(".postgres.json."), "{name}");
        }
        if killed_mid_write >= 2 {
            break;
        }
    }
    assert!(
        killed_mid_write > 0,
        "no kill landed while the card was being written"
    );
}

#[test]
fn a_capture_killed_while_the_body_is_still_coming_leaves_the_old_file_whole() {
    let body = big_card();
    let half = body.len() / 2;
    let server = TestServer::answering(Reply::ok(body).stalling_after(half));
    let dir = scratch();
    let out = dir.path();
    let old = old_card(out);
    let mut child = spawn_capture(&server.base_url(), out);
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the capture should be waiting for the body"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(std::fs::read(out.join("destinations/postgres.json")).unwrap() == old);
    assert_eq!(names(&out.join("destinations")), ["postgres.json"]);
    assert!(!out.join("stitch.lock").exists());
}

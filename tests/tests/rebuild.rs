//! Editing a card, or its `stitch.lock`, makes cargo rebuild the crate that includes it.
//!
//! The test builds a throwaway user crate (in cargo's per-test tmp dir, with its own target
//! dir) whose code fits the postgres card, then makes `sslrootcert` required in the card. If
//! cargo tracked the card, the rebuild re-expands the macro and the crate's `sslrootcert: None`
//! no longer compiles; if it did not, the second build would be "Fresh" and succeed.

use std::path::{Path, PathBuf};
use std::process::Command;

const USER_CODE: &str = r#"
stitch_types::include_report_card!("card.json");

pub fn props() -> PostgresProperties {
    PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: None,
        encryption_username: None,
        sslrootcert: None,
    }
}
"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the workspace")
        .to_owned()
}

fn cargo_check(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO"))
        // `check`: re-expanding the macro is what is tested, and it needs no code generated.
        .args(["check", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

#[test]
fn editing_the_card_rebuilds_the_including_crate() {
    let root = workspace_root();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-on-card-change");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"rebuild-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nstitch-types = {{ path = {:?} }}\n\n[workspace]\n",
        root.join("stitch-types")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file pins the same dependency versions, so `--offline` resolves.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), USER_CODE).unwrap();
    let card_text =
        std::fs::read_to_string(root.join("schemas/destinations/postgres.json")).unwrap();
    std::fs::write(dir.join("card.json"), &card_text).unwrap();

    let first = cargo_check(&dir);
    assert!(
        first.status.success(),
        "the user crate should build against the unchanged card:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );

    let mut card: serde_json::Value = serde_json::from_str(&card_text).unwrap();
    let properties = card["steps"][0]["properties"].as_array_mut().unwrap();
    let sslrootcert = properties
        .iter_mut()
        .find(|property| property["name"] == "sslrootcert")
        .unwrap();
    sslrootcert["is_required"] = serde_json::Value::Bool(true);
    std::fs::write(
        dir.join("card.json"),
        serde_json::to_string_pretty(&card).unwrap(),
    )
    .unwrap();

    let second = cargo_check(&dir);
    let stderr = String::from_utf8_lossy(&second.stderr);
    // Restore the card so that a rerun starts from a crate that builds.
    std::fs::write(dir.join("card.json"), &card_text).unwrap();
    assert!(
        !second.status.success(),
        "after the card changed, cargo must re-expand the macro and reject `sslrootcert: None`"
    );
    assert!(stderr.contains("sslrootcert"), "{stderr}");

    // The lock file is tracked too: with an entry that matches, the crate builds…
    let lock_with = |sha256: String| {
        let mut lock = stitch_codegen::lock::Lock::default();
        lock.upsert(stitch_codegen::lock::LockEntry {
            file: "card.json".into(),
            card_type: "postgres".into(),
            kind: stitch_codegen::CardKind::Destination,
            url: Some("http://127.0.0.1:1/v4/destination-types/postgres".into()),
            captured_at: Some("2026-05-01T12:00:00Z".into()),
            sha256,
        });
        std::fs::write(dir.join("stitch.lock"), lock.to_toml()).unwrap();
    };
    lock_with(stitch_codegen::lock::sha256_hex(card_text.as_bytes()));
    let third = cargo_check(&dir);
    assert!(
        third.status.success(),
        "the card matches its lock entry:\n{}",
        String::from_utf8_lossy(&third.stderr)
    );
    // …and when only the lock changes, cargo re-expands the macro, which finds the mismatch.
    lock_with(stitch_codegen::lock::sha256_hex(b"another card"));
    let fourth = cargo_check(&dir);
    let stderr = String::from_utf8_lossy(&fourth.stderr);
    std::fs::remove_file(dir.join("stitch.lock")).unwrap();
    assert!(
        !fourth.status.success(),
        "after the lock changed, cargo must re-expand the macro and report the mismatch"
    );
    assert!(stderr.contains("does not match its entry"), "{stderr}");
}

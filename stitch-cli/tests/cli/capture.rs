//! `stitch capture` over real HTTP against an emulator on 127.0.0.1.

use snapbox::str;

use crate::support::{
    Reply, RunningEmulator, TOKEN, TestServer, assert_no_secrets, cards, scratch, stitch,
    stitch_with_token, workspace,
};

fn emulator() -> RunningEmulator {
    RunningEmulator::serving(&[workspace().join("schemas"), cards().join("api")])
}

#[test]
fn captures_a_card_as_the_api_sent_it_and_locks_it() {
    let api = emulator();
    let dir = scratch();
    let out = dir.path().join("cards");
    let assert = stitch_with_token()
        .args(["capture", "destination", "postgres", "--base-url", &api.base_url(), "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout_eq(str![[r#"
captured [..]/cards/destinations/postgres.json from http://127.0.0.1:[..]/v4/destination-types/postgres
wrote [..]/cards/.gitattributes (`* -text`): git keeps the cards' bytes, which stitch.lock hashes, as they are

"#]])
        .stderr_eq("");
    // The card root's .gitattributes is the project's own.
    assert_eq!(
        std::fs::read(out.join(".gitattributes")).unwrap(),
        std::fs::read(workspace().join("schemas/.gitattributes")).unwrap()
    );
    assert_no_secrets(assert.get_output(), &[]);
    // The emulator serves the card file as it stands, and that file is already in the layout
    // capture writes: the captured file is the served file, byte for byte.
    let captured = std::fs::read(out.join("destinations/postgres.json")).unwrap();
    let served = std::fs::read(workspace().join("schemas/destinations/postgres.json")).unwrap();
    assert!(
        captured == served,
        "the captured card differs from the served file"
    );

    let lock = stitch_codegen::lock::Lock::parse(
        &std::fs::read_to_string(out.join("stitch.lock")).unwrap(),
        "stitch.lock",
    )
    .unwrap();
    let entry = lock.entry("destinations/postgres.json").unwrap();
    assert_eq!(entry.card_type, "postgres");
    assert_eq!(entry.kind, stitch_schema::CardKind::Destination);
    assert_eq!(
        entry.url.as_deref(),
        Some(format!("{}/v4/destination-types/postgres", api.base_url()).as_str())
    );
    assert_eq!(entry.sha256, stitch_codegen::lock::sha256_hex(&captured));
    let captured_at = entry.captured_at.as_deref().unwrap();
    let parsed = chrono::DateTime::parse_from_rfc3339(captured_at).unwrap();
    assert_eq!(parsed.offset().local_minus_utc(), 0);
    assert!(captured_at.ends_with('Z'), "{captured_at}");
}

#[test]
fn the_api_key_order_is_kept() {
    // The client's typed ReportCard would sort and drop keys; capture keeps the text,
    // re-indented. The emulator serves files already in that layout, so a compact body, keys
    // in no order, `1.0` and an escape, comes from a server of its own.
    let body = r#"{"type":"postgres","zeta":{"b":1,"a":[1.0,{}]},"steps":[{"type":"form","properties":[]}],"alpha":"\u00e9"}"#;
    let server = TestServer::answering(Reply::ok(body.as_bytes().to_vec()));
    let dir = scratch();
    stitch_with_token()
        .args([
            "capture",
            "destination",
            "postgres",
            "--quiet",
            "--base-url",
            &server.base_url(),
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stdout_eq("");
    // --quiet writes the card root's .gitattributes without a word.
    assert!(dir.path().join(".gitattributes").is_file());
    let captured = std::fs::read_to_string(dir.path().join("destinations/postgres.json")).unwrap();
    assert_eq!(
        captured,
        "{\n  \"type\": \"postgres\",\n  \"zeta\": {\n    \"b\": 1,\n    \"a\": [\n      1.0,\n      {}\n    ]\n  },\n  \"steps\": [\n    {\n      \"type\": \"form\",\n      \"properties\": []\n    }\n  ],\n  \"alpha\": \"\\u00e9\"\n}\n"
    );
}

#[test]
fn captures_every_source_and_skips_stubs_naming_their_upgrade() {
    let api = emulator();
    let dir = scratch();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let assert = stitch()
        .args(["capture", "sources", "--all", "--base-url", &api.base_url(), "--token-file"])
        .arg(&token_file)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success()
        .stdout_eq(str![[r#"
captured [..]/sources/platform.tiny.json from http://127.0.0.1:[..]/v4/source-types/platform.tiny
wrote [..]/.gitattributes (`* -text`): git keeps the cards' bytes, which stitch.lock hashes, as they are
skipped `platform.tiny-legacy`: a stub card without steps; the API offers `platform.tiny` as its upgrade (stitch capture source platform.tiny)
1 of 2 cards captured

"#]])
        .stderr_eq("");
    assert_no_secrets(assert.get_output(), &[]);
    assert!(dir.path().join("sources/platform.tiny.json").is_file());
    assert!(
        !dir.path()
            .join("sources/platform.tiny-legacy.json")
            .exists()
    );
}

#[test]
fn api_errors_and_bad_type_names_exit_2_without_the_token() {
    let api = emulator();
    let dir = scratch();
    let assert = stitch_with_token()
        .args([
            "capture",
            "destination",
            "no-such-type",
            "postgres",
            "--base-url",
            &api.base_url(),
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout_eq(str![[r#"
captured [..]/destinations/postgres.json from http://127.0.0.1:[..]/v4/destination-types/postgres
wrote [..]/.gitattributes (`* -text`): git keeps the cards' bytes, which stitch.lock hashes, as they are

"#]])
        .stderr_eq(str![[r#"
error: GET /v4/destination-types/no-such-type: 404 Not Found[..]
error: 1 of 2 cards could not be captured

"#]]);
    assert_no_secrets(assert.get_output(), &[]);
    stitch_with_token()
        .args([
            "capture",
            "destination",
            "../escape",
            "--base-url",
            &api.base_url(),
        ])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: `../escape` is not a type name: it would not make a file name in the card directory

"#]]);
    // A wrong token: the API's 401, and neither token shown.
    let assert = stitch()
        .env("STITCH_TOKEN", "ac_wrong-token-9Zx")
        .args([
            "capture",
            "destination",
            "postgres",
            "--base-url",
            &api.base_url(),
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(2);
    assert_no_secrets(assert.get_output(), &["ac_wrong-token-9Zx"]);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("401 Unauthorized"), "{stderr}");
}

#[test]
fn a_token_file_that_cannot_be_read_names_the_file_only() {
    stitch()
        .args([
            "capture",
            "destination",
            "postgres",
            "--token-file",
            "no-such-token-file",
        ])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: cannot read the token file `no-such-token-file`: No such file or directory (os error 2)

"#]]);
}

#[test]
fn an_invalid_card_is_an_error_and_the_old_file_stays_whole() {
    // Valid JSON, but not a card the generator can read: a property without a name.
    let body =
        br#"{"type":"postgres","steps":[{"type":"form","properties":[{"is_required":true}]}]}"#;
    let server = TestServer::answering(Reply::ok(body.to_vec()));
    let dir = scratch();
    let out = dir.path();
    let old = std::fs::read(workspace().join("schemas/destinations/postgres.json")).unwrap();
    std::fs::create_dir_all(out.join("destinations")).unwrap();
    std::fs::write(out.join("destinations/postgres.json"), &old).unwrap();
    let assert = stitch_with_token()
        .args(["capture", "destination", "postgres", "--base-url", &server.base_url(), "--out"])
        .arg(out)
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: invalid report card `http://127.0.0.1:[..]/v4/destination-types/postgres` (1 problem):
  http://127.0.0.1:[..]/v4/destination-types/postgres:7:9: at /steps/0/properties/0: the property has no `name`
note: `[..]/destinations/postgres.json` was not written
error: 1 of 1 card could not be captured

"#]]);
    assert_no_secrets(assert.get_output(), &[]);
    assert!(std::fs::read(out.join("destinations/postgres.json")).unwrap() == old);
    let mut left: Vec<_> = std::fs::read_dir(out.join("destinations"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["postgres.json"]);
    assert!(!out.join("stitch.lock").exists());
}

#[test]
fn a_card_that_did_not_change_changes_no_file() {
    let api = emulator();
    let dir = scratch();
    let out = dir.path();
    let capture = || {
        stitch_with_token()
            .args([
                "capture",
                "destination",
                "postgres",
                "--base-url",
                &api.base_url(),
                "--out",
            ])
            .arg(out)
            .assert()
            .success()
    };
    capture();
    // As if the first capture were long ago: an older time in the lock, an older file.
    let lock_path = out.join("stitch.lock");
    let lock = std::fs::read_to_string(&lock_path).unwrap();
    let at = lock.find("captured_at = \"").unwrap() + "captured_at = \"".len();
    let lock = format!("{}2020-01-01T00:00:00Z{}", &lock[..at], &lock[at + 20..]);
    std::fs::write(&lock_path, &lock).unwrap();
    let card = out.join("destinations/postgres.json");
    let long_ago =
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_577_836_800);
    for file in [&card, &lock_path] {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    // The API serves the same bytes: the lock keeps its time and URL, and neither file is
    // touched (cargo would rebuild whatever includes the card).
    capture().stdout_eq(str![[r#"
unchanged [..]/destinations/postgres.json: the API serves the card captured from http://127.0.0.1:[..]/v4/destination-types/postgres at 2020-01-01T00:00:00Z

"#]]);
    assert_eq!(std::fs::read_to_string(&lock_path).unwrap(), lock);
    for file in [&card, &lock_path] {
        let modified = std::fs::metadata(file).unwrap().modified().unwrap();
        assert_eq!(modified, long_ago, "{} was rewritten", file.display());
    }
    // A file edited since is restored, and keeps the capture's time.
    std::fs::write(&card, b"{}").unwrap();
    capture();
    assert!(
        std::fs::read(&card).unwrap()
            == std::fs::read(workspace().join("schemas/destinations/postgres.json")).unwrap()
    );
    assert_eq!(std::fs::read_to_string(&lock_path).unwrap(), lock);
}

#[test]
fn a_server_that_echoes_the_token_never_gets_it_printed() {
    // A proxy that quotes the request's Authorization header in its 400 body.
    let server = TestServer::start(|head| {
        let authorization = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("authorization")
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_default();
        Reply::status(
            400,
            format!("proxy refused the request: Authorization was `{authorization}`").into_bytes(),
        )
    });
    let dir = scratch();
    let assert = stitch_with_token()
        .args(["capture", "destination", "postgres", "--base-url", &server.base_url(), "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: GET /v4/destination-types/postgres: 400 Bad Request: proxy refused the request: Authorization was `Bearer [redacted]`
error: 1 of 1 card could not be captured

"#]]);
    assert_no_secrets(assert.get_output(), &[]);
    // The same for `drift --live`, which stops at the first card it cannot fetch.
    let root = dir.path().join("schemas");
    crate::support::copy(&workspace().join("schemas"), &root);
    let assert = stitch_with_token()
        .args(["drift", "--base-url", &server.base_url(), "--live"])
        .arg(&root)
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: GET /v4/destination-types/postgres: 400 Bad Request: proxy refused the request: Authorization was `Bearer [redacted]`

"#]]);
    assert_no_secrets(assert.get_output(), &[]);
}

//! `stitch capture` over real HTTP against an emulator on 127.0.0.1.

use snapbox::str;

use crate::support::{
    RunningEmulator, TOKEN, assert_no_secrets, cards, scratch, stitch, stitch_with_token, workspace,
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
    let captured = std::fs::read(out.join("destinations/postgres.json")).unwrap();
    // The emulator answers with its own serialization of the card: the same JSON, keys sorted.
    let served: serde_json::Value = serde_json::from_slice(&captured).unwrap();
    let original: serde_json::Value = serde_json::from_slice(
        &std::fs::read(workspace().join("schemas/destinations/postgres.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(served, original);
    // Byte for byte the body the API sends, re-indented with its key order.
    let body = raw_get(&api.base_url(), "/v4/destination-types/postgres");
    let text = String::from_utf8(captured.clone()).unwrap();
    assert_eq!(text, reindented(&body));

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

/// The body of `GET path`, read over a plain socket (no client that could reorder it).
fn raw_get(base_url: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let address = base_url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {TOKEN}\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("chunked"), "{head}");
    body.to_owned()
}

/// The layout capture writes: two-space indentation, keys as they come, a final newline.
fn reindented(body: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut chars = body.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push(c);
                while let Some(c) = chars.next() {
                    out.push(c);
                    if c == '\\' {
                        out.push(chars.next().unwrap());
                    } else if c == '"' {
                        break;
                    }
                }
            }
            '{' | '[' if matches!(chars.peek(), Some('}' | ']')) => {
                out.push(c);
                out.push(chars.next().unwrap());
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

#[test]
fn the_api_key_order_is_kept() {
    // The client's typed ReportCard would sort and drop keys; capture keeps the text. The
    // emulator sorts keys itself, so a server that sends an unusual order is used here.
    let body = r#"{"type":"postgres","zeta":{"b":1,"a":[1.0,{}]},"steps":[{"type":"form","properties":[]}],"alpha":"\u00e9"}"#;
    let server = crate::atomic::OneCardServer::start(body.as_bytes().to_vec(), None);
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

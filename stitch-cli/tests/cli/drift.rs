//! `stitch drift OLD NEW` and `stitch drift --live [DIR]`.
//!
//! `tests/cards/changed/destinations/postgres.json` is the project's postgres card with one
//! change of each kind; `tests/expected/drift-postgres.txt` says, line by line, how each is
//! sorted:
//!
//! | change | category | breaks generated code |
//! | --- | --- | --- |
//! | `encryption_host` optional → required | breaking | yes (`Option<T>` → `T`) |
//! | `encryption_port` `^\d+$` → `^[0-9]{1,5}$` | breaking (tightened: a 20-digit value) | yes (`u16` → a pattern newtype) |
//! | `encryption_username` → `user_provided_immutable` | breaking (updates) | yes (leaves the update type) |
//! | `host` gains `format: hostname` | breaking | yes (`String` → `Hostname`) |
//! | `ssl` `^(true|false)$` → `^(true)$` | breaking ("false" removed) | yes (`bool` → an enum) |
//! | `sslrootcert` removed | breaking | yes |
//! | new required `schema` | breaking | yes |
//! | `details.access` true → false | breaking | no |
//! | `username` becomes a credential | credential | yes (`Secret`) |
//! | `database` required → optional | additive | yes (`T` → `Option<T>`) |
//! | `encryption_type` gains "tls" | additive | yes (a variant added: generated enums are exhaustive, so a `match` stops compiling) |
//! | `port` `^\d+$` → `^\d+` | additive (loosened) | no (`u16` either way) |
//! | new optional `application_name` | additive | yes (struct literals must name it) |
//! | `password` `provided` false → true | informational | no |
//! | `details.pipeline_state` released → beta | informational | no |
//! | `username`'s keys reordered | informational | no |

use snapbox::{file, str};

use crate::support::{
    RunningEmulator, assert_no_secrets, cards, scratch, stitch, stitch_with_token, workspace,
};

const OLD: &str = "../schemas/destinations/postgres.json";
const NEW: &str = "tests/cards/changed/destinations/postgres.json";

#[test]
fn every_change_sorted_into_its_category() {
    stitch()
        .args(["drift", OLD, NEW])
        .assert()
        .code(1)
        .stdout_eq(file!["../expected/drift-postgres.txt"])
        .stderr_eq("");
}

#[test]
fn json_output() {
    stitch()
        .args(["drift", OLD, NEW, "--format", "json"])
        .assert()
        .code(1)
        .stdout_eq(file!["../expected/drift-postgres.json"]);
}

#[test]
fn the_same_card_has_no_changes_and_exits_0() {
    stitch()
        .args(["drift", OLD, OLD])
        .assert()
        .success()
        .stdout_eq(str![[r#"
../schemas/destinations/postgres.json → ../schemas/destinations/postgres.json: no changes

"#]]);
    stitch()
        .args(["drift", OLD, OLD, "--format", "json"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
{
  "changes": []
}

"#]]);
}

/// A card whose only change is an added enum value: additive, and a new variant of the
/// generated (exhaustive) enum.
fn additive_only(dir: &std::path::Path) -> std::path::PathBuf {
    let card = std::fs::read_to_string(workspace().join("schemas/destinations/postgres.json"))
        .unwrap()
        .replace("^(ssh|none)$", "^(ssh|none|tls)$");
    let path = dir.join("postgres.json");
    std::fs::write(&path, card).unwrap();
    path
}

#[test]
fn additive_changes_fail_only_with_fail_on_additive() {
    let dir = scratch();
    let new = additive_only(dir.path());
    stitch()
        .args(["drift", OLD])
        .arg(&new)
        .assert()
        .success()
        .stdout_eq(str![[r#"
../schemas/destinations/postgres.json → [..]postgres.json: 0 breaking, 0 credential, 1 additive, 0 informational

additive
  - `encryption_type` (/steps/0/properties/3/json_schema/pattern): value "tls" added (`^(ssh|none)$` → `^(ssh|none|tls)$`)
    breaks code generated from the old card

"#]]);
    stitch()
        .args(["drift", "--fail-on", "additive", OLD])
        .arg(&new)
        .assert()
        .code(1);
    stitch()
        .args(["drift", "--fail-on", "informational", OLD])
        .arg(&new)
        .assert()
        .code(1);
    // The reverse takes a value away: breaking, and the enum loses a variant.
    stitch()
        .arg("drift")
        .arg(&new)
        .arg(OLD)
        .args(["--format", "json"])
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
{
  "changes": [
    {
      "category": "breaking",
      "property": "encryption_type",
      "pointer": "/steps/0/properties/3/json_schema/pattern",
      "message": "value \"tls\" removed (`^(ssh|none|tls)$` → `^(ssh|none)$`): requests that send it are rejected",
      "breaks_generated_code": true
    }
  ]
}

"#]]);
}

#[test]
fn an_immutable_property_made_updatable_joins_the_update_type() {
    // The old card: `encryption_username` was `user_provided_immutable`.
    let dir = scratch();
    let card =
        std::fs::read_to_string(workspace().join("schemas/destinations/postgres.json")).unwrap();
    let at = card.find("\"name\": \"encryption_username\"").unwrap();
    let (head, tail) = card.split_at(at);
    let old = format!(
        "{head}{}",
        tail.replacen("\"user_provided\"", "\"user_provided_immutable\"", 1)
    );
    let old_path = dir.path().join("postgres.json");
    std::fs::write(&old_path, old).unwrap();
    // Updates may now send it (additive), and `PostgresUpdate` gains a field that its struct
    // literals must name.
    stitch()
        .arg("drift")
        .arg(&old_path)
        .arg(OLD)
        .args(["--format", "json"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
{
  "changes": [
    {
      "category": "additive",
      "property": "encryption_username",
      "pointer": "/steps/0/properties/4/property_type",
      "message": "became user_provided (was user_provided_immutable): updates may now set it; a struct literal of `PostgresUpdate` must now name it (`encryption_username: None`)",
      "breaks_generated_code": true
    }
  ]
}

"#]]);
}

#[test]
fn keys_of_a_property_outside_the_model_are_informational() {
    // `frequency_in_minutes` of a source card: `system_provided` flipped (ignored beside a
    // `property_type`), `tap_mutable` flipped, and a key this version does not know.
    let dir = scratch();
    let old = cards().join("api/sources/platform.tiny.json");
    let card = std::fs::read_to_string(&old).unwrap();
    let at = card.find("\"name\": \"frequency_in_minutes\"").unwrap();
    let (head, tail) = card.split_at(at);
    let tail = tail
        .replacen("\"system_provided\": false", "\"system_provided\": true", 1)
        .replacen(
            "\"tap_mutable\": false",
            "\"tap_mutable\": true,\n          \"ui_hint\": \"minutes\"",
            1,
        );
    let new_path = dir.path().join("platform.tiny.json");
    std::fs::write(&new_path, format!("{head}{tail}")).unwrap();
    stitch()
        .args(["drift", "--format", "json"])
        .arg(&old)
        .arg(&new_path)
        .assert()
        .success()
        .stdout_eq(str![[r#"
{
  "changes": [
    {
      "category": "informational",
      "property": "frequency_in_minutes",
      "pointer": "/steps/0/properties/1/system_provided",
      "message": "system_provided changed from false to true",
      "breaks_generated_code": false
    },
    {
      "category": "informational",
      "property": "frequency_in_minutes",
      "pointer": "/steps/0/properties/1/tap_mutable",
      "message": "tap_mutable changed from false to true",
      "breaks_generated_code": false
    },
    {
      "category": "informational",
      "property": "frequency_in_minutes",
      "pointer": "/steps/0/properties/1/ui_hint",
      "message": "ui_hint changed from absent to \"minutes\"",
      "breaks_generated_code": false
    }
  ]
}

"#]]);
}

#[test]
fn a_credential_change_alone_exits_1() {
    // Only `username` becomes a credential: nothing breaking, and still a failure.
    let dir = scratch();
    let card =
        std::fs::read_to_string(workspace().join("schemas/destinations/postgres.json")).unwrap();
    let at = card.find("\"name\": \"username\"").unwrap();
    let (head, tail) = card.split_at(at);
    let new = format!(
        "{head}{}",
        tail.replacen("\"is_credential\": false", "\"is_credential\": true", 1)
    );
    let new_path = dir.path().join("postgres.json");
    std::fs::write(&new_path, new).unwrap();
    stitch()
        .args(["drift", OLD])
        .arg(&new_path)
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
../schemas/destinations/postgres.json → [..]postgres.json: 0 breaking, 1 credential, 0 additive, 0 informational

credential
  - `username` (/steps/0/properties/10/is_credential): is now a credential: the value that was shown becomes secret (the API stops returning it; generated code holds it in a `Secret`)
    breaks code generated from the old card

"#]]);
}

#[test]
fn invalid_or_missing_cards_exit_2() {
    stitch()
        .args(["drift", OLD, "../tests/ui/cards/malformed.json"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: invalid report card `../tests/ui/cards/malformed.json` (1 problem):
...
"#]]);
    stitch()
        .args(["drift", OLD, "missing.json"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: cannot read report card `missing.json`: No such file or directory (os error 2)

"#]]);
}

#[test]
fn live_drift_against_the_emulator() {
    let dir = scratch();
    let out = dir.path().join("cards");
    // Capture from an emulator serving the project's card and two sources…
    {
        let api = RunningEmulator::serving(&[workspace().join("schemas"), cards().join("api")]);
        for kind in ["destinations", "sources"] {
            stitch_with_token()
                .args([
                    "capture",
                    kind,
                    "--all",
                    "--quiet",
                    "--base-url",
                    &api.base_url(),
                    "--out",
                ])
                .arg(&out)
                .assert()
                .success()
                .stdout_eq("");
        }
        // …against which nothing has drifted.
        stitch_with_token()
            .args(["drift", "--base-url", &api.base_url(), "--live"])
            .arg(&out)
            .assert()
            .success()
            .stdout_eq(str![[r#"
destinations/postgres.json → http://127.0.0.1:[..]/v4/destination-types/postgres: no changes

sources/platform.tiny.json → http://127.0.0.1:[..]/v4/source-types/platform.tiny: no changes

"#]]);
    }
    // Then against one serving the changed card: every change, over HTTP, key order included
    // (the emulator serves a card's file as it stands).
    let api = RunningEmulator::serving(&[cards().join("changed"), cards().join("api")]);
    let assert = stitch_with_token()
        .args(["drift", "--base-url", &api.base_url(), "--live"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout_eq(file!["../expected/drift-live.txt"])
        .stderr_eq("");
    assert_no_secrets(assert.get_output(), &[]);
    let assert = stitch_with_token()
        .args([
            "drift",
            "--base-url",
            &api.base_url(),
            "--format",
            "json",
            "--live",
        ])
        .arg(&out)
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 16);
    assert!(
        changes
            .iter()
            .all(|change| change["card"] == "destinations/postgres.json")
    );
    let credential: Vec<_> = changes
        .iter()
        .filter(|c| c["category"] == "credential")
        .collect();
    assert_eq!(credential.len(), 1);
    assert_eq!(credential[0]["property"], "username");
}

#[test]
fn live_drift_reports_a_type_the_api_no_longer_serves() {
    let dir = scratch();
    let out = dir.path().join("cards");
    {
        let api = RunningEmulator::serving(&[workspace().join("schemas"), cards().join("api")]);
        stitch_with_token()
            .args([
                "capture",
                "source",
                "platform.tiny",
                "--quiet",
                "--base-url",
                &api.base_url(),
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
    }
    let api = RunningEmulator::serving(&[workspace().join("schemas")]);
    stitch_with_token()
        .args(["drift", "--base-url", &api.base_url(), "--live"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
sources/platform.tiny.json → http://127.0.0.1:[..]/v4/source-types/platform.tiny: 1 breaking, 0 credential, 0 additive, 0 informational

breaking
  - card (/): the API no longer serves the source type `platform.tiny` (GET /v4/source-types/platform.tiny: 404 Not Found[..])

"#]]);
}

#[test]
fn live_drift_needs_a_lock() {
    let dir = scratch();
    stitch_with_token()
        .current_dir(dir.path())
        .args(["drift", "--live"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: `schemas/stitch.lock` does not exist: capture cards with `stitch capture … --out schemas`, or record cards added by hand with `stitch lock schemas`

"#]]);
}

#[test]
fn colour_where_asked_for_and_never_with_no_color() {
    let output = |no_color: bool| {
        let mut command = stitch().env("CLICOLOR_FORCE", "1").env_remove("NO_COLOR");
        if no_color {
            command = command.env("NO_COLOR", "1");
        }
        let assert = command.args(["drift", OLD, NEW]).assert().code(1);
        String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
    };
    let coloured = output(false);
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31mbreaking"),
        "{coloured}"
    );
    let plain = output(true);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    // Not a terminal, nothing forced: plain (the other tests' outputs).
    let assert = stitch()
        .env_remove("NO_COLOR")
        .args(["drift", OLD, NEW])
        .assert()
        .code(1);
    assert!(!assert.get_output().stdout.contains(&0x1b));
}

//! `stitch validate CARD PROPERTIES.json`: exit 0 valid, 1 invalid, 2 usage, I/O or invalid card.

use snapbox::str;

use crate::support::{assert_no_secrets, cards, scratch, stitch};

#[test]
fn valid_properties_exit_0() {
    stitch()
        .args([
            "validate",
            "../schemas/destinations/postgres.json",
            "../demo/properties/staging.json",
        ])
        .assert()
        .success()
        .stdout_eq(str![[r#"
../demo/properties/staging.json: valid `postgres` properties for a create request

"#]])
        .stderr_eq("");
}

#[test]
fn every_problem_with_property_pointer_and_rule_exit_1() {
    stitch()
        .args(["validate", "../schemas/destinations/postgres.json", "../demo/properties/broken.json"])
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
../demo/properties/broken.json: 6 problems in `postgres` properties
  - `encryption_type` at /encryption_type (enum): "tls" is not one of "ssh", "none"
  - `host` at /host (required): is required but missing
  - `port` at /port (pattern): "54x32" does not match the pattern `^\d+$` (ASCII digits only, such as "5432")
  - `ssl` at /ssl (pattern): "yes" does not match the pattern `^(true|false)$` ("true" or "false")
  - `username` at /username (required): is required but missing
  - `hots` at /hots (unknown property): is not a property of this report card; did you mean `host`?

"#]])
        .stderr_eq("");
}

#[test]
fn update_bodies_refuse_immutable_and_take_partial_properties() {
    let dir = scratch();
    let update = dir.path().join("update.json");
    std::fs::write(&update, r#"{"port": "5433"}"#).unwrap();
    stitch()
        .args([
            "validate",
            "--update",
            "../schemas/destinations/postgres.json",
        ])
        .arg(&update)
        .assert()
        .success()
        .stdout_eq(str![[r#"
[..]update.json: valid `postgres` properties for an update request

"#]]);
}

#[test]
fn credential_values_are_never_printed() {
    let dir = scratch();
    let properties = dir.path().join("properties.json");
    // The key breaks its pattern, and a misspelt copy of it is an unknown key.
    std::fs::write(
        &properties,
        r#"{"api_key": "hunter2-not-hex-0c1d", "api_kye": "hunter2-typo-1e2f", "frequency_in_minutes": "15"}"#,
    )
    .unwrap();
    let card = cards().join("credential.json");
    let assert = stitch()
        .arg("validate")
        .arg(&card)
        .arg(&properties)
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
[..]properties.json: 3 problems in `platform.tiny` properties
  - `api_key` at /api_key (pattern): (value not shown) does not match the pattern `^[a-f0-9]{32}$` (a string that matches it)
  - `frequency_in_minutes` at /frequency_in_minutes (enum): "15" is not one of "1", "30", "60"
  - `api_kye` at /api_kye (unknown property): is not a property of this report card; did you mean `api_key`?

"#]]);
    assert_no_secrets(assert.get_output(), &["hunter2"]);
}

#[test]
fn an_invalid_card_or_file_exits_2() {
    stitch()
        .args([
            "validate",
            "../tests/ui/cards/wrong_shape.json",
            "../demo/properties/staging.json",
        ])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: invalid report card `../tests/ui/cards/wrong_shape.json` ([..]):
...
"#]]);
    stitch()
        .args([
            "validate",
            "../schemas/destinations/postgres.json",
            "missing.json",
        ])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: cannot read properties file `missing.json`: No such file or directory (os error 2)

"#]]);
    let dir = scratch();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"password\": \"hunter2\",").unwrap();
    let assert = stitch()
        .args(["validate", "../schemas/destinations/postgres.json"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: `[..]broken.json` is not valid JSON: EOF while parsing a value at line 1 column 23

"#]]);
    assert_no_secrets(assert.get_output(), &["hunter2"]);
}

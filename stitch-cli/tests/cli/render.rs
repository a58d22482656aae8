//! `stitch render`: the code include_report_card! generates (`stitch-macros` checks the same
//! expected file against the macro's own token stream).

use snapbox::{file, str};

use crate::support::{copy, scratch, stitch, workspace};

#[test]
fn renders_what_the_macro_generates() {
    stitch()
        .args(["render", "../schemas/destinations/postgres.json"])
        .assert()
        .success()
        .stdout_eq(file!["../expected/render-postgres.rs"])
        .stderr_eq("");
}

#[test]
fn a_reader_that_stops_early_ends_it_quietly() {
    // `stitch render … | head -1`: the reading end is closed before stitch writes (it starts
    // in milliseconds; this is at once), so every write meets a closed pipe.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_stitch"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["render", "../schemas/destinations/postgres.json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("stitch starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("stitch ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, "", "nothing on stderr, no panic");
    assert!(output.status.success(), "{:?}", output.status);
}

#[test]
fn writes_to_a_file_with_out() {
    let dir = scratch();
    let out = dir.path().join("generated/postgres.rs");
    stitch()
        .args(["render", "../schemas/destinations/postgres.json", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout_eq("");
    let expected = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/render-postgres.rs"),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}

#[test]
fn a_card_that_does_not_match_its_lock_is_an_error_saying_how_to_fix_it() {
    let dir = scratch();
    let root = dir.path().join("cards");
    copy(&workspace().join("schemas"), &root);
    let card = root.join("destinations/postgres.json");
    let edited = std::fs::read_to_string(&card)
        .unwrap()
        .replace("\"form\"", "\"form\" ");
    std::fs::write(&card, edited).unwrap();
    stitch()
        .current_dir(dir.path())
        .args(["render", "cards/destinations/postgres.json"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: the report card `cards/destinations/postgres.json` does not match its entry `destinations/postgres.json` in `cards/stitch.lock`
note: the lock records SHA-256 6cc6c75db36ea83444e45ba64687ff0147ecd86bb030170911ac602048f191c2 (recorded by `stitch lock`); the file's bytes hash to [..]
help: to go back to the API's card, capture it again: `stitch capture destination postgres --out cards`
help: to keep the file as it is now, record it: `stitch lock cards`

"#]]);
}

#[test]
fn unreadable_and_invalid_cards_exit_2() {
    stitch()
        .args(["render", "missing.json"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: cannot read report card `missing.json`: No such file or directory (os error 2)

"#]]);
    stitch()
        .args(["render", "../tests/ui/cards/malformed.json"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: invalid report card `../tests/ui/cards/malformed.json` (1 problem):
  ../tests/ui/cards/malformed.json:[..]: the card is not valid JSON: [..]

"#]]);
}

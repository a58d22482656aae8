//! `stitch lock DIR`: entries for cards added or edited by hand.

use snapbox::str;

use crate::support::{cards, copy, scratch, stitch};

#[test]
fn records_added_edited_and_removed_cards() {
    let dir = scratch();
    let root = dir.path();
    copy(&cards().join("api"), root);
    stitch()
        .current_dir(root)
        .args(["lock", "."])
        .assert()
        .success()
        .stdout_eq(str![[r#"
added sources/platform.tiny-legacy.json (source `platform.tiny-legacy`)
added sources/platform.tiny.json (source `platform.tiny`)
wrote ./.gitattributes (`* -text`): git keeps the cards' bytes, which stitch.lock hashes, as they are
./stitch.lock: 2 cards

"#]]);
    assert_eq!(
        std::fs::read(root.join(".gitattributes")).unwrap(),
        std::fs::read(crate::support::workspace().join("schemas/.gitattributes")).unwrap()
    );
    let lock = std::fs::read_to_string(root.join("stitch.lock")).unwrap();
    let tiny = std::fs::read(root.join("sources/platform.tiny.json")).unwrap();
    let expected_hash = stitch_codegen::lock::sha256_hex(&tiny);
    assert!(
        lock.contains(&format!("sha256 = \"{expected_hash}\"")),
        "{lock}"
    );
    assert!(lock.contains("kind = \"source\""), "{lock}");
    assert!(
        !lock.contains("captured_at"),
        "cards added by hand were not captured:\n{lock}"
    );

    // Unchanged: nothing to say. Edited, removed, or a capture's temporary file: each noted.
    std::fs::write(
        root.join("sources/platform.tiny.json"),
        b"{\"type\": \"platform.tiny\"}\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("sources/platform.tiny-legacy.json")).unwrap();
    std::fs::write(root.join("sources/.platform.tiny.json.a1B2c3.tmp"), b"{").unwrap();
    stitch()
        .current_dir(root)
        .args(["lock", "."])
        .assert()
        .success()
        .stdout_eq(str![[r#"
updated sources/platform.tiny.json: its bytes changed
removed sources/platform.tiny-legacy.json (the file is gone)
./stitch.lock: 1 card

"#]]);
}

#[test]
fn a_directory_without_cards_exits_2() {
    let dir = scratch();
    stitch()
        .current_dir(dir.path())
        .args(["lock", "."])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: `.` has neither a `destinations` nor a `sources` directory of report cards

"#]]);
}

#[test]
fn a_file_that_is_not_a_card_exits_2_and_keeps_the_others() {
    let dir = scratch();
    let root = dir.path();
    copy(&cards().join("api"), root);
    std::fs::write(root.join("sources/broken.json"), b"[1, 2").unwrap();
    stitch()
        .current_dir(root)
        .args(["lock", "."])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: `./sources/broken.json` is not a report card: it must be a JSON object with a string `type`

"#]]);
    let lock = std::fs::read_to_string(root.join("stitch.lock")).unwrap();
    assert!(lock.contains("sources/platform.tiny.json"), "{lock}");
}

#[test]
fn the_projects_own_lock_is_current() {
    // `stitch lock schemas` leaves the committed lock as it is.
    let dir = scratch();
    let root = dir.path().join("schemas");
    copy(&crate::support::workspace().join("schemas"), &root);
    let before = std::fs::read_to_string(root.join("stitch.lock")).unwrap();
    stitch()
        .current_dir(dir.path())
        .args(["lock", "schemas"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
schemas/stitch.lock: 1 card

"#]]);
    assert_eq!(
        std::fs::read_to_string(root.join("stitch.lock")).unwrap(),
        before
    );
}

#[test]
fn a_gitattributes_of_the_users_own_is_kept() {
    let dir = scratch();
    let root = dir.path();
    copy(&cards().join("api"), root);
    std::fs::write(root.join(".gitattributes"), "*.json binary\n").unwrap();
    stitch()
        .current_dir(root)
        .args(["lock", "."])
        .assert()
        .success()
        .stdout_eq(str![[r#"
added sources/platform.tiny-legacy.json (source `platform.tiny-legacy`)
added sources/platform.tiny.json (source `platform.tiny`)
./stitch.lock: 2 cards

"#]]);
    assert_eq!(
        std::fs::read_to_string(root.join(".gitattributes")).unwrap(),
        "*.json binary\n"
    );
}

#[test]
fn a_lock_that_cannot_be_read_is_an_error_unless_forced() {
    let dir = scratch();
    let root = dir.path();
    copy(&cards().join("api"), root);
    let broken = "version = 1\n[[card]\nfile = \"sources/platform.tiny.json\"\n";
    std::fs::write(root.join("stitch.lock"), broken).unwrap();
    // Rewriting would lose the capture URLs and times that only the lock holds: exit 2, the
    // file and the TOML error named, the lock untouched.
    stitch()
        .current_dir(root)
        .args(["lock", "."])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: invalid lock file `./stitch.lock`: line 2, column 8: unclosed array table, expected `]`
help: fix the file, or run `stitch lock --force .` to write it anew from the card files (capture URLs and times are lost)

"#]]);
    assert_eq!(
        std::fs::read_to_string(root.join("stitch.lock")).unwrap(),
        broken
    );
    // --force: a warning, and a lock written from the card files.
    stitch()
        .current_dir(root)
        .args(["lock", "--force", "."])
        .assert()
        .success()
        .stderr_eq(str![[r#"
warning: invalid lock file `./stitch.lock`: line 2, column 8: unclosed array table, expected `]`; writing it anew from the card files (--force: capture URLs and times are lost)

"#]]);
    let lock = stitch_codegen::lock::Lock::parse(
        &std::fs::read_to_string(root.join("stitch.lock")).unwrap(),
        "stitch.lock",
    )
    .unwrap();
    assert_eq!(lock.cards.len(), 2);
}

//! `--help` on every command; usage errors exit 2; no flag takes a token.

use snapbox::str;

use crate::support::{TOKEN, assert_no_secrets, stitch};

#[test]
fn every_command_has_help() {
    let commands: &[&[&str]] = &[
        &[],
        &["capture"],
        &["capture", "destination"],
        &["capture", "source"],
        &["capture", "destinations"],
        &["capture", "sources"],
        &["lock"],
        &["render"],
        &["validate"],
        &["drift"],
    ];
    for command in commands {
        let output = stitch().args(*command).arg("--help").assert().success();
        let stdout = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
        let usage = format!(
            "Usage: {}",
            ["stitch"]
                .iter()
                .chain(command.iter())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(
            stdout.contains(&usage),
            "{command:?}: no `{usage}` in\n{stdout}"
        );
    }
}

#[test]
fn the_top_level_help_lists_the_commands() {
    stitch().arg("--help").assert().success().stdout_eq(str![[r#"
Capture Stitch report cards from the Connect API, lock their provenance, render the code `include_report_card!` generates, validate properties files, and report drift.

Commands that talk to the API read the token from STITCH_TOKEN or `--token-file PATH`, never from a flag's value, and never print it.

Usage: stitch <COMMAND>

Commands:
  capture   Fetch report cards from the API into DIR/destinations/TYPE.json and DIR/sources/TYPE.json, recording each in DIR/stitch.lock
  lock      Record every card file of DIR in DIR/stitch.lock (for cards added or edited by hand)
  render    Print the code include_report_card! generates for cards, formatted with prettyplease
  validate  Check a properties file against a card, reporting every problem
  drift     Compare two cards, or every locked card with the API's current one, and sort each change into breaking, credential, additive or informational
  help      Print this message or the help of the given subcommand(s)

Options:
  -h, --help
          Print help (see a summary with '-h')

  -V, --version
          Print version

"#]]);
}

#[test]
fn usage_errors_exit_2() {
    stitch().assert().code(2);
    stitch().arg("drift").assert().code(2).stderr_eq(str![[r#"
error: the following required arguments were not provided:
  <OLD>
  <NEW>

Usage: stitch drift <OLD> <NEW>

For more information, try '--help'.

"#]]);
    stitch()
        .args(["drift", "a.json", "b.json", "--live"])
        .assert()
        .code(2);
    stitch()
        .args(["capture", "destinations"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: the following required arguments were not provided:
  --all

Usage: stitch capture destinations --all

For more information, try '--help'.

"#]]);
    stitch().args(["capture", "destination"]).assert().code(2);
    stitch()
        .args(["drift", "--format", "yaml", "a", "b"])
        .assert()
        .code(2);
}

#[test]
fn a_token_flag_is_refused_without_echoing_it() {
    for args in [
        vec![
            "capture",
            "destination",
            "postgres",
            &format!("--token={TOKEN}"),
        ],
        vec!["drift", "--live", "--token", TOKEN],
    ] {
        let assert = stitch().args(&args).assert().code(2).stdout_eq("").stderr_eq(str![[r#"
error: there is no --token flag: a token on the command line ends up in shell history and process lists. Set STITCH_TOKEN or pass --token-file PATH

"#]]);
        assert_no_secrets(assert.get_output(), &[]);
    }
}

#[test]
fn commands_that_talk_to_the_api_need_a_token() {
    stitch()
        .args([
            "capture",
            "destination",
            "postgres",
            "--base-url",
            "http://127.0.0.1:9",
        ])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: no API token: set STITCH_TOKEN or pass --token-file PATH

"#]]);
}

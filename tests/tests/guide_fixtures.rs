//! The committed fixtures are the guide's own JSON: the card of step 2 is
//! `schemas/destinations/postgres.json`, and `tests/fixtures/guide/*.json` are the request and
//! responses of steps 3 and 4.
//!
//! The guide is read from `../shared/seed/create-destination-guide.txt` beside the workspace
//! (or `$STITCH_GUIDE`). Under CI (`CI=true`) a missing guide fails the test; elsewhere the test
//! says it was skipped.

use std::path::PathBuf;

use serde_json::Value;
use stitch_tests::guide;

fn guide_text() -> Option<String> {
    let path = std::env::var_os("STITCH_GUIDE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/seed/create-destination-guide.txt")
        });
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI needs the guide at {}: {error}", path.display())
        }
        Err(error) => {
            eprintln!("skipped: no guide at {} ({error})", path.display());
            None
        }
    }
}

/// The first JSON object that starts after `marker` in the guide.
fn object_after(text: &str, marker: &str) -> Value {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("the guide has no {marker:?}"));
    let start = at + text[at..].find('{').expect("an object follows the marker");
    serde_json::Deserializer::from_str(&text[start..])
        .into_iter::<Value>()
        .next()
        .expect("a JSON value")
        .expect("the guide's JSON parses")
}

#[test]
fn fixtures_are_the_guides_json() {
    let Some(text) = guide_text() else { return };
    let card = object_after(
        &text,
        "The response will be a destination object with a Connection step object:",
    );
    let schema: Value =
        serde_json::from_str(include_str!("../../schemas/destinations/postgres.json")).unwrap();
    assert_eq!(schema, card, "schemas/destinations/postgres.json");

    let request = object_after(&text, "-d \\\n'");
    let fixture: Value = serde_json::from_str(guide::CREATE_REQUEST).unwrap();
    assert_eq!(fixture, request, "create-request.json");

    let created = object_after(&text, "containing the destination’s ID, report card");
    let fixture: Value = serde_json::from_str(guide::CREATE_RESPONSE).unwrap();
    assert_eq!(fixture, created, "create-response.json");

    let listed = object_after(
        &text,
        "containing the destination’s current configuration status",
    );
    let fixture: Value = serde_json::from_str(guide::GET_RESPONSE).unwrap();
    assert_eq!(fixture, listed, "get-response.json");
}

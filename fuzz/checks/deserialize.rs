//! The `validating_deserialize` target's check, shared with the stable regression test through
//! `#[path]`: bytes read by the validating `Deserialize` of the types generated from the guide's
//! postgres card, as a program reading a properties file would.
//!
//! Asserted, for both the create type (`PostgresProperties`) and the update type
//! (`PostgresUpdate`):
//! - no panic, and a time bound;
//! - a value that reads is sent as JSON that reads back to an equal value;
//! - when the bytes are a JSON value, the generated type's `from_json_value` and the run-time
//!   `CardChecker`, which claim the same rules and words, give the same body or the same error.

#![forbid(unsafe_code)]

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use stitch_types::runtime::{CardChecker, ForDestination};
use stitch_types::{Properties as _, PropertiesBody};

stitch_types::include_report_card!("../schemas/destinations/postgres.json");

const CARD: &str = include_str!("../../schemas/destinations/postgres.json");

/// The time one input may take in a fuzzing build; a properties object reads in microseconds.
pub const TIME_BOUND: Duration = Duration::from_secs(2);

fn checker() -> &'static CardChecker<ForDestination> {
    static CHECKER: OnceLock<CardChecker<ForDestination>> = OnceLock::new();
    CHECKER.get_or_init(|| {
        CardChecker::from_json("postgres.json", CARD).expect("the guide's card compiles")
    })
}

/// A read's result as text to compare: the body sent, or the error's words.
fn outcome<T: PropertiesBody, E: std::fmt::Display>(read: Result<T, E>) -> Result<String, String> {
    let body = read.map_err(|error| error.to_string())?;
    Ok(serde_json::to_string(&body).expect("a checked body serializes"))
}

/// Reads `data` with both generated types and the checker; panics (which libFuzzer reports as a
/// crash) on a round trip that changes the value, a disagreement, or a run longer than `bound`.
pub fn check_properties_bytes(data: &[u8], bound: Duration) {
    let started = Instant::now();
    let checker = checker();

    let streamed = serde_json::from_slice::<PostgresProperties>(data);
    if let Ok(properties) = &streamed {
        let sent = serde_json::to_vec(&properties).expect("checked properties serialize");
        let back: PostgresProperties = serde_json::from_slice(&sent).unwrap_or_else(|error| {
            panic!(
                "what was sent does not read back: {error}: {}",
                String::from_utf8_lossy(&sent)
            )
        });
        assert_eq!(&back, properties, "the round trip changed the properties");
    }
    if let Ok(update) = serde_json::from_slice::<PostgresUpdate>(data) {
        let sent = serde_json::to_vec(&update).expect("a checked update serializes");
        let back: PostgresUpdate = serde_json::from_slice(&sent).unwrap_or_else(|error| {
            panic!(
                "what was sent does not read back: {error}: {}",
                String::from_utf8_lossy(&sent)
            )
        });
        assert_eq!(back, update, "the round trip changed the update");
    }

    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        let from_value = PostgresProperties::from_json_value(value.clone());
        // Read from the text or from a `Value`, the same properties are the same.
        match (&streamed, &from_value) {
            (Ok(streamed), Ok(from_value)) => assert_eq!(streamed, from_value),
            (Err(_), Err(_)) => {}
            (streamed, from_value) => panic!(
                "reading the text and reading its Value disagree on {value}: {:?} / {:?}",
                streamed
                    .as_ref()
                    .map(|_| "read")
                    .map_err(ToString::to_string),
                from_value
                    .as_ref()
                    .map(|_| "read")
                    .map_err(ToString::to_string)
            ),
        }
        let generated = outcome(from_value);
        let checked = outcome(checker.check_value(value.clone()));
        assert_eq!(
            generated, checked,
            "the generated type and CardChecker disagree on {value}"
        );
        let generated = outcome(PostgresUpdate::from_json_value(value.clone()));
        let checked = outcome(checker.check_update_value(value.clone()));
        assert_eq!(
            generated, checked,
            "the generated update and CardChecker disagree on {value}"
        );
    }

    let elapsed = started.elapsed();
    assert!(
        elapsed <= bound,
        "{} bytes of properties took {elapsed:?} (bound {bound:?})",
        data.len()
    );
}

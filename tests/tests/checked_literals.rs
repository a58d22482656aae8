//! Literal macros of pattern newtypes: checked when the crate compiles (the failing case is a
//! trybuild case, `ui/fail/checked_literal_mismatch.rs`).

mod cards {
    stitch_types::include_report_card!("cards/pattern-mappings.json");
}

#[test]
fn a_matching_literal_makes_the_newtype() {
    use cards::{PatternMappingsSentinelKey, pattern_mappings_sentinel_key};
    let key = pattern_mappings_sentinel_key!("stitch-challenge-file-7f3a");
    assert_eq!(key.as_str(), "stitch-challenge-file-7f3a");
    assert_eq!(
        key,
        PatternMappingsSentinelKey::new("stitch-challenge-file-7f3a").unwrap()
    );
}

#[test]
fn literal_macros_follow_ecma_262() {
    use cards::{PatternMappingsWal2jsonMessageFormat, pattern_mappings_wal2json_message_format};
    // `^1|2$` takes "12": it starts with 1.
    let format = pattern_mappings_wal2json_message_format!("12");
    assert_eq!(format.as_str(), "12");
    assert_eq!(
        format,
        PatternMappingsWal2jsonMessageFormat::new("12").unwrap()
    );
}

// The literal macros of a card reach every module declared after the include by name, as a
// `macro_rules!` defined in the including module would, and the whole crate by path; a card
// without literal macros (postgres) adds no warning either.
#![deny(warnings)]

stitch_types::include_report_card!("../../../../tests/cards/pattern-mappings.json");
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

mod child {
    use super::PatternMappingsSentinelKey;

    pub fn key() -> PatternMappingsSentinelKey {
        pattern_mappings_sentinel_key!("stitch-challenge-file-7")
    }
}

mod by_path {
    use super::PatternMappingsSentinelKey;

    pub fn key() -> PatternMappingsSentinelKey {
        crate::pattern_mappings_sentinel_key!("stitch-challenge-file-8")
    }
}

fn main() {
    assert_eq!(child::key().as_str(), "stitch-challenge-file-7");
    assert_eq!(by_path::key().as_str(), "stitch-challenge-file-8");
    let _ = PostgresProperties::CARD_SHA256;
}

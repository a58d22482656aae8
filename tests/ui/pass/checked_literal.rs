stitch_types::include_report_card!("../../../../tests/cards/pattern-mappings.json");

fn main() {
    let key = pattern_mappings_sentinel_key!("stitch-challenge-file-42");
    assert_eq!(key.as_str(), "stitch-challenge-file-42");
    // `^\d+.?\d*$`: the dot is any character.
    let window = pattern_mappings_search_window_size!("1x5");
    assert_eq!(window.to_string(), "1x5");
}

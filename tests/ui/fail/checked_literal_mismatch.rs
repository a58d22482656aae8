// A literal of a pattern newtype is checked against the pattern when the crate compiles.
stitch_types::include_report_card!("../../../../tests/cards/pattern-mappings.json");

fn main() {
    let _ = pattern_mappings_sentinel_key!("stitch-challenge-file-42");
    let _ = pattern_mappings_sentinel_key!("challenge-file-42");
    let _ = pattern_mappings_account_id!("１２３４５６７８９０１２");
}

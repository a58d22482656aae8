// The literal macros' checker cannot be pointed at another pattern than the type's own: the
// value would be checked against `.*` and then held by a type whose pattern rejects it.
stitch_types::include_report_card!("../../../../tests/cards/pattern-mappings.json");

fn main() {
    let _ = stitch_types::__private_0_1_0::checked_literal!(PatternMappingsAccountId, ".*", "abc");
}

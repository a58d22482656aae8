// Two different cards whose types have the same name (both are of type `postgres`), in one
// module: one error for the module each keeps its items in (named after the properties type,
// which they share) and one per type name they share, each pointing at both
// `include_report_card!`s.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");
stitch_types::include_report_card!("../../../../tests/ui/cards/postgres-lookalike.json");

fn main() {
    // Code that uses the types adds no errors of its own.
    let _ = PostgresProperties::CARD_SHA256;
}

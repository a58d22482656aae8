// The same card included twice in one module: one error for the module that holds the card and
// one per type it defines, each pointing at both `include_report_card!`s, and nothing else
// (items defined side by side gave 65 errors: every trait impl and associated item again).
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

fn main() {}

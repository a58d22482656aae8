stitch_types::include_report_card!("../../../../schemas/destinations/postgress.json");

fn main() {}

// An attribute mistake does not hide the other problems, and a wrong generated type is
// reported in the same build.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

mod other {
    stitch_types::include_report_card!("../../../../tests/cards/pattern-mappings.json");
}

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    #[stitch(renam = "database")]
    db: String,
    encryption_type: other::PatternMappingsOutputFileFormat,
    host: String,
    password: stitch_types::Secret<String>,
    port: i8,
    ssl: bool,
    username: String,
}

fn main() {}

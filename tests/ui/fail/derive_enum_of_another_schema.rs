// A generated enum of another schema (`^(csv|jsonl)$`) in place of `^(ssh|none)$`: the
// compiler checks that the field's type was generated from the property's own schema.

stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

mod other {
    stitch_types::include_report_card!("../../../../tests/cards/pattern-mappings.json");
}

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    database: String,
    encryption_type: other::PatternMappingsOutputFileFormat,
    host: String,
    password: stitch_types::Secret<String>,
    port: u16,
    ssl: bool,
    username: String,
}

fn main() {}

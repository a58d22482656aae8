// `external_id` is read_only: Stitch sets it, so the struct may not hold it.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../tests/ui/cards/sources/read-only-example.json")]
struct Export {
    bucket: String,
    external_id: String,
}

fn main() {}

// `api-key` and `api_key` both become the field `api_key`: a compile error naming both, never a
// silent merge.
stitch_types::include_report_card!("../../../../tests/ui/cards/colliding-names.json");

fn main() {}

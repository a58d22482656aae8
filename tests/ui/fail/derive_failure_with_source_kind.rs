// The derive fails (no such card), yet using the struct in a source body adds no error: the
// stand-in impls cover both kinds.
use stitch_types::CreateSource;

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../tests/ui/cards/sources/missing.json", kind = "source")]
struct Export {
    bucket: String,
}

fn main() {
    let _ = CreateSource::new("exports", Export { bucket: "b".into() });
}

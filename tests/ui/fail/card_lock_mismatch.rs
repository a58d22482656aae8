// The card was edited after it was captured: its bytes no longer match its `stitch.lock` entry.
stitch_types::include_report_card!("../../../../tests/ui/cards/locked/destinations/edited.json");

fn main() {
    // The types are still generated, so code that uses them adds no errors of its own.
    let _ = EditedProperties { host: "db.example.com".into() };
}

// `external_id` is `read_only` in the card: Stitch sets it, so the request type has no field
// for it.
stitch_types::include_report_card!("../../../../tests/ui/cards/sources/read-only-example.json");

fn main() {
    let _ = PlatformReadOnlyExampleProperties {
        bucket: "exports".into(),
        external_id: "stitch-1234".into(),
    };
}

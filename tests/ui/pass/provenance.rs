// Generated types carry their card's provenance: the SHA-256 of the file, and where
// `stitch.lock` records it, when and where the card was captured.

mod captured {
    stitch_types::include_report_card!("../../../../tests/ui/cards/locked/destinations/captured.json");
}

mod postgres {
    // Recorded by `stitch lock schemas`: a hash, but no capture.
    stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");
}

fn main() {
    use captured::{CapturedProperties, CapturedUpdate};
    use postgres::{PostgresEncryptionType, PostgresProperties};

    const SHA256: &str = "fe08f41afe736464bb8bf5847f895ed4809b5d22da33df1f378eeaa168489724";
    assert_eq!(CapturedProperties::CARD_SHA256, SHA256);
    assert_eq!(CapturedUpdate::CARD_SHA256, SHA256);
    assert_eq!(CapturedProperties::CAPTURED_AT, Some("2026-05-01T12:00:00Z"));
    assert_eq!(
        CapturedUpdate::CAPTURED_FROM,
        Some("https://api.stitchdata.com/v4/destination-types/captured")
    );
    assert_eq!(PostgresProperties::CARD_SHA256.len(), 64);
    assert_eq!(PostgresProperties::CAPTURED_AT, None);
    assert_eq!(PostgresProperties::CAPTURED_FROM, None);
    // Every generated type carries them, not only the properties and update types.
    assert_eq!(
        PostgresEncryptionType::CARD_SHA256,
        PostgresProperties::CARD_SHA256
    );
    assert_eq!(PostgresEncryptionType::CAPTURED_AT, None);
}

// A credential whose schema has no zeroizable type (an enum, `ipv4`) is the card's error alone:
// the property stands in as a `Secret<String>`, so code using the card adds no errors.
stitch_types::include_report_card!("../../../../tests/ui/cards/credential-shapes.json");

fn build() -> CredentialShapesProperties {
    CredentialShapesProperties {
        host: "db.example.com".into(),
        mode: "fast".into(),
        address: None,
    }
}

fn main() {
    let _ = build;
}

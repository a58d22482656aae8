//! The build.rs route of the README: `build.rs` writes the rendered code of three cards to
//! `OUT_DIR`, and the modules below include it. Every warning is an error here, so the
//! generated files compile without warnings.
#![forbid(unsafe_code)]
#![deny(warnings)]

/// The `postgres` destination card of `schemas/`, as `include_report_card!` would expand it.
pub mod postgres {
    include!(concat!(env!("OUT_DIR"), "/postgres.rs"));
}

/// A card with every pattern form, pattern newtypes and their literal macros included.
pub mod pattern_mappings {
    include!(concat!(env!("OUT_DIR"), "/pattern_mappings.rs"));
}

/// A source card with no properties (`kind` from the card's `sources`-less path: a source,
/// by its steps).
pub mod no_properties {
    include!(concat!(env!("OUT_DIR"), "/no_properties.rs"));
}

#[cfg(test)]
mod tests {
    use super::postgres::{PostgresEncryptionType, PostgresProperties};

    #[test]
    fn the_included_code_is_the_generated_api() {
        let properties = PostgresProperties {
            database: "analytics".into(),
            encryption_type: PostgresEncryptionType::None,
            host: "db.example.com".into(),
            password: "hunter2".into(),
            port: 5432,
            ssl: false,
            username: "stitch".into(),
            encryption_host: None,
            encryption_port: None,
            encryption_username: None,
            sslrootcert: None,
        };
        let json = serde_json::to_value(&properties).unwrap();
        assert_eq!(json["port"], "5432");
        assert!(!format!("{properties:?}").contains("hunter2"));
        assert_eq!(PostgresProperties::CARD_SHA256.len(), 64);
    }
}

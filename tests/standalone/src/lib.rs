//! A user crate whose only dependency is `stitch-types`.

stitch_types::include_report_card!("../../schemas/destinations/postgres.json");

#[cfg(test)]
mod tests {
    use super::*;
    use stitch_types::{CreateDestination, Properties};

    #[test]
    fn the_macro_needs_nothing_but_stitch_types() {
        let props = PostgresProperties {
            database: "analytics".into(),
            encryption_type: PostgresEncryptionType::Ssh,
            host: "db.example.com".into(),
            password: "hunter2".into(),
            port: 5432,
            ssl: true,
            username: "stitch".into(),
            encryption_host: Some("bastion".into()),
            encryption_port: Some(22),
            encryption_username: Some("tunnel".into()),
            sslrootcert: None,
        };
        assert_eq!(PostgresProperties::CARD_TYPE, "postgres");
        let body = CreateDestination::new("Staging", props.clone());
        assert_eq!(body.properties(), &props);
        assert!(!format!("{body:?}").contains("hunter2"));
    }
}

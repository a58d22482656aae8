//! Shared fixtures of the integration tests: the generated postgres types and the guide's
//! example bodies.

/// Types generated from the guide's postgres card (`schemas/destinations/postgres.json`).
pub mod postgres {
    stitch_types::include_report_card!("../schemas/destinations/postgres.json");
}

/// The example requests and responses printed in the create-destination guide
/// (`shared/seed/create-destination-guide.txt`), with the guide's placeholders intact.
pub mod guide {
    /// The `POST /v4/destinations` body of step 3.
    pub const CREATE_REQUEST: &str = include_str!("../fixtures/guide/create-request.json");
    /// The destination object the create request returns (step 3).
    pub const CREATE_RESPONSE: &str = include_str!("../fixtures/guide/create-response.json");
    /// The destination object `GET /v4/destinations` returns (step 4).
    pub const GET_RESPONSE: &str = include_str!("../fixtures/guide/get-response.json");

    /// The guide's placeholders and the values the tests fill them with.
    pub const PLACEHOLDERS: &[(&str, &str)] = &[
        ("[DATABASE]", "analytics"),
        ("[HOST_ADDRESS]", "db.example.com"),
        ("[PASSWORD]", "correct-horse-battery-staple"),
        ("[USERNAME]", "stitch"),
    ];

    /// The password the tests use, to look for in places it must never appear.
    pub const PASSWORD: &str = "correct-horse-battery-staple";

    /// The guide's properties, typed, with its placeholders filled by the tests' values.
    pub fn typed_properties() -> crate::postgres::PostgresProperties {
        crate::postgres::PostgresProperties {
            database: "analytics".into(),
            encryption_type: crate::postgres::PostgresEncryptionType::None,
            host: "db.example.com".into(),
            password: PASSWORD.into(),
            port: 5432,
            ssl: false,
            username: "stitch".into(),
            encryption_host: None,
            encryption_port: None,
            encryption_username: None,
            sslrootcert: None,
        }
    }

    /// `json` with every placeholder replaced by its test value.
    pub fn filled(json: &str) -> serde_json::Value {
        let mut text = json.to_owned();
        for (placeholder, value) in PLACEHOLDERS {
            text = text.replace(placeholder, value);
        }
        serde_json::from_str(&text).expect("guide fixtures are valid JSON")
    }
}

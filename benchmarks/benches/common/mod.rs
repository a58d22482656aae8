//! What the benchmarks share: the guide's types and values, the cards compiled by `build.rs`,
//! and the baselines a user would write by hand.

#![allow(dead_code, missing_docs)]

use serde::{Deserialize, Serialize};

stitch_types::include_report_card!("../schemas/destinations/postgres.json");

include!(concat!(env!("OUT_DIR"), "/synthetic.rs"));

#[cfg(stitch_corpus)]
pub mod mysql {
    include!(concat!(env!("OUT_DIR"), "/mysql.rs"));
}

/// The guide's properties object, with its placeholders filled in.
pub const GUIDE_PROPERTIES: &str = r#"{
    "database": "analytics", "encryption_type": "none", "host": "db.example.com",
    "password": "hunter2", "port": "5432", "ssl": "false", "username": "stitch"
}"#;

/// The guide's postgres properties as generated types hold them.
pub fn guide_properties() -> PostgresProperties {
    PostgresProperties::from(PostgresRequired {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
    })
}

/// The hand-written baseline of the guide's properties: strings, serde's derives, no checks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostgresStrings {
    pub database: String,
    pub encryption_type: String,
    pub host: String,
    pub password: String,
    pub port: String,
    pub ssl: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sslrootcert: Option<String>,
}

/// The hand-written baseline of a create body.
#[derive(Debug, Clone, Serialize)]
pub struct CreateBodyStrings<P> {
    #[serde(rename = "type")]
    pub card_type: String,
    pub name: String,
    pub description: String,
    pub properties: P,
}

pub const NAME: &str = "Staging";
pub const DESCRIPTION: &str = "Postgres database for the staging environment.";

/// The guide's create body, from generated types and as the hand-written baseline.
pub fn guide_create_bodies() -> (
    stitch_types::CreateDestination<PostgresProperties>,
    CreateBodyStrings<PostgresStrings>,
) {
    let typed =
        stitch_types::CreateDestination::new(NAME, guide_properties()).description(DESCRIPTION);
    let strings = CreateBodyStrings {
        card_type: "postgres".into(),
        name: NAME.into(),
        description: DESCRIPTION.into(),
        properties: serde_json::from_str::<PostgresStrings>(GUIDE_PROPERTIES).unwrap(),
    };
    (typed, strings)
}

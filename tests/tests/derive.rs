//! `#[derive(Properties)]` on a user's own struct: for the same values, the body equals the
//! generated type's, reading checks the same things, and `Debug` redacts credentials.

use serde_json::json;
use stitch_tests::guide::{self, PASSWORD};
use stitch_tests::postgres::PostgresEncryptionType;
use stitch_types::{CreateDestination, DestinationProperties, Properties, Secret};

/// A user's config struct: other field order, a renamed field, a wider integer, and only the
/// optional properties it cares about.
#[derive(stitch_types::Properties, Clone, PartialEq)]
#[stitch(report_card = "../schemas/destinations/postgres.json")]
struct Warehouse {
    host: String,
    port: u32,
    database: String,
    #[stitch(rename = "username")]
    user: String,
    password: Secret<String>,
    ssl: bool,
    encryption_type: PostgresEncryptionType,
    sslrootcert: Option<String>,
}

fn warehouse() -> Warehouse {
    Warehouse {
        host: "db.example.com".into(),
        port: 5432,
        database: "analytics".into(),
        user: "stitch".into(),
        password: PASSWORD.into(),
        ssl: false,
        encryption_type: PostgresEncryptionType::None,
        sslrootcert: None,
    }
}

fn is_destination<P: DestinationProperties>() {}

#[test]
fn the_derived_body_equals_the_generated_body() {
    is_destination::<Warehouse>();
    assert_eq!(Warehouse::CARD_TYPE, "postgres");
    let derived = CreateDestination::new("Staging", warehouse())
        .description("Postgres database for the staging environment.");
    let typed = CreateDestination::new("Staging", guide::typed_properties())
        .description("Postgres database for the staging environment.");
    let derived = serde_json::to_value(&derived).unwrap();
    assert_eq!(derived, serde_json::to_value(&typed).unwrap());
    assert_eq!(derived, guide::filled(guide::CREATE_REQUEST));
}

#[test]
fn the_derived_body_lists_properties_in_card_order() {
    // `Warehouse` declares host, port, database, … ; the card (and the generated type) says
    // database, encryption_type, host, … : the bytes must be the generated type's.
    let mut with_cert = warehouse();
    with_cert.sslrootcert = Some("cert".into());
    let mut typed = guide::typed_properties();
    typed.sslrootcert = Some("cert".into());
    assert_eq!(
        serde_json::to_string(&with_cert).unwrap(),
        serde_json::to_string(&typed).unwrap()
    );
}

#[test]
fn optional_fields_are_sent_when_set() {
    let mut with_cert = warehouse();
    with_cert.sslrootcert = Some("-----BEGIN CERTIFICATE-----".into());
    let mut typed = guide::typed_properties();
    typed.sslrootcert = Some("-----BEGIN CERTIFICATE-----".into());
    assert_eq!(
        serde_json::to_value(&with_cert).unwrap(),
        serde_json::to_value(&typed).unwrap()
    );
}

#[test]
fn reading_checks_like_the_generated_type() {
    let properties = guide::filled(guide::CREATE_REQUEST)["properties"].clone();
    let read: Warehouse = serde_json::from_value(properties.clone()).unwrap();
    assert!(read == warehouse());

    let mut broken = properties;
    broken["port"] = json!("54x32");
    broken["ssl"] = json!("yes");
    broken["encryption_host"] = json!("bastion");
    let error = Warehouse::from_json_value(broken).unwrap_err();
    let paths: Vec<&str> = error.problems().iter().map(|p| p.path()).collect();
    assert_eq!(paths, ["port", "ssl", "encryption_host"], "{error}");
    // `encryption_host` is a property of the card, but not a field of this struct.
    assert!(
        error
            .to_string()
            .contains("`encryption_host` is a property of the report card, but this struct has no field for it"),
        "{error}"
    );
}

#[test]
fn debug_redacts_the_password() {
    let shown = format!("{:?} {:#?}", warehouse(), warehouse());
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(shown.contains("Warehouse") && shown.contains("db.example.com"));
}

mod mappings {
    stitch_types::include_report_card!("cards/pattern-mappings.json");
}

/// Generated enums and newtypes as field types, a date, a list, and an `Option`.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "cards/pattern-mappings.json")]
struct Mappings {
    encryption_type: mappings::PatternMappingsEncryptionType,
    sentinel_key: Option<mappings::PatternMappingsSentinelKey>,
    start_date: stitch_types::formats::MidnightUtcDate,
    frequency_in_minutes: mappings::PatternMappingsFrequencyInMinutes,
    int_or_digits_prefix: u8,
    bool_prefix: bool,
}

#[test]
fn generated_field_types_write_and_read_like_the_generated_struct() {
    use mappings::*;
    let derived = Mappings {
        encryption_type: PatternMappingsEncryptionType::Ssh,
        sentinel_key: Some(pattern_mappings_sentinel_key!("stitch-challenge-file-1")),
        start_date: stitch_types::formats::MidnightUtcDate::from_ymd(2024, 2, 29).unwrap(),
        frequency_in_minutes: PatternMappingsFrequencyInMinutes::V360,
        int_or_digits_prefix: 30,
        bool_prefix: true,
    };
    let generated = PatternMappingsUpdate {
        encryption_type: Some(PatternMappingsEncryptionType::Ssh),
        sentinel_key: Some(pattern_mappings_sentinel_key!("stitch-challenge-file-1")),
        start_date: stitch_types::formats::MidnightUtcDate::from_ymd(2024, 2, 29),
        frequency_in_minutes: Some(PatternMappingsFrequencyInMinutes::V360),
        int_or_digits_prefix: Some(30),
        bool_prefix: Some(true),
        ..Default::default()
    };
    let written = serde_json::to_value(&derived).unwrap();
    assert_eq!(written, serde_json::to_value(&generated).unwrap());
    let read = Mappings::from_json_value(written).unwrap();
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        serde_json::to_value(&derived).unwrap()
    );
    let error = Mappings::from_json_value(json!({
        "encryption_type": "tls", "start_date": "2024-02-30T00:00:00Z",
        "frequency_in_minutes": "45", "int_or_digits_prefix": 300, "bool_prefix": "yes",
        "sentinel_key": "key"
    }))
    .unwrap_err();
    // In the card's order, as `PropertiesError::problems` documents, not the struct's.
    let paths: Vec<&str> = error.problems().iter().map(|p| p.path()).collect();
    assert_eq!(
        paths,
        [
            "int_or_digits_prefix",
            "bool_prefix",
            "encryption_type",
            "frequency_in_minutes",
            "start_date",
            "sentinel_key"
        ],
        "{error}"
    );
    assert!(format!("{derived:?}").contains("PatternMappingsEncryptionType::Ssh"));
}

mod shadowing {
    stitch_types::include_report_card!("cards/shadowing-names.json");
}

/// A generated union (an enum of structs) as a field, through the derive's generated-type path.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "cards/shadowing-names.json")]
struct WithUnion {
    map: String,
    reader: String,
    field: Option<String>,
    field_value: Option<String>,
    checker: String,
    built: String,
    value: String,
    len: String,
    serializer: String,
    f: String,
    payload: String,
    field_0: String,
    #[stitch(rename = "self")]
    myself: String,
    stitch: String,
    #[stitch(rename = "Option")]
    option: String,
    tunnel: shadowing::ShadowingTunnel,
}

#[test]
fn a_generated_union_field_writes_and_reads_like_the_generated_struct() {
    use shadowing::*;
    let tunnel = ShadowingTunnel::SelfValue(ShadowingTunnelSelfValue { map: "m".into() });
    let derived = WithUnion {
        map: "1".into(),
        reader: "r".into(),
        field: Some("f".into()),
        field_value: Some("fv".into()),
        checker: "2".into(),
        built: "3".into(),
        value: "4".into(),
        len: "5".into(),
        serializer: "6".into(),
        f: "7".into(),
        payload: "8".into(),
        field_0: "9".into(),
        myself: "10".into(),
        stitch: "11".into(),
        option: "12".into(),
        tunnel: tunnel.clone(),
    };
    let generated = ShadowingProperties {
        map: "1".into(),
        reader: "r".into(),
        field: Some("f".into()),
        field_value: Some("fv".into()),
        checker: "2".into(),
        built: "3".into(),
        value: "4".into(),
        len: "5".into(),
        serializer: "6".into(),
        f: "7".into(),
        payload: "8".into(),
        field_0: "9".into(),
        self_: "10".into(),
        stitch: "11".into(),
        option: "12".into(),
        tunnel,
    };
    let written = serde_json::to_value(&derived).unwrap();
    assert_eq!(written, serde_json::to_value(&generated).unwrap());
    let read = WithUnion::from_json_value(written.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), written);
    let mut wrong = written;
    wrong["tunnel"] = json!({"kind": "c"});
    let error = WithUnion::from_json_value(wrong).unwrap_err();
    assert_eq!(error.problems()[0].path(), "tunnel.kind", "{error}");
    assert!(format!("{read:?}").contains("SelfValue"));
}

//! What the generated types of particular real cards mean: property types, multi-step cards,
//! sources, unions, nested objects, arrays, names and patterns with ECMA-262 semantics.
//!
//! These name corpus types, so they compile only when `STITCH_CORPUS` is set (the build script
//! sets `cfg(stitch_corpus)`); `corpus.rs` fails under CI when it is not.
#![cfg(stitch_corpus)]

use serde_json::{Value, json};
use stitch_corpus_tests::*;
use stitch_types::formats::{HostOrIpv4, MidnightUtcDate, NonEmptyString, Uri};
use stitch_types::validation::Problem;
use stitch_types::{
    CreateSource, DestinationId, DestinationProperties, Properties, Secret, SourceProperties,
    UpdateDestination, UpdateSource,
};

fn problems<P: Properties>(value: Value) -> Vec<(String, Problem)> {
    match P::from_json_value(value) {
        Ok(_) => Vec::new(),
        Err(error) => error
            .problems()
            .iter()
            .map(|problem| (problem.path().to_owned(), problem.problem().clone()))
            .collect(),
    }
}

fn is_source<P: SourceProperties>() {}
fn is_destination<P: DestinationProperties>() {}

fn hubspot() -> PlatformHubspotProperties {
    PlatformHubspotProperties {
        start_date: MidnightUtcDate::from_ymd(2024, 1, 1).unwrap(),
        anchor_time: None,
        cron_expression: None,
        email_chunk_size: Some(500),
        frequency_in_minutes: Some(PlatformHubspotFrequencyInMinutes::V60),
        include_inactives: Some(true),
        require_content_scope: None,
        subscription_chunk_size: None,
        // Properties of the `oauth` step sit beside the form's.
        client_id: Some("my-client".into()),
        client_secret: Some("client-secret-value".into()),
        redirect_uri: Some(Secret::new(
            Uri::new("https://example.com/oauth/callback").unwrap(),
        )),
        refresh_token: Some("refresh-token-value".into()),
    }
}

#[test]
fn sources_build_the_create_body_with_oauth_properties() {
    is_source::<PlatformHubspotProperties>();
    is_destination::<PostgresProperties>();
    let body = CreateSource::new("HubSpot", hubspot()).destination_id(DestinationId::new(337658));
    let sent = serde_json::to_value(&body).unwrap();
    assert_eq!(
        sent,
        json!({
            "type": "platform.hubspot",
            "display_name": "HubSpot",
            "destination_id": 337658,
            "properties": {
                "start_date": "2024-01-01T00:00:00Z",
                "email_chunk_size": "500",
                "frequency_in_minutes": "60",
                "include_inactives": "true",
                "client_id": "my-client",
                "client_secret": "client-secret-value",
                "redirect_uri": "https://example.com/oauth/callback",
                "refresh_token": "refresh-token-value",
            }
        })
    );
    let shown = format!("{:?}", hubspot());
    for secret in ["client-secret-value", "refresh-token-value", "my-client"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn source_updates_send_only_what_changes() {
    let update = PlatformHubspotUpdate {
        include_inactives: Some(false),
        ..Default::default()
    };
    let body = UpdateSource::new()
        .properties(update)
        .display_name("HubSpot EU");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"display_name": "HubSpot EU", "properties": {"include_inactives": "false"}})
    );
}

#[test]
fn read_only_properties_are_not_fields_and_are_rejected_by_name() {
    // platform.s3-csv: `external_id` and `role_name` are read_only (and marked required).
    let mut properties = json!({
        "account_id": "123456789012", "bucket": "exports", "start_date": "2024-01-01T00:00:00Z",
        "tables": "[]"
    });
    let parsed = PlatformS3CsvProperties::from_json_value(properties.clone()).unwrap();
    let sent = serde_json::to_value(&parsed).unwrap();
    assert!(sent.get("external_id").is_none() && sent.get("role_name").is_none());
    properties["external_id"] = json!("stitch-abc");
    assert_eq!(
        problems::<PlatformS3CsvProperties>(properties),
        [("external_id".to_owned(), Problem::ReadOnly)]
    );
}

#[test]
fn immutable_properties_are_in_create_and_not_in_update() {
    let credentials = json!({
        "type": "service_account", "project_id": "p", "private_key": "-----BEGIN KEY-----",
        "private_key_id": "k", "client_email": "loader@p.iam.gserviceaccount.com",
        "client_id": "1", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/loader"
    });
    let create = json!({
        "cloud_storage_location": "EU", "loading_mode": "UPSERT",
        "service_account_credentials": credentials
    });
    let properties = BigqueryV2Properties::from_json_value(create).unwrap();
    assert_eq!(properties.loading_mode, BigqueryV2LoadingMode::Upsert);
    let shown = format!("{properties:?}");
    assert!(!shown.contains("BEGIN KEY"), "{shown}");

    let error =
        BigqueryV2Update::from_json_value(json!({"loading_mode": "APPEND_ONLY"})).unwrap_err();
    assert_eq!(error.problems()[0].path(), "loading_mode");
    assert_eq!(error.problems()[0].problem(), &Problem::Immutable);
    // A missing credential keeps the stored one: an update without it is complete.
    let update = BigqueryV2Update {
        cloud_storage_location: Some(BigqueryV2CloudStorageLocation::Us),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(UpdateDestination::new(update)).unwrap(),
        json!({"properties": {"cloud_storage_location": "US"}})
    );
}

#[test]
fn nested_objects_name_keywords_and_check_formats() {
    let credentials = BigqueryV2ServiceAccountCredentials {
        type_: "service_account".into(),
        project_id: "p".into(),
        private_key: "key".into(),
        private_key_id: "k".into(),
        client_email: "loader@p.iam.gserviceaccount.com".parse().unwrap(),
        client_id: "1".into(),
        auth_uri: "https://accounts.google.com/o/oauth2/auth".parse().unwrap(),
        token_uri: "https://oauth2.googleapis.com/token".parse().unwrap(),
        auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs"
            .parse()
            .unwrap(),
        client_x509_cert_url: "https://www.googleapis.com/robot/v1/x509".parse().unwrap(),
    };
    // The type exists for a credential: its own Debug and errors never show its values.
    let shown = format!("{credentials:?}");
    assert_eq!(shown, "BigqueryV2ServiceAccountCredentials([redacted])");
    let written = serde_json::to_value(&credentials).unwrap();
    assert_eq!(written["type"], "service_account");
    let mut leaky = written.clone();
    leaky["client_email"] = json!("private-key-material");
    let error = serde_json::from_value::<BigqueryV2ServiceAccountCredentials>(leaky)
        .unwrap_err()
        .to_string();
    assert!(error.contains("client_email"), "{error}");
    assert!(!error.contains("private-key-material"), "{error}");
    let mut broken = written.clone();
    broken["client_email"] = json!("not an email");
    broken["extra"] = json!(1);
    broken.as_object_mut().unwrap().remove("project_id");
    let error = serde_json::from_value::<BigqueryV2ServiceAccountCredentials>(broken)
        .unwrap_err()
        .to_string();
    for expected in [
        "`client_email`",
        "`project_id` is required",
        "`extra` is not",
    ] {
        assert!(error.contains(expected), "{error}");
    }
}

#[test]
fn unions_write_the_constant_the_user_never_writes() {
    let tunnel = DatabricksDeltaSshConfig::SshEncryption(DatabricksDeltaSshConfigSshEncryption {
        ssh_host: NonEmptyString::new("bastion.example.com").unwrap(),
        ssh_port: 22,
        ssh_user: NonEmptyString::new("tunnel").unwrap(),
    });
    assert_eq!(
        serde_json::to_value(&tunnel).unwrap(),
        json!({"ssh": "true", "ssh_host": "bastion.example.com", "ssh_port": "22", "ssh_user": "tunnel"})
    );
    assert_eq!(
        serde_json::to_value(DatabricksDeltaSshConfig::NoEncryption).unwrap(),
        json!({"ssh": "false"})
    );
    let staging = DatabricksDeltaStagingArea {
        bucket_name: DatabricksDeltaStagingAreaBucketName::new("my-bucket").unwrap(),
    };
    assert_eq!(
        serde_json::to_value(&staging).unwrap(),
        json!({"scheme": "s3", "bucket_name": "my-bucket"})
    );

    let read = |value: Value| serde_json::from_value::<DatabricksDeltaSshConfig>(value);
    assert_eq!(
        read(json!({"ssh": "false"})).unwrap(),
        DatabricksDeltaSshConfig::NoEncryption
    );
    assert_eq!(
        read(json!({"ssh": "true", "ssh_host": "bastion.example.com", "ssh_port": "22", "ssh_user": "tunnel"}))
            .unwrap(),
        tunnel
    );
    for (value, expected) in [
        (
            json!({"ssh": "maybe"}),
            "\"maybe\" is not one of \"true\", \"false\"",
        ),
        (json!({}), "`ssh` is required"),
        (
            json!({"ssh": "false", "ssh_host": "x"}),
            "`ssh_host` is not a property",
        ),
        (
            json!({"ssh": "true", "ssh_host": ""}),
            "`ssh_port` is required",
        ),
    ] {
        let error = read(value).unwrap_err().to_string();
        assert!(error.contains(expected), "{error}");
    }
    let error = read(json!({"ssh": "true", "ssh_host": "", "ssh_port": "22", "ssh_user": "u"}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("`ssh_host`"), "{error}");
    let staging = serde_json::from_value::<DatabricksDeltaStagingArea>(
        json!({"scheme": "gcs", "bucket_name": "my-bucket"}),
    )
    .unwrap_err()
    .to_string();
    assert!(
        staging.contains("\"gcs\" is not one of \"s3\""),
        "{staging}"
    );
}

#[test]
fn arrays_of_objects_report_the_element() {
    let error = PlatformGoogleAnalyticsProperties::from_json_value(json!({
        "start_date": "2024-01-01T00:00:00Z",
        "view_id": "1234",
        "report_definitions": [{"id": "a", "name": "A"}, {"name": "B"}],
    }))
    .unwrap_err();
    let paths: Vec<&str> = error.problems().iter().map(|p| p.path()).collect();
    assert!(paths.contains(&"report_definitions[1].id"), "{error}");
}

#[test]
fn camel_case_wire_names_keep_their_spelling() {
    let item = PlatformGoogleAdsLoginCustomerIdsItem {
        customer_id: Some("123".into()),
        login_customer_id: None,
    };
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        json!({"customerId": "123"})
    );
}

#[test]
fn patterns_mean_what_ecma_262_says() {
    // `^1|2$` is "starts with 1, or ends with 2", not the set {1, 2}.
    type Format = PlatformPostgresWal2jsonMessageFormat;
    for accepted in ["1", "2", "12", "1x", "x2", "100"] {
        assert!(Format::new(accepted).is_ok(), "{accepted}");
    }
    for rejected in ["3", "21", "x", ""] {
        assert!(Format::new(rejected).is_err(), "{rejected}");
    }
    // `^\d+.?\d*$`: the dot is any character.
    type Window = PlatformNetsuiteSearchWindowSize;
    assert!(Window::new("15").is_ok() && Window::new("1x5").is_ok());
    assert!(Window::new("x15").is_err());
    // `^jdbc:spark://` is a prefix.
    assert!(DatabricksDeltaJdbcUrl::new("jdbc:spark://host:443/default;x=1").is_ok());
    assert!(DatabricksDeltaJdbcUrl::new("xjdbc:spark://").is_err());
    // `\d` is ASCII only.
    assert!(PlatformHeapAccountId::new("123456789012").is_ok());
    assert!(PlatformHeapAccountId::new("１２３４５６７８９０１２").is_err());
    // Pattern errors never quote the value (it may be a credential).
    let error = S3SentinelKey::new("hunter2").unwrap_err().to_string();
    assert!(!error.contains("hunter2") && error.contains("stitch-challenge-file-"));
}

#[test]
fn digit_patterns_without_dollar_read_digits_only() {
    // `^\d+` accepts "30abc" on the API side; reading takes the documented subset.
    let error = PlatformHubspotProperties::from_json_value(json!({
        "start_date": "2024-01-01T00:00:00Z", "email_chunk_size": "30abc"
    }))
    .unwrap_err();
    assert_eq!(error.problems()[0].path(), "email_chunk_size");
    // The integer branch of the anyOf.
    let ok = PlatformHubspotProperties::from_json_value(json!({
        "start_date": "2024-01-01T00:00:00Z", "email_chunk_size": "30"
    }))
    .unwrap();
    assert_eq!(ok.email_chunk_size, Some(30));
}

#[test]
fn hosts_are_names_or_addresses() {
    let value = json!({
        "host": "10.0.0.7", "port": 5432, "user": "stitch", "password": "pw", "dbname": "db"
    });
    let parsed = PlatformPostgresProperties::from_json_value(value).unwrap();
    assert!(matches!(parsed.host, HostOrIpv4::Ipv4(_)));
    let bad = json!({
        "host": "db example com", "port": 5432, "user": "stitch", "password": "pw",
        "dbname": "db"
    });
    let error = PlatformPostgresProperties::from_json_value(bad).unwrap_err();
    assert_eq!(error.problems()[0].path(), "host");
}

#[test]
fn frequency_is_an_enum_of_the_allowed_minutes() {
    let all: Vec<&str> = PlatformHubspotFrequencyInMinutes::ALL
        .iter()
        .map(|value| value.as_str())
        .collect();
    assert_eq!(all, ["1", "30", "60", "360", "720", "1440"]);
}

#[test]
fn a_credential_that_fails_its_pattern_is_not_quoted() {
    let error = S3Properties::from_json_value(json!({"sentinel_key": "hunter2"})).unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("sentinel_key"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}

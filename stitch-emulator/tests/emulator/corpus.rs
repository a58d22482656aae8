//! The captured third-party report cards of `$STITCH_CORPUS`: every one loads (so every
//! json_schema construct they use is understood), and values are checked against the constructs
//! of connect-api.md §6 over HTTP.
//!
//! Without `STITCH_CORPUS` the tests say they were skipped; under `CI=true` they fail.

use std::path::PathBuf;

use serde_json::{Value, json};
use stitch_emulator::{CardKind, Catalog, EmulatorConfig};

use crate::support::{TOKEN, start};

fn corpus() -> Option<PathBuf> {
    match std::env::var_os("STITCH_CORPUS") {
        Some(path) => Some(PathBuf::from(path)),
        None if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI must set STITCH_CORPUS to the captured report cards")
        }
        None => {
            // Straight to stderr: `eprintln!` is captured, and a passing test's output hidden.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"note: STITCH_CORPUS is not set: the emulator's corpus tests are skipped \
                  (set STITCH_CORPUS=../shared/report-cards to run them)\n",
            );
            None
        }
    }
}

#[test]
fn every_captured_card_loads() {
    let Some(corpus) = corpus() else { return };
    let catalog = Catalog::load(&[corpus]).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(catalog.types(CardKind::Destination).len(), 13);
    assert_eq!(catalog.types(CardKind::Source).len(), 184);
}

async fn bad_properties(api: &crate::support::Api, path: &str, body: Value) -> Value {
    let answer = api.post(path, &body).await;
    if answer.status == 200 {
        json!([])
    } else {
        assert_eq!(answer.json["error"], "InvalidProperties", "{}", answer.text);
        answer.json["data"]["bad_properties"].clone()
    }
}

#[tokio::test]
async fn captured_constructs_accept_and_refuse_what_the_schemas_say() {
    let Some(corpus) = corpus() else { return };
    let (_emulator, api) = start(EmulatorConfig::new(corpus).accept_token(TOKEN)).await;

    // databricks_delta: anyOf of $ref'd objects told apart by a constant field, a prefix pattern.
    let databricks = |ssh_config: Value, jdbc_url: &str| {
        json!({"type": "databricks_delta", "properties": {
            "access_token": "dapi-secret",
            "jdbc_url": jdbc_url,
            "ssh_config": ssh_config,
            "staging_area": {"scheme": "s3", "bucket_name": "stitch-staging"}
        }})
    };
    let ok = databricks(
        json!({"ssh": "false"}),
        "jdbc:spark://host:443/default;transportMode=http",
    );
    assert_eq!(
        bad_properties(&api, "/v4/destinations", ok).await,
        json!([])
    );
    let ssh = json!({"ssh": "true", "ssh_host": "bastion", "ssh_port": "22", "ssh_user": "u"});
    assert_eq!(
        bad_properties(&api, "/v4/destinations", databricks(ssh, "jdbc:spark://h")).await,
        json!([])
    );
    let half_ssh = databricks(json!({"ssh": "true", "ssh_host": ""}), "jdbc:mysql://h");
    assert_eq!(
        bad_properties(&api, "/v4/destinations", half_ssh).await,
        json!(["jdbc_url", "ssh_config"])
    );
    let extra = databricks(json!({"ssh": "false", "ssh_host": "x"}), "jdbc:spark://h");
    assert_eq!(
        bad_properties(&api, "/v4/destinations", extra).await,
        json!(["ssh_config"])
    );

    // bigquery_v2: a nested object with required fields and uri/email formats; read_only and
    // a 17-region alternation without a group.
    let credentials = |email: &str| {
        json!({"type": "service_account", "project_id": "p", "private_key": "k", "private_key_id": "i",
               "client_email": email, "client_id": "c", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
               "token_uri": "https://oauth2.googleapis.com/token",
               "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
               "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/x"})
    };
    let bigquery = |location: &str, credentials: Value| {
        json!({"type": "bigquery_v2", "properties": {
            "cloud_storage_location": location, "loading_mode": "UPSERT",
            "service_account_credentials": credentials
        }})
    };
    let good = bigquery("us-west2", credentials("sa@p.iam.gserviceaccount.com"));
    assert_eq!(
        bad_properties(&api, "/v4/destinations", good).await,
        json!([])
    );
    let bad = bigquery("mars-north1", credentials("not-an-email"));
    assert_eq!(
        bad_properties(&api, "/v4/destinations", bad).await,
        json!(["cloud_storage_location", "service_account_credentials"])
    );
    let mut read_only = bigquery("EU", credentials("sa@p.iam.gserviceaccount.com"));
    read_only["properties"]["project_id"] = json!("p");
    assert_eq!(
        bad_properties(&api, "/v4/destinations", read_only).await,
        json!(["project_id"])
    );

    // platform.hp-mysql: hostname-or-ipv4, integer-or-digit-prefix, string-or-array, date-time.
    let mysql = |properties: Value| json!({"type": "platform.hp-mysql", "display_name": format!("m{}", fastrand_name()), "properties": properties});
    let good = mysql(
        json!({"host": "10.0.0.1", "port": 3306, "ssh_port": "22", "filter_dbs": ["a", "b"],
                            "anchor_time": "2024-01-01T00:00:00Z", "frequency_in_minutes": "1440"}),
    );
    assert_eq!(bad_properties(&api, "/v4/sources", good).await, json!([]));
    // `^\d+` alone would take "22abc"; the generated types read a port of digits only (a
    // narrowing the README documents), and the emulator checks with their rules.
    let digits_then_text = mysql(json!({"ssh_port": "22abc"}));
    assert_eq!(
        bad_properties(&api, "/v4/sources", digits_then_text).await,
        json!(["ssh_port"])
    );
    let bad = mysql(
        json!({"host": "not a host", "port": 33.5, "ssh_port": "x22", "filter_dbs": [1],
                           "anchor_time": "2024-01-01", "frequency_in_minutes": "45", "image_version": "2"}),
    );
    assert_eq!(
        bad_properties(&api, "/v4/sources", bad).await,
        json!([
            "anchor_time",
            "filter_dbs",
            "frequency_in_minutes",
            "host",
            "port",
            "ssh_port",
            // read_only: refused by name, after the card's own properties.
            "image_version"
        ])
    );

    // platform.google-analytics: an array of closed objects with required fields.
    let analytics = |definitions: Value| {
        json!({"type": "platform.google-analytics", "display_name": format!("g{}", fastrand_name()),
        "properties": {"report_definitions": definitions, "start_date": "2024-01-01T00:00:00Z"}})
    };
    assert_eq!(
        bad_properties(
            &api,
            "/v4/sources",
            analytics(json!([{"id": "1", "name": "a"}]))
        )
        .await,
        json!([])
    );
    let missing_id = analytics(json!([{"name": "a"}]));
    assert_eq!(
        bad_properties(&api, "/v4/sources", missing_id).await,
        json!(["report_definitions"])
    );

    // platform.impact: the one enum.
    let impact = |catalog: &str| {
        json!({"type": "platform.impact", "display_name": format!("i{}", fastrand_name()),
        "properties": {"api_catalog": catalog}})
    };
    assert_eq!(
        bad_properties(&api, "/v4/sources", impact("Agencies")).await,
        json!([])
    );
    assert_eq!(
        bad_properties(&api, "/v4/sources", impact("agencies")).await,
        json!(["api_catalog"])
    );
}

/// A distinct display name per created source: names must be unique in an account.
fn fastrand_name() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}

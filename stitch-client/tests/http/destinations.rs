//! Report cards and destinations, every endpoint, against the emulator.

use std::sync::Arc;
use std::time::Duration;

use stitch_client::{ApiError, Connection, ErrorKind, Method, WaitOptions, WaitOutcome};
use stitch_types::{CheckStatus, CreateDestination, DestinationId, StepType, UpdateDestination};

use crate::support::{PASSWORD, PostgresUpdate, client, emulator_config, postgres, start};

#[tokio::test]
async fn destination_types_list_and_get() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());

    let cards = client.destination_types().await.unwrap();
    assert_eq!(
        cards
            .iter()
            .map(|card| card.card_type.as_str())
            .collect::<Vec<_>>(),
        ["example_restricted", "postgres"]
    );
    let postgres = client.destination_type("postgres").await.unwrap();
    assert_eq!(postgres.card_type, "postgres");
    assert_eq!(postgres.current_step_type, Some(StepType::Form));
    assert!(postgres.property("password").unwrap().is_credential);
    assert_eq!(
        postgres.details.unwrap().pricing_tier.as_deref(),
        Some("standard")
    );

    let missing = client.destination_type("mystery/../x").await.unwrap_err();
    assert!(
        matches!(missing.kind(), ErrorKind::NotFound { .. }),
        "{missing}"
    );
    assert_eq!(missing.request().method(), Method::Get);
    assert_eq!(
        missing.request().path(),
        "/v4/destination-types/mystery%2F..%2Fx",
        "the path as sent: one segment, encoded"
    );
}

#[tokio::test]
async fn type_names_that_would_change_the_path_are_refused_unsent() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    for name in ["", ".", ".."] {
        let error = client.destination_type(name).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidArgument { .. }),
            "`{name}` reached the server: {error:?}"
        );
        assert_eq!(error.attempts(), 0, "nothing was sent");
        assert_eq!(
            error.request().to_string(),
            format!("GET /v4/destination-types/{name}")
        );
        let error = client.source_type(name).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidArgument { .. }),
            "`{name}` reached the server: {error:?}"
        );
    }
    // Dots inside a name are fine: source types are spelled so.
    assert!(client.source_type("platform.example").await.is_ok());
}

#[tokio::test]
async fn create_list_get_update_check_and_delete_a_postgres_destination() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());

    let body = CreateDestination::new("Staging", postgres(PASSWORD))
        .description("Postgres database for the staging environment.");
    let created = client.create_destination(&body).await.unwrap();
    assert_eq!(created.destination_type, "postgres");
    assert_eq!(created.name, "Staging");
    assert_eq!(
        created.description.as_deref(),
        Some("Postgres database for the staging environment.")
    );
    assert_eq!(created.properties["port"], "5432");
    assert_eq!(created.properties["ssl"], "false");
    assert!(
        !created.properties.contains_key("password"),
        "the API never returns credentials"
    );
    let password = created.report_card.property("password").unwrap();
    assert!(password.provided);
    assert_eq!(
        created.report_card.current_step,
        Some(1),
        "the check is still running"
    );
    let job = created.check_job_name.clone().unwrap();
    assert!(
        job.starts_with(&format!(
            "{}.{}.check.",
            created.stitch_client_id, created.id
        )),
        "{job}"
    );

    let listed = client.destinations().await.unwrap();
    assert_eq!(
        listed.iter().map(|d| d.id).collect::<Vec<_>>(),
        [created.id]
    );
    let read = client.destination(created.id).await.unwrap();
    assert_eq!(read.name, "Staging");

    let check = client
        .last_connection_check(Connection::Destination(created.id))
        .await
        .unwrap();
    assert_eq!(check.name, job);

    let patch = PostgresUpdate {
        port: Some(5433),
        host: Some("db2.example.com".into()),
        ..Default::default()
    };
    let updated = client
        .update_destination(created.id, &UpdateDestination::new(patch))
        .await
        .unwrap();
    assert_eq!(updated.properties["port"], "5433");
    assert_eq!(updated.properties["host"], "db2.example.com");
    assert_ne!(
        updated.check_job_name.as_deref(),
        Some(job.as_str()),
        "an update starts a new check"
    );

    let outcome = client
        .wait_until_configured(
            Connection::Destination(created.id),
            &WaitOptions::new(std::time::Duration::from_secs(10))
                .poll_interval(std::time::Duration::from_millis(20)),
        )
        .await
        .unwrap();
    let WaitOutcome::Configured { report_card } = outcome else {
        panic!("expected configured, got {outcome:?}")
    };
    assert_eq!(report_card.current_step, Some(2));
    let check = client
        .last_connection_check(Connection::Destination(created.id))
        .await
        .unwrap();
    assert_eq!(check.status, CheckStatus::Succeeded);
    assert_eq!(check.check_exit_status, Some(0));
    assert!(
        client
            .destination(created.id)
            .await
            .unwrap()
            .is_fully_configured()
    );

    client.delete_destination(created.id).await.unwrap();
    assert!(client.destinations().await.unwrap().is_empty());
    let gone = client.destination(created.id).await.unwrap_err();
    assert!(
        matches!(gone.kind(), ErrorKind::NotListed { id } if *id == created.id),
        "{gone}"
    );

    let again = client.delete_destination(created.id).await.unwrap_err();
    let expected = format!(
        "Unable to locate dest ({}) for client ({}) to delete",
        created.id, created.stitch_client_id
    );
    assert!(
        matches!(again.kind(), ErrorKind::Api { status: 400, body: ApiError::Message(m) } if *m == expected),
        "{again}"
    );
    assert_eq!(again.attempts(), 1, "a DELETE is never retried");
    assert_eq!(
        again.request().to_string(),
        format!("DELETE /v4/destinations/{}", created.id)
    );
}

/// A destination object with a report card of about 2.5 KB, as real ones are.
fn listed_destination(id: u64) -> serde_json::Value {
    let property = |name: &str| {
        serde_json::json!({"name": name, "is_required": true, "is_credential": false,
            "system_provided": false, "property_type": "user_provided", "provided": true,
            "json_schema": {"type": "string", "pattern": "^(a|b|c|d|e|f|g|h)$"}, "tap_mutable": false})
    };
    let properties: Vec<_> = (0..10)
        .map(|n| property(&format!("property_{n}")))
        .collect();
    serde_json::json!({"id": id, "type": "postgres", "name": format!("warehouse {id}"),
        "properties": {"host": "db.example.com"}, "stitch_client_id": 116078,
        "created_at": "2024-01-01T00:00:00Z", "check_job_name": null,
        "report_card": {"type": "postgres", "current_step": 2, "current_step_type": "fully_configured",
            "steps": [{"type": "form", "properties": properties}, {"type": "fully_configured", "properties": []}]}})
}

#[tokio::test]
async fn one_destination_of_seven_thousand_is_read_by_the_filter() {
    use axum::http::Uri;

    // 7,000 destinations are more than the client reads in one body (16 MiB): asked for the
    // whole list, the server's answer is refused.
    let all: Arc<String> = Arc::new(
        serde_json::Value::Array((1..=7_000).map(listed_destination).collect()).to_string(),
    );
    assert!(all.len() > 16 * 1024 * 1024, "{} bytes", all.len());
    let router = axum::Router::new().route(
        "/v4/destinations",
        axum::routing::get(move |uri: Uri| {
            let all = Arc::clone(&all);
            async move {
                let filter = uri
                    .query()
                    .and_then(|query| query.strip_prefix("destination_id="));
                match filter.and_then(|id| id.parse::<u64>().ok()) {
                    Some(id) if (1..=7_000).contains(&id) => {
                        serde_json::Value::Array(vec![listed_destination(id)]).to_string()
                    }
                    Some(_) => "[]".to_owned(),
                    None => all.as_str().to_owned(),
                }
            }
        }),
    );
    let client = client(&crate::support::serve(router).await);
    assert!(matches!(
        client.destinations().await.unwrap_err().kind(),
        ErrorKind::TooLarge { .. }
    ));
    let one = client.destination(DestinationId::new(6_543)).await.unwrap();
    assert_eq!(one.id, DestinationId::new(6_543));
    let outcome = client
        .wait_until_configured(
            Connection::Destination(one.id),
            &WaitOptions::new(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::Configured { .. }),
        "{outcome:?}"
    );
    let missing = client
        .destination(DestinationId::new(7_001))
        .await
        .unwrap_err();
    assert!(
        matches!(missing.kind(), ErrorKind::NotListed { id } if *id == DestinationId::new(7_001)),
        "{missing:?}"
    );
    assert_eq!(
        missing.request().path(),
        "/v4/destinations?destination_id=7001"
    );
}

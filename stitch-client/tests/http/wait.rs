//! `wait_until_configured`, for each of its outcomes, against the emulator, and against tiny
//! servers for the states the emulator never shows (a configured card whose latest check
//! failed, a check without a job name).

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use serde_json::{Value, json};
use stitch_client::{Connection, WaitOptions, WaitOutcome};
use stitch_types::{
    CheckStatus, CreateDestination, CreateSource, SourceId, StepType, UpdateDestination,
};

use crate::support::{
    FAILING_PASSWORD, PASSWORD, PostgresUpdate, client, emulator_config, example_source,
    partial_example, postgres, serve, start,
};

fn quick(timeout: Duration) -> WaitOptions {
    WaitOptions::new(timeout).poll_interval(Duration::from_millis(20))
}

#[tokio::test]
async fn a_destination_with_a_good_password_becomes_configured() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let created = client
        .create_destination(&CreateDestination::new("Staging", postgres(PASSWORD)))
        .await
        .unwrap();
    assert!(!created.is_fully_configured(), "the check takes a while");
    let outcome = client
        .wait_until_configured(
            Connection::Destination(created.id),
            &quick(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    let WaitOutcome::Configured { report_card } = outcome else {
        panic!("expected configured, got {outcome:?}")
    };
    assert_eq!(
        report_card.current_step_type,
        Some(StepType::FullyConfigured)
    );
}

#[tokio::test]
async fn a_failing_check_ends_the_wait_with_its_message_then_an_update_fixes_it() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let created = client
        .create_destination(&CreateDestination::new(
            "Staging",
            postgres(FAILING_PASSWORD),
        ))
        .await
        .unwrap();
    let connection = Connection::Destination(created.id);
    let outcome = client
        .wait_until_configured(connection, &quick(Duration::from_secs(10)))
        .await
        .unwrap();
    let WaitOutcome::CheckFailed { message, check } = outcome else {
        panic!("expected a failed check, got {outcome:?}")
    };
    assert_eq!(
        message,
        "FATAL:  password authentication failed for user \"stitch\""
    );
    assert_eq!(check.status, CheckStatus::Failed);
    assert!(check.error);
    assert_eq!(check.check_exit_status, Some(1));
    assert!(!format!("{check:?}").contains(FAILING_PASSWORD));

    let fix = PostgresUpdate {
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    client
        .update_destination(created.id, &UpdateDestination::new(fix))
        .await
        .unwrap();
    let outcome = client
        .wait_until_configured(connection, &quick(Duration::from_secs(10)))
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::Configured { .. }),
        "the old failed check no longer counts: {outcome:?}"
    );
}

#[tokio::test]
async fn a_source_stops_at_field_selection() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let created = client
        .create_source(&CreateSource::new("Example", example_source()))
        .await
        .unwrap();
    let outcome = client
        .wait_until_configured(
            Connection::Source(created.id),
            &quick(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    let WaitOutcome::NeedsStep {
        step,
        position,
        missing,
    } = outcome
    else {
        panic!("expected a step for the user, got {outcome:?}")
    };
    assert_eq!(step.step_type, StepType::FieldSelection);
    assert_eq!(position, 3);
    assert!(missing.is_empty());
}

#[tokio::test]
async fn a_half_filled_form_names_the_missing_properties() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let properties = partial_example(json!({"subdomain": "acme"}));
    let created = client
        .create_source(&CreateSource::new("Half", properties))
        .await
        .unwrap();
    assert!(
        created.check_job_name.is_none(),
        "no check runs on an incomplete form"
    );
    let outcome = client
        .wait_until_configured(
            Connection::Source(created.id),
            &quick(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    let WaitOutcome::NeedsStep {
        step,
        position,
        missing,
    } = outcome
    else {
        panic!("expected the form, got {outcome:?}")
    };
    assert_eq!(step.step_type, StepType::Form);
    assert_eq!(position, 1);
    assert_eq!(missing, ["api_token", "region"]);
}

#[tokio::test]
async fn a_check_slower_than_the_deadline_times_out() {
    let emulator = start(emulator_config().check_delay(Duration::from_secs(60))).await;
    let client = client(&emulator.base_url());
    let created = client
        .create_destination(&CreateDestination::new("Slow", postgres(PASSWORD)))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let outcome = client
        .wait_until_configured(
            Connection::Destination(created.id),
            &quick(Duration::from_millis(300)),
        )
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let WaitOutcome::TimedOut { waited, last_step } = outcome else {
        panic!("expected a timeout, got {outcome:?}")
    };
    assert_eq!(last_step, Some(StepType::Form));
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(
        elapsed < Duration::from_secs(3),
        "the deadline is kept: {elapsed:?}"
    );
}

/// A server for source 1: `GET /v4/sources/1` answers `source`, and
/// `GET /v4/sources/1/last-connection-check` answers `check`.
async fn source_server(source: Value, check: Value) -> String {
    let (source, check) = (source.to_string(), check.to_string());
    serve(
        Router::new()
            .route("/v4/sources/1", get(move || async move { source }))
            .route(
                "/v4/sources/1/last-connection-check",
                get(move || async move { check }),
            ),
    )
    .await
}

/// Source 1 of the example type, at `current_step` (1-based) of form, discover_schema,
/// field_selection, fully_configured, every property provided.
fn source_at(current_step: u32, check_job_name: Option<&str>, updated_at: &str) -> Value {
    let step = |step_type: &str| json!({"type": step_type, "properties": []});
    let steps = [
        json!({"type": "form", "properties": [{"name": "subdomain", "is_required": true,
               "property_type": "user_provided", "json_schema": null, "provided": true}]}),
        step("discover_schema"),
        step("field_selection"),
        step("fully_configured"),
    ];
    let step_type = steps[current_step as usize - 1]["type"].clone();
    json!({
        "id": 1, "type": "platform.example", "name": "example", "stitch_client_id": 7,
        "created_at": "2024-05-01T10:00:00Z", "updated_at": updated_at,
        "check_job_name": check_job_name, "properties": {},
        "report_card": {"type": "platform.example", "current_step": current_step,
                        "current_step_type": step_type, "steps": steps}
    })
}

fn check(name: &str, status: &str, start_time: &str) -> Value {
    let failed = status == "failed";
    json!({
        "name": name, "mode": "check", "status": status, "start_time": start_time,
        "error": failed, "check_exit_status": if failed { json!(1) } else { json!(null) },
        "discovery_error_message": if failed { json!("FATAL: the check failed") } else { json!(null) }
    })
}

#[tokio::test]
async fn a_configured_card_whose_current_check_failed_is_a_failed_check() {
    let base = source_server(
        source_at(4, Some("7.1.check.b"), "2024-05-01T12:00:00Z"),
        check("7.1.check.b", "failed", "2024-05-01T12:00:01Z"),
    )
    .await;
    let outcome = client(&base)
        .wait_until_configured(
            Connection::Source(SourceId::new(1)),
            &quick(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::CheckFailed { ref message, .. } if message == "FATAL: the check failed"),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_configured_card_whose_current_check_runs_is_waited_for() {
    let base = source_server(
        source_at(4, Some("7.1.check.b"), "2024-05-01T12:00:00Z"),
        check("7.1.check.b", "running", "2024-05-01T12:00:01Z"),
    )
    .await;
    let outcome = client(&base)
        .wait_until_configured(
            Connection::Source(SourceId::new(1)),
            &quick(Duration::from_millis(300)),
        )
        .await
        .unwrap();
    assert!(
        matches!(
            outcome,
            WaitOutcome::TimedOut {
                last_step: Some(StepType::FullyConfigured),
                ..
            }
        ),
        "{outcome:?}"
    );
    // An older job's failure does not undo the configuration.
    let base = source_server(
        source_at(4, Some("7.1.check.b"), "2024-05-01T12:00:00Z"),
        check("7.1.check.a", "failed", "2024-05-01T11:00:00Z"),
    )
    .await;
    let outcome = client(&base)
        .wait_until_configured(
            Connection::Source(SourceId::new(1)),
            &quick(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::Configured { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn without_a_job_name_a_check_since_the_last_update_counts() {
    let base = source_server(
        source_at(2, None, "2024-05-01T12:00:00Z"),
        check("7.1.check.a", "failed", "2024-05-01T12:00:00Z"),
    )
    .await;
    let outcome = client(&base)
        .wait_until_configured(
            Connection::Source(SourceId::new(1)),
            &quick(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::CheckFailed { ref check, .. } if check.name == "7.1.check.a"),
        "{outcome:?}"
    );

    // A check from before the last update is about other values.
    let base = source_server(
        source_at(2, None, "2024-05-01T12:00:00Z"),
        check("7.1.check.a", "failed", "2024-05-01T11:59:59Z"),
    )
    .await;
    let outcome = client(&base)
        .wait_until_configured(
            Connection::Source(SourceId::new(1)),
            &quick(Duration::from_millis(300)),
        )
        .await
        .unwrap();
    assert!(
        matches!(
            outcome,
            WaitOutcome::TimedOut {
                last_step: Some(StepType::DiscoverSchema),
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn durations_too_long_for_the_clock_do_not_panic() {
    let configured = source_server(
        source_at(4, Some("7.1.check.b"), "2024-05-01T12:00:00Z"),
        check("7.1.check.b", "succeeded", "2024-05-01T12:00:01Z"),
    )
    .await;
    let forever = WaitOptions::new(Duration::MAX).poll_interval(Duration::MAX);
    let outcome = client(&configured)
        .wait_until_configured(Connection::Source(SourceId::new(1)), &forever)
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::Configured { .. }),
        "{outcome:?}"
    );

    // A pause longer than the clock, cut short by the deadline.
    let discovering = source_server(
        source_at(2, Some("7.1.check.b"), "2024-05-01T12:00:00Z"),
        check("7.1.check.b", "running", "2024-05-01T12:00:01Z"),
    )
    .await;
    let started = std::time::Instant::now();
    let options = WaitOptions::new(Duration::from_millis(200)).poll_interval(Duration::MAX);
    let outcome = client(&discovering)
        .wait_until_configured(Connection::Source(SourceId::new(1)), &options)
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::TimedOut { .. }),
        "{outcome:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

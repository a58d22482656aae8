//! `wait_until_configured`, for each of its outcomes, against the emulator.

use std::time::Duration;

use serde_json::json;
use stitch_client::{Connection, WaitOptions, WaitOutcome};
use stitch_types::{CheckStatus, CreateDestination, CreateSource, StepType, UpdateDestination};

use crate::support::{
    FAILING_PASSWORD, PASSWORD, PartialExample, PostgresUpdate, RawProperties, client,
    emulator_config, example_source, postgres, start,
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
    let properties = PartialExample(RawProperties::new(json!({"subdomain": "acme"})));
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

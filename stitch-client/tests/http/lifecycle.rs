//! A source from created to running, against the emulator: `configure_source` and each way it
//! can end, the builder's selection sent and applied, a job started twice, its extraction,
//! logs link and loads, and Import API tokens.

use std::time::Duration;

use stitch_client::{ApiError, ConfigureOutcome, ErrorCode, ErrorKind, WaitOptions};
use stitch_emulator::CheckFailure;
use stitch_types::{
    CreateSource, ExtractionOutcome, FieldSelection, ReplicationMethod, SelectionError, StartJob,
    StepType, StreamChoice, StreamUpdate, UpdateStreamMetadata,
};

use crate::support::{API_TOKEN, client, emulator_config, example_source, start};

fn quick() -> WaitOptions {
    WaitOptions::new(Duration::from_secs(20)).poll_interval(Duration::from_millis(20))
}

#[tokio::test]
async fn a_source_is_configured_selected_run_and_loaded() {
    let emulator = start(emulator_config().job_duration(Duration::from_millis(300))).await;
    let client = client(&emulator.base_url());
    let source = client
        .create_source(&CreateSource::new("Lifecycle", example_source()))
        .await
        .unwrap();
    assert!(
        client.streams(source.id).await.unwrap().is_empty(),
        "nothing discovered yet"
    );

    let outcome = client
        .configure_source(source.id, &quick(), |streams| {
            FieldSelection::new(streams)
                .select(StreamChoice::stream("accounts").fields(["email", "name"]))
                .select(
                    StreamChoice::stream("events")
                        .all_fields()
                        .replication_method(ReplicationMethod::Incremental)
                        .replication_key("sequence"),
                )
                .build()
        })
        .await
        .unwrap();
    let ConfigureOutcome::Configured {
        report_card,
        selection: Some(selection),
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        report_card.current_step_type,
        Some(StepType::FullyConfigured)
    );
    assert_eq!(selection.streams().len(), 2);

    // What the emulator now says of the selection.
    let streams = client.discovered_streams(source.id).await.unwrap();
    let accounts = streams
        .iter()
        .find(|s| s.tap_stream_id() == "accounts")
        .unwrap();
    assert_eq!(accounts.stream.selected, Some(true));
    assert_eq!(accounts.schema.field("email").unwrap().selected, Some(true));
    assert_eq!(accounts.schema.field("plan").unwrap().selected, Some(false));
    let events = streams
        .iter()
        .find(|s| s.tap_stream_id() == "events")
        .unwrap();
    assert_eq!(
        events.schema.stream.replication_key.as_deref(),
        Some("sequence")
    );
    let settings = streams
        .iter()
        .find(|s| s.tap_stream_id() == "settings")
        .unwrap();
    assert_eq!(settings.stream.selected, None, "left out, left alone");
    let source = client.source(source.id).await.unwrap();
    assert!(source.schedule.is_some(), "{source:?}");

    // One job at a time: the second start is a 200 that says so.
    let StartJob::Started { job_name } = client.start_replication(source.id).await.unwrap() else {
        panic!("no job started")
    };
    let again = client.start_replication(source.id).await.unwrap();
    assert!(
        matches!(again, StartJob::AlreadyRunning { .. }),
        "{again:?}"
    );
    let account = source.stitch_client_id;
    let extraction = loop {
        let done = client.extractions(account).await.unwrap();
        if let Some(extraction) = done.into_iter().find(|e| e.job_name == job_name) {
            break extraction;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(extraction.source_id, source.id);
    assert_eq!(extraction.outcome(), ExtractionOutcome::Succeeded);
    let loads = client.loads(account).await.unwrap();
    let mut loaded: Vec<&str> = loads
        .iter()
        .filter(|load| load.source_name == source.name)
        .map(|load| load.stream_name.as_str())
        .collect();
    loaded.sort_unstable();
    assert_eq!(loaded, ["accounts", "events"]);

    let logs = client
        .extraction_logs_url(account, &job_name)
        .await
        .unwrap();
    assert!(
        logs.as_url()
            .query()
            .unwrap()
            .contains("x-amz-security-token=")
    );
    assert_eq!(
        emulator.extraction_log_requests(),
        0,
        "the 302 is not followed"
    );

    // A second account may not read this one's extractions.
    let other = crate::support::client_with(
        &emulator.base_url(),
        crate::support::TOKEN,
        stitch_client::RetryPolicy::none(),
    );
    let error = other
        .extractions(stitch_types::StitchClientId::new(account.get() + 1))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Unauthorized { .. }),
        "{error:?}"
    );

    client.stop_replication(source.id).await.unwrap();
}

#[tokio::test]
async fn a_failing_check_ends_in_discover_schema_with_its_message() {
    let config = emulator_config().fail_checks_when(CheckFailure::when("api_token", API_TOKEN));
    let emulator = start(config).await;
    let client = client(&emulator.base_url());
    let source = client
        .create_source(&CreateSource::new("Failing", example_source()))
        .await
        .unwrap();
    let mut asked = false;
    let outcome = client
        .configure_source(source.id, &quick(), |_| {
            asked = true;
            Ok(UpdateStreamMetadata::new())
        })
        .await
        .unwrap();
    let ConfigureOutcome::CheckFailed { message, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(message.contains("api_token"), "{message}");
    assert!(!asked, "no selection is asked for before discovery");
}

#[tokio::test]
async fn a_selection_that_does_not_fit_is_rejected_before_anything_is_sent() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let source = client
        .create_source(&CreateSource::new("Rejected", example_source()))
        .await
        .unwrap();
    let outcome = client
        .configure_source(source.id, &quick(), |streams| {
            FieldSelection::new(streams)
                .select(StreamChoice::stream("acounts").field("email"))
                .select(StreamChoice::stream("accounts").fields(["emial", "legacy_code"]))
                .select(
                    StreamChoice::stream("events")
                        .replication_method(ReplicationMethod::Incremental)
                        .replication_key("kind"),
                )
                .build()
        })
        .await
        .unwrap();
    let ConfigureOutcome::SelectionRejected { errors, streams } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(streams.len(), 3);
    let shown: Vec<String> = errors.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "no stream `acounts` was discovered (did you mean `accounts`?)",
            "stream `accounts`: no field `emial` (did you mean `email`?)",
            "stream `accounts`: field `legacy_code` is unsupported and cannot be selected (this field is unsupported by the example API.)",
            "stream `events`: `kind` is not a valid replication key (valid: `created_at` and `sequence`)",
        ]
        .map(String::from)
        .to_vec(),
    );
    assert!(matches!(
        errors.errors()[0],
        SelectionError::UnknownStream { .. }
    ));
    // Nothing was sent: the source still waits for a selection.
    let source = client.source(source.id).await.unwrap();
    assert_eq!(
        source.report_card.current_step_type,
        Some(StepType::FieldSelection)
    );
}

#[tokio::test]
async fn the_apis_own_selection_errors_are_typed() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let source = client
        .create_source(&CreateSource::new("Refusals", example_source()))
        .await
        .unwrap();
    let outcome = client
        .wait_until_configured(stitch_client::Connection::Source(source.id), &quick())
        .await
        .unwrap();
    assert!(
        matches!(outcome, stitch_client::WaitOutcome::NeedsStep { .. }),
        "{outcome:?}"
    );

    // Sent by hand, past the builder: the emulator refuses as the API documents.
    let unknown = UpdateStreamMetadata::new().stream(StreamUpdate::new("nope").selected(true));
    let unsupported = UpdateStreamMetadata::new().stream(
        StreamUpdate::new("accounts")
            .selected(true)
            .field("legacy_code", true),
    );
    for (body, expected) in [
        (unknown, "invalid tap-stream-ids:  [nope]"),
        (
            unsupported,
            "Unsupported fields cannot be selected by default",
        ),
    ] {
        let error = client
            .update_stream_metadata(source.id, &body)
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Api { status: 400, body: ApiError::InvalidFields(f) } if f == expected),
            "{error:?}"
        );
    }
    // Jobs need a configured source.
    let error = client.start_replication(source.id).await.unwrap_err();
    assert_eq!(error.status(), Some(400), "{error:?}");
}

#[tokio::test]
async fn import_api_tokens_two_at_most() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let source = client
        .create_source(&CreateSource::new("Tokens", example_source()))
        .await
        .unwrap();
    let first = client.generate_import_token(source.id).await.unwrap();
    let second = client.generate_import_token(source.id).await.unwrap();
    assert_ne!(first.access_token, second.access_token);
    let third = client.generate_import_token(source.id).await.unwrap_err();
    assert!(
        matches!(third.api_error(), Some(ApiError::Coded(coded)) if coded.code == ErrorCode::Other("TokenLimit".into())),
        "{third:?}"
    );
    let listed = client.import_tokens(source.id).await.unwrap();
    let mut ids: Vec<_> = listed.iter().map(|token| token.token_id).collect();
    ids.sort_unstable();
    assert_eq!(ids, [first.id, second.id]);
    let revoked = client
        .revoke_import_token(source.id, first.id)
        .await
        .unwrap();
    assert_eq!(revoked.id, source.id);
    assert_eq!(client.import_tokens(source.id).await.unwrap().len(), 1);
    client.generate_import_token(source.id).await.unwrap();
}

#[tokio::test]
async fn no_streams_and_no_time_are_outcomes_of_their_own() {
    // A catalog in which discovery finds nothing.
    let catalogs = std::env::temp_dir().join(format!(
        "stitch-client-empty-catalog-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&catalogs).unwrap();
    std::fs::write(catalogs.join("platform.example.json"), r#"{"streams": []}"#).unwrap();
    let emulator = start(emulator_config().catalogs(&catalogs)).await;
    let client = client(&emulator.base_url());
    let source = client
        .create_source(&CreateSource::new("Empty", example_source()))
        .await
        .unwrap();
    let outcome = client
        .configure_source(source.id, &quick(), |streams| {
            FieldSelection::new(streams).build()
        })
        .await
        .unwrap();
    assert_eq!(outcome, ConfigureOutcome::NoStreams);

    let impatient = WaitOptions::new(Duration::ZERO);
    let other = client
        .create_source(&CreateSource::new("Impatient", example_source()))
        .await
        .unwrap();
    let outcome = client
        .configure_source(other.id, &impatient, |streams| {
            FieldSelection::new(streams).build()
        })
        .await
        .unwrap();
    assert!(
        matches!(outcome, ConfigureOutcome::TimedOut { .. }),
        "{outcome:?}"
    );
    std::fs::remove_dir_all(&catalogs).unwrap();
}

#[tokio::test]
async fn a_selection_that_replicates_nothing_needs_the_step_and_a_configured_source_needs_none() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let source = client
        .create_source(&CreateSource::new("Undecided", example_source()))
        .await
        .unwrap();
    // Deselecting is a valid selection, but it leaves the source at field_selection.
    let outcome = client
        .configure_source(source.id, &quick(), |streams| {
            FieldSelection::new(streams).deselect("accounts").build()
        })
        .await
        .unwrap();
    let ConfigureOutcome::NeedsStep { step, position, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!((&step.step_type, *position), (&StepType::FieldSelection, 3));

    // Configured once, a second call asks for nothing and sends nothing.
    let outcome = client
        .configure_source(source.id, &quick(), |streams| {
            FieldSelection::new(streams)
                .select(StreamChoice::stream("settings"))
                .build()
        })
        .await
        .unwrap();
    assert!(
        matches!(
            outcome,
            ConfigureOutcome::Configured {
                selection: Some(_),
                ..
            }
        ),
        "{outcome:?}"
    );
    let mut asked = false;
    let outcome = client
        .configure_source(source.id, &quick(), |_| {
            asked = true;
            Ok(UpdateStreamMetadata::new())
        })
        .await
        .unwrap();
    assert!(
        matches!(
            outcome,
            ConfigureOutcome::Configured {
                selection: None,
                ..
            }
        ),
        "{outcome:?}"
    );
    assert!(!asked, "a configured source needs no selection");
}

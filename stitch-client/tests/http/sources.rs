//! Source types and sources, every endpoint, against the emulator.

use serde_json::json;
use stitch_client::{ApiError, Connection, ErrorCode, ErrorKind};
use stitch_types::{CreateSource, SourceId, StepType, UpdateSource};

use crate::support::{
    PlatformExampleUpdate, client, emulator_config, example_source, start, unchecked_example_update,
};

#[tokio::test]
async fn source_types_list_and_get() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());

    let types: Vec<String> = client
        .source_types()
        .await
        .unwrap()
        .into_iter()
        .map(|card| card.card_type)
        .collect();
    assert_eq!(
        types,
        ["platform.example", "platform.legacy", "platform.simple"]
    );
    let example = client.source_type("platform.example").await.unwrap();
    assert_eq!(example.steps.len(), 4);
    assert_eq!(
        example.details.unwrap().default_scheduling_interval,
        Some(60)
    );
    let legacy = client.source_type("platform.legacy").await.unwrap();
    assert_eq!(
        legacy.upgrade_available.unwrap().upgrade_type,
        "platform.example"
    );
}

#[tokio::test]
async fn create_get_list_pause_unpause_update_check_and_delete_a_source() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());

    let created = client
        .create_source(&CreateSource::new("Example Prod", example_source()))
        .await
        .unwrap();
    assert_eq!(created.source_type, "platform.example");
    assert_eq!(
        created.name, "example_prod",
        "derived from the display name"
    );
    assert_eq!(created.display_name.as_deref(), Some("Example Prod"));
    assert_eq!(created.properties["page_size"], "100");
    assert_eq!(created.properties["region"], "eu");
    assert!(
        !created.properties.contains_key("api_token"),
        "no credential in a response"
    );
    assert_eq!(
        created.report_card.current_step_type,
        Some(StepType::DiscoverSchema),
        "the form is complete; discovery runs the check"
    );
    assert!(!created.is_paused());

    assert_eq!(
        client.source(created.id).await.unwrap().name,
        "example_prod"
    );
    let listed: Vec<SourceId> = client
        .sources()
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, [created.id]);

    let check = client
        .last_connection_check(Connection::Source(created.id))
        .await
        .unwrap();
    assert_eq!(Some(check.name), created.check_job_name);

    let paused = client.pause_source(created.id).await.unwrap();
    assert!(paused.is_paused());
    assert!(paused.schedule.is_none(), "a paused source has no schedule");
    let unpaused = client.unpause_source(created.id).await.unwrap();
    assert!(!unpaused.is_paused());

    let update = UpdateSource::new()
        .display_name("Example Production")
        .properties(PlatformExampleUpdate {
            page_size: Some(250),
            ..Default::default()
        });
    let updated = client.update_source(created.id, &update).await.unwrap();
    assert_eq!(updated.display_name.as_deref(), Some("Example Production"));
    assert_eq!(updated.name, "example_prod", "the name never changes");
    assert_eq!(updated.properties["page_size"], "250");

    let deleted = client.delete_source(created.id).await.unwrap();
    assert!(deleted.deleted_at.is_some());
    assert!(
        client.sources().await.unwrap()[0].deleted_at.is_some(),
        "deleted sources are still listed"
    );
    assert!(
        client
            .source(created.id)
            .await
            .unwrap()
            .deleted_at
            .is_some()
    );
    let again = client.delete_source(created.id).await.unwrap_err();
    assert!(
        matches!(again.api_error(), Some(ApiError::Coded(coded)) if coded.code == ErrorCode::InvalidId),
        "{again}"
    );
}

#[tokio::test]
async fn read_only_and_immutable_properties_are_refused_by_name() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator.base_url());
    let created = client
        .create_source(&CreateSource::new("Example", example_source()))
        .await
        .unwrap();

    let patch =
        unchecked_example_update(json!({"account_id": "42", "region": "us", "page_size": "x"}));
    let error = client
        .update_source(created.id, &UpdateSource::new().properties(patch))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    // Values in card order, then keys a request may not send, then immutable changes.
    assert_eq!(
        error.bad_properties(),
        ["page_size", "account_id", "region"]
    );
    let Some(ApiError::Coded(coded)) = error.api_error() else {
        panic!("a coded error: {error}")
    };
    assert_eq!(coded.code, ErrorCode::InvalidProperties);
    assert_eq!(
        coded.message.as_deref(),
        Some("properties do not match schema")
    );
    assert_eq!(
        coded.report_card.as_ref().unwrap().card_type,
        "platform.example"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "PUT /v4/sources/{}: 400 Bad Request: InvalidProperties: properties do not match schema (bad properties: page_size, account_id, region)",
            created.id
        )
    );
    assert!(matches!(error.kind(), ErrorKind::Api { .. }));
}

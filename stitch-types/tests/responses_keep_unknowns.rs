//! Every response type reads a response with fields and enum values this version does not know,
//! and writes it back with all of them kept: the API grows, and one new word must not make a
//! response (or a whole list) unreadable, nor be lost on a round trip.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use stitch_types::{
    CheckStatus, ConnectionCheck, Destination, Extraction, ImportApiToken, ImportTokenInfo,
    Inclusion, Load, Page, PropertyType, ReplicationMethod, ReportCard, Schedule, Source, StartJob,
    StepType, Stream, StreamSchema,
};

/// A field no version of the API has yet, with a nested value to keep exactly.
fn novel() -> Value {
    json!({"nested": [1, "two", {"three": null}]})
}

/// Checks that everything in `sent` is in `kept`: every key with the same value (a `null` may
/// be left out), recursively.
fn assert_kept(sent: &Value, kept: &Value, at: &str) {
    match (sent, kept) {
        (Value::Object(sent), Value::Object(kept)) => {
            for (key, value) in sent {
                match kept.get(key) {
                    Some(kept) => assert_kept(value, kept, &format!("{at}/{key}")),
                    None if value.is_null() => {}
                    None => panic!("{at}/{key} was dropped: {value}"),
                }
            }
        }
        (Value::Array(sent), Value::Array(kept)) => {
            assert_eq!(sent.len(), kept.len(), "{at}: array length");
            for (index, (sent, kept)) in sent.iter().zip(kept).enumerate() {
                assert_kept(sent, kept, &format!("{at}/{index}"));
            }
        }
        (Value::Number(sent), Value::Number(kept)) => {
            assert_eq!(sent.as_f64(), kept.as_f64(), "{at}");
        }
        (sent, kept) => assert_eq!(sent, kept, "{at}"),
    }
}

/// Reads `sent` as `T`, writes it back and checks nothing was lost.
fn round_trip<T: DeserializeOwned + Serialize>(sent: Value) -> T {
    let read: T =
        serde_json::from_value(sent.clone()).unwrap_or_else(|error| panic!("{error}: {sent}"));
    let written = serde_json::to_value(&read).unwrap();
    assert_kept(&sent, &written, "");
    read
}

/// A report card with a new field at every level, a new step type, property type and
/// pipeline state.
fn novel_card() -> Value {
    json!({
        "type": "platform.novel", "current_step": 2, "current_step_type": "consent",
        "added_later": novel(),
        "steps": [
            {"type": "form", "added_later": novel(), "properties": [{
                "name": "api_key", "is_required": true, "is_credential": true,
                "system_provided": false, "property_type": "user_provided_secretly",
                "json_schema": {"type": "string"}, "provided": false, "tap_mutable": false,
                "added_later": novel()
            }]},
            {"type": "consent", "properties": []},
            {"type": "fully_configured", "properties": []}
        ],
        "details": {"pricing_tier": "standard", "pipeline_state": "sunsetting", "protocol": "novel",
                    "access": true, "default_scheduling_interval": 30, "added_later": novel()},
        "upgrade_available": {"type": "platform.novel-v2", "added_later": novel()}
    })
}

#[test]
fn report_cards_keep_new_fields_steps_and_property_types() {
    let card: ReportCard = round_trip(novel_card());
    assert_eq!(
        card.current_step_type,
        Some(StepType::Other("consent".into()))
    );
    assert_eq!(
        card.steps[0].properties[0].property_type,
        Some(PropertyType::Other("user_provided_secretly".into()))
    );
    assert_eq!(card.other["added_later"], novel());
    assert_eq!(card.steps[0].other["added_later"], novel());
    assert_eq!(card.steps[0].properties[0].other["added_later"], novel());
    assert_eq!(card.details.unwrap().other["added_later"], novel());
}

#[test]
fn a_source_with_a_new_schedule_type_reads_and_a_list_of_them_too() {
    let source = |id: u64, schedule: Value| {
        json!({"id": id, "type": "platform.novel", "name": format!("novel_{id}"),
            "display_name": "Novel", "properties": {"subdomain": "acme"}, "report_card": novel_card(),
            "schedule": schedule, "check_job_name": "116078.1.check.x", "stitch_client_id": 116078,
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
            "deleted_at": null, "paused_at": null, "system_paused_at": null, "added_later": novel()})
    };
    let list = json!([
        source(
            1,
            json!({"type": "interval", "unit": "minute", "interval": 60.0,
            "next_fire_time": "2024-01-01T01:00:00Z", "added_later": novel()})
        ),
        source(
            2,
            json!({"type": "cron", "cron_expression": "0 0 12 ? * MON-FRI *",
            "next_fire_time": null, "timezone": "UTC"})
        ),
        source(
            3,
            json!({"type": "calendar", "days": ["mon"], "next_fire_time": "2024-01-02T00:00:00Z"})
        ),
        source(4, Value::Null),
    ]);
    let sources: Vec<Source> = round_trip(list);
    assert!(matches!(
        &sources[0].schedule,
        Some(Schedule::Interval { other, .. }) if other["added_later"] == novel()
    ));
    assert!(matches!(
        &sources[1].schedule,
        Some(Schedule::Cron { other, .. }) if other["timezone"] == "UTC"
    ));
    let calendar = sources[2].schedule.as_ref().unwrap();
    assert!(
        matches!(calendar, Schedule::Other { schedule_type, .. } if schedule_type == "calendar")
    );
    assert_eq!(
        calendar.next_fire_time().map(|at| at.to_rfc3339()),
        Some("2024-01-02T00:00:00+00:00".into())
    );
    assert_eq!(sources[3].schedule, None);
    assert_eq!(sources[0].other["added_later"], novel());
}

#[test]
fn destinations_and_checks_keep_new_fields_and_statuses() {
    let destination: Destination = round_trip(json!({
        "id": 337658, "type": "postgres", "name": "Staging", "description": null, "display_name": null,
        "properties": {"host": "db.example.com"}, "report_card": novel_card(),
        "check_job_name": null, "stitch_client_id": 116078, "created_at": "2024-01-01T00:00:00Z",
        "updated_at": null, "deleted_at": null, "paused_at": null, "system_paused_at": null,
        "added_later": novel()
    }));
    assert_eq!(destination.other["added_later"], novel());
    let check: ConnectionCheck = round_trip(json!({
        "name": "116078.337658.check.x", "mode": "check", "status": "queued", "error": false,
        "start_time": "2024-01-01T00:00:00Z", "completion_time": null, "check_exit_status": null,
        "discovery_exit_status": null, "discovery_error_message": null, "tap_exit_status": null,
        "tap_error_message": null, "target_exit_status": null, "target_error_message": null,
        "added_later": novel()
    }));
    assert_eq!(check.status, CheckStatus::Other("queued".into()));
    assert_eq!(check.status.to_string(), "queued");
}

#[test]
fn streams_and_schemas_keep_new_metadata_and_values() {
    let stream: Stream = round_trip(json!({
        "stream_id": 1, "tap_stream_id": "orders", "stream_name": "orders", "selected": true,
        "added_later": novel(),
        "metadata": {"selected": true, "replication-method": "CHANGE_STREAM",
            "forced-replication-method": {"reason": "bulk", "replication-method": "FULL_TABLE"},
            "table-key-properties": ["id"], "tap_google_analytics.all_cubes": ["a"], "added-later": novel()}
    }));
    assert_eq!(
        stream.metadata.replication_method,
        Some(ReplicationMethod::Other("CHANGE_STREAM".into()))
    );
    let schema: StreamSchema = round_trip(json!({
        // Keys in the order serde_json writes them back (sorted): the schema is parsed and
        // written again, equal in meaning, so only its key order could differ.
        "schema": "{\"properties\":{\"id\":{\"type\":\"integer\"}},\"type\":\"object\"}",
        "metadata": [
            {"breadcrumb": [], "metadata": {"selected": true, "added-later": novel()}},
            {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "sometimes",
                "behavior": "METRIC", "added-later": novel()}}
        ],
        "non-discoverable-metadata-keys": ["selected", "replication-method", "replication-key",
            "view-key-properties", "added-later"],
        "added_later": novel()
    }));
    assert_eq!(
        schema.field("id").unwrap().inclusion,
        Some(Inclusion::Other("sometimes".into()))
    );
}

#[test]
fn jobs_extractions_loads_and_pages_keep_new_fields() {
    let page: Page<Extraction> = round_trip(json!({
        "data": [{"job_name": "116078.1.sync.x", "stitch_client_id": 116078, "source_id": 1,
            "source_type": "tap-novel", "start_time": "2024-01-01T00:00:00Z",
            "completion_time": "2024-01-01T00:00:05Z", "discovery_exit_status": 0,
            "discovery_description": null, "tap_exit_status": 0, "tap_description": null,
            "target_exit_status": 0, "target_description": null, "prepare_exit_status": 0,
            "added_later": novel()}],
        "page": 1, "total": 1, "links": {"first": "/v4/116078/extractions?page=1"},
        "added_later": novel()
    }));
    assert_eq!(page.data[0].other["prepare_exit_status"], 0);
    let loads: Page<Load> = round_trip(json!({
        "data": [{"stitch_client_id": 116078, "source_name": "novel", "stream_name": "orders",
            "last_batch_loaded_at": null,
            "error_state": {"notification_data": {"error": "LOADER_NEW_ERROR"}, "added_later": novel()},
            "rows_loaded": 10}],
        "page": 1, "total": 1, "links": {}
    }));
    assert_eq!(loads.data[0].other["rows_loaded"], 10);
    let refused: StartJob = serde_json::from_value(
        json!({"error": {"type": "quota_exceeded", "message": "too many jobs"}}),
    )
    .unwrap();
    assert!(
        matches!(refused, StartJob::Refused { error_type, .. } if error_type == "quota_exceeded")
    );
}

#[test]
fn import_tokens_keep_new_fields() {
    let token: ImportApiToken = serde_json::from_value(
        json!({"id": 1, "access_token": "ia_new_fields_token", "expires_at": "2025-01-01T00:00:00Z"}),
    )
    .unwrap();
    assert_eq!(token.other["expires_at"], "2025-01-01T00:00:00Z");
    let listed: Vec<ImportTokenInfo> = round_trip(json!([
        {"token_id": 2, "created_at": "2021-08-12T15:22:12Z", "label": "rotation"}
    ]));
    assert_eq!(listed[0].other["label"], "rotation");
}

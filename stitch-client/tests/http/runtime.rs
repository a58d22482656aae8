//! Cards known at run time, over HTTP: properties checked against a card fetched from the
//! emulator (`runtime::CardChecker`), or sent unchecked, go out as exactly the bytes the
//! generated type sends for the same values, and never show a credential.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{post, put};
use serde_json::{Map, Value, json};
use stitch_client::{Connection, WaitOptions, WaitOutcome};
use stitch_types::runtime::{
    CardChecker, DynamicProperties, DynamicUpdate, ForDestination, ForSource,
};
use stitch_types::{CreateDestination, CreateSource, UpdateDestination, UpdateSource};

use crate::support::{
    API_TOKEN, PASSWORD, PlatformExampleUpdate, PostgresUpdate, client, emulator_config,
    example_source, postgres, serve, start,
};

/// A server that keeps the body of every POST and PUT and answers `400`, so each request is
/// sent once and its bytes can be compared.
async fn recorder() -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let bodies: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let keep = |bodies: Arc<Mutex<Vec<Vec<u8>>>>| {
        move |body: axum::body::Bytes| async move {
            bodies.lock().unwrap().push(body.to_vec());
            (StatusCode::BAD_REQUEST, "\"recorded\"")
        }
    };
    let router = Router::new()
        .route("/v4/destinations", post(keep(Arc::clone(&bodies))))
        .route("/v4/destinations/1", put(keep(Arc::clone(&bodies))))
        .route("/v4/sources", post(keep(Arc::clone(&bodies))))
        .route("/v4/sources/1", put(keep(Arc::clone(&bodies))));
    (serve(router).await, bodies)
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

/// The guide's postgres properties as a JSON file would hold them.
fn postgres_json() -> Map<String, Value> {
    object(json!({
        "database": "analytics", "encryption_type": "none", "host": "db.example.com",
        "password": PASSWORD, "port": "5432", "ssl": "false", "username": "stitch",
    }))
}

fn example_json() -> Map<String, Value> {
    object(json!({
        "api_token": API_TOKEN, "include_archived": "false", "page_size": "100",
        "region": "eu", "subdomain": "acme",
    }))
}

#[tokio::test]
async fn checked_and_unchecked_bodies_are_the_bytes_the_generated_types_send() {
    let emulator = start(emulator_config()).await;
    let api = client(&emulator.base_url());
    let postgres_card = api.destination_type("postgres").await.unwrap();
    let example_card = api.source_type("platform.example").await.unwrap();
    let destinations = CardChecker::<ForDestination>::new(&postgres_card).unwrap();
    let sources = CardChecker::<ForSource>::new(&example_card).unwrap();

    let (base, bodies) = recorder().await;
    let to_recorder = client(&base);
    let sent = |count: usize| -> Vec<Vec<u8>> {
        let bodies = bodies.lock().unwrap();
        assert_eq!(bodies.len(), count, "one body per request");
        bodies[count - 3..].to_vec()
    };
    let assert_same = |what: &str, bodies: Vec<Vec<u8>>| {
        let [typed, checked, unchecked] = &bodies[..] else {
            unreachable!()
        };
        assert_eq!(
            String::from_utf8_lossy(checked),
            String::from_utf8_lossy(typed),
            "{what}: checked"
        );
        assert_eq!(
            String::from_utf8_lossy(unchecked),
            String::from_utf8_lossy(typed),
            "{what}: unchecked"
        );
    };

    // POST /v4/destinations
    let typed = CreateDestination::new("Staging", postgres(PASSWORD));
    let checked = CreateDestination::new("Staging", destinations.check(postgres_json()).unwrap());
    let unchecked = CreateDestination::new(
        "Staging",
        DynamicProperties::<ForDestination>::unchecked("postgres", postgres_json(), ["password"]),
    );
    to_recorder.create_destination(&typed).await.unwrap_err();
    to_recorder.create_destination(&checked).await.unwrap_err();
    to_recorder
        .create_destination(&unchecked)
        .await
        .unwrap_err();
    assert_same("create destination", sent(3));

    // PUT /v4/destinations/1
    let update = object(json!({"password": PASSWORD, "port": "5433"}));
    let typed = UpdateDestination::new(PostgresUpdate {
        password: Some(PASSWORD.into()),
        port: Some(5433),
        ..Default::default()
    });
    let checked = UpdateDestination::new(destinations.check_update(update.clone()).unwrap());
    let unchecked = UpdateDestination::new(DynamicUpdate::<ForDestination>::unchecked(
        "postgres",
        update,
        ["password"],
    ));
    to_recorder.update_destination(1, &typed).await.unwrap_err();
    to_recorder
        .update_destination(1, &checked)
        .await
        .unwrap_err();
    to_recorder
        .update_destination(1, &unchecked)
        .await
        .unwrap_err();
    assert_same("update destination", sent(6));

    // POST /v4/sources
    let typed = CreateSource::new("Example", example_source()).destination_id(7);
    let checked =
        CreateSource::new("Example", sources.check(example_json()).unwrap()).destination_id(7);
    let unchecked = CreateSource::new(
        "Example",
        DynamicProperties::<ForSource>::unchecked(
            "platform.example",
            example_json(),
            ["api_token"],
        ),
    )
    .destination_id(7);
    to_recorder.create_source(&typed).await.unwrap_err();
    to_recorder.create_source(&checked).await.unwrap_err();
    to_recorder.create_source(&unchecked).await.unwrap_err();
    assert_same("create source", sent(9));

    // PUT /v4/sources/1
    let update = object(json!({"page_size": "250"}));
    let typed = UpdateSource::new()
        .display_name("Renamed")
        .properties(PlatformExampleUpdate {
            page_size: Some(250),
            ..Default::default()
        });
    let checked = UpdateSource::new()
        .display_name("Renamed")
        .properties(sources.check_update(update.clone()).unwrap());
    let unchecked =
        UpdateSource::new().display_name("Renamed").properties(
            DynamicUpdate::<ForSource>::unchecked("platform.example", update, ["api_token"]),
        );
    to_recorder.update_source(1, &typed).await.unwrap_err();
    to_recorder.update_source(1, &checked).await.unwrap_err();
    to_recorder.update_source(1, &unchecked).await.unwrap_err();
    assert_same("update source", sent(12));

    // The bodies did carry the credentials, and nothing shows them.
    let all = bodies.lock().unwrap().concat();
    assert!(String::from_utf8_lossy(&all).contains(PASSWORD));
    let shown = format!(
        "{checked:?} {unchecked:?} {:?} {:?} {:?}",
        destinations.check(postgres_json()).unwrap(),
        CreateDestination::new("S", destinations.check(postgres_json()).unwrap()),
        sources.check(example_json()).unwrap(),
    );
    for secret in [PASSWORD, API_TOKEN] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[tokio::test]
async fn a_checked_value_is_sent_in_the_form_the_generated_type_sends() {
    let emulator = start(emulator_config()).await;
    let api = client(&emulator.base_url());
    let card = api.source_type("platform.example").await.unwrap();
    let sources = CardChecker::<ForSource>::new(&card).unwrap();
    let mut properties = example_json();
    properties.insert("page_size".into(), json!("0100"));
    properties.insert("cron_expression".into(), Value::Null);
    let checked = sources.check(properties).unwrap();
    assert_eq!(checked.get("page_size"), Some(json!("100")));
    assert_eq!(checked.get("cron_expression"), None);
    let typed = serde_json::to_string(&example_source()).unwrap();
    assert_eq!(serde_json::to_string(&checked).unwrap(), typed);
}

#[tokio::test]
async fn a_destination_checked_against_the_live_card_is_created_and_configured() {
    let emulator = start(emulator_config()).await;
    let api = client(&emulator.base_url());
    let card = api.destination_type("postgres").await.unwrap();
    let checker = CardChecker::<ForDestination>::new(&card).unwrap();

    let mut broken = postgres_json();
    broken.insert("port".into(), json!("54x32"));
    broken.insert("hots".into(), json!("db.example.com"));
    broken.insert("password".into(), json!(12345));
    let error = checker.check(broken).unwrap_err();
    let names: Vec<&str> = error
        .problems()
        .iter()
        .map(|problem| problem.path())
        .collect();
    assert_eq!(names, ["password", "port", "hots"]);
    assert!(!error.to_string().contains(PASSWORD));

    let properties = checker.check(postgres_json()).unwrap();
    assert!(properties.is_checked());
    let body = CreateDestination::new("Staging", properties);
    let created = api.create_destination(&body).await.unwrap();
    assert_eq!(created.properties["port"], "5432");
    assert!(!serde_json::to_string(&created).unwrap().contains(PASSWORD));
    let options = WaitOptions::new(std::time::Duration::from_secs(10))
        .poll_interval(std::time::Duration::from_millis(20));
    let outcome = api
        .wait_until_configured(Connection::Destination(created.id), &options)
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::Configured { .. }),
        "{outcome:?}"
    );
}

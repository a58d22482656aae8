//! Cards known at run time, over HTTP: properties checked against a card fetched from the
//! emulator (`runtime::CardChecker`), or sent unchecked, go out as exactly the bytes the
//! generated type sends for the same values, reach the emulator, and never show a credential.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{post, put};
use serde_json::{Map, Value, json};
use stitch_client::{Connection, WaitOptions, WaitOutcome};
use stitch_types::runtime::{
    CardChecker, DynamicProperties, DynamicUpdate, ForDestination, ForSource,
};
use stitch_types::{
    CreateDestination, CreateSource, DestinationId, SourceId, UpdateDestination, UpdateSource,
};

use crate::support::{
    API_TOKEN, PASSWORD, PlatformExampleUpdate, PostgresUpdate, client, emulator_config,
    example_source, postgres, serve, start,
};

type Bodies = Arc<Mutex<Vec<Vec<u8>>>>;

/// A server that keeps the body of every POST and PUT and answers `400`, so each request is
/// sent once and its bytes can be compared.
async fn recorder() -> (String, Bodies) {
    let bodies: Bodies = Arc::default();
    let keep = |bodies: Bodies| {
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

/// Asserts that the last three bodies (typed, checked, unchecked) are the same bytes.
fn assert_last_three_equal(bodies: &Bodies, what: &str) {
    let bodies = bodies.lock().unwrap();
    let [typed, checked, unchecked] = &bodies[bodies.len() - 3..] else {
        unreachable!()
    };
    let text = |bytes: &Vec<u8>| String::from_utf8_lossy(bytes).into_owned();
    assert_eq!(text(checked), text(typed), "{what}: checked");
    assert_eq!(text(unchecked), text(typed), "{what}: unchecked");
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

    // POST /v4/destinations
    let typed = CreateDestination::new("Staging", postgres(PASSWORD));
    let checked = CreateDestination::new("Staging", destinations.check(postgres_json()).unwrap());
    let unchecked = CreateDestination::new(
        "Staging",
        DynamicProperties::<ForDestination>::unchecked("postgres", postgres_json(), &["password"]),
    );
    to_recorder.create_destination(&typed).await.unwrap_err();
    to_recorder.create_destination(&checked).await.unwrap_err();
    to_recorder
        .create_destination(&unchecked)
        .await
        .unwrap_err();
    assert_last_three_equal(&bodies, "create destination");

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
        &["password"],
    ));
    to_recorder
        .update_destination(DestinationId::new(1), &typed)
        .await
        .unwrap_err();
    to_recorder
        .update_destination(DestinationId::new(1), &checked)
        .await
        .unwrap_err();
    to_recorder
        .update_destination(DestinationId::new(1), &unchecked)
        .await
        .unwrap_err();
    assert_last_three_equal(&bodies, "update destination");

    // POST /v4/sources
    let typed =
        CreateSource::new("Example", example_source()).destination_id(DestinationId::new(7));
    let checked = CreateSource::new("Example", sources.check(example_json()).unwrap())
        .destination_id(DestinationId::new(7));
    let unchecked = CreateSource::new(
        "Example",
        DynamicProperties::<ForSource>::unchecked(
            "platform.example",
            example_json(),
            &["api_token"],
        ),
    )
    .destination_id(DestinationId::new(7));
    to_recorder.create_source(&typed).await.unwrap_err();
    to_recorder.create_source(&checked).await.unwrap_err();
    to_recorder.create_source(&unchecked).await.unwrap_err();
    assert_last_three_equal(&bodies, "create source");

    // PUT /v4/sources/1
    let update = object(json!({"page_size": "250", "api_token": API_TOKEN}));
    let typed = UpdateSource::new()
        .display_name("Renamed")
        .properties(PlatformExampleUpdate {
            page_size: Some(250),
            api_token: Some(API_TOKEN.into()),
            ..Default::default()
        });
    let checked = UpdateSource::new()
        .display_name("Renamed")
        .properties(sources.check_update(update.clone()).unwrap());
    let unchecked =
        UpdateSource::new().display_name("Renamed").properties(
            DynamicUpdate::<ForSource>::unchecked("platform.example", update, &["api_token"]),
        );
    to_recorder
        .update_source(SourceId::new(1), &typed)
        .await
        .unwrap_err();
    to_recorder
        .update_source(SourceId::new(1), &checked)
        .await
        .unwrap_err();
    to_recorder
        .update_source(SourceId::new(1), &unchecked)
        .await
        .unwrap_err();
    assert_last_three_equal(&bodies, "update source");
    assert_eq!(bodies.lock().unwrap().len(), 12, "one body per request");

    // The bodies did carry the credentials, and nothing shows them.
    let all = String::from_utf8_lossy(&bodies.lock().unwrap().concat()).into_owned();
    assert!(all.contains(PASSWORD) && all.contains(API_TOKEN));
    let unchecked_create = CreateDestination::new(
        "S",
        DynamicProperties::<ForDestination>::unchecked("postgres", postgres_json(), &["password"]),
    );
    let checked_create = CreateDestination::new("S", destinations.check(postgres_json()).unwrap());
    let checked_source = CreateSource::new("E", sources.check(example_json()).unwrap());
    let shown = format!(
        "{unchecked_create:?} {checked_create:?} {checked_source:?} {checked:?} {unchecked:?} \
         {} {} {} {}",
        unchecked_create.to_redacted_json().unwrap(),
        checked_create.to_redacted_json().unwrap(),
        checked_source.to_redacted_json().unwrap(),
        checked.to_redacted_json().unwrap(),
    );
    for secret in [PASSWORD, API_TOKEN] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("\"password\":\"[redacted]\""), "{shown}");
    assert!(shown.contains("\"api_token\":\"[redacted]\""), "{shown}");
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
    assert_eq!(checked.get("api_token"), None, "a credential is not `get`");
    assert_eq!(checked.expose("api_token"), Some(json!(API_TOKEN)));
    let typed = serde_json::to_string(&example_source()).unwrap();
    assert_eq!(serde_json::to_string(&checked).unwrap(), typed);
}

#[tokio::test]
async fn a_destination_checked_against_the_live_card_is_created_updated_and_configured() {
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
    let created = api
        .create_destination(&CreateDestination::new("Staging", properties))
        .await
        .unwrap();
    assert_eq!(created.properties["port"], "5432");
    assert!(!serde_json::to_string(&created).unwrap().contains(PASSWORD));
    let options =
        WaitOptions::new(Duration::from_secs(10)).poll_interval(Duration::from_millis(20));
    let outcome = api
        .wait_until_configured(Connection::Destination(created.id), &options)
        .await
        .unwrap();
    assert!(
        matches!(outcome, WaitOutcome::Configured { .. }),
        "{outcome:?}"
    );

    let update = checker
        .check_update(object(json!({"port": "5433", "password": PASSWORD})))
        .unwrap();
    let updated = api
        .update_destination(created.id, &UpdateDestination::new(update))
        .await
        .unwrap();
    assert_eq!(updated.properties["port"], "5433");
    let unchecked = DynamicUpdate::<ForDestination>::unchecked(
        "postgres",
        object(json!({"host": "db2.example.com"})),
        &["password"],
    );
    let updated = api
        .update_destination(created.id, &UpdateDestination::new(unchecked))
        .await
        .unwrap();
    assert_eq!(updated.properties["host"], "db2.example.com");
}

#[tokio::test]
async fn unchecked_properties_reach_the_emulator_as_sent() {
    let emulator = start(emulator_config()).await;
    let api = client(&emulator.base_url());
    let unchecked =
        DynamicProperties::<ForDestination>::unchecked("postgres", postgres_json(), &["password"]);
    let created = api
        .create_destination(&CreateDestination::new("Unchecked", unchecked))
        .await
        .unwrap();
    assert_eq!(created.properties["ssl"], "false");
    assert!(!serde_json::to_string(&created).unwrap().contains(PASSWORD));

    // Nothing checked them: the emulator's 400 names what a checker would have.
    let mut wrong = postgres_json();
    wrong.insert("port".into(), json!("54x32"));
    let unchecked =
        DynamicProperties::<ForDestination>::unchecked("postgres", wrong, &["password"]);
    let error = api
        .create_destination(&CreateDestination::new("Wrong", unchecked))
        .await
        .unwrap_err();
    assert_eq!(error.bad_properties(), ["port"]);

    // A source of a type known only at run time, created before its properties are.
    let card = api.source_type("platform.example").await.unwrap();
    let sources = CardChecker::<ForSource>::new(&card).unwrap();
    let body = CreateSource::without_properties_of_type("Later", card.card_type.clone());
    let source = api.create_source(&body).await.unwrap();
    let properties = sources
        .check_update(object(json!({"subdomain": "acme"})))
        .unwrap();
    let updated = api
        .update_source(source.id, &UpdateSource::new().properties(properties))
        .await
        .unwrap();
    assert_eq!(updated.properties["subdomain"], "acme");
}

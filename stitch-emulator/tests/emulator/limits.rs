//! Values that are slow to check: a value too long to check at all is refused at once, a long
//! check holds up only its own request, and checks beyond the limit wait their turn, which a
//! client that leaves never gets.
//!
//! Each emulator here runs on a thread of its own, with a one-thread runtime: a test can then
//! time out (and fail) even while the emulator is stuck in a check, and a check run on the
//! runtime's only thread stalls every other request, as it would in any small runtime.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stitch_emulator::{Emulator, EmulatorConfig};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::support::{Api, TOKEN, config, raw_post};

/// Starts an emulator of `config` on a thread of its own, which it never leaves: a test that
/// fails while the emulator is stuck leaves the thread behind, and the process ends it.
fn start_on_own_thread(config: EmulatorConfig) -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let emulator = Emulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .expect("the emulator starts");
            sender.send(emulator.base_url()).expect("the test waits");
            std::future::pending::<()>().await;
        });
    });
    receiver.recv().expect("the emulator's address")
}

/// The emulator's test configuration, with the card whose property is slow to check.
fn slow_config() -> EmulatorConfig {
    config()
        .also_schemas(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/slow-cards"))
}

/// Properties of the slow source (`slow_000` to `slow_299`) whose pattern,
/// `a+a+a+(b)?!\1`, has a backreference: checked by the backtracking engine, whose search on
/// 1,000 `a` (no `!`, so no match) runs to its step bound before the value is refused.
const SLOW_PROPERTIES: usize = 300;

/// A create of the slow source with `count` slow properties, each slow to check and refused.
fn slow_body(display_name: &str, count: usize) -> Value {
    let value = "a".repeat(1000);
    let mut properties = serde_json::Map::new();
    properties.insert("subdomain".into(), json!("acme"));
    for index in 0..count {
        properties.insert(format!("slow_{index:03}"), json!(value));
    }
    json!({
        "type": "platform.slow",
        "display_name": display_name,
        "properties": properties
    })
}

/// A create of the slow source whose `slow_to_check` (pattern `^(\d*)\d*\d*\1x$`) is
/// `digits` digits and two letters.
fn long_body(display_name: &str, digits: usize) -> Value {
    json!({
        "type": "platform.slow",
        "display_name": display_name,
        "properties": {"subdomain": "acme", "slow_to_check": "1".repeat(digits) + "xx"}
    })
}

/// The answer refuses the slow properties, and only them.
fn assert_refused(answer: &crate::support::Answer) {
    assert_eq!(
        answer.status,
        400,
        "{}",
        &answer.text[..answer.text.len().min(300)]
    );
    assert_eq!(answer.json["error"], "InvalidProperties");
    let bad = answer.json["data"]["bad_properties"]
        .as_array()
        .expect("a list of bad properties");
    assert!(
        !bad.is_empty()
            && bad
                .iter()
                .all(|name| { name.as_str().is_some_and(|name| name.starts_with("slow_")) }),
        "{bad:?}"
    );
}

#[tokio::test]
async fn a_value_too_long_to_check_is_refused_at_once() {
    let api = Api::new(&start_on_own_thread(slow_config()), Some(TOKEN));
    let started = Instant::now();
    // 1 MiB: a backtracking check would take years; the value is over the engine's bound.
    let answer = tokio::time::timeout(
        Duration::from_secs(30),
        api.post("/v4/sources", &long_body("Huge", 1024 * 1024)),
    )
    .await
    .expect("the emulator answers without checking the pattern");
    assert_refused(&answer);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        !answer.text.contains("1111111111"),
        "the value is not echoed"
    );
    assert_eq!(api.get("/v4/sources").await.json, json!([]));
}

/// Times one request.
async fn timed<T>(request: impl Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let answer = request.await;
    (answer, started.elapsed())
}

/// A number of slow properties for [`slow_body`] whose check takes at least 400 ms on this
/// machine and build, and how long it took: found by growing the number, since debug and
/// release builds differ tenfold. Each property's check is bounded (by the backtracking
/// engine's step bound); a request's is as long as its properties are many.
async fn slow_enough(api: &Api) -> (usize, Duration) {
    let mut count = 4;
    let alone = loop {
        let (answer, took) = timed(api.post("/v4/sources", &slow_body("Alone", count))).await;
        assert_refused(&answer);
        if took >= Duration::from_millis(400) || count >= SLOW_PROPERTIES {
            break took;
        }
        count = (count * 3 / 2).min(SLOW_PROPERTIES);
    };
    assert!(
        alone >= Duration::from_millis(400),
        "even {count} properties check in {alone:?}: the test cannot tell a stall"
    );
    (count, alone)
}

#[tokio::test]
async fn a_slow_check_holds_up_only_its_own_request() {
    // The emulator's runtime has one thread: a check run on it (or under the store's lock)
    // would stall the second client until the check ends.
    let base = start_on_own_thread(slow_config());
    let api = Api::new(&base, Some(TOKEN));
    let other = Api::new(&base, Some(TOKEN));
    let (count, alone) = slow_enough(&api).await;

    let slow = tokio::spawn({
        let api = Api::new(&base, Some(TOKEN));
        async move { api.post("/v4/sources", &slow_body("Slow", count)).await }
    });
    // Let the slow request reach its check.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (listed, took) = timed(other.get("/v4/sources")).await;
    assert_eq!(listed.status, 200);
    assert!(
        !slow.is_finished(),
        "the slow request ended before the other was answered: nothing was shown"
    );
    assert!(
        took < alone / 4,
        "a list took {took:?} while a check of {alone:?} ran"
    );
    assert_refused(&slow.await.unwrap());
}

#[tokio::test]
async fn checks_beyond_the_limit_wait_their_turn_and_a_departed_clients_check_never_runs() {
    let base = start_on_own_thread(slow_config().max_concurrent_checks(1));
    let api = Api::new(&base, Some(TOKEN));
    let (count, alone) = slow_enough(&api).await;

    let started = Instant::now();
    // The one check allowed at a time.
    let first = tokio::spawn({
        let api = Api::new(&base, Some(TOKEN));
        async move {
            let answer = api.post("/v4/sources", &slow_body("First", count)).await;
            (answer, started.elapsed())
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The same check, sent whole, waits its turn; its client leaves before the turn comes.
    let address = base.strip_prefix("http://").expect("an http URL");
    let mut departed = TcpStream::connect(address).await.unwrap();
    let request = raw_post("/v4/sources", &slow_body("Departed", count));
    departed.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    drop(departed);
    // A check that takes no time, queued behind the first (and the departed one, had it
    // stayed in the queue).
    let quick = json!({
        "type": "platform.simple",
        "display_name": "Quick",
        "properties": {"subdomain": "acme"}
    });
    let created = api.post("/v4/sources", &quick).await;
    let quick_done = started.elapsed();
    assert_eq!(created.status, 200, "{}", created.text);
    let (first, first_done) = first.await.unwrap();
    assert_refused(&first);

    assert!(
        quick_done >= alone / 2,
        "a quick check ended {quick_done:?} in, while a check of {alone:?} held the only turn"
    );
    // Had the departed client's check run, the quick one would have ended about `alone`
    // after the first.
    assert!(
        quick_done < first_done + alone / 2,
        "the quick check ended at {quick_done:?}, the first at {first_done:?}: the departed \
         client's check of {alone:?} ran in between"
    );
    let names: Vec<Value> = api
        .get("/v4/sources")
        .await
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|source| source["display_name"].clone())
        .collect();
    assert_eq!(names, [json!("Quick")]);
}

//! A bounded load test of the emulator over plain HTTP: 20,000 creates of the guide's postgres
//! destination, 64 connections sending one after another, then one list that must hold every
//! created ID. It prints requests per second, p50 and p99 latency and how many creates were
//! lost (failed, answered with an ID given twice, or missing from the list), and fails when any
//! was lost or the run outlasts its bound.
//!
//! Ignored by default: it measures, and wants a release build.
//!
//! ```sh
//! cargo test -p stitch-emulator --release --test load -- --ignored --nocapture
//! ```
//!
//! Client and emulator share one process and its runtime, so the figures are those of both.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

// The shared helpers of the emulator's tests; this binary uses a few of them.
#[allow(dead_code)]
#[path = "emulator/support.rs"]
mod support;

use support::{PASSWORD, TOKEN, config, guide_body, start};

/// Creates sent in all.
const REQUESTS: usize = 20_000;
/// Connections sending them, each one request at a time.
const CONNECTIONS: usize = 64;
/// The whole run, creates and list, must end within this.
const BOUND: Duration = Duration::from_secs(120);

/// What one connection saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    ids: Vec<u64>,
    failures: Vec<String>,
}

/// Sends creates on one connection until `next` reaches [`REQUESTS`].
async fn send_creates(base: String, body: String, next: Arc<AtomicUsize>) -> Tally {
    // One connection per worker: at most one idle in the pool, and one request at a time.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .expect("a client");
    let url = format!("{base}/v4/destinations");
    let mut tally = Tally::default();
    while next.fetch_add(1, Ordering::Relaxed) < REQUESTS {
        let sent = Instant::now();
        let response = client
            .post(&url)
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await;
        let outcome = match response {
            Ok(response) if response.status() == 200 => match response.text().await {
                Ok(text) => serde_json::from_str::<Value>(&text)
                    .ok()
                    .and_then(|created| created["id"].as_u64())
                    .ok_or(format!("no ID in {text}")),
                Err(error) => Err(error.to_string()),
            },
            Ok(response) => Err(format!("status {}", response.status())),
            Err(error) => Err(error.to_string()),
        };
        tally.latencies.push(sent.elapsed());
        match outcome {
            Ok(id) => tally.ids.push(id),
            Err(failure) => tally.failures.push(failure),
        }
    }
    tally
}

/// The latency below which `fraction` of `sorted` lies.
fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 * fraction).ceil() as usize).saturating_sub(1);
    sorted[index.min(sorted.len() - 1)]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a load test: run it in release, with --ignored --nocapture"]
async fn twenty_thousand_creates_over_64_connections_lose_nothing() {
    let (emulator, api) = start(config()).await;
    let body = guide_body(PASSWORD).to_string();
    let next = Arc::new(AtomicUsize::new(0));

    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            tokio::spawn(send_creates(
                emulator.base_url(),
                body.clone(),
                Arc::clone(&next),
            ))
        })
        .collect();
    let mut latencies = Vec::with_capacity(REQUESTS);
    let mut created = Vec::with_capacity(REQUESTS);
    let mut failures = Vec::new();
    for worker in workers {
        let tally = worker.await.expect("a worker ends");
        latencies.extend(tally.latencies);
        created.extend(tally.ids);
        failures.extend(tally.failures);
    }
    let creating = started.elapsed();

    let listing = Instant::now();
    let listed = api.get("/v4/destinations").await;
    assert_eq!(listed.status, 200);
    let listed: HashSet<u64> = listed
        .json
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|destination| destination["id"].as_u64())
        .collect();
    let listing = listing.elapsed();
    let total = started.elapsed();

    let distinct: HashSet<u64> = created.iter().copied().collect();
    let duplicates = created.len() - distinct.len();
    let missing = distinct.difference(&listed).count();
    let lost = REQUESTS - distinct.intersection(&listed).count();
    latencies.sort_unstable();
    println!(
        "{} creates over {CONNECTIONS} connections in {:.2} s: {:.0} requests/s, p50 {:.2} ms, \
         p99 {:.2} ms",
        latencies.len(),
        creating.as_secs_f64(),
        latencies.len() as f64 / creating.as_secs_f64(),
        millis(percentile(&latencies, 0.50)),
        millis(percentile(&latencies, 0.99)),
    );
    println!(
        "list of {} destinations in {:.2} s; {lost} lost ({} failed, {duplicates} IDs given \
         twice, {missing} missing from the list); {:.2} s in all",
        listed.len(),
        listing.as_secs_f64(),
        failures.len(),
        total.as_secs_f64(),
    );
    if let Some(first) = failures.first() {
        println!("first failure: {first}");
    }
    assert_eq!(lost, 0, "creates were lost");
    assert_eq!(latencies.len(), REQUESTS);
    assert!(
        total < BOUND,
        "the run took {total:?}, over its bound of {BOUND:?}"
    );
}

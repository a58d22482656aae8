//! Clients that stall, over real sockets: a request's head and body must arrive in time,
//! connections are capped, a body over the limit gets a JSON `413`, and shutdown ends within
//! its grace period whatever the clients do.
//!
//! Each test shortens the one limit it tests to a few hundred milliseconds and sets the other
//! time limits to a minute, so that only the limit under test can explain what it sees.

use std::time::{Duration, Instant};

use serde_json::json;
use stitch_emulator::{Emulator, EmulatorConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{
    PASSWORD, RawResponse, TOKEN, config, guide_body, raw_head, raw_post, read_until_closed, start,
};

/// Longer than any test runs.
const LONG: Duration = Duration::from_secs(60);

/// The emulator's body limit (`MAX_BODY_BYTES`).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// [`config`] with every time limit long.
fn patient() -> EmulatorConfig {
    config()
        .header_read_timeout(LONG)
        .body_read_timeout(LONG)
        .shutdown_grace(LONG)
}

async fn connect(emulator: &Emulator) -> TcpStream {
    TcpStream::connect(emulator.local_addr())
        .await
        .expect("the emulator accepts")
}

/// The start of a request's head, without the blank line that would end it.
const HALF_HEAD: &[u8] = b"GET /v4/destinations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

/// A connection that has sent part of a request's head and stopped.
async fn half_sent_head(emulator: &Emulator) -> TcpStream {
    let mut stream = connect(emulator).await;
    stream.write_all(HALF_HEAD).await.unwrap();
    stream
}

/// A whole create of the guide's destination, split before its last 20 bytes.
fn split_create() -> (String, String) {
    let mut request = raw_post("/v4/destinations", &guide_body(PASSWORD));
    let rest = request.split_off(request.len() - 20);
    (request, rest)
}

/// A connection that has sent a create's head and part of its body, and stopped.
async fn half_sent_body(emulator: &Emulator) -> TcpStream {
    let mut stream = connect(emulator).await;
    stream.write_all(split_create().0.as_bytes()).await.unwrap();
    stream
}

/// Whether the server has neither answered nor closed `stream`.
fn still_open(stream: &TcpStream) -> bool {
    let mut buffer = [0; 16];
    matches!(stream.try_read(&mut buffer), Err(error) if error.kind() == std::io::ErrorKind::WouldBlock)
}

async fn timed<T>(request: impl Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let answer = request.await;
    (answer, started.elapsed())
}

#[tokio::test]
async fn a_client_sending_its_head_a_byte_at_a_time_is_cut_off_after_the_header_timeout() {
    let timeout = Duration::from_millis(500);
    let (emulator, _api) = start(patient().header_read_timeout(timeout)).await;
    let (mut reader, mut writer) = connect(&emulator).await.into_split();
    let started = Instant::now();
    // A byte every 20 ms: always progress, never the end of the head.
    let trickle = tokio::spawn(async move {
        let bytes = HALF_HEAD.iter().chain(std::iter::repeat(&b'a'));
        for byte in bytes {
            if writer.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let mut buffer = [0; 64];
    let read = tokio::time::timeout(Duration::from_secs(10), reader.read(&mut buffer)).await;
    let took = started.elapsed();
    trickle.abort();
    assert!(
        matches!(read, Ok(Ok(0) | Err(_))),
        "the connection is closed without an answer, not {read:?}"
    );
    assert!(
        took >= timeout - Duration::from_millis(100) && took < timeout + Duration::from_secs(2),
        "closed after {took:?}, with a header timeout of {timeout:?}"
    );
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_header_timeout() {
    let timeout = Duration::from_millis(300);
    let (emulator, _api) = start(patient().header_read_timeout(timeout)).await;
    let mut stream = connect(&emulator).await;
    // Without `Connection: close`: the connection stays open for a next request.
    let head = format!(
        "GET /v4/destinations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let answer = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("closed once idle for the header timeout");
    let took = started.elapsed();
    assert_eq!(RawResponse::parse(&answer).status, 200, "{answer}");
    assert!(took >= timeout - Duration::from_millis(100), "{took:?}");
}

#[tokio::test]
async fn a_body_still_incomplete_after_the_body_timeout_is_answered_408_in_json() {
    let timeout = Duration::from_millis(300);
    let (emulator, api) = start(patient().body_read_timeout(timeout)).await;
    let started = Instant::now();
    let mut stream = half_sent_body(&emulator).await;
    let answer = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer, and the connection closed");
    let took = started.elapsed();
    let answer = RawResponse::parse(&answer);
    assert_eq!(answer.status, 408, "{answer:?}");
    assert_eq!(
        answer.json(),
        json!("the request body did not arrive within 300 ms of the headers")
    );
    assert!(
        took >= timeout && took < timeout + Duration::from_secs(2),
        "answered after {took:?}, with a body timeout of {timeout:?}"
    );
    assert_eq!(api.get("/v4/destinations").await.json, json!([]));
}

#[tokio::test]
async fn a_hundred_and_fifty_half_sent_requests_do_not_hold_up_other_clients() {
    let (emulator, api) = start(patient()).await;
    let mut stalled = Vec::new();
    for index in 0..150 {
        stalled.push(if index % 2 == 0 {
            half_sent_head(&emulator).await
        } else {
            half_sent_body(&emulator).await
        });
    }
    // Let the server take in what they sent: half of them wait in the body read.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let promptly = Duration::from_secs(1);
    let body = guide_body(PASSWORD);
    for _ in 0..10 {
        let (listed, took) = timed(tokio::time::timeout(
            promptly,
            api.get("/v4/destination-types"),
        ))
        .await;
        assert_eq!(listed.expect("a list is answered").status, 200);
        assert!(took < promptly, "a list took {took:?}");
        let create = api.post("/v4/destinations", &body);
        let (created, took) = timed(tokio::time::timeout(promptly, create)).await;
        let created = created.expect("a create is answered");
        assert_eq!(created.status, 200, "{}", created.text);
        assert!(took < promptly, "a create took {took:?}");
    }
    // Served while all of them were still open, not because they had gone.
    assert!(stalled.iter().all(still_open));
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_in_the_backlog_until_one_closes() {
    let (emulator, _api) = start(patient().max_connections(4)).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(connect(&emulator).await);
    }
    // The kernel completes the fifth handshake; the emulator does not accept it yet.
    let mut waiting = connect(&emulator).await;
    let head = raw_head("GET", "/v4/destination-types", "");
    waiting.write_all(head.as_bytes()).await.unwrap();
    assert!(
        read_until_closed(&mut waiting, Duration::from_millis(500))
            .await
            .is_none(),
        "a fifth connection was served with a cap of 4"
    );
    drop(idle.pop());
    let (answer, took) = timed(read_until_closed(&mut waiting, Duration::from_secs(5))).await;
    let answer = answer.expect("served once a connection closed");
    assert_eq!(RawResponse::parse(&answer).status, 200, "{answer}");
    assert!(
        took < Duration::from_secs(1),
        "served {took:?} after a slot freed"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_a_json_413() {
    let (emulator, api) = start(config()).await;
    let refusal = json!(format!(
        "the request body is larger than {BODY_LIMIT} bytes, the emulator's limit"
    ));

    // A declared length over the limit is refused before the body is sent.
    let mut stream = connect(&emulator).await;
    let declared = format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\n",
        BODY_LIMIT + 1
    );
    let head = raw_head("POST", "/v4/destinations", &declared);
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer without the body");
    let answer = RawResponse::parse(&answer);
    assert_eq!(answer.status, 413, "{answer:?}");
    assert_eq!(answer.json(), refusal);

    // A chunked body shows its size only as it arrives: refused once past the limit.
    let stream = connect(&emulator).await;
    let chunked = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
    let mut request = raw_head("POST", "/v4/destinations", chunked).into_bytes();
    let chunk = [b' '; 64 * 1024];
    for _ in 0..BODY_LIMIT / chunk.len() {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"1\r\n \r\n0\r\n\r\n");
    let (mut reader, mut writer) = stream.into_split();
    let sending = tokio::spawn(async move { writer.write_all(&request).await });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), reader.read_to_end(&mut answer)).await;
    let _ = sending.await;
    let answer = RawResponse::parse(&String::from_utf8_lossy(&answer));
    assert_eq!(answer.status, 413, "{answer:?}");
    assert_eq!(answer.json(), refusal);

    // Without a valid token, a body is refused unread, whatever its size.
    let mut stream = connect(&emulator).await;
    let head = format!(
        "POST /v4/destinations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Length: {}\r\n\r\n",
        BODY_LIMIT + 1
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer without the body");
    assert_eq!(RawResponse::parse(&answer).status, 401, "{answer}");

    // A body of exactly the limit is read, and found not to be JSON.
    let at_limit = " ".repeat(BODY_LIMIT);
    let answer = api
        .raw(reqwest::Method::POST, "/v4/destinations", Some(&at_limit))
        .await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert_eq!(api.get("/v4/destinations").await.json, json!([]));
}

#[tokio::test]
async fn shutdown_ends_within_its_grace_period_while_requests_are_half_sent() {
    let grace = Duration::from_millis(500);
    let (emulator, _api) = start(patient().shutdown_grace(grace)).await;
    let address = emulator.local_addr();
    let mut stalled = half_sent_head(&emulator).await;
    let (first, rest) = split_create();
    let mut in_flight = connect(&emulator).await;
    in_flight.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    let shutdown = tokio::spawn(emulator.shutdown());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        TcpStream::connect(address).await.is_err(),
        "a new connection is refused once shutdown has started"
    );
    // A request in flight may still finish within the grace period.
    in_flight.write_all(rest.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut in_flight, Duration::from_secs(5))
        .await
        .expect("the request in flight is answered");
    assert_eq!(RawResponse::parse(&answer).status, 200, "{answer}");

    tokio::time::timeout(grace + Duration::from_secs(5), shutdown)
        .await
        .expect("shutdown ends")
        .expect("the task ends")
        .expect("shutdown succeeds");
    let took = started.elapsed();
    // The stalled head held shutdown up to the end of the grace period, and no longer.
    assert!(
        took >= grace - Duration::from_millis(50) && took < grace + Duration::from_secs(1),
        "shutdown took {took:?} with a grace period of {grace:?}"
    );
    assert!(
        read_until_closed(&mut stalled, Duration::from_secs(1))
            .await
            .is_some(),
        "the stalled connection is dropped"
    );
}

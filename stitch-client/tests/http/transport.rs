//! What the client does on the wire when things go wrong: which requests are sent again, how
//! long it waits to connect, TLS failures, oversized and undecodable responses. Each test counts
//! what a purpose-built server on 127.0.0.1 received.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use stitch_client::{Client, ErrorKind, RetryPolicy};
use stitch_types::{CreateDestination, DestinationId, SourceId, UpdateSource};

use crate::support::{PASSWORD, TOKEN, client, postgres, serve};

/// A counter a handler bumps on every request.
#[derive(Clone, Default)]
struct Hits(Arc<AtomicU32>);

impl Hits {
    fn hit(&self) -> u32 {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn count(&self) -> u32 {
        self.0.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn a_post_that_timed_out_is_sent_once() {
    let hits = Hits::default();
    let counter = hits.clone();
    let base = serve(Router::new().route(
        "/v4/destinations",
        post(move || {
            counter.hit();
            async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "{}"
            }
        }),
    ))
    .await;
    let client = Client::builder(TOKEN)
        .base_url(&base)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::new(2).initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    let error = client
        .create_destination(&CreateDestination::new("Slow", postgres(PASSWORD)))
        .await
        .unwrap_err();
    assert!(error.kind().is_timeout(), "{error:?}");
    assert_eq!(error.attempts(), 1);
    // Give a (wrong) retry time to arrive before counting.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        hits.count(),
        1,
        "the destination may exist: a second POST could create another"
    );
}

#[tokio::test]
async fn a_put_and_a_delete_that_got_a_5xx_are_not_sent_again() {
    let puts = Hits::default();
    let deletes = Hits::default();
    let (put_counter, delete_counter) = (puts.clone(), deletes.clone());
    let base = serve(
        Router::new()
            .route(
                "/v4/sources/1",
                put(move || {
                    put_counter.hit();
                    async { (StatusCode::SERVICE_UNAVAILABLE, "\"busy\"") }
                }),
            )
            .route(
                "/v4/destinations/1",
                delete(move || {
                    delete_counter.hit();
                    async { (StatusCode::INTERNAL_SERVER_ERROR, "\"boom\"") }
                }),
            ),
    )
    .await;
    let client = client(&base);

    let error = client.pause_source(SourceId::new(1)).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Server { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!((error.attempts(), puts.count()), (1, 1));
    assert_eq!(error.request().to_string(), "PUT /v4/sources/1");

    let error = client
        .delete_destination(DestinationId::new(1))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Server { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!((error.attempts(), deletes.count()), (1, 1));
    assert_eq!(error.request().to_string(), "DELETE /v4/destinations/1");
}

/// A listener whose accept queue is full: the kernel drops further SYNs, so a connection
/// attempt hangs as it would against an unreachable host (which a test may not use: there is
/// no network). Returns the address and the connections that fill the queue.
async fn full_listener() -> (
    std::net::SocketAddr,
    tokio::net::TcpListener,
    Vec<tokio::net::TcpStream>,
) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let address = socket.local_addr().unwrap();
    // Backlog 0: Linux then queues a single connection.
    let listener = socket.listen(0).unwrap();
    let mut held = Vec::new();
    for _ in 0..64 {
        match tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            Ok(Ok(stream)) => held.push(stream),
            Ok(Err(error)) => panic!("filling the accept queue: {error}"),
            // The queue is full: connecting now hangs.
            Err(_elapsed) => return (address, listener, held),
        }
    }
    panic!("the accept queue never filled: this system accepts every connection");
}

#[tokio::test]
async fn the_connect_timeout_ends_a_connection_that_never_completes() {
    let (address, _listener, _held) = full_listener().await;
    let client = Client::builder(TOKEN)
        .base_url(format!("http://{address}"))
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy::new(1).initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .create_destination(&CreateDestination::new("Nowhere", postgres(PASSWORD)))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(error.kind(), ErrorKind::Timeout { after } if *after == Duration::from_millis(300)),
        "{error:?}"
    );
    assert_eq!(
        error.attempts(),
        2,
        "the POST never left the client, so it was tried again"
    );
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
    assert!(
        elapsed < Duration::from_secs(5),
        "the 20 s request timeout did not apply: {elapsed:?}"
    );
}

/// A TLS server on 127.0.0.1 with a self-signed certificate no client trusts. Counts the
/// connections it accepts.
fn untrusted_tls_server() -> (String, Hits) {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let certificate = std::fs::read(fixtures.join("untrusted-cert.der")).unwrap();
    let key = std::fs::read(fixtures.join("untrusted-key.pk8.der")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![certificate.into()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.into()),
    )
    .unwrap();
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let hits = Hits::default();
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.hit();
            let config = config.clone();
            std::thread::spawn(move || {
                let mut connection = rustls::ServerConnection::new(config).unwrap();
                // The client refuses the certificate: the handshake ends with its alert.
                while connection.is_handshaking() {
                    if connection.complete_io(&mut stream).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, hits)
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error_and_not_retried() {
    let (base, connections) = untrusted_tls_server();
    let error = client(&base).sources().await.unwrap_err();
    let ErrorKind::Tls { detail } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(detail.to_lowercase().contains("certificate"), "{detail}");
    assert_eq!(error.attempts(), 1, "a GET, yet not retried");
    assert_eq!(connections.count(), 1);
    assert!(
        error
            .to_string()
            .starts_with("GET /v4/sources: the TLS handshake failed"),
        "{error}"
    );
}

#[tokio::test]
async fn a_server_that_does_not_speak_tls_is_a_tls_error_too() {
    let plain = serve(Router::new().route("/v4/sources", get(|| async { "[]" }))).await;
    let base = plain.replacen("http://", "https://", 1);
    let error = client(&base).sources().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Tls { .. }), "{error:?}");
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn a_response_over_16_mib_is_refused() {
    const LIMIT: usize = 16 * 1024 * 1024;
    let base = serve(
        Router::new()
            .route("/v4/sources", get(|| async { vec![b' '; LIMIT + 1] }))
            .route("/v4/source-types", get(|| async { vec![b' '; LIMIT] })),
    )
    .await;
    let client = client(&base);
    let error = client.sources().await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::TooLarge {
                status: 200,
                limit: LIMIT
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1, "the same server would send it again");
    // At the limit, the body is read (and then is not JSON).
    let error = client.source_types().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_off_at_16_mib() {
    // No Content-Length: the body ends when the connection closes, so only counting the bytes
    // as they come can stop it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request).await;
        let _ = stream
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
            )
            .await;
        let chunk = vec![b' '; 1024 * 1024];
        // Up to 64 MiB, unless the client hangs up first.
        for _ in 0..64 {
            if stream.write_all(&chunk).await.is_err() {
                return;
            }
        }
    });
    let error = client(&base).sources().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::TooLarge { status: 200, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_decode_error_counts_the_attempts_it_took() {
    let hits = Hits::default();
    let counter = hits.clone();
    let base = serve(Router::new().route(
        "/v4/sources",
        get(move || {
            let hit = counter.hit();
            async move {
                if hit == 1 {
                    (StatusCode::BAD_GATEWAY, "\"again\"")
                } else {
                    (StatusCode::OK, r#"{"not": "a list"}"#)
                }
            }
        }),
    ))
    .await;
    let error = client(&base).sources().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 2);
    assert!(
        error
            .to_string()
            .starts_with("GET /v4/sources (after 2 attempts): the 200 response"),
        "{error}"
    );
}

#[tokio::test]
async fn a_long_error_body_is_cut_in_the_error() {
    let long = "x".repeat(100_000);
    let text = long.clone();
    let json = format!("\"{long}\"");
    let base = serve(
        Router::new()
            .route(
                "/v4/sources",
                get(move || async move { (StatusCode::BAD_REQUEST, text) }),
            )
            .route(
                "/v4/source-types",
                get(move || async move { (StatusCode::BAD_GATEWAY, json) }),
            ),
    )
    .await;
    let client = client(&base);
    for error in [
        client.sources().await.unwrap_err(),
        client.source_types().await.unwrap_err(),
    ] {
        let shown = error.to_string();
        assert!(
            shown.len() < 1_000,
            "{} bytes: {}",
            shown.len(),
            &shown[..200]
        );
        assert!(shown.ends_with("xxx…"), "{}", &shown[shown.len() - 50..]);
    }
}

#[tokio::test]
async fn an_update_of_no_properties_still_pauses() {
    // `UpdateSource::pause()` carries `NoProperties`, which `update_source` takes like any
    // card's update type.
    let base = serve(Router::new().route(
        "/v4/sources/1",
        put(|body: String| async move {
            let body: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(body["paused_at"].is_string(), "{body}");
            assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
            (StatusCode::BAD_REQUEST, "\"seen\"")
        }),
    ))
    .await;
    let error = client(&base)
        .update_source(SourceId::new(1), &UpdateSource::pause())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
}

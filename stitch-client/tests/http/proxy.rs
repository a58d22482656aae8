//! Proxies: the environment's are ignored, one given to the builder is used.
//!
//! Setting `HTTP_PROXY` in this process would need `unsafe` (edition 2024) and would leak into
//! every other test, so the environment test runs a request in a child process of this test
//! binary, whose environment alone names a proxy.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use stitch_client::{Client, RetryPolicy};

use crate::support::{TOKEN, client, serve};

/// Set in the child's environment: the child test runs only there.
const CHILD: &str = "STITCH_CLIENT_PROXY_TEST_CHILD";

/// A stand-in proxy on 127.0.0.1 that counts connections and answers each with `502`.
struct CountingProxy {
    url: String,
    connections: Arc<AtomicU32>,
    stop: Arc<AtomicBool>,
}

impl CountingProxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicU32::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, stopped) = (connections.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        count.fetch_add(1, Ordering::SeqCst);
                        let _ = stream.set_nonblocking(false);
                        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
                        let _ = stream.read(&mut [0u8; 4096]);
                        let _ = stream.write_all(
                            b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                        );
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        CountingProxy {
            url,
            connections,
            stop,
        }
    }

    fn connections(&self) -> u32 {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[test]
fn proxies_named_by_the_environment_are_not_used() {
    let proxy = CountingProxy::start();
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "--exact",
            "proxy::child_calls_a_loopback_server",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for variable in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        child.env(variable, &proxy.url);
    }
    let output = child.output().expect("the test binary runs again");
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        shown.contains("1 passed"),
        "the child test did not run: {shown}"
    );
    assert!(output.status.success(), "{shown}");
    assert_eq!(
        proxy.connections(),
        0,
        "the environment's proxy received the request (and the token)"
    );
}

/// Runs only in the child of the test above: a request to a loopback server must reach it
/// directly, although the environment names a proxy.
#[tokio::test]
async fn child_calls_a_loopback_server() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    assert!(std::env::var_os("HTTP_PROXY").is_some());
    let base = serve(Router::new().route("/v4/sources", get(|| async { "[]" }))).await;
    let client = Client::builder(TOKEN)
        .base_url(&base)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let sources = client.sources().await.expect("the server answers directly");
    assert!(sources.is_empty());
}

#[tokio::test]
async fn a_proxy_given_to_the_builder_is_used() {
    // The proxy is a plain server: for an http URL a proxy receives the request in absolute
    // form, whose path axum routes as usual.
    let hits = Arc::new(AtomicU32::new(0));
    let counter = hits.clone();
    let proxy = serve(Router::new().route(
        "/v4/sources",
        get(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { "[]" }
        }),
    ))
    .await;
    // Nothing listens at the base URL: only the proxy can answer.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let direct = client(&base).sources().await;
    assert!(direct.is_err(), "nothing listens at {base}");

    let client = Client::builder(TOKEN)
        .base_url(&base)
        .proxy(&proxy)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(client.sources().await.unwrap().is_empty());
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

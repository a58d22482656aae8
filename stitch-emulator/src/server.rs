//! Serving the emulator on a TCP socket, in a test or in the `stitch-emulator` binary.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
use tokio::task::{JoinHandle, JoinSet};

use crate::catalog::CatalogError;
use crate::config::EmulatorConfig;

/// Why an emulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// A report card could not be loaded.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the operating system said.
        source: io::Error,
    },
}

/// A running emulator. Dropping it stops the server at once; [`shutdown`](Self::shutdown)
/// stops it gracefully.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use stitch_emulator::{Emulator, EmulatorConfig};
///
/// let config = EmulatorConfig::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas"));
/// let emulator = Emulator::start(config, "127.0.0.1:0".parse()?).await?;
/// assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
/// emulator.shutdown().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Emulator {
    local_addr: SocketAddr,
    log_requests: Arc<AtomicU64>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Emulator {
    /// Loads the cards of `config` and serves them on `address` (port 0 picks a free port),
    /// with the limits of `config` (see [`EmulatorConfig`]'s "Limits").
    pub async fn start(
        config: EmulatorConfig,
        address: SocketAddr,
    ) -> Result<Emulator, StartError> {
        let limits = Limits::of(&config);
        let (router, log_requests) = crate::api::build(config)?;
        let bind_error = |source| StartError::Bind { address, source };
        let listener = TcpListener::bind(address).await.map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, limits, stopped));
        tracing::info!(%local_addr, "stitch-emulator listening");
        Ok(Emulator {
            local_addr,
            log_requests,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://<address>`, the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// How many requests reached the pre-signed extraction-log links that
    /// `GET /v4/{stitch_client_id}/extractions/{job_name}` redirects to. A client that only
    /// returns the `Location` leaves it at 0; one that follows the redirect raises it.
    pub fn extraction_log_requests(&self) -> u64 {
        self.log_requests.load(Ordering::Relaxed)
    }

    /// Stops accepting connections, closes idle ones, and waits for the requests in flight to
    /// finish, for at most [`EmulatorConfig::shutdown_grace`]: connections still open then
    /// (a request still being sent, a long check) are dropped.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for Emulator {
    /// Aborting the server task drops its connections' tasks too.
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// What the server loop bounds.
struct Limits {
    header_read_timeout: Duration,
    max_connections: usize,
    shutdown_grace: Duration,
}

impl Limits {
    fn of(config: &EmulatorConfig) -> Self {
        Limits {
            header_read_timeout: config.header_read_timeout,
            max_connections: config.max_connections,
            shutdown_grace: config.shutdown_grace,
        }
    }
}

/// Serves HTTP/1.1 on `listener` until `stopped` resolves (or its sender is dropped), then
/// shuts down within the grace period.
///
/// Each connection is a task of `connections`, holding a permit of `slots`. The permit is
/// taken before `accept`, so beyond the limit new connections wait in the listen backlog
/// (the kernel completes their handshakes) instead of being accepted and closed: a client
/// sees a slower answer, never a reset.
async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    mut stopped: oneshot::Receiver<()>,
) -> io::Result<()> {
    let mut http = http1::Builder::new();
    // The timeout runs from the start of a request's head, which on a kept-alive connection is
    // the end of the previous response: idle connections are closed after it too.
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            // A dropped sender stops the server as well.
            _ = &mut stopped => break,
            // Reaps finished connections, so the set holds only open ones.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            (slot, accepted) = accept(&listener, &slots) => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        if must_pause(&error) {
                            tokio::select! {
                                _ = &mut stopped => break,
                                () = tokio::time::sleep(ACCEPT_PAUSE) => {}
                            }
                        }
                        continue;
                    }
                };
                // Responses are written whole; waiting to coalesce them only adds latency.
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(router.clone());
                let connection = http.serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                let header_read_timeout = limits.header_read_timeout;
                connections.spawn(async move {
                    match connection.await {
                        Err(error) if error.is_timeout() => tracing::info!(
                            timeout_ms = header_read_timeout.as_millis() as u64,
                            "closed a connection that sent no complete request head in time"
                        ),
                        // Clients that leave mid-request, mostly.
                        Err(error) => tracing::debug!(%error, "connection closed"),
                        Ok(()) => {}
                    }
                    drop(slot);
                });
            }
        }
    }
    // New clients are refused from now on, not left waiting in the backlog.
    drop(listener);
    let open = connections.len();
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::info!(
            open = connections.len(),
            grace_ms = limits.shutdown_grace.as_millis() as u64,
            "shutdown grace period over: dropping the connections still open"
        );
    } else if open > 0 {
        tracing::debug!(open, "every connection finished within the grace period");
    }
    connections.shutdown().await;
    Ok(())
}

/// A connection slot, then a connection to use it. Cancel-safe: dropped while waiting for the
/// slot, it takes none; `accept` itself is cancel-safe.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> (OwnedSemaphorePermit, io::Result<(TcpStream, SocketAddr)>) {
    let slot = Arc::clone(slots)
        .acquire_owned()
        .await
        .expect("the connection semaphore is never closed");
    (slot, listener.accept().await)
}

/// How long the server waits after an `accept` that failed for want of resources.
const ACCEPT_PAUSE: Duration = Duration::from_secs(1);

/// Whether a failed `accept` calls for a pause. A connection reset before it was accepted is
/// only that one client's problem; anything else (out of file descriptors, most often) is
/// logged and waited out for [`ACCEPT_PAUSE`] rather than retried in a busy loop.
fn must_pause(error: &io::Error) -> bool {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        tracing::debug!(%error, "a connection failed before it was accepted");
        false
    } else {
        tracing::error!(%error, "cannot accept connections; retrying in 1 s");
        true
    }
}

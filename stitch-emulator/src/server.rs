//! Serving the emulator on a TCP socket, in a test or in the `stitch-emulator` binary.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

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
    /// Loads the cards of `config` and serves them on `address` (port 0 picks a free port).
    pub async fn start(
        config: EmulatorConfig,
        address: SocketAddr,
    ) -> Result<Emulator, StartError> {
        let (router, log_requests) = crate::api::build(config)?;
        let bind_error = |source| StartError::Bind { address, source };
        let listener = TcpListener::bind(address).await.map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server as well.
                    let _ = stopped.await;
                })
                .await
        });
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

    /// Stops accepting connections and waits for the requests in flight to finish.
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
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

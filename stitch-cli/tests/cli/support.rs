//! What the tests share: the real `stitch` binary, emulators on 127.0.0.1, a tiny server for
//! answers no emulator gives (a stalled body, a broken card, an echoed header), scratch
//! directories, and the check that no output holds the token or a credential.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use snapbox::cmd::Command;
use stitch_emulator::{Emulator, EmulatorConfig};

/// The token the tests' emulators accept; no output may contain it.
pub const TOKEN: &str = "ac_cli-tests-token-7Hq2xv";

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `stitch-cli/tests/cards`.
pub fn cards() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cards")
}

/// The real binary, run in `stitch-cli/` (so card paths read `../schemas/…`, as in the
/// crate's own `include_report_card!` calls), without the token or colour from the
/// environment.
pub fn stitch() -> Command {
    // Outputs quote patterns (`^\d+$`): backslashes are not path separators to normalise.
    let assert = snapbox::Assert::new()
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
        .normalize_paths(false);
    Command::new(env!("CARGO_BIN_EXE_stitch"))
        .with_assert(assert)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("STITCH_TOKEN")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
}

/// [`stitch`] with the token in `STITCH_TOKEN`.
pub fn stitch_with_token() -> Command {
    stitch().env("STITCH_TOKEN", TOKEN)
}

/// Fails when stdout or stderr holds the token or any of `secrets`.
pub fn assert_no_secrets(output: &std::process::Output, secrets: &[&str]) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for secret in std::iter::once(&TOKEN).chain(secrets) {
        assert!(
            !stdout.contains(secret),
            "stdout shows {secret:?}:\n{stdout}"
        );
        assert!(
            !stderr.contains(secret),
            "stderr shows {secret:?}:\n{stderr}"
        );
    }
}

/// An emulator on a free port of 127.0.0.1, with the runtime it runs on.
pub struct RunningEmulator {
    emulator: Option<Emulator>,
    runtime: tokio::runtime::Runtime,
}

impl RunningEmulator {
    /// Serves the cards of `dirs` (each with `destinations/` or `sources/`), accepting [`TOKEN`].
    pub fn serving(dirs: &[PathBuf]) -> RunningEmulator {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let mut config = EmulatorConfig::new(&dirs[0]).accept_token(TOKEN);
        for dir in &dirs[1..] {
            config = config.also_schemas(dir);
        }
        let address = SocketAddr::from(([127, 0, 0, 1], 0));
        let emulator = runtime
            .block_on(Emulator::start(config, address))
            .expect("the emulator starts");
        RunningEmulator {
            emulator: Some(emulator),
            runtime,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.emulator.as_ref().unwrap().base_url()
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            let _ = self.runtime.block_on(emulator.shutdown());
        }
    }
}

/// A scratch directory, removed at the end of the test.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Copies `from` (a file or directory tree) to `to`.
pub fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// One answer of a [`TestServer`].
#[derive(Clone)]
pub struct Reply {
    status: u16,
    body: Vec<u8>,
    /// Send this many bytes of the body, then nothing more (holding the connection open).
    stall_after: Option<usize>,
}

impl Reply {
    /// `200 OK` with a JSON body.
    pub fn ok(body: Vec<u8>) -> Reply {
        Reply::status(200, body)
    }

    /// `status` with a JSON body.
    pub fn status(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            body,
            stall_after: None,
        }
    }

    /// The same answer, cut after `sent` bytes of the body, the connection held open.
    pub fn stalling_after(self, sent: usize) -> Reply {
        Reply {
            stall_after: Some(sent),
            ..self
        }
    }
}

/// A server on 127.0.0.1 that answers every request with what its handler makes of the
/// request's head (request line and headers, as text): the answers an emulator never gives.
pub struct TestServer {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl TestServer {
    /// Answers every request with `reply`.
    pub fn answering(reply: Reply) -> TestServer {
        TestServer::start(move |_| reply.clone())
    }

    /// Answers every request with `respond(head)`.
    pub fn start(respond: impl Fn(&str) -> Reply + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let address = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let respond = Arc::new(respond);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let stopped = stopped.clone();
                let respond = respond.clone();
                std::thread::spawn(move || answer(stream, &*respond, &stopped));
            }
        });
        TestServer { address, stop }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.address);
    }
}

fn answer(mut stream: TcpStream, respond: &dyn Fn(&str) -> Reply, stop: &AtomicBool) {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(read) => request.extend_from_slice(&buffer[..read]),
        }
    }
    let reply = respond(&String::from_utf8_lossy(&request));
    let head = format!(
        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        reply.status,
        reply.body.len()
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    match reply.stall_after {
        None => {
            let _ = stream.write_all(&reply.body);
        }
        Some(sent) => {
            let _ = stream.write_all(&reply.body[..sent]);
            let _ = stream.flush();
            // Hold the connection, bounded, until the test ends.
            let deadline = Instant::now() + Duration::from_secs(30);
            while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

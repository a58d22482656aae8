//! `stitch-emulator`: serves a local Connect API from captured report cards.
//!
//! ```text
//! cargo run -p stitch-emulator -- --listen 127.0.0.1:8787 --schemas schemas
//! ```
//!
//! Prints `stitch-emulator listening on http://ADDRESS` on standard output once it accepts
//! connections, logs one line per request on standard error, and stops on Ctrl-C (SIGINT),
//! within the shutdown grace period (`--shutdown-grace-ms`).

#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use stitch_emulator::{CheckFailure, Emulator, EmulatorConfig, Tier};

/// The environment variable holding the one token to accept; without it any token is accepted.
/// An environment variable rather than a flag, so the token stays out of `ps` output.
const TOKEN_VARIABLE: &str = "STITCH_EMULATOR_TOKEN";

// A raw string: the catalog example holds quotes.
const USAGE: &str = r#"Usage: stitch-emulator [OPTIONS]

A local server that behaves as the Stitch Connect API documents.

Options:
  --listen ADDRESS           address to listen on [default: 127.0.0.1:8787]; port 0 picks one
  --schemas DIR              serve DIR/destinations/*.json and DIR/sources/*.json
                             [default: schemas]; repeat to serve several directories
  --tier TIER                plan of every account: standard, advanced or premium
                             [default: advanced]; standard allows one destination
  --check-delay-ms MS        how long a connection check runs [default: 500]
  --catalogs DIR             sources of type T discover the streams of DIR/T.json
                             (e.g. DIR/platform.hubspot.json), a Singer catalog as a tap's
                             --discover prints it; types without a file discover three
                             built-in streams (accounts, events, settings)
  --job-duration-ms MS       how long a replication job runs before it succeeds
                             [default: 1000]
  --fail-check NAME=VALUE    connection checks fail when property NAME holds VALUE,
                             e.g. --fail-check password=wrong-password
  --header-timeout-ms MS     close a connection that has not sent a request's headers
                             within MS (an idle kept-alive one too) [default: 10000]
  --body-timeout-ms MS       answer 408 to a request whose body has not arrived within MS
                             of its headers [default: 30000]
  --max-connections N        serve at most N connections at once; more wait in the listen
                             backlog until one closes [default: 512]
  --max-checks N             run at most N property checks at once; a request whose client
                             leaves while it waits never runs its check
                             [default: the number of CPUs]
  --shutdown-grace-ms MS     on Ctrl-C, let requests in flight finish for at most MS, then
                             drop their connections [default: 5000]
  -v, --verbose              log at debug level
  -h, --help                 print this help
  -V, --version              print the version

Catalog files:
  {"streams": [{"tap_stream_id": "contacts", "stream": "contacts",
                "schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "metadata": [{"breadcrumb": [], "metadata": {"table-key-properties": ["id"]}},
                             {"breadcrumb": ["properties", "id"],
                              "metadata": {"inclusion": "automatic"}}]}]}
  `stream_name` may stand for `stream`. Breadcrumbs are [] (the stream) or
  ["properties", FIELD]; a field without metadata is `available`. Every file is checked
  at start: each problem is reported with the file and a JSON pointer.

Environment:
  STITCH_EMULATOR_TOKEN      accept only this bearer token; unset, every token is accepted
                             and each distinct token is an account of its own
"#;

/// What the command line asks for.
struct Options {
    listen: SocketAddr,
    config: EmulatorConfig,
    verbose: bool,
}

/// What to do instead of serving.
enum Exit {
    Help,
    Version,
}

fn parse_options() -> Result<Result<Options, Exit>, lexopt::Error> {
    use lexopt::prelude::*;

    let mut listen: SocketAddr = ([127, 0, 0, 1], 8787).into();
    let mut schema_dirs: Vec<PathBuf> = Vec::new();
    let mut tier = Tier::default();
    let mut check_delay = EmulatorConfig::DEFAULT_CHECK_DELAY;
    let mut failure = None;
    let mut catalogs: Option<PathBuf> = None;
    let mut job_duration = EmulatorConfig::DEFAULT_JOB_DURATION;
    let mut header_timeout = EmulatorConfig::DEFAULT_HEADER_READ_TIMEOUT;
    let mut body_timeout = EmulatorConfig::DEFAULT_BODY_READ_TIMEOUT;
    let mut max_connections = EmulatorConfig::DEFAULT_MAX_CONNECTIONS;
    let mut max_checks = EmulatorConfig::default_max_concurrent_checks();
    let mut shutdown_grace = EmulatorConfig::DEFAULT_SHUTDOWN_GRACE;
    let mut verbose = false;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("listen") => listen = parser.value()?.parse()?,
            Long("schemas") => schema_dirs.push(parser.value()?.into()),
            Long("tier") => tier = parser.value()?.parse()?,
            Long("check-delay-ms") => check_delay = Duration::from_millis(parser.value()?.parse()?),
            Long("catalogs") => catalogs = Some(parser.value()?.into()),
            Long("job-duration-ms") => {
                job_duration = Duration::from_millis(parser.value()?.parse()?);
            }
            Long("header-timeout-ms") => {
                header_timeout = Duration::from_millis(parser.value()?.parse()?);
            }
            Long("body-timeout-ms") => {
                body_timeout = Duration::from_millis(parser.value()?.parse()?);
            }
            // Zero would serve nothing: refused here with the parser's words, rather than
            // taken as 1 as the library does.
            Long("max-connections") => {
                max_connections = parser.value()?.parse::<NonZeroUsize>()?.get();
            }
            Long("max-checks") => max_checks = parser.value()?.parse::<NonZeroUsize>()?.get(),
            Long("shutdown-grace-ms") => {
                shutdown_grace = Duration::from_millis(parser.value()?.parse()?);
            }
            Long("fail-check") => {
                let spec = parser.value()?.string()?;
                let Some((property, value)) = spec.split_once('=') else {
                    return Err("--fail-check takes NAME=VALUE".into());
                };
                failure = Some(CheckFailure::when(property, value));
            }
            Short('v') | Long("verbose") => verbose = true,
            Short('h') | Long("help") => return Ok(Err(Exit::Help)),
            Short('V') | Long("version") => return Ok(Err(Exit::Version)),
            _ => return Err(arg.unexpected()),
        }
    }
    let mut dirs = schema_dirs.into_iter();
    let first = dirs.next().unwrap_or_else(|| "schemas".into());
    let mut config = dirs
        .fold(EmulatorConfig::new(first), EmulatorConfig::also_schemas)
        .tier(tier)
        .check_delay(check_delay)
        .job_duration(job_duration)
        .header_read_timeout(header_timeout)
        .body_read_timeout(body_timeout)
        .max_connections(max_connections)
        .max_concurrent_checks(max_checks)
        .shutdown_grace(shutdown_grace);
    if let Some(catalogs) = catalogs {
        config = config.catalogs(catalogs);
    }
    if let Some(failure) = failure {
        config = config.fail_checks_when(failure);
    }
    if let Some(token) = std::env::var_os(TOKEN_VARIABLE) {
        config = config.accept_token(token.to_string_lossy().into_owned());
    }
    Ok(Ok(Options {
        listen,
        config,
        verbose,
    }))
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(Ok(options)) => options,
        Ok(Err(Exit::Help)) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Err(Exit::Version)) => {
            println!("stitch-emulator {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let level = if options.verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .init();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(serve(options));
    // Not a plain drop, which would wait for every blocking task: a property check still
    // running for a request that shutdown dropped could keep the process alive for seconds.
    runtime.shutdown_background();
    code
}

/// Serves until Ctrl-C (SIGINT), then shuts down within the grace period.
async fn serve(options: Options) -> ExitCode {
    let emulator = match Emulator::start(options.config, options.listen).await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("stitch-emulator listening on {}", emulator.base_url());
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {error}");
    }
    match emulator.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

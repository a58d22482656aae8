//! End to end: creates the guide's postgres destination from typed properties on a local
//! Connect API and waits until it is configured.
//!
//! ```text
//! cargo run -p stitch-client --example postgres_end_to_end
//! ```
//! starts a `stitch-emulator` in this process on a free port of 127.0.0.1. To use one started
//! separately (`cargo run -p stitch-emulator -- --listen 127.0.0.1:8787`), pass its URL:
//! ```text
//! cargo run -p stitch-client --example postgres_end_to_end -- http://127.0.0.1:8787
//! ```
//! The token comes from `STITCH_TOKEN` (any token is accepted by an emulator started without
//! `STITCH_EMULATOR_TOKEN`), the password from `PGPASSWORD`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use stitch_client::{Client, Connection, WaitOptions, WaitOutcome};
use stitch_emulator::{Emulator, EmulatorConfig};
use stitch_types::CreateDestination;

stitch_types::include_report_card!("../schemas/destinations/postgres.json");

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ExitCode, Box<dyn std::error::Error>> {
    // Either the URL given, or an emulator of our own that lives as long as `_local`.
    let (base_url, _local) = match std::env::args().nth(1) {
        Some(url) => (url, None),
        None => {
            let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
            let config = EmulatorConfig::new(schemas).check_delay(Duration::from_secs(1));
            let emulator = Emulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0))).await?;
            println!(
                "Started a local Connect API emulator at {}",
                emulator.base_url()
            );
            (emulator.base_url(), Some(emulator))
        }
    };
    let token = std::env::var("STITCH_TOKEN").unwrap_or_else(|_| "ac_local_example_token".into());
    let client = Client::builder(token).base_url(base_url).build()?;

    let card = client.destination_type("postgres").await?;
    println!(
        "GET /v4/destination-types/postgres: {} steps, starting at `{}`",
        card.steps.len(),
        card.current_step_type
            .map(|step| step.to_string())
            .unwrap_or_default()
    );

    // Every value is checked by the compiler against the card: `port: "5432"` or `ssl: "no"`
    // would not build.
    let properties = PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: std::env::var("PGPASSWORD")
            .unwrap_or_else(|_| "local-example-password".into())
            .into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: None,
        encryption_username: None,
        sslrootcert: None,
    };
    println!("Properties (the password is redacted): {properties:?}");
    let body = CreateDestination::new("Staging", properties)
        .description("Postgres database for the staging environment.");
    let destination = client.create_destination(&body).await?;
    println!(
        "POST /v4/destinations: destination {} created, connection check {}",
        destination.id,
        destination.check_job_name.as_deref().unwrap_or("(none)")
    );

    let options =
        WaitOptions::new(Duration::from_secs(60)).poll_interval(Duration::from_millis(250));
    let outcome = client
        .wait_until_configured(Connection::Destination(destination.id), &options)
        .await?;
    Ok(match outcome {
        WaitOutcome::Configured { report_card } => {
            println!(
                "Destination {} is fully configured (step {} of {}).",
                destination.id,
                report_card.current_step.unwrap_or_default(),
                report_card.steps.len()
            );
            ExitCode::SUCCESS
        }
        WaitOutcome::CheckFailed { message, .. } => {
            eprintln!("The connection check failed: {message}");
            ExitCode::FAILURE
        }
        WaitOutcome::NeedsStep { step, missing, .. } => {
            eprintln!(
                "Stitch needs the `{}` step; missing: {missing:?}",
                step.step_type
            );
            ExitCode::FAILURE
        }
        WaitOutcome::TimedOut { waited, .. } => {
            eprintln!("Not configured after {waited:?}.");
            ExitCode::FAILURE
        }
        other => {
            eprintln!("Not configured: {other:?}");
            ExitCode::FAILURE
        }
    })
}

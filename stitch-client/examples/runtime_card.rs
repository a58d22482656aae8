//! A card known only at run time: fetches the postgres card from a local Connect API, checks a
//! properties file against it with the generated types' rules, and creates the destination
//! with the checked values.
//!
//! ```text
//! cargo run -p stitch-client --example runtime_card -- demo/properties/staging.json
//! cargo run -p stitch-client --example runtime_card -- demo/properties/broken.json
//! ```
//! starts a `stitch-emulator` in this process on a free port of 127.0.0.1; a second argument
//! names one started separately (`http://127.0.0.1:8787`). The token comes from `STITCH_TOKEN`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use stitch_client::{Client, Connection, WaitOptions, WaitOutcome};
use stitch_emulator::{Emulator, EmulatorConfig};
use stitch_types::CreateDestination;
use stitch_types::runtime::{CardChecker, ForDestination};

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
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .unwrap_or_else(|| "demo/properties/staging.json".to_owned());
    let (base_url, _local) = match args.next() {
        Some(url) => (url, None),
        None => {
            let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
            let config = EmulatorConfig::new(schemas).check_delay(Duration::from_millis(200));
            let emulator = Emulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0))).await?;
            (emulator.base_url(), Some(emulator))
        }
    };
    let token = std::env::var("STITCH_TOKEN").unwrap_or_else(|_| "ac_local_example_token".into());
    let client = Client::builder(token).base_url(base_url).build()?;

    // The card as the API describes it now, compiled once.
    let card = client.destination_type("postgres").await?;
    let checker = CardChecker::<ForDestination>::new(&card)?;

    // Every problem of the file at once, in the words the generated types use.
    let text = std::fs::read_to_string(&file)?;
    let properties = match checker.check_value(serde_json::from_str(&text)?) {
        Ok(properties) => properties,
        Err(error) => {
            eprintln!("{file}: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    println!("{file}: valid; sending {properties:?}");

    let body = CreateDestination::new("Staging", properties);
    let destination = client.create_destination(&body).await?;
    let options =
        WaitOptions::new(Duration::from_secs(30)).poll_interval(Duration::from_millis(100));
    match client
        .wait_until_configured(Connection::Destination(destination.id), &options)
        .await?
    {
        WaitOutcome::Configured { .. } => {
            println!("destination {} is fully configured", destination.id);
            Ok(ExitCode::SUCCESS)
        }
        other => {
            eprintln!(
                "destination {} is not configured: {other:?}",
                destination.id
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

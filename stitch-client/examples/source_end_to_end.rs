//! End to end for a source: creates a SaaS source from typed properties on a local Connect API,
//! selects streams with the checked `FieldSelection` builder, waits for `fully_configured`, starts
//! a replication job, waits for its extraction and prints the loads.
//!
//! ```text
//! cargo run -p stitch-client --example source_end_to_end
//! ```
//! starts a `stitch-emulator` in this process on a free port of 127.0.0.1, serving the card in
//! `examples/schemas`. To use one started separately, pass its URL (it must serve that card:
//! `cargo run -p stitch-emulator -- --schemas stitch-client/examples/schemas`):
//! ```text
//! cargo run -p stitch-client --example source_end_to_end -- http://127.0.0.1:8787
//! ```
//! The token comes from `STITCH_TOKEN` (any token is accepted by an emulator started without
//! `STITCH_EMULATOR_TOKEN`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use stitch_client::{Client, ConfigureOutcome, WaitOptions};
use stitch_emulator::{Emulator, EmulatorConfig};
use stitch_types::{
    CreateSource, DiscoveredStream, FieldSelection, ReplicationMethod, StartJob, StreamChoice,
};

stitch_types::include_report_card!("examples/schemas/sources/platform.example-saas.json");

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
            let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/schemas");
            let config = EmulatorConfig::new(schemas)
                .check_delay(Duration::from_millis(500))
                .job_duration(Duration::from_secs(1));
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

    let card = client.source_type("platform.example-saas").await?;
    let steps: Vec<String> = card
        .steps
        .iter()
        .map(|step| step.step_type.to_string())
        .collect();
    println!(
        "GET /v4/source-types/platform.example-saas: steps {}",
        steps.join(", ")
    );

    // Checked by the compiler against the card: a missing `subdomain` or `start_date: "soon"`
    // would not build.
    let properties = PlatformExampleSaasProperties {
        api_key: "example-saas-api-key".into(),
        frequency_in_minutes: Some(60),
        start_date: "2024-01-01T00:00:00Z".parse()?,
        subdomain: "acme".into(),
    };
    let source = client
        .create_source(&CreateSource::new("Example SaaS", properties))
        .await?;
    println!(
        "POST /v4/sources: source {} (`{}`) created, at step `{}`",
        source.id,
        source.name,
        source
            .report_card
            .current_step_type
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    );

    let options =
        WaitOptions::new(Duration::from_secs(60)).poll_interval(Duration::from_millis(250));
    let outcome = client
        .configure_source(source.id, &options, |streams| {
            print_streams(streams);
            select(streams)
        })
        .await?;
    let selection = match outcome {
        ConfigureOutcome::Configured { selection, .. } => selection,
        ConfigureOutcome::SelectionRejected { errors, .. } => {
            eprintln!("The selection does not fit the discovered streams:\n{errors}");
            return Ok(ExitCode::FAILURE);
        }
        ConfigureOutcome::CheckFailed { message, .. } => {
            eprintln!("The connection check failed: {message}");
            return Ok(ExitCode::FAILURE);
        }
        other => {
            eprintln!("Not configured: {other:?}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let selected = selection.map_or(0, |selection| selection.streams().len());
    let source = client.source(source.id).await?;
    println!(
        "PUT /v4/sources/{}/streams/metadata: {selected} streams selected; the source is fully configured, next run {}",
        source.id,
        next_run(&source)
    );

    let job_name = match client.start_replication(source.id).await? {
        StartJob::Started { job_name } => job_name,
        other => {
            eprintln!("No job started: {other:?}");
            return Ok(ExitCode::FAILURE);
        }
    };
    println!("POST /v4/sources/{}/sync: started {job_name}", source.id);
    if let StartJob::AlreadyRunning { message } = client.start_replication(source.id).await? {
        println!("POST /v4/sources/{}/sync again: 200, {message}", source.id);
    }

    // The extraction list shows a job once it completed. A real account allows 30 of these
    // requests in 10 minutes: poll a real API every 20 s or so, not every 250 ms.
    let account = source.stitch_client_id;
    let extraction = loop {
        let extractions = client.extractions(account).await?;
        if let Some(done) = extractions
            .into_iter()
            .find(|extraction| extraction.job_name == job_name)
        {
            break done;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    println!(
        "GET /v4/{account}/extractions: {} ended {:?}",
        extraction.job_name,
        extraction.outcome()
    );
    let logs = client.extraction_logs_url(account, &job_name).await?;
    println!("GET /v4/{account}/extractions/{job_name}: 302, logs at {logs}");

    let loads = client.loads(account).await?;
    println!("GET /v4/{account}/loads:");
    for load in loads.iter().filter(|load| load.source_name == source.name) {
        let loaded = load
            .last_batch_loaded_at
            .map_or_else(|| "not yet".to_owned(), |at| at.to_rfc3339());
        println!(
            "  {}.{}: last batch loaded {loaded}",
            load.source_name, load.stream_name
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what discovery found.
fn print_streams(streams: &[DiscoveredStream]) {
    println!("Discovered {} streams:", streams.len());
    for stream in streams {
        let automatic: Vec<&str> = stream.automatic_fields().collect();
        let available: Vec<&str> = stream.available_fields().collect();
        println!(
            "  {}: automatic {automatic:?}, available {available:?}",
            stream.tap_stream_id()
        );
    }
}

/// Every stream, every field it supports; streams free to choose their method replicate in
/// full. The builder checks each choice against the discovered metadata before anything is sent.
fn select(
    streams: &[DiscoveredStream],
) -> Result<stitch_types::UpdateStreamMetadata, stitch_types::SelectionErrors> {
    streams
        .iter()
        .fold(FieldSelection::new(streams), |selection, stream| {
            let choice = StreamChoice::stream(stream.tap_stream_id()).all_fields();
            let choice = match stream.schema.stream.forced_replication_method {
                Some(_) => choice,
                None => choice.replication_method(ReplicationMethod::FullTable),
            };
            selection.select(choice)
        })
        .build()
}

/// When the source's schedule runs next.
fn next_run(source: &stitch_types::Source) -> String {
    match &source.schedule {
        Some(stitch_types::Schedule::Interval {
            interval,
            unit,
            next_fire_time,
            ..
        }) => format!(
            "every {interval} {unit}s, next at {}",
            next_fire_time.map_or_else(|| "(unknown)".to_owned(), |at| at.to_rfc3339())
        ),
        Some(other) => format!("{other:?}"),
        None => "(no schedule)".to_owned(),
    }
}

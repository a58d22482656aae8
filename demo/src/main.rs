//! The main job of the walking skeleton.
//!
//! - `cargo run -p stitch-demo` builds the guide's postgres destination from typed values and
//!   prints the `POST /v4/destinations` body.
//! - `cargo run -p stitch-demo -- FILE.json` checks a properties file against the postgres card
//!   and prints every problem it finds, or the body built from it.
//!
//! The types come from the project's own `schemas/destinations/postgres.json`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use stitch_types::{CreateDestination, Properties};

stitch_types::include_report_card!("../schemas/destinations/postgres.json");

fn main() -> ExitCode {
    match std::env::args_os().nth(1) {
        None => print_body(&typed_properties()),
        Some(path) => check_file(&path.to_string_lossy()),
    }
}

/// The guide's example, written as Rust: every value is checked by the compiler.
fn typed_properties() -> PostgresProperties {
    PostgresProperties {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
        encryption_host: None,
        encryption_port: None,
        encryption_username: None,
        sslrootcert: None,
    }
}

fn print_body(properties: &PostgresProperties) -> ExitCode {
    let mut text = format!("Properties (Debug redacts the password):\n{properties:#?}\n\n");
    let body = CreateDestination::new("Staging", properties.clone())
        .description("Postgres database for the staging environment.");
    // The body sent holds the password; the one shown has it redacted.
    match body
        .to_redacted_json()
        .and_then(|json| serde_json::to_string_pretty(&json))
    {
        Ok(json) => {
            let _ = writeln!(text, "POST /v4/destinations (credentials redacted)\n{json}");
        }
        Err(error) => {
            eprintln!("error: cannot serialize the body: {error}");
            return ExitCode::FAILURE;
        }
    }
    print_out(&text)
}

/// Writes to stdout; a reader that stopped reading (`| head -1`) ends the program quietly, as
/// it does for any Unix tool, instead of the panic of `println!`.
fn print_out(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            ExitCode::FAILURE
        }
    }
}

fn check_file(path: &str) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(error) => {
            eprintln!("error: {path} is not valid JSON: {error}");
            return ExitCode::FAILURE;
        }
    };
    match PostgresProperties::from_json_value(value) {
        Ok(properties) => {
            let valid = print_out(&format!("{path}: valid `postgres` properties\n\n"));
            if valid == ExitCode::SUCCESS {
                print_body(&properties)
            } else {
                valid
            }
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}

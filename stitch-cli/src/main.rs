//! `stitch`: capture Stitch report cards from the Connect API, lock their provenance, render the
//! code `include_report_card!` generates, validate properties files, and report drift.
//!
//! `main` only parses the command line and turns the outcome into an exit status; each command
//! lives in its own module.
#![forbid(unsafe_code)]

mod api;
mod atomic_write;
mod capture;
mod cli;
mod drift;
mod failure;
mod json_text;
mod line_endings;
mod lock;
mod output;
mod render;
mod style;
mod token;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use failure::Outcome;

fn main() -> ExitCode {
    // A token given as a flag would sit in the shell's history and the process list; refuse it
    // before clap, whose error would echo the argument.
    if let Some(refusal) = token::refuse_token_flag(std::env::args_os().skip(1)) {
        anstream::eprintln!("error: {refusal}");
        return Outcome::Trouble.into();
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Capture(command) => capture::run(command),
        Command::Lock(args) => lock::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Drift(args) => drift::run(&args),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(failure) => {
            failure.report();
            Outcome::Trouble.into()
        }
    }
}

//! The command line, as clap's derive API reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Capture Stitch report cards from the Connect API, lock their provenance, render the code
/// `include_report_card!` generates, validate properties files, and report drift.
///
/// Commands that talk to the API read the token from STITCH_TOKEN or `--token-file PATH`,
/// never from a flag's value, and never print it.
#[derive(Debug, Parser)]
#[command(name = "stitch", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch report cards from the API into DIR/destinations/TYPE.json and DIR/sources/TYPE.json,
    /// recording each in DIR/stitch.lock.
    #[command(subcommand)]
    Capture(CaptureCommand),
    /// Record every card file of DIR in DIR/stitch.lock (for cards added or edited by hand).
    Lock(LockArgs),
    /// Print the code include_report_card! generates for cards, formatted with prettyplease.
    Render(RenderArgs),
    /// Check a properties file against a card, reporting every problem.
    ///
    /// Exit status: 0 valid, 1 invalid, 2 usage, I/O or invalid-card error.
    Validate(ValidateArgs),
    /// Compare two cards, or every locked card with the API's current one, and sort each change
    /// into breaking, credential, additive or informational.
    ///
    /// Exit status: 0 when nothing is breaking or credential (or, with `--fail-on additive`,
    /// additive; with `--fail-on informational`, nothing changed at all), 1 when something is,
    /// 2 on usage, I/O or invalid-card errors.
    Drift(DriftArgs),
}

/// Where the API is, and the token for it.
#[derive(Debug, Clone, Args)]
pub struct ApiArgs {
    /// The Connect API's base URL (a local emulator's, say).
    #[arg(long, value_name = "URL", default_value = "https://api.stitchdata.com")]
    pub base_url: String,
    /// Read the API token from this file (a trailing newline is ignored) instead of the
    /// STITCH_TOKEN environment variable.
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
}

/// `stitch capture …`.
#[derive(Debug, Subcommand)]
pub enum CaptureCommand {
    /// Capture the cards of the named destination types.
    Destination(CaptureTypes),
    /// Capture the cards of the named source types.
    Source(CaptureTypes),
    /// Capture the card of every destination type the API lists.
    Destinations(CaptureAll),
    /// Capture the card of every source type the API lists (stubs without steps are skipped).
    Sources(CaptureAll),
}

/// Types named on the command line.
#[derive(Debug, Args)]
pub struct CaptureTypes {
    /// The API types, e.g. `postgres` or `platform.hubspot`.
    #[arg(required = true, value_name = "TYPE")]
    pub types: Vec<String>,
    #[command(flatten)]
    pub options: CaptureOptions,
}

/// Every type the API lists.
#[derive(Debug, Args)]
pub struct CaptureAll {
    /// Every type the API lists (required: capturing all is never implied).
    #[arg(long, required = true)]
    pub all: bool,
    #[command(flatten)]
    pub options: CaptureOptions,
}

/// What every capture takes.
#[derive(Debug, Args)]
pub struct CaptureOptions {
    /// The card root: cards go to DIR/destinations and DIR/sources, provenance to
    /// DIR/stitch.lock.
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    pub out: PathBuf,
    /// Print errors only: no progress bar, no line per card.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub api: ApiArgs,
}

/// `stitch lock`.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// The card root that holds destinations/ and sources/.
    #[arg(value_name = "DIR", default_value = "schemas")]
    pub dir: PathBuf,
    /// Rewrite a DIR/stitch.lock that cannot be read from the card files alone (its capture
    /// URLs and times are lost) instead of stopping.
    #[arg(long)]
    pub force: bool,
}

/// `stitch render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The card files, named as include_report_card! would name them (the docs quote the path).
    #[arg(required = true, value_name = "CARD")]
    pub cards: Vec<PathBuf>,
    /// Write the code to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The cards' kind, where neither their directory nor their keys tell.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

/// `stitch validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The report card file.
    #[arg(value_name = "CARD")]
    pub card: PathBuf,
    /// The properties object to check, a JSON file.
    #[arg(value_name = "PROPERTIES.json")]
    pub properties: PathBuf,
    /// Check the properties of an update (every property optional; read-only and immutable
    /// ones refused) instead of a create request.
    #[arg(long)]
    pub update: bool,
    /// The card's kind, where neither its directory nor its keys tell.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

/// `stitch drift`.
#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The card as it was.
    #[arg(
        value_name = "OLD",
        required_unless_present = "live",
        conflicts_with = "live"
    )]
    pub old: Option<PathBuf>,
    /// The card as it is now.
    #[arg(
        value_name = "NEW",
        required_unless_present = "live",
        conflicts_with = "live"
    )]
    pub new: Option<PathBuf>,
    /// Compare every card in DIR/stitch.lock with the card the API serves now.
    #[arg(
        long,
        value_name = "DIR",
        num_args = 0..=1,
        default_missing_value = "schemas"
    )]
    pub live: Option<PathBuf>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The least category that makes the exit status 1 (credential changes always do).
    #[arg(long, value_enum, value_name = "CATEGORY", default_value_t = FailOn::Breaking)]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub api: ApiArgs,
}

/// A card kind given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A destination type's card.
    Destination,
    /// A source type's card.
    Source,
}

impl KindArg {
    /// The card kind.
    pub fn kind(self) -> stitch_schema::CardKind {
        match self {
            KindArg::Destination => stitch_schema::CardKind::Destination,
            KindArg::Source => stitch_schema::CardKind::Source,
        }
    }
}

/// Output formats of `drift`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Grouped by category, coloured on a terminal (NO_COLOR honoured).
    Text,
    /// `{"changes": [{"category", "property", "pointer", "message", "breaks_generated_code"}]}`.
    Json,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Breaking and credential changes fail.
    Breaking,
    /// Additive changes fail too.
    Additive,
    /// Any change fails.
    Informational,
}

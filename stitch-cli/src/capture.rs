//! `stitch capture`: fetch report cards from the API into `DIR/destinations/TYPE.json` and
//! `DIR/sources/TYPE.json`, byte for byte what the API sent (re-indented, key order kept), each
//! read by the generator before it replaces anything, written atomically (only when its bytes
//! changed) and recorded in `DIR/stitch.lock`.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use stitch_client::Client;
use stitch_codegen::lock::{Lock, LockEntry, sha256_hex};
use stitch_report_card::ReportCard;
use stitch_schema::{CardKind, CardSource};

use crate::cli::{CaptureCommand, CaptureOptions};
use crate::failure::{Context, Failure, Outcome};

/// Runs a `stitch capture …` command.
pub fn run(command: CaptureCommand) -> Result<Outcome, Failure> {
    let (kind, types, options) = match command {
        CaptureCommand::Destination(args) => {
            (CardKind::Destination, Some(args.types), args.options)
        }
        CaptureCommand::Source(args) => (CardKind::Source, Some(args.types), args.options),
        CaptureCommand::Destinations(args) => (CardKind::Destination, None, args.options),
        CaptureCommand::Sources(args) => (CardKind::Source, None, args.options),
    };
    if let Some(types) = &types {
        for card_type in types {
            check_type_name(card_type)?;
        }
    }
    // A broken lock stops the capture before anything is fetched or written.
    let mut lock = crate::lock::read(&options.out)?;
    let client = crate::api::client(&options.api)?;
    crate::api::block_on(async {
        let types = match types {
            Some(types) => types,
            None => list_types(&client, kind, &options).await?,
        };
        capture_all(&client, kind, &types, &options, &mut lock).await
    })?
}

/// Types become file names: refuse the ones that would leave `DIR/KIND/`.
fn check_type_name(card_type: &str) -> Result<(), Failure> {
    let bad = card_type.is_empty()
        || card_type.starts_with('.')
        || card_type.contains(['/', '\\'])
        || card_type.chars().any(char::is_control);
    if bad {
        return Err(Failure::new(format!(
            "`{}` is not a type name: it would not make a file name in the card directory",
            card_type.escape_debug()
        )));
    }
    Ok(())
}

/// The types of every card of `kind` the API lists. Stubs (no steps) are listed too and
/// skipped when fetched, with the message saying so.
async fn list_types(
    client: &Client,
    kind: CardKind,
    options: &CaptureOptions,
) -> Result<Vec<String>, Failure> {
    let cards = match kind {
        CardKind::Destination => client.destination_types().await,
        CardKind::Source => client.source_types().await,
    }
    .map_err(|error| Failure::new(error.to_string()))?;
    let mut types = Vec::new();
    for card in cards {
        if check_type_name(&card.card_type).is_ok() {
            types.push(card.card_type);
        } else if !options.quiet {
            crate::style::warn(&format!(
                "skipped a {kind} type whose name is not a file name: `{}`",
                card.card_type.escape_debug()
            ));
        }
    }
    Ok(types)
}

async fn capture_all(
    client: &Client,
    kind: CardKind,
    types: &[String],
    options: &CaptureOptions,
    lock: &mut Lock,
) -> Result<Outcome, Failure> {
    let progress = progress_bar(types.len(), options.quiet);
    // Lines quote what the API sent (type names, URLs): the token redacted, as in errors.
    let say = |line: String| {
        if !options.quiet {
            progress.suspend(|| println!("{}", crate::token::redact(&line)));
        }
    };
    let mut failed = 0;
    let mut captured = 0;
    for card_type in types {
        progress.set_message(card_type.clone());
        let file = crate::lock::card_file(kind, card_type);
        let outcome = capture_one(client, kind, card_type, &options.out, lock.entry(&file)).await;
        let on_disk = match outcome {
            Ok(Captured::Written(entry)) => {
                say(format!(
                    "captured {} from {}",
                    options.out.join(&entry.file).display(),
                    entry.url.as_deref().unwrap_or_default()
                ));
                // After every card, so the lock always describes the files on disk (and only
                // when it changed: cargo rebuilds what includes a card when its lock is touched).
                if lock.entry(&entry.file) != Some(&entry) {
                    lock.upsert(entry);
                    crate::lock::write(&options.out, lock)?;
                }
                true
            }
            Ok(Captured::Unchanged(entry)) => {
                say(format!(
                    "unchanged {}: the API serves the card captured from {} at {}",
                    options.out.join(&entry.file).display(),
                    entry.url.as_deref().unwrap_or_default(),
                    entry.captured_at.as_deref().unwrap_or_default()
                ));
                true
            }
            Ok(Captured::Stub { upgrade }) => {
                say(match upgrade {
                    Some(upgrade) => format!(
                        "skipped `{card_type}`: a stub card without steps; the API offers \
                         `{upgrade}` as its upgrade (stitch capture {kind} {upgrade})"
                    ),
                    None => format!("skipped `{card_type}`: a stub card without steps"),
                });
                false
            }
            Err(failure) => {
                progress.suspend(|| failure.report());
                failed += 1;
                false
            }
        };
        // A card root that holds a captured card holds the file that keeps its bytes intact.
        if on_disk {
            captured += 1;
            if let Some(written) = crate::line_endings::ensure(&options.out)? {
                say(crate::line_endings::note(&written));
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if failed > 0 {
        return Err(Failure::new(format!(
            "{failed} of {} card{} could not be captured",
            types.len(),
            if types.len() == 1 { "" } else { "s" }
        )));
    }
    if !options.quiet && types.len() > 1 {
        println!("{captured} of {} cards captured", types.len());
    }
    Ok(Outcome::Success)
}

/// A bar on standard error when more than one card is fetched and standard error is a
/// terminal; hidden otherwise.
fn progress_bar(count: usize, quiet: bool) -> ProgressBar {
    if quiet || count < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(count as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// What became of one card.
enum Captured {
    /// The card file was written; its new lock entry.
    Written(LockEntry),
    /// The API serves the bytes the lock records, and the file holds them: nothing was
    /// written, and the entry (its capture time and URL) stays as it was, so a scheduled
    /// capture of cards that did not change changes no file.
    Unchanged(LockEntry),
    /// A stub without steps: nothing to capture.
    Stub { upgrade: Option<String> },
}

async fn capture_one(
    client: &Client,
    kind: CardKind,
    card_type: &str,
    out: &Path,
    locked: Option<&LockEntry>,
) -> Result<Captured, Failure> {
    let url = crate::api::card_url(client, kind, card_type);
    let text = crate::api::fetch_card_text(client, kind, card_type)
        .await
        .map_err(|error| Failure::new(error.to_string()))?;
    // The typed model, for what a stub is: a card without steps.
    if let Ok(card) = serde_json::from_str::<ReportCard>(&text) {
        if card.steps.is_empty() {
            let upgrade = card.upgrade_available.map(|upgrade| upgrade.upgrade_type);
            return Ok(Captured::Stub { upgrade });
        }
    }
    let pretty = crate::json_text::reindent(&text)
        .map_err(|error| Failure::new(format!("{url} did not answer with JSON: {error}")))?;
    let file = crate::lock::card_file(kind, card_type);
    let path = out.join(&file);
    // Only a card the generator can read replaces the file: a broken answer (a proxy's page,
    // a half-migrated API) must not turn every build that includes the card into errors.
    // Read in the layout it would be written in, so line and column point into that.
    let card = stitch_codegen::read_card(CardSource {
        file: &url,
        text: &pretty,
        kind: Some(kind),
    })
    .map_err(|diagnostics| {
        Failure::new(format!(
            "{diagnostics}\nnote: `{}` was not written",
            path.display()
        ))
    })?;
    if card.card_type != card_type {
        crate::style::warn(&format!(
            "{url} answered with the card of `{}`; it is saved as `{card_type}`",
            card.card_type
        ));
    }
    let sha256 = sha256_hex(pretty.as_bytes());
    // The bytes of an earlier capture: that capture's time and URL still say where they came
    // from. (An entry recorded by hand has neither, and gets them now.)
    let earlier = locked.filter(|entry| {
        entry.sha256 == sha256 && entry.kind == kind && entry.captured_at.is_some()
    });
    let entry = match earlier {
        Some(earlier) => earlier.clone(),
        None => LockEntry {
            file,
            card_type: card_type.to_owned(),
            kind,
            url: Some(url),
            captured_at: Some(
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
            sha256,
        },
    };
    // Rewriting equal bytes would still touch the file, and cargo rebuilds what includes it.
    if earlier.is_some() && std::fs::read(&path).is_ok_and(|bytes| bytes == pretty.as_bytes()) {
        return Ok(Captured::Unchanged(entry));
    }
    crate::atomic_write::write(&path, pretty.as_bytes())
        .context(|| format!("cannot write `{}`", path.display()))?;
    Ok(Captured::Written(entry))
}

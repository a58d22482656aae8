//! A card file expanded as `include_report_card!` expands it: read, checked against its
//! `stitch.lock` entry, and turned into items. The macro, `stitch render` and build scripts all
//! go through [`expand_card_file`], so they print the same code.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::expand::{ExpandOptions, expand};
use crate::provenance::{self, Provenance};
use crate::{CardKind, CardSource};

/// What [`expand_card_file`] made of a card file.
#[derive(Debug, Clone)]
pub struct FileExpansion {
    /// The generated items. A card with broken properties still gets its types, with stand-ins
    /// for the broken ones, so that code using the others adds no errors of its own; a card
    /// that cannot be read at all gets none.
    pub items: TokenStream,
    /// Every problem, one message each: the card's diagnostics (file, line and column, JSON
    /// pointer, property), and a lock file that cannot be read or does not match the card.
    pub problems: Vec<String>,
    /// The card's provenance.
    pub provenance: Provenance,
    /// The files that were read (the card, and its lock file if it has one): cargo must rebuild
    /// whatever includes the card when one of them changes.
    pub tracked: Vec<PathBuf>,
}

/// Reads the card at `resolved` and expands it; `written` is the path as the user wrote it,
/// named in messages and docs. An error only when the file cannot be read; it names the file.
///
/// ```no_run
/// // build.rs: the code include_report_card! generates, written to OUT_DIR.
/// let expansion = stitch_codegen::expand_card_file(
///     std::path::Path::new("schemas/destinations/postgres.json"),
///     "schemas/destinations/postgres.json",
///     None,
/// )?;
/// assert!(expansion.problems.is_empty(), "{}", expansion.problems.join("\n"));
/// let code = stitch_codegen::render(&expansion.items)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn expand_card_file(
    resolved: &Path,
    written: &str,
    kind: Option<CardKind>,
) -> std::io::Result<FileExpansion> {
    let unreadable = |kind: std::io::ErrorKind, why: &dyn std::fmt::Display| {
        std::io::Error::new(kind, format!("cannot read report card `{written}`: {why}"))
    };
    let text = stitch_schema::card_file::read_text(resolved)
        .map_err(|error| unreadable(error.kind(), &error))?;
    let located = provenance::locate(resolved, written, text.as_bytes());
    let mut tracked = vec![resolved.to_owned()];
    tracked.extend(located.lock_path);
    let read = crate::read_card_with_stand_ins(CardSource {
        file: written,
        text: &text,
        kind,
    });
    let (card, diagnostics) = read.into_parts();
    let mut problems = Vec::new();
    if let Some(diagnostics) = diagnostics {
        problems.push(diagnostics.to_string());
    }
    problems.extend(located.problem);
    let options = ExpandOptions {
        file: Some(written),
        provenance: Some(&located.provenance),
    };
    let items = card
        .as_ref()
        .map(|card| expand(card, options))
        .unwrap_or_default();
    Ok(FileExpansion {
        items,
        problems,
        provenance: located.provenance,
        tracked,
    })
}

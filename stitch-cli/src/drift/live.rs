//! `stitch drift --live [DIR]`: every card `DIR/stitch.lock` records, compared with the card
//! the API at `--base-url` serves now.

use std::path::Path;

use stitch_client::ErrorKind;
use stitch_codegen::lock::sha256_hex;

use super::report::{CardReport, Report};
use super::{Category, Change, Side, changes, finish};
use crate::cli::DriftArgs;
use crate::failure::{Context, Failure, Outcome};

/// Runs `stitch drift --live DIR`.
pub fn run(dir: &Path, args: &DriftArgs) -> Result<Outcome, Failure> {
    let lock_path = crate::lock::lock_path(dir);
    if !lock_path.is_file() {
        return Err(Failure::new(format!(
            "`{}` does not exist: capture cards with `stitch capture … --out {}`, or record \
             cards added by hand with `stitch lock {}`",
            lock_path.display(),
            dir.display(),
            dir.display()
        )));
    }
    let lock = crate::lock::read(dir)?;
    if lock.cards.is_empty() {
        return Err(Failure::new(format!(
            "`{}` records no cards",
            lock_path.display()
        )));
    }
    let client = crate::api::client(&args.api)?;
    let mut report = Report { cards: Vec::new() };
    crate::api::block_on(async {
        for entry in &lock.cards {
            let path = dir.join(&entry.file);
            let text = stitch_codegen::read_card_text(&path)
                .context(|| format!("cannot read report card `{}`", path.display()))?;
            if sha256_hex(text.as_bytes()) != entry.sha256 {
                crate::style::warn(&format!(
                    "`{}` does not match its entry in `{}` (edited since it was captured?); \
                     comparing the file as it is",
                    path.display(),
                    lock_path.display()
                ));
            }
            let url = crate::api::card_url(&client, entry.kind, &entry.card_type);
            let heading = format!("{} → {url}", entry.file);
            let old = Side::read(path.display().to_string(), text, Some(entry.kind))?;
            let card_changes =
                match crate::api::fetch_card_text(&client, entry.kind, &entry.card_type).await {
                    Ok(live) => {
                        let new = Side::read(url.clone(), live, Some(entry.kind))?;
                        changes(&old, &new)
                    }
                    Err(error) if matches!(error.kind(), ErrorKind::NotFound { .. }) => {
                        vec![Change {
                            category: Category::Breaking,
                            property: None,
                            pointer: String::new(),
                            message: format!(
                                "the API no longer serves the {} type `{}` ({error})",
                                entry.kind, entry.card_type
                            ),
                            breaks_generated_code: false,
                        }]
                    }
                    Err(error) => return Err(Failure::new(error.to_string())),
                };
            report.cards.push(CardReport {
                card: Some(entry.file.clone()),
                heading,
                changes: card_changes,
            });
        }
        Ok(())
    })??;
    finish(&report, args)
}

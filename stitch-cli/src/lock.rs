//! `stitch lock DIR`, and reading and writing `DIR/stitch.lock` for the other commands.
//!
//! The lock model itself lives in `stitch_codegen::lock`, where `include_report_card!` reads it.

use std::path::{Path, PathBuf};

use stitch_codegen::lock::{LOCK_FILE_NAME, Lock, LockEntry, sha256_hex};
use stitch_schema::CardKind;

use crate::cli::LockArgs;
use crate::failure::{Context, Failure, Outcome};
use crate::style;

/// `DIR/stitch.lock`.
pub fn lock_path(dir: &Path) -> PathBuf {
    dir.join(LOCK_FILE_NAME)
}

/// Reads `DIR/stitch.lock`; an empty lock when there is none.
pub fn read(dir: &Path) -> Result<Lock, Failure> {
    let path = lock_path(dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => Lock::parse(&text, &path.display().to_string())
            .map_err(|error| Failure::new(error.to_string())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Lock::default()),
        Err(error) => Err(Failure::new(format!(
            "cannot read `{}`: {error}",
            path.display()
        ))),
    }
}

/// Writes `DIR/stitch.lock` atomically.
pub fn write(dir: &Path, lock: &Lock) -> Result<(), Failure> {
    let path = lock_path(dir);
    crate::atomic_write::write(&path, lock.to_toml().as_bytes())
        .context(|| format!("cannot write `{}`", path.display()))
}

/// The lock's name for the card of `card_type`: `destinations/postgres.json`.
pub fn card_file(kind: CardKind, card_type: &str) -> String {
    format!("{}/{card_type}.json", kind.directory())
}

/// `stitch lock DIR`: an entry for every card file, keeping the provenance of files whose bytes
/// are unchanged, recording edited and new files as added by hand, and dropping entries whose
/// file is gone.
pub fn run(args: &LockArgs) -> Result<Outcome, Failure> {
    let dir = &args.dir;
    // A lock that cannot be read holds capture URLs and times that the card files do not:
    // rewriting it loses them, so only when asked to.
    let old = match read(dir) {
        Ok(lock) => lock,
        Err(failure) if args.force => {
            style::warn(&format!(
                "{failure}; writing it anew from the card files (--force: capture URLs and \
                 times are lost)"
            ));
            Lock::default()
        }
        Err(failure) => {
            return Err(Failure::new(format!(
                "{failure}\nhelp: fix the file, or run `stitch lock --force {}` to write it anew \
                 from the card files (capture URLs and times are lost)",
                dir.display()
            )));
        }
    };
    let mut lock = Lock::default();
    let mut trouble = false;
    let mut found_directory = false;
    for kind in CardKind::ALL {
        let sub = dir.join(kind.directory());
        if !sub.is_dir() {
            continue;
        }
        found_directory = true;
        for path in card_files(&sub)? {
            let file = format!(
                "{}/{}",
                kind.directory(),
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            match lock_entry(&path, &file, kind, old.entry(&file)) {
                Ok((entry, change)) => {
                    if let Some(change) = change {
                        println!("{change}");
                    }
                    lock.upsert(entry);
                }
                Err(failure) => {
                    // Keep what the lock said about a file it cannot read now.
                    failure.report();
                    trouble = true;
                    if let Some(entry) = old.entry(&file) {
                        lock.upsert(entry.clone());
                    }
                }
            }
        }
    }
    if !found_directory {
        return Err(Failure::new(format!(
            "`{}` has neither a `destinations` nor a `sources` directory of report cards",
            dir.display()
        )));
    }
    for gone in old
        .cards
        .iter()
        .filter(|entry| lock.entry(&entry.file).is_none())
    {
        println!("removed {} (the file is gone)", gone.file);
    }
    write(dir, &lock)?;
    if let Some(written) = crate::line_endings::ensure(dir)? {
        println!("{}", crate::line_endings::note(&written));
    }
    println!(
        "{}: {} card{}",
        lock_path(dir).display(),
        lock.cards.len(),
        if lock.cards.len() == 1 { "" } else { "s" }
    );
    Ok(if trouble {
        Outcome::Trouble
    } else {
        Outcome::Success
    })
}

/// The `*.json` files of a directory, sorted; hidden files (such as a capture's temporary
/// files) are not cards.
pub fn card_files(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir)
        .context(|| format!("cannot read the directory `{}`", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "json")
                && !path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'))
                && path.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The entry of one card file, and what changed, if anything.
fn lock_entry(
    path: &Path,
    file: &str,
    kind: CardKind,
    old: Option<&LockEntry>,
) -> Result<(LockEntry, Option<String>), Failure> {
    let bytes = stitch_schema::card_file::read_bytes(path)
        .context(|| format!("cannot read `{}`", path.display()))?;
    let sha256 = sha256_hex(&bytes);
    if let Some(old) = old.filter(|old| old.sha256 == sha256 && old.kind == kind) {
        return Ok((old.clone(), None));
    }
    let card_type = card_type(&bytes).ok_or_else(|| {
        Failure::new(format!(
            "`{}` is not a report card: it must be a JSON object with a string `type`",
            path.display()
        ))
    })?;
    let change = match old {
        Some(old) => match &old.url {
            Some(url) => format!(
                "updated {file}: its bytes changed since it was captured from {url}; now recorded \
                 as edited by hand"
            ),
            None => format!("updated {file}: its bytes changed"),
        },
        None => format!("added {file} ({} `{card_type}`)", kind.as_str()),
    };
    let entry = LockEntry {
        file: file.to_owned(),
        card_type,
        kind,
        url: None,
        captured_at: None,
        sha256,
    };
    Ok((entry, Some(change)))
}

fn card_type(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let card_type = value.get("type")?.as_str()?;
    (!card_type.trim().is_empty()).then(|| card_type.to_owned())
}

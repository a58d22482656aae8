//! A card file's provenance: the SHA-256 of its bytes and, where a `stitch.lock` records the
//! file, the URL and time it was captured from.
//!
//! The lock is looked for in the card's directory, then in the directory above it (the card root
//! that holds `destinations/` and `sources/`, where `stitch capture` writes it). A file whose
//! bytes no longer match its entry is a problem that says how to fix it.

use std::path::{Path, PathBuf};

use crate::lock::{LOCK_FILE_NAME, Lock, LockEntry, sha256_hex};

/// Where a card file came from, as generated types record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The SHA-256 of the card file's bytes, in lowercase hex.
    pub sha256: String,
    /// When the card was captured (RFC 3339, UTC), from its `stitch.lock` entry.
    pub captured_at: Option<String>,
    /// The URL the card was captured from, from its `stitch.lock` entry.
    pub captured_from: Option<String>,
    /// The lock file that has an entry for the card, as the user would name it.
    pub lock_file: Option<String>,
}

impl Provenance {
    /// The provenance of bytes no lock records: their hash only.
    pub fn unlocked(bytes: &[u8]) -> Provenance {
        Provenance {
            sha256: sha256_hex(bytes),
            captured_at: None,
            captured_from: None,
            lock_file: None,
        }
    }
}

/// What [`locate`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The card's provenance (its hash at least).
    pub provenance: Provenance,
    /// The lock file that was read, for rebuild tracking.
    pub lock_path: Option<PathBuf>,
    /// A lock file that cannot be read, or a card whose bytes do not match its entry.
    pub problem: Option<String>,
}

/// Finds the provenance of the card file at `resolved`, whose bytes are `bytes`; `written` is
/// the path as the user wrote it, for messages.
pub fn locate(resolved: &Path, written: &str, bytes: &[u8]) -> Located {
    let mut located = Located {
        provenance: Provenance::unlocked(bytes),
        lock_path: None,
        problem: None,
    };
    // The card's directory, then the card root above it.
    let mut directory = resolved.parent();
    let mut shown_directory = Some(Path::new(written).parent().unwrap_or(Path::new("")));
    for _ in 0..2 {
        let Some(dir) = directory else { break };
        let lock_path = dir.join(LOCK_FILE_NAME);
        if lock_path.is_file() {
            let shown_dir = match shown_directory {
                Some(shown) if !shown.as_os_str().is_empty() => shown.display().to_string(),
                Some(_) => ".".to_owned(),
                None => dir.display().to_string(),
            };
            let shown_lock = if shown_dir == "." {
                LOCK_FILE_NAME.to_owned()
            } else {
                format!("{shown_dir}/{LOCK_FILE_NAME}")
            };
            // The fixes name the card root as it was read: a build script or the CLI reads
            // from the current directory, the macro from the including crate's (absolute), so
            // the commands work where the message is shown.
            let command_dir = if dir.as_os_str().is_empty() {
                ".".to_owned()
            } else {
                dir.display().to_string()
            };
            let key = relative_key(resolved, dir);
            read_lock(
                &lock_path,
                &shown_lock,
                &command_dir,
                &key,
                written,
                &mut located,
            );
            located.lock_path = Some(lock_path);
            break;
        }
        directory = dir.parent();
        shown_directory = shown_directory.and_then(Path::parent);
    }
    located
}

/// `file` relative to `dir`, `/`-separated, as lock entries name files.
pub fn relative_key(file: &Path, dir: &Path) -> String {
    let relative = file.strip_prefix(dir).unwrap_or(file);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_lock(
    lock_path: &Path,
    shown_lock: &str,
    command_dir: &str,
    key: &str,
    written: &str,
    located: &mut Located,
) {
    let text = match stitch_schema::card_file::read_text(lock_path) {
        Ok(text) => text,
        Err(error) => {
            located.problem = Some(format!("cannot read the lock file `{shown_lock}`: {error}"));
            return;
        }
    };
    let lock = match Lock::parse(&text, shown_lock) {
        Ok(lock) => lock,
        Err(error) => {
            located.problem = Some(format!(
                "{error}\nhelp: fix it, or `stitch lock --force {command_dir}` rewrites it from the \
                 card files"
            ));
            return;
        }
    };
    let Some(entry) = lock.entry(key) else {
        return;
    };
    if entry.sha256 != located.provenance.sha256 {
        located.problem = Some(mismatch(
            entry,
            &located.provenance.sha256,
            written,
            shown_lock,
            command_dir,
        ));
        return;
    }
    located.provenance.captured_at = entry.captured_at.clone();
    located.provenance.captured_from = entry.url.clone();
    located.provenance.lock_file = Some(shown_lock.to_owned());
}

fn mismatch(
    entry: &LockEntry,
    actual: &str,
    written: &str,
    shown_lock: &str,
    command_dir: &str,
) -> String {
    let origin = match (&entry.url, &entry.captured_at) {
        (Some(url), Some(at)) => format!("captured from {url} at {at}"),
        (Some(url), None) => format!("captured from {url}"),
        _ => "recorded by `stitch lock`".to_owned(),
    };
    format!(
        "the report card `{written}` does not match its entry `{}` in `{shown_lock}`\n\
         note: the lock records SHA-256 {} ({origin}); the file's bytes hash to {actual}\n\
         help: to go back to the API's card, capture it again: `stitch capture {} {} --out {command_dir}`\n\
         help: to keep the file as it is now, record it: `stitch lock {command_dir}`",
        entry.file,
        entry.sha256,
        entry.kind.as_str(),
        entry.card_type,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lock::LockEntry;
    use stitch_schema::CardKind;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stitch-provenance-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("destinations")).unwrap();
        dir
    }

    fn lock_with(dir: &Path, sha256: String) {
        let mut lock = Lock::default();
        lock.upsert(LockEntry {
            file: "destinations/x.json".into(),
            card_type: "x".into(),
            kind: CardKind::Destination,
            url: Some("http://127.0.0.1:1/v4/destination-types/x".into()),
            captured_at: Some("2026-05-01T12:00:00Z".into()),
            sha256,
        });
        std::fs::write(dir.join(LOCK_FILE_NAME), lock.to_toml()).unwrap();
    }

    #[test]
    fn a_locked_card_gets_its_entry() {
        let dir = scratch("locked");
        let card = dir.join("destinations/x.json");
        std::fs::write(&card, b"{}").unwrap();
        lock_with(&dir, sha256_hex(b"{}"));
        let located = locate(&card, "cards/destinations/x.json", b"{}");
        assert_eq!(located.problem, None);
        assert_eq!(
            located.provenance.captured_at.as_deref(),
            Some("2026-05-01T12:00:00Z")
        );
        assert_eq!(
            located.provenance.lock_file.as_deref(),
            Some("cards/stitch.lock")
        );
        assert_eq!(located.lock_path, Some(dir.join(LOCK_FILE_NAME)));
    }

    #[test]
    fn an_edited_card_is_a_problem_that_says_how_to_fix_it() {
        let dir = scratch("edited");
        let card = dir.join("destinations/x.json");
        std::fs::write(&card, b"{ }").unwrap();
        lock_with(&dir, sha256_hex(b"{}"));
        let located = locate(&card, "cards/destinations/x.json", b"{ }");
        let problem = located.problem.unwrap();
        assert!(problem.contains(&sha256_hex(b"{}")), "{problem}");
        assert!(problem.contains(&sha256_hex(b"{ }")), "{problem}");
        // The lock is named as the user wrote the card's path; the fixes name the directory
        // as it was read, so that they work wherever the message is shown.
        assert!(problem.contains("in `cards/stitch.lock`"), "{problem}");
        let root = dir.display();
        assert!(
            problem.contains(&format!("`stitch lock {root}`")),
            "{problem}"
        );
        assert!(
            problem.contains(&format!("`stitch capture destination x --out {root}`")),
            "{problem}"
        );
        assert_eq!(located.provenance.captured_at, None);
    }

    #[test]
    fn no_lock_means_the_hash_only() {
        let dir = scratch("none");
        let card = dir.join("destinations/x.json");
        std::fs::write(&card, b"{}").unwrap();
        let located = locate(&card, "x.json", b"{}");
        assert_eq!(
            located,
            Located {
                provenance: Provenance::unlocked(b"{}"),
                lock_path: None,
                problem: None,
            }
        );
    }
}

//! `DIR/.gitattributes`: `stitch.lock` records the SHA-256 of each card's exact bytes, so a git
//! that turned `\n` into `\r\n` on checkout (Windows, `core.autocrlf`) would make every locked
//! card a mismatch. The card root gets a `.gitattributes` that turns conversion off, unless it
//! has one (then it is the user's to keep).

use std::path::{Path, PathBuf};

use crate::failure::{Context, Failure};

/// The file's name in the card root.
pub const FILE_NAME: &str = ".gitattributes";

/// What the file says; the project's own `schemas/.gitattributes` is the same.
pub const CONTENT: &str = "# stitch.lock records the SHA-256 of each card's exact bytes: git must not convert line endings.\n* -text\n";

/// Writes `DIR/.gitattributes` when there is none; the path when it was written.
pub fn ensure(dir: &Path) -> Result<Option<PathBuf>, Failure> {
    let path = dir.join(FILE_NAME);
    // `symlink_metadata`: a dangling link is a file the user put there too.
    if path.symlink_metadata().is_ok() {
        return Ok(None);
    }
    crate::atomic_write::write(&path, CONTENT.as_bytes())
        .context(|| format!("cannot write `{}`", path.display()))?;
    Ok(Some(path))
}

/// The note printed when [`ensure`] wrote the file.
pub fn note(path: &Path) -> String {
    format!(
        "wrote {} (`* -text`): git keeps the cards' bytes, which stitch.lock hashes, as they are",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_card_root_has_the_same_file() {
        assert_eq!(include_str!("../../schemas/.gitattributes"), CONTENT);
    }

    #[test]
    fn written_once_and_never_over_the_users_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = ensure(dir.path()).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), CONTENT);
        std::fs::write(&path, "*.json binary\n").unwrap();
        assert_eq!(ensure(dir.path()).unwrap(), None);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "*.json binary\n");
    }
}

//! Writes a file so that a reader (or a crash, or `kill -9`) sees the old bytes or the new ones,
//! never a mix: the bytes go to a temporary file beside the target, are flushed to disk, and
//! the temporary file is renamed over the target.
//!
//! The temporary file is `.NAME.XXXXXX.tmp`: hidden, and not ending in `.json`, so a capture
//! killed before the rename leaves nothing that `stitch lock`, the emulator or a glob for
//! `*.json` would take for a card.

use std::io::Write;
use std::path::Path;

/// Replaces `path` with `bytes` atomically, creating its directory if needed.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        // tempfile creates files readable by their owner only; a card or lock file is not a
        // secret, so keep the target's mode, or the usual 0644.
        let mode = std::fs::metadata(path).map_or(0o644, |meta| meta.permissions().mode());
        std::fs::Permissions::from_mode(mode)
    };
    #[cfg(unix)]
    builder.permissions(permissions);
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    // The rename is durable once the directory is flushed too (not possible on every platform).
    if let Ok(directory) = std::fs::File::open(dir) {
        let _ = directory.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/card.json");
        write(&target, b"old").unwrap();
        write(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(target.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["card.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_everyone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("card.json");
        write(&target, b"{}").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}

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
    // tempfile creates files readable by their owner only; a card or lock file is not a
    // secret. A new file gets the mode `File::create` would give it (0666 less the umask); a
    // file replaced keeps its own mode, exactly (set after creation, where the umask does not
    // apply), as an editor saving it would.
    #[cfg(unix)]
    let kept = {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
        std::fs::metadata(path).ok().map(|meta| meta.permissions())
    };
    let mut temp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(kept) = kept {
        temp.as_file().set_permissions(kept)?;
    }
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
    fn new_files_get_the_mode_of_any_new_file_and_replaced_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().unwrap();
        // Whatever the umask: the mode `File::create` gives a file beside it, not tempfile's
        // owner-only 0600 (unless the umask makes that the mode of every new file).
        let reference = dir.path().join("reference");
        std::fs::File::create(&reference).unwrap();
        let target = dir.path().join("card.json");
        write(&target, b"{}").unwrap();
        assert_eq!(mode(&target), mode(&reference));
        // A file replaced keeps its mode, umask or not.
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&target, b"{ }").unwrap();
        assert_eq!(mode(&target), 0o640);
    }
}

//! Reading a card file (or a lock or properties file beside it) from disk, safely: a card is
//! data from outside, and a build must neither block nor run out of memory on it.
//!
//! Only regular files are read: a FIFO would block the build for ever and `/dev/zero` would be
//! read until memory runs out. Size is limited: the largest published card is about 60 KiB.

use std::io::{self, Read};
use std::path::Path;

/// The largest file read as a report card: far above any real card, far below trouble.
pub const MAX_CARD_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The bytes of the regular file at `path`, at most [`MAX_CARD_FILE_BYTES`] of them; an error
/// that says which rule the file broke otherwise.
pub fn read_bytes(path: &Path) -> io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file (a FIFO or a device could block or never end)",
        ));
    }
    let too_large = |size: u64| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is {size} bytes, over the limit of {MAX_CARD_FILE_BYTES} bytes (8 MiB) for a \
                 report card"
            ),
        )
    };
    if metadata.len() > MAX_CARD_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    // The file may grow between the two calls: read one byte past the limit to notice.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or_default());
    std::fs::File::open(path)?
        .take(MAX_CARD_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CARD_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read_bytes`], as UTF-8 text.
pub fn read_text(path: &Path) -> io::Result<String> {
    String::from_utf8(read_bytes(path)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused_before_they_are_opened() {
        for path in ["/dev/zero", "/dev/null", "/"] {
            let error = read_bytes(Path::new(path)).unwrap_err();
            assert!(
                error.to_string().contains("not a regular file"),
                "{path}: {error}"
            );
        }
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let path = std::env::temp_dir().join(format!("stitch-fifo-card-{}", std::process::id()));
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|status| status.success()) {
            // No mkfifo on this system: nothing to test.
            return;
        }
        // Opening a FIFO without a writer blocks: the test would hang if it were opened.
        let error = read_bytes(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_naming_the_limit() {
        let path = std::env::temp_dir().join(format!("stitch-large-card-{}", std::process::id()));
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_CARD_FILE_BYTES + 1).unwrap();
        let error = read_bytes(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(
            error
                .to_string()
                .contains("over the limit of 8388608 bytes (8 MiB)"),
            "{error}"
        );
    }
}

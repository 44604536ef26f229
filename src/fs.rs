//! Reading and writing files, for every part of yoron that touches the file system.
//!
//! Reads are bounded, so that a huge file or an endless device (`/dev/zero`) gives a clear
//! error instead of exhausting memory. Writes are atomic where that is possible: a
//! temporary file beside the target is renamed into place, so a failure never leaves a
//! partial file; a device or pipe is written directly (renaming over `/dev/null` would put
//! a plain file in its place), and a symbolic link keeps pointing where it did.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// The largest file or stream yoron reads whole into memory: 1 GiB. The tidy format's
/// bundled data is 0.2 MB; a larger input is far more likely a wrong path (a disk image,
/// `/dev/zero`) than a poll, and reading it would exhaust memory before failing.
pub(crate) const MAX_READ_BYTES: u64 = 1 << 30;

/// Reads a whole file, refusing a folder and anything larger than [`MAX_READ_BYTES`].
/// Errors name the path.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    read_file_limited(path, MAX_READ_BYTES)
}

fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::other("is a directory, expected a file"),
        ));
    }
    // A regular file says its size: refuse before reading. A device or a pipe does not,
    // and may never end: read at most one byte past the limit.
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(limit, Some(meta.len())).with_path(path));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_limited(file, limit).map_err(|e| e.with_path(path))
}

/// Reads a reader to its end, refusing more than [`MAX_READ_BYTES`].
pub(crate) fn read_all(reader: impl Read) -> Result<Vec<u8>> {
    read_limited(reader, MAX_READ_BYTES)
}

fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit, None));
    }
    Ok(bytes)
}

fn too_large(limit: u64, found: Option<u64>) -> Error {
    Error::new(ErrorKind::TooLarge { limit, found })
}

/// Writes `bytes` to `path` as [`write_atomic`] does.
#[cfg_attr(not(feature = "chart"), allow(dead_code))]
pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |w| Ok(w.write_all(bytes)?))
}

/// Writes through a temporary file in the same folder, then renames it into place, so a
/// failure leaves no partial file and an older file at `path` untouched. A folder is
/// refused; a device or pipe is written directly; through a symbolic link, the file it
/// points to is replaced and the link kept. Errors name `path`, not the temporary file.
pub(crate) fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<()>,
) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::io(
                path,
                std::io::Error::other("is a directory, expected a file"),
            ));
        }
        // A device or a pipe (/dev/stdout, /dev/null, a FIFO) has nothing to replace, and
        // renaming over it would put a plain file in its place (in /dev, as root): write
        // to it directly.
        Ok(m) if !m.is_file() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            let mut w = std::io::BufWriter::new(file);
            write(&mut w).map_err(|e| e.with_path(path))?;
            return w.flush().map_err(|e| Error::io(path, e));
        }
        _ => {}
    }
    // Through a symbolic link, replace the file it points to rather than the link.
    let resolved = std::fs::canonicalize(path).ok();
    let target = resolved.as_deref().unwrap_or(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        // Errors name the file asked for, not the temporary one.
        let file = std::fs::File::create(&tmp).map_err(|e| Error::io(path, e))?;
        let mut w = std::io::BufWriter::new(file);
        write(&mut w).map_err(|e| e.with_path(path))?;
        let file = w
            .into_inner()
            .map_err(|e| Error::io(path, e.into_error()))?;
        // On disk before the rename, so a crash cannot leave an empty file in its place.
        file.sync_all().map_err(|e| Error::io(path, e))?;
        std::fs::rename(&tmp, target).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_device_is_cut_at_the_limit() {
        let e = read_file_limited(Path::new("/dev/zero"), 1000).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::TooLarge {
                    limit: 1000,
                    found: None
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "/dev/zero: expected at most 1000 bytes, found more: is this the right file?"
        );
    }

    #[test]
    fn a_file_at_the_limit_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_file_limited(&p, 5).unwrap(), b"12345");
        assert!(read_file_limited(&p, 4).is_err());
        assert_eq!(read_all(&b"abc"[..]).unwrap(), b"abc");
    }

    #[test]
    fn a_folder_is_neither_read_nor_written() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_file(dir.path()).unwrap_err();
        assert!(
            e.to_string().ends_with("is a directory, expected a file"),
            "{e}"
        );
        let e = write_bytes(dir.path(), b"x").unwrap_err();
        assert!(e.is_io(), "{e}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_write_through_a_link_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_bytes(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}

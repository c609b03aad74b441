//! [`PartFile`]: a file written beside its final place (`.<name>.part`) and renamed over it
//! only when complete, so that a broken write never leaves a half file under the final name
//! nor destroys the file already there.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// A file being written; removed when dropped unless [`PartFile::commit`]ted.
#[derive(Debug)]
pub struct PartFile {
    part: PathBuf,
    target: PathBuf,
    folder: PathBuf,
    file: Option<tokio::fs::File>,
}

impl PartFile {
    /// Creates `.<name>.part` in the folder of `target`.
    pub async fn create(target: &Path) -> io::Result<PartFile> {
        let name = target.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "it does not name a file")
        })?;
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut part_name = OsString::from(".");
        part_name.push(name);
        part_name.push(".part");
        let part = folder.join(part_name);
        let file = tokio::fs::File::create(&part).await?;
        Ok(PartFile {
            part,
            target: target.to_path_buf(),
            folder,
            file: Some(file),
        })
    }

    /// Appends `bytes`.
    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.file.as_mut() {
            Some(file) => file.write_all(bytes).await,
            None => Err(io::Error::other("the file is already committed")),
        }
    }

    /// Flushes the file to disk and renames it over the target (then flushes the folder, so
    /// the rename survives a crash where the platform allows).
    pub async fn commit(mut self) -> io::Result<()> {
        let Some(mut file) = self.file.take() else {
            return Err(io::Error::other("the file is already committed"));
        };
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&self.part, &self.target).await?;
        // Renamed: nothing left to remove.
        self.part = PathBuf::new();
        #[cfg(unix)]
        if let Ok(dir) = tokio::fs::File::open(&self.folder).await {
            let _ = dir.sync_all().await;
        }
        Ok(())
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if !self.part.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}

/// Writes `bytes` to `target` through a [`PartFile`].
pub async fn write_whole(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = PartFile::create(target).await?;
    file.write(bytes).await?;
    file.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_replaces_the_target_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        let mut file = PartFile::create(&target).await.unwrap();
        file.write(b"new").await.unwrap();
        assert!(dir.path().join(".out.csv.part").exists());
        drop(file);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert!(
            !dir.path().join(".out.csv.part").exists(),
            "removed when dropped"
        );
        write_whole(&target, b"new").await.unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(!dir.path().join(".out.csv.part").exists());
    }
}

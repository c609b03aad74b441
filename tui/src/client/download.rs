//! [`Download`]: an answer being downloaded to a file, written so that a broken transfer
//! never leaves a half file under the final name nor destroys the file already there.

use std::path::Path;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::Response;

use super::error::{ClientError, Seconds};
use super::http::{innermost_cause, plain};
use crate::files::PartFile;

/// An open streamed answer whose status has already been checked: a refusal (`404
/// key-not-found`, `422 export-too-large`, a DataCash `esito: false`) came back as an error
/// before a `Download` existed, so no file is touched for it.
#[derive(Debug)]
pub struct Download {
    response: Response,
    /// The size the server announced (`Content-Length`).
    announced: Option<u64>,
    /// The longest pause allowed between two chunks.
    idle: Duration,
}

impl Download {
    /// Wraps a checked success answer; `idle` bounds each wait for the next chunk.
    pub(crate) fn new(response: Response, idle: Duration) -> Download {
        let announced = response
            .headers()
            .get(reqwest::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        Download {
            response,
            announced,
            idle,
        }
    }

    /// The size the server announced (`Content-Length`), if it did; a streamed CSV has none.
    pub fn content_length(&self) -> Option<u64> {
        self.announced
    }

    /// The answer's content type (`text/csv; charset=utf-8`, `application/pdf`), if any.
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The file name the server suggests (`Content-Disposition: attachment;
    /// filename="…"`), reduced to a plain name: no folder part, no leading dot, no control
    /// characters. `None` when there is none or nothing usable is left.
    pub fn file_name(&self) -> Option<String> {
        let header = self
            .response
            .headers()
            .get(reqwest::header::CONTENT_DISPOSITION)?
            .to_str()
            .ok()?;
        let raw = header.split(';').map(str::trim).find_map(|part| {
            let (name, value) = part.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("filename")
                .then(|| value.trim().trim_matches('"'))
        })?;
        let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
        let clean: String = base
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim_start_matches('.')
            .trim()
            .to_owned();
        (!clean.is_empty()).then_some(clean)
    }

    /// Reads the whole body into memory (for small answers).
    pub async fn bytes(mut self) -> Result<Bytes, ClientError> {
        let mut out = BytesMut::new();
        while let Some(chunk) = self.next_chunk().await? {
            out.extend_from_slice(&chunk);
        }
        self.check_length(out.len() as u64)?;
        Ok(out.freeze())
    }

    /// Streams the body to `path` and returns the bytes written; `progress` is called with
    /// the bytes written so far after each chunk.
    ///
    /// The chunks go to a temporary file in the same folder (`.<name>.part`), which is
    /// flushed to disk and then renamed over `path`: `path` is replaced only by a complete
    /// file, and an existing file there stays untouched if anything fails. On failure (or if
    /// this future is dropped) the temporary file is removed. Asking before replacing an
    /// existing file is the caller's business.
    pub async fn save_to(
        mut self,
        path: &Path,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, ClientError> {
        let shown = path.display().to_string();
        let file_error = |e: std::io::Error| ClientError::File {
            path: shown.clone(),
            reason: plain(&e.to_string()),
        };
        let mut file = PartFile::create(path).await.map_err(file_error)?;
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await? {
            file.write(&chunk).await.map_err(file_error)?;
            written += chunk.len() as u64;
            progress(written);
        }
        self.check_length(written)?;
        file.commit().await.map_err(file_error)?;
        Ok(written)
    }

    /// The next chunk, `None` at the end; a pause longer than `idle` or a broken connection
    /// is [`ClientError::Interrupted`].
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, ClientError> {
        match tokio::time::timeout(self.idle, self.response.chunk()).await {
            Err(_) => Err(ClientError::Interrupted {
                reason: format!("no data for {}", Seconds(self.idle)),
            }),
            Ok(Err(e)) => Err(ClientError::Interrupted {
                reason: innermost_cause(&e.without_url()),
            }),
            Ok(Ok(chunk)) => Ok(chunk),
        }
    }

    /// Checks the bytes received against the announced length.
    fn check_length(&self, received: u64) -> Result<(), ClientError> {
        match self.announced {
            Some(announced) if announced != received => Err(ClientError::Interrupted {
                reason: format!("the server sent {received} of the {announced} bytes it announced"),
            }),
            _ => Ok(()),
        }
    }
}

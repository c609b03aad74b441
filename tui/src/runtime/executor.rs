//! [`Executor`]: runs each [`Effect`] as a tokio task that sends its result back as an
//! [`Action`]. The UI loop only hands effects over; it never waits for one.

use super::clipboard::Clipboard;
use super::profiles::{Clients, Profiles};
use super::requests;
use crate::app::{Action, ApiError, Connected, Effect, ExportSource, StreamMessage};
use crate::client::{ClientError, StreamEvent};
use futures::{FutureExt, StreamExt};
use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

/// How often an export reports its progress at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The clients of the open profile, with the generation they belong to.
type Current = Arc<Mutex<Option<(u64, Arc<Clients>)>>>;

/// Runs effects.
pub struct Executor {
    tx: UnboundedSender<Action>,
    profiles: Profiles,
    clients: Current,
    stream: Option<JoinHandle<()>>,
    exports: HashMap<u64, JoinHandle<()>>,
    clipboard: Box<dyn Clipboard>,
}

impl Executor {
    /// An executor sending results on `tx`, opening `profiles`, copying with `clipboard`.
    pub fn new(
        tx: UnboundedSender<Action>,
        profiles: Profiles,
        clipboard: Box<dyn Clipboard>,
    ) -> Executor {
        Executor {
            tx,
            profiles,
            clients: Arc::new(Mutex::new(None)),
            stream: None,
            exports: HashMap::new(),
            clipboard,
        }
    }

    /// The profiles.
    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    /// Starts an effect. `Quit` is the loop's business and does nothing here.
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Connect {
                generation,
                profile,
            } => self.connect(generation, profile),
            Effect::Load {
                generation,
                request,
            } => {
                let resource = request.resource();
                self.with_clients(
                    generation,
                    move |clients| async move {
                        let result = requests::load(&clients, request).await;
                        Action::Loaded {
                            generation,
                            resource,
                            result,
                        }
                    },
                    move |message| Action::Loaded {
                        generation,
                        resource,
                        result: Err(ApiError::message(message)),
                    },
                );
            }
            Effect::Change { generation, change } => {
                let failed = change.clone();
                self.with_clients(
                    generation,
                    move |clients| async move {
                        let result = requests::change(&clients, change.clone()).await;
                        Action::Changed {
                            generation,
                            change,
                            result,
                        }
                    },
                    move |message| Action::Changed {
                        generation,
                        change: failed,
                        result: Err(ApiError::message(message)),
                    },
                );
            }
            Effect::OpenStream { generation } => self.open_stream(generation),
            Effect::After { delay, action } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    let _ = tx.send(*action);
                });
            }
            Effect::CheckExportPath { id, path } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let (exists, problem) = check_path(&expand(&path)).await;
                    let _ = tx.send(Action::ExportPathChecked {
                        id,
                        exists,
                        problem,
                    });
                });
            }
            Effect::Export {
                generation,
                id,
                source,
                path,
            } => {
                let Some(clients) = self.current(generation) else {
                    let _ = self.tx.send(Action::ExportDone {
                        id,
                        result: Err(ApiError::message("the profile is not open")),
                    });
                    return;
                };
                let tx = self.tx.clone();
                let task = tokio::spawn(async move {
                    let result = export(&clients, id, source, &expand(&path), &tx).await;
                    let _ = tx.send(Action::ExportDone {
                        id,
                        result: result.map_err(|e| to_api_error(&e)),
                    });
                });
                self.exports.insert(id, task);
            }
            Effect::CancelExport { id } => {
                if let Some(task) = self.exports.remove(&id) {
                    // Dropping the download removes its partial file.
                    task.abort();
                }
            }
            Effect::Copy(secret) => {
                let result = self
                    .clipboard
                    .copy(secret.expose())
                    .map_err(|e| e.to_string());
                let _ = self.tx.send(Action::Copied(result));
            }
            Effect::Job { generation, job } => {
                let Some(clients) = self.current(generation) else {
                    let _ = self.tx.send(Action::JobFailed {
                        generation,
                        message: "the profile is not open".to_owned(),
                    });
                    return;
                };
                let tx = self.tx.clone();
                let reply = super::jobs::Reply::new(tx.clone(), generation);
                tokio::spawn(async move {
                    let work = super::jobs::run(&clients, job, reply);
                    if let Err(panic) = AssertUnwindSafe(work).catch_unwind().await {
                        let _ = tx.send(Action::JobFailed {
                            generation,
                            message: format!("internal error: {}", panic_message(&panic)),
                        });
                    }
                });
            }
            Effect::Quit => {}
        }
    }

    fn current(&self, generation: u64) -> Option<Arc<Clients>> {
        let guard = self.clients.lock().ok()?;
        match guard.as_ref() {
            Some((g, clients)) if *g == generation => Some(clients.clone()),
            _ => None,
        }
    }

    /// Runs `work` with the clients of `generation` in a task; a panic in it becomes
    /// `failed("internal error…")` instead of a request that never ends.
    fn with_clients<W, F>(
        &self,
        generation: u64,
        work: W,
        failed: impl FnOnce(String) -> Action + Send + 'static,
    ) where
        W: FnOnce(Arc<Clients>) -> F + Send + 'static,
        F: Future<Output = Action> + Send + 'static,
    {
        let Some(clients) = self.current(generation) else {
            // Never leave a request without an answer: the state counts it in flight.
            let _ = self.tx.send(failed("the profile is not open".to_owned()));
            return;
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let action = match AssertUnwindSafe(work(clients)).catch_unwind().await {
                Ok(action) => action,
                Err(panic) => failed(format!("internal error: {}", panic_message(&panic))),
            };
            let _ = tx.send(action);
        });
    }

    fn connect(&mut self, generation: u64, profile: String) {
        if let Some(stream) = self.stream.take() {
            stream.abort();
        }
        for (_, task) in self.exports.drain() {
            task.abort();
        }
        if let Ok(mut clients) = self.clients.lock() {
            *clients = None;
        }
        let profiles = self.profiles.clone();
        let slot = self.clients.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let action = match profiles.open(&profile).await {
                Ok(opened) => {
                    if let Ok(mut clients) = slot.lock() {
                        *clients = Some((generation, Arc::new(opened.clients)));
                    }
                    Action::Connected(Connected {
                        generation,
                        profile: opened.name,
                        read_only: opened.read_only,
                        embedded: opened.embedded,
                        endpoints: opened.endpoints,
                    })
                }
                Err(message) => Action::ConnectFailed {
                    generation,
                    message,
                },
            };
            let _ = tx.send(action);
        });
    }

    fn open_stream(&mut self, generation: u64) {
        if let Some(stream) = self.stream.take() {
            stream.abort();
        }
        let Some(portal) = self.current(generation).and_then(|c| c.portal.clone()) else {
            return;
        };
        let tx = self.tx.clone();
        let send = move |event| tx.send(Action::Stream { generation, event }).is_ok();
        self.stream = Some(tokio::spawn(async move {
            let mut stream = match portal.events().await {
                Ok(stream) => stream,
                Err(e) => {
                    send(StreamMessage::Ended {
                        reason: Some(e.to_string()),
                    });
                    return;
                }
            };
            while let Some(item) = stream.next().await {
                let message = match item {
                    Ok(StreamEvent::Connected) => StreamMessage::Connected,
                    Ok(StreamEvent::Counter(event)) => StreamMessage::Counter(event),
                    Ok(StreamEvent::Lagged { missed }) => StreamMessage::Lagged { missed },
                    // One unreadable event is skipped; the stream goes on.
                    Err(ClientError::Malformed { .. }) => continue,
                    Err(e) => StreamMessage::Ended {
                        reason: Some(e.to_string()),
                    },
                };
                let ended = matches!(message, StreamMessage::Ended { .. });
                if !send(message) || ended {
                    return;
                }
            }
            send(StreamMessage::Ended { reason: None });
        }));
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        if let Some(stream) = self.stream.take() {
            stream.abort();
        }
        for (_, task) in self.exports.drain() {
            task.abort();
        }
    }
}

/// The text of a panic's payload.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a task failed".to_owned())
}

/// What the console keeps of a client error.
pub(super) fn to_api_error(error: &ClientError) -> ApiError {
    ApiError {
        message: error.to_string(),
        code: error.code().map(str::to_owned),
        status: error.status(),
    }
}

/// `~/…` made absolute.
fn expand(path: &Path) -> PathBuf {
    match path.strip_prefix("~") {
        Ok(rest) => match directories::BaseDirs::new() {
            Some(dirs) => dirs.home_dir().join(rest),
            None => path.to_path_buf(),
        },
        Err(_) => path.to_path_buf(),
    }
}

/// Whether a file is at `path`, and why the path cannot take an export, if it cannot.
async fn check_path(path: &Path) -> (bool, Option<String>) {
    let shown = path.display();
    if path.file_name().is_none() {
        return (false, Some(format!("{shown} does not name a file")));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match tokio::fs::metadata(&folder).await {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return (false, Some(format!("{} is not a folder", folder.display()))),
        Err(_) => {
            return (
                false,
                Some(format!("there is no folder {}", folder.display())),
            );
        }
    }
    match tokio::fs::metadata(path).await {
        Ok(meta) if meta.is_dir() => (true, Some(format!("{shown} is a folder: add a file name"))),
        Ok(_) => (true, None),
        Err(_) => (false, None),
    }
}

/// Writes an export to `path`, reporting progress as export `id`.
async fn export(
    clients: &Clients,
    id: u64,
    source: ExportSource,
    path: &Path,
    tx: &UnboundedSender<Action>,
) -> Result<u64, ClientError> {
    let missing = |what: &str| ClientError::File {
        path: path.display().to_string(),
        reason: format!("this profile has no {what}"),
    };
    let portal = || {
        clients
            .portal
            .as_ref()
            .ok_or_else(|| missing("account area"))
    };
    let download = match source {
        ExportSource::CounterDocuments {
            key_id,
            instance,
            format,
        } => {
            portal()?
                .counter_documents(&key_id, instance, format)
                .await?
        }
        ExportSource::StatsExport { target, from, to } => {
            portal()?.stats_export_csv(target, from, to).await?
        }
        ExportSource::StatsDaily { target, from, to } => {
            portal()?.stats_daily_csv(target, from, to).await?
        }
        ExportSource::Receipt { idtrx, gift } => {
            let datacash = clients
                .datacash
                .as_ref()
                .ok_or_else(|| missing("DataCash document API"))?;
            datacash.download_document(&idtrx, gift).await?
        }
        ExportSource::Text(text) => {
            crate::files::write_whole(path, text.as_bytes())
                .await
                .map_err(|e| ClientError::File {
                    path: path.display().to_string(),
                    reason: e.to_string().to_lowercase(),
                })?;
            return Ok(text.len() as u64);
        }
    };
    let mut last = Instant::now();
    let tx = tx.clone();
    download
        .save_to(path, move |bytes| {
            if last.elapsed() >= PROGRESS_EVERY {
                last = Instant::now();
                let _ = tx.send(Action::ExportProgress { id, bytes });
            }
        })
        .await
}

//! [`ExportJob`]: something going to a file — a counter's documents, the statistics' CSVs, a
//! receipt, a table the console made — from the path check and the overwrite question to the
//! progress and the end. One export at a time.

use super::effect::Effect;
use super::{Action, App};
use crate::format::bytes;
use crate::ui::theme::Level;
use chrono::NaiveDate;
use dckit_contracts::model::portal::{DocumentsFormat, Instance, StatsTarget};
use std::path::PathBuf;
use std::sync::Arc;

/// What an export writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportSource {
    /// The documents behind a counter (`documents.csv` / `.xlsx`), the server's bytes.
    CounterDocuments {
        /// The counter's key.
        key_id: String,
        /// The counter's instance.
        instance: Instance,
        /// CSV or Excel.
        format: DocumentsFormat,
    },
    /// "Esporta statistiche" (`stats/export.csv`), the server's bytes.
    StatsExport {
        /// The device or store.
        target: StatsTarget,
        /// The first day.
        from: NaiveDate,
        /// The last day, included.
        to: NaiveDate,
    },
    /// "Aggregati giornalieri" (`stats/daily.csv`), the server's bytes.
    StatsDaily {
        /// The device or store.
        target: StatsTarget,
        /// The first day.
        from: NaiveDate,
        /// The last day, included.
        to: NaiveDate,
    },
    /// A DataCash receipt as a PDF (`downloadDocument`), or its gift copy without prices.
    Receipt {
        /// The document.
        idtrx: String,
        /// The gift copy.
        gift: bool,
    },
    /// Text the console made itself (the WebService table as CSV).
    Text(Arc<str>),
}

/// One export, from the path check to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportJob {
    /// Its number (results of other exports are ignored).
    pub id: u64,
    /// What it writes.
    pub source: ExportSource,
    /// Where it goes.
    pub path: PathBuf,
    /// Where it is.
    pub stage: ExportStage,
}

/// Where an export is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportStage {
    /// The path is being checked.
    Checking,
    /// A file is there: waiting for the user to say whether to replace it.
    ConfirmOverwrite,
    /// Downloading.
    Running {
        /// Bytes written so far.
        bytes: u64,
    },
    /// Finished.
    Done {
        /// Bytes written.
        bytes: u64,
    },
    /// Failed (nothing was left at the path).
    Failed(String),
}

impl App {
    /// Starts checking where an export should go.
    pub(crate) fn begin_export(&mut self, source: ExportSource, path: PathBuf) -> Vec<Effect> {
        let id = self.next_export;
        self.next_export += 1;
        self.export = Some(ExportJob {
            id,
            source,
            path: path.clone(),
            stage: ExportStage::Checking,
        });
        vec![Effect::CheckExportPath { id, path }]
    }

    /// The user answered the overwrite question.
    pub(crate) fn answer_overwrite(&mut self, replace: bool) -> Vec<Effect> {
        let Some(job) = self.export.as_mut() else {
            return vec![];
        };
        if job.stage != ExportStage::ConfirmOverwrite {
            return vec![];
        }
        if replace {
            self.start_export()
        } else {
            self.export = None;
            vec![]
        }
    }

    /// Cancels the export under way.
    pub(crate) fn cancel_export(&mut self) -> Vec<Effect> {
        match self.export.take() {
            Some(job) if matches!(job.stage, ExportStage::Running { .. }) => {
                self.notify(
                    format!("export to {} cancelled", job.path.display()),
                    Level::Warning,
                );
                vec![Effect::CancelExport { id: job.id }]
            }
            other => {
                self.export = other;
                vec![]
            }
        }
    }

    fn start_export(&mut self) -> Vec<Effect> {
        let Some(job) = self.export.as_mut() else {
            return vec![];
        };
        job.stage = ExportStage::Running { bytes: 0 };
        vec![Effect::Export {
            generation: self.generation,
            id: job.id,
            source: job.source.clone(),
            path: job.path.clone(),
        }]
    }

    /// Applies an export action.
    pub(crate) fn on_export(&mut self, action: Action) -> Vec<Effect> {
        let Some(job) = self.export.as_mut() else {
            return vec![];
        };
        match action {
            Action::ExportPathChecked {
                id,
                exists,
                problem,
            } if id == job.id && job.stage == ExportStage::Checking => {
                if let Some(problem) = problem {
                    job.stage = ExportStage::Failed(problem);
                    vec![]
                } else if exists {
                    job.stage = ExportStage::ConfirmOverwrite;
                    vec![]
                } else {
                    self.start_export()
                }
            }
            Action::ExportProgress { id, bytes } if id == job.id => {
                if let ExportStage::Running { bytes: b } = &mut job.stage {
                    *b = bytes;
                }
                vec![]
            }
            Action::ExportDone { id, result } if id == job.id => {
                let path = job.path.display().to_string();
                match result {
                    Ok(written) => {
                        job.stage = ExportStage::Done { bytes: written };
                        let text = format!("saved {} to {path}", bytes(written));
                        self.notify(text, Level::Ok);
                    }
                    Err(error) => {
                        job.stage = ExportStage::Failed(error.message.clone());
                        self.notify(format!("export failed: {}", error.message), Level::Error);
                    }
                }
                vec![]
            }
            _ => vec![],
        }
    }
}

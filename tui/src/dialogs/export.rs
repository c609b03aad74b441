//! [`ExportDialog`]: where to save an export (a counter's documents, the statistics' CSVs, a
//! receipt, a table), the question when the file exists, and the export's progress and end.

use super::Reply;
use crate::app::{ExportJob, ExportSource, ExportStage, Field};
use crate::format::bytes;
use crate::ui::field;
use crate::ui::popup;
use crate::ui::theme::Theme;
use crate::ui::wrap::wrap;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use std::path::PathBuf;

/// The export dialog.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    /// What will be written.
    pub source: ExportSource,
    /// The dialog's title (`Export documents (CSV)`).
    pub title: String,
    /// What is exported, in a line (`key-1 “Cassa” · dco · 1.234 documents`).
    pub description: String,
    path: Field,
}

impl ExportDialog {
    /// The dialog, with `default_path` proposed.
    pub fn new(
        source: ExportSource,
        title: impl Into<String>,
        description: impl Into<String>,
        default_path: &str,
    ) -> ExportDialog {
        ExportDialog {
            source,
            title: title.into(),
            description: description.into(),
            path: Field::new(default_path, 1024),
        }
    }

    /// The path typed.
    pub fn path(&self) -> &str {
        self.path.text()
    }

    pub(super) fn paste(&mut self, text: &str) {
        self.path.paste(text);
    }

    pub(super) fn on_key(&mut self, key: KeyEvent, job: Option<&ExportJob>) -> Reply {
        match job.map(|j| &j.stage) {
            Some(ExportStage::Checking) => match key.code {
                KeyCode::Esc => Reply::Close,
                _ => Reply::Stay,
            },
            Some(ExportStage::ConfirmOverwrite) => match key.code {
                KeyCode::Char('y' | 'Y') => Reply::Overwrite(true),
                KeyCode::Char('n' | 'N') | KeyCode::Esc | KeyCode::Enter => Reply::Overwrite(false),
                _ => Reply::Stay,
            },
            Some(ExportStage::Running { .. }) => match key.code {
                KeyCode::Char('c') => Reply::CancelExport,
                KeyCode::Esc | KeyCode::Enter => Reply::Close,
                _ => Reply::Stay,
            },
            Some(ExportStage::Done { .. }) => match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => Reply::Close,
                _ => Reply::Stay,
            },
            Some(ExportStage::Failed(_)) | None => match key.code {
                KeyCode::Esc => Reply::Close,
                KeyCode::Enter if !self.path().trim().is_empty() => {
                    Reply::StartExport(PathBuf::from(self.path().trim()))
                }
                _ => {
                    self.path.input(key);
                    Reply::Stay
                }
            },
        }
    }

    pub(super) fn view(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        job: Option<&ExportJob>,
    ) {
        let width = 72.min(area.width.saturating_sub(2));
        let text_width = usize::from(width.saturating_sub(4));
        let stage = job.map(|j| &j.stage);
        let (hint, lines): (&[(&str, &str)], Vec<Line>) = match stage {
            None => (&[("Enter", "export"), ("Esc", "cancel")], vec![]),
            Some(ExportStage::Checking) => (
                &[("Esc", "close")],
                vec![Line::styled("Checking the path…", theme.dim())],
            ),
            Some(ExportStage::ConfirmOverwrite) => (
                &[("y", "replace"), ("n", "keep it")],
                vec![Line::styled(
                    "A file is already there. Replace it? (y/n)",
                    theme.warning(),
                )],
            ),
            Some(ExportStage::Running { bytes: written }) => (
                &[("c", "cancel"), ("Esc", "hide")],
                vec![
                    Line::styled(
                        format!("Exporting… {} written", bytes(*written)),
                        theme.accent(),
                    ),
                    Line::styled("Esc hides this dialog; the export goes on.", theme.dim()),
                ],
            ),
            Some(ExportStage::Done { bytes: written }) => (
                &[("Enter", "close")],
                vec![Line::styled(
                    format!("Saved: {}.", bytes(*written)),
                    theme.ok(),
                )],
            ),
            Some(ExportStage::Failed(message)) => (
                &[("Enter", "retry"), ("Esc", "close")],
                wrap(message, text_width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.error()))
                    .collect(),
            ),
        };
        let outer = popup::centered(area, width, 8 + lines.len() as u16);
        let inner = popup::frame(frame, outer, &self.title, hint, theme);
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        Line::styled(self.description.as_str(), theme.dim()).render(row(0), buf);
        let editing = matches!(stage, None | Some(ExportStage::Failed(_)));
        field::render(&self.path, "Save to ", 8, editing, theme, row(2), buf);
        Line::styled(
            "Relative to the folder dckit started in; ~/ is your home.",
            theme.dim(),
        )
        .render(row(3), buf);
        for (i, line) in lines.into_iter().enumerate() {
            line.render(row(5 + i as u16), buf);
        }
    }
}

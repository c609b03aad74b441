//! [`RenameForm`]: a key's new label.

use super::Reply;
use super::key_form::LABEL_MAX;
use crate::app::{Change, Field};
use crate::ui::field;
use crate::ui::popup;
use crate::ui::theme::Theme;
use crate::ui::wrap::wrap;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// The form for a key's label.
#[derive(Clone, Debug)]
pub struct RenameForm {
    key_id: String,
    masked: String,
    label: Field,
    /// The server's refusal of the last attempt.
    pub error: Option<String>,
    /// Whether the request is under way.
    pub submitting: bool,
}

impl RenameForm {
    /// The form for key `key_id` (shown by its mask), holding its current label.
    pub fn new(key_id: &str, masked: &str, label: &str) -> RenameForm {
        RenameForm {
            key_id: key_id.to_owned(),
            masked: masked.to_owned(),
            label: Field::new(label, LABEL_MAX),
            error: None,
            submitting: false,
        }
    }

    /// The key being renamed.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub(super) fn paste(&mut self, text: &str) {
        self.label.paste(text);
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Esc => Reply::Close,
            _ if self.submitting => Reply::Stay,
            KeyCode::Enter => {
                self.submitting = true;
                self.error = None;
                Reply::Submit(Change::RenameKey {
                    id: self.key_id.clone(),
                    label: self.label.text().trim().to_owned(),
                })
            }
            _ => {
                if self.label.input(key) {
                    self.error = None;
                }
                Reply::Stay
            }
        }
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = 64.min(area.width.saturating_sub(2));
        let error = self
            .error
            .as_ref()
            .map(|e| wrap(e, usize::from(width.saturating_sub(4))))
            .unwrap_or_default();
        let outer = popup::centered(area, width, 7 + error.len() as u16);
        let inner = popup::frame(
            frame,
            outer,
            "Rename key",
            &[("Enter", "save"), ("Esc", "cancel")],
            theme,
        );
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        Line::styled(format!("{} ({})", self.masked, self.key_id), theme.dim()).render(row(0), buf);
        field::render(
            &self.label,
            "Label ",
            7,
            !self.submitting,
            theme,
            row(2),
            buf,
        );
        for (i, line) in error.iter().enumerate() {
            Line::styled(line.as_str(), theme.error()).render(row(4 + i as u16), buf);
        }
        if self.submitting {
            Line::styled("Saving…", theme.accent()).render(row(4), buf);
        }
    }
}

//! [`Message`]: a refusal or a notice in the server's words, with at most one shortcut to
//! the way out (at the key limit: buy an add-on).

use super::Reply;
use crate::keymap::Command;
use crate::screens::ScreenId;
use crate::ui::popup;
use crate::ui::theme::{Level, Theme};
use crate::ui::wrap::wrap;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A way out offered by a message: a key that goes to a screen and runs a command there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortcut {
    /// The key.
    pub key: char,
    /// What it does, for the hint (`buy an add-on`).
    pub label: String,
    /// Where it goes.
    pub screen: ScreenId,
    /// What it runs there.
    pub command: Command,
}

/// A message dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The title.
    pub title: String,
    /// The words.
    pub text: String,
    /// How serious.
    pub level: Level,
    /// The way out, if any.
    pub shortcut: Option<Shortcut>,
}

impl Message {
    /// A refusal, in the server's words.
    pub fn error(title: impl Into<String>, text: impl Into<String>) -> Message {
        Message {
            title: title.into(),
            text: text.into(),
            level: Level::Error,
            shortcut: None,
        }
    }

    /// The same message with a shortcut.
    pub fn with_shortcut(mut self, shortcut: Shortcut) -> Message {
        self.shortcut = Some(shortcut);
        self
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        match (key.code, &self.shortcut) {
            (KeyCode::Char(c), Some(shortcut)) if c == shortcut.key => {
                Reply::Shortcut(shortcut.screen, shortcut.command)
            }
            (KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q'), _) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = 64.min(area.width.saturating_sub(2));
        let lines = wrap(&self.text, usize::from(width.saturating_sub(4)));
        let extra = if self.shortcut.is_some() { 2 } else { 0 };
        let outer = popup::centered(area, width, lines.len() as u16 + 4 + extra);
        let key;
        let mut hint: Vec<(&str, &str)> = vec![];
        if let Some(shortcut) = &self.shortcut {
            key = shortcut.key.to_string();
            hint.push((key.as_str(), shortcut.label.as_str()));
        }
        hint.push(("Esc", "close"));
        let inner = popup::frame(frame, outer, &self.title, &hint, theme);
        let mut text: Vec<Line> = lines
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.level(self.level)))
            .collect();
        if let Some(shortcut) = &self.shortcut {
            text.push(Line::raw(""));
            text.push(Line::from(vec![
                Span::raw(" Press "),
                Span::styled(shortcut.key.to_string(), theme.key()),
                Span::raw(format!(" to {}.", shortcut.label)),
            ]));
        }
        frame.render_widget(
            Paragraph::new(text),
            inner.inner(ratatui::layout::Margin::new(0, 1)),
        );
    }
}

//! [`ProfilePicker`]: the profiles to switch to, like k9s contexts.

use super::Reply;
use crate::app::ListCursor;
use crate::keymap::Command;
use crate::ui::popup;
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

/// The profile list.
#[derive(Clone, Debug)]
pub struct ProfilePicker {
    names: Vec<String>,
    current: String,
    cursor: ListCursor,
}

impl ProfilePicker {
    /// The picker over `names`, on the `current` profile.
    pub fn new(names: Vec<String>, current: &str) -> ProfilePicker {
        let mut cursor = ListCursor::default();
        let index = names.iter().position(|n| n == current).unwrap_or(0);
        cursor.select(index, names.len(), names.len());
        ProfilePicker {
            names,
            current: current.to_owned(),
            cursor,
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        let command = match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return Reply::Close,
            KeyCode::Enter => {
                return match self.names.get(self.cursor.selected()) {
                    Some(name) if *name == self.current => Reply::Close,
                    Some(name) => Reply::SwitchProfile(name.clone()),
                    None => Reply::Close,
                };
            }
            KeyCode::Up | KeyCode::Char('k') => Command::Up,
            KeyCode::Down | KeyCode::Char('j') => Command::Down,
            KeyCode::Home | KeyCode::Char('g') => Command::Top,
            KeyCode::End | KeyCode::Char('G') => Command::Bottom,
            _ => return Reply::Stay,
        };
        self.cursor
            .apply(command, self.names.len(), self.names.len());
        Reply::Stay
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let height = (self.names.len() as u16 + 2)
            .min(area.height.saturating_sub(2))
            .max(3);
        let outer = popup::centered(area, 40.min(area.width), height);
        let inner = popup::frame(
            frame,
            outer,
            "Profiles",
            &[("Enter", "open"), ("Esc", "close")],
            theme,
        );
        let items: Vec<ListItem> = self
            .names
            .iter()
            .map(|name| {
                let mark = if *name == self.current { "● " } else { "  " };
                ListItem::new(Line::from(vec![
                    Span::styled(mark, theme.ok()),
                    Span::raw(name.as_str()),
                ]))
            })
            .collect();
        let list = List::new(items).highlight_style(theme.selection());
        let mut state = ListState::default().with_selected(Some(self.cursor.selected()));
        frame.render_stateful_widget(list, inner, &mut state);
    }
}

//! [`Confirm`]: the question before a destructive or costly change, naming what will happen.
//! The safe answer has the focus, so a stray Enter changes nothing.

use super::Reply;
use crate::app::Change;
use crate::screens::Job;
use crate::ui::popup;
use crate::ui::theme::Theme;
use crate::ui::wrap::wrap;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What a confirmation does on yes: a change of the account area, or a screen's job.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Make this change.
    Change(Change),
    /// Run this job.
    Job(Job),
}

impl From<Change> for Then {
    fn from(change: Change) -> Then {
        Then::Change(change)
    }
}

impl From<Job> for Then {
    fn from(job: Job) -> Then {
        Then::Job(job)
    }
}

/// A confirmation.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// The dialog's title (`Deactivate key`).
    pub title: String,
    /// What will happen, in sentences.
    pub text: String,
    /// The word on the button that goes ahead (`Deactivate`).
    pub action: String,
    /// What happens on yes.
    pub then: Then,
    /// Whether the go-ahead button has the focus.
    pub yes_focused: bool,
}

impl Confirm {
    /// A confirmation with the focus on Cancel.
    pub fn new(
        title: impl Into<String>,
        text: impl Into<String>,
        action: impl Into<String>,
        then: impl Into<Then>,
    ) -> Confirm {
        Confirm {
            title: title.into(),
            text: text.into(),
            action: action.into(),
            then: then.into(),
            yes_focused: false,
        }
    }

    fn yes(&self) -> Reply {
        match &self.then {
            Then::Change(change) => Reply::Submit(change.clone()),
            Then::Job(job) => Reply::Run(job.clone()),
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Char('y' | 'Y') => self.yes(),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Reply::Close,
            KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Char('h' | 'l') => {
                self.yes_focused = !self.yes_focused;
                Reply::Stay
            }
            KeyCode::Enter if self.yes_focused => self.yes(),
            KeyCode::Enter => Reply::Close,
            _ => Reply::Stay,
        }
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = 60.min(area.width.saturating_sub(4)).max(30);
        let lines = wrap(&self.text, usize::from(width.saturating_sub(4)));
        let height = lines.len() as u16 + 6;
        let outer = popup::centered(area, width, height);
        let inner = popup::frame(
            frame,
            outer,
            &self.title,
            &[("y", "yes"), ("n/Esc", "no")],
            theme,
        );
        let mut text: Vec<Line> = lines
            .into_iter()
            .map(|l| Line::from(format!(" {l}")))
            .collect();
        text.push(Line::raw(""));
        let button = |label: &str, focused: bool| {
            let style = if focused {
                theme.selection()
            } else {
                theme.text()
            };
            Span::styled(format!("[ {label} ]"), style)
        };
        text.push(
            Line::from(vec![
                button("Cancel", !self.yes_focused),
                Span::raw("   "),
                button(&self.action, self.yes_focused),
            ])
            .centered(),
        );
        frame.render_widget(
            Paragraph::new(text),
            inner.inner(ratatui::layout::Margin::new(0, 1)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn confirm() -> Confirm {
        Confirm::new("Sign", "Sign the contract?", "Sign", Change::SignContract)
    }

    fn press(dialog: &mut Confirm, code: KeyCode) -> Reply {
        dialog.on_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn a_stray_enter_cancels_and_y_confirms() {
        assert!(matches!(
            press(&mut confirm(), KeyCode::Enter),
            Reply::Close
        ));
        assert!(matches!(
            press(&mut confirm(), KeyCode::Char('x')),
            Reply::Stay
        ));
        assert!(matches!(
            press(&mut confirm(), KeyCode::Char('y')),
            Reply::Submit(Change::SignContract)
        ));
        let mut dialog = confirm();
        press(&mut dialog, KeyCode::Tab);
        assert!(matches!(
            press(&mut dialog, KeyCode::Enter),
            Reply::Submit(Change::SignContract)
        ));
        assert!(matches!(press(&mut confirm(), KeyCode::Esc), Reply::Close));
    }
}

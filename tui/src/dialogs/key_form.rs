//! [`KeyForm`]: a new API key — its partita IVA, checked as it is typed with the same
//! validator the server uses (and its Italian message), and a label.

use super::Reply;
use crate::app::{Change, Field};
use crate::ui::field;
use crate::ui::popup;
use crate::ui::theme::Theme;
use crate::ui::wrap::wrap;
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::fiscal::PartitaIva;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The most characters a label may have (the server's rule).
pub(super) const LABEL_MAX: usize = 64;

/// The form for a new key.
#[derive(Clone, Debug)]
pub struct KeyForm {
    partita_iva: Field,
    label: Field,
    focus: usize,
    /// Key slots `(used, allowed)` when known, to say how many are left.
    slots: Option<(u32, u32)>,
    /// The server's refusal of the last attempt.
    pub error: Option<String>,
    /// Whether the request is under way.
    pub submitting: bool,
}

impl KeyForm {
    /// An empty form, the partita IVA filled with `partita_iva` (the account's).
    pub fn new(partita_iva: &str, slots: Option<(u32, u32)>) -> KeyForm {
        KeyForm {
            partita_iva: Field::new(partita_iva, 16),
            label: Field::new("", LABEL_MAX),
            focus: 0,
            slots,
            error: None,
            submitting: false,
        }
    }

    /// What the validator says of the partita IVA typed: `None` when it is valid.
    pub fn partita_iva_problem(&self) -> Option<String> {
        PartitaIva::parse(self.partita_iva.text().trim())
            .err()
            .map(|e| e.to_string())
    }

    fn focused(&mut self) -> &mut Field {
        if self.focus == 0 {
            &mut self.partita_iva
        } else {
            &mut self.label
        }
    }

    pub(super) fn paste(&mut self, text: &str) {
        if self.focused().paste(text) {
            self.error = None;
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        if self.submitting {
            return match key.code {
                KeyCode::Esc => Reply::Close,
                _ => Reply::Stay,
            };
        }
        match key.code {
            KeyCode::Esc => Reply::Close,
            KeyCode::Tab | KeyCode::Down | KeyCode::BackTab | KeyCode::Up => {
                self.focus = 1 - self.focus;
                Reply::Stay
            }
            KeyCode::Enter => {
                if self.partita_iva_problem().is_some() {
                    self.focus = 0;
                    return Reply::Stay;
                }
                self.submitting = true;
                self.error = None;
                Reply::Submit(Change::CreateKey {
                    partita_iva: self.partita_iva.text().trim().to_owned(),
                    label: self.label.text().trim().to_owned(),
                })
            }
            _ => {
                if self.focused().input(key) {
                    self.error = None;
                }
                Reply::Stay
            }
        }
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = 64.min(area.width.saturating_sub(2));
        let text_width = usize::from(width.saturating_sub(4));
        let problem = self.partita_iva_problem();
        let message = match (&self.error, &problem) {
            (Some(error), _) => Some((error.clone(), theme.error())),
            (None, Some(problem)) if !self.partita_iva.text().is_empty() => {
                Some((problem.clone(), theme.warning()))
            }
            (None, Some(_)) => Some((
                "11 digits, with a valid office code and check digit.".to_owned(),
                theme.dim(),
            )),
            (None, None) => Some(("✓ valid partita IVA".to_owned(), theme.ok())),
        };
        let message_lines = message
            .as_ref()
            .map(|(m, _)| wrap(m, text_width.saturating_sub(13)))
            .unwrap_or_default();
        let height = 9 + message_lines.len() as u16;
        let outer = popup::centered(area, width, height);
        let hint: &[(&str, &str)] = if self.submitting {
            &[("Esc", "close")]
        } else {
            &[
                ("Enter", "create"),
                ("Tab", "next field"),
                ("Esc", "cancel"),
            ]
        };
        let inner = popup::frame(frame, outer, "New API key", hint, theme);
        let row = |n: u16| popup::row(inner, n);
        let slots = match self.slots {
            Some((used, allowed)) => format!("Key slots: {used} / {allowed} in use."),
            None => String::new(),
        };
        Line::styled(slots, theme.dim()).render(row(0), frame.buffer_mut());
        let buf = frame.buffer_mut();
        field::render(
            &self.partita_iva,
            "Partita IVA ",
            13,
            self.focus == 0 && !self.submitting,
            theme,
            row(2),
            buf,
        );
        let mut y = 3;
        if let Some((_, style)) = &message {
            for line in &message_lines {
                Line::from(Span::styled(format!("             {line}"), *style))
                    .render(row(y), buf);
                y += 1;
            }
        }
        y += 1;
        field::render(
            &self.label,
            "Label       ",
            13,
            self.focus == 1 && !self.submitting,
            theme,
            row(y),
            buf,
        );
        y += 1;
        Line::styled(
            format!("             up to {LABEL_MAX} characters; may be empty"),
            theme.dim(),
        )
        .render(row(y), buf);
        if self.submitting {
            Paragraph::new(Line::styled("Creating the key…", theme.accent()))
                .render(row(y + 2), buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(form: &mut KeyForm, code: KeyCode) -> Reply {
        form.on_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn typed(form: &mut KeyForm, text: &str) {
        for c in text.chars() {
            press(form, KeyCode::Char(c));
        }
    }

    #[test]
    fn the_partita_iva_is_checked_as_it_is_typed() {
        let mut form = KeyForm::new("", Some((2, 3)));
        typed(&mut form, "0123456001");
        let problem = form.partita_iva_problem().unwrap();
        assert!(problem.contains("11"), "{problem}");
        typed(&mut form, "7");
        assert_eq!(form.partita_iva_problem(), None);
    }

    #[test]
    fn enter_submits_only_a_valid_partita_iva() {
        let mut form = KeyForm::new("12345", None);
        assert!(matches!(press(&mut form, KeyCode::Enter), Reply::Stay));
        assert!(!form.submitting);
        let mut form = KeyForm::new("01234560017", None);
        press(&mut form, KeyCode::Tab);
        typed(&mut form, "Cassa 3");
        match press(&mut form, KeyCode::Enter) {
            Reply::Submit(Change::CreateKey { partita_iva, label }) => {
                assert_eq!(
                    (partita_iva.as_str(), label.as_str()),
                    ("01234560017", "Cassa 3")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(form.submitting);
        assert!(
            matches!(press(&mut form, KeyCode::Enter), Reply::Stay),
            "no second submit"
        );
    }
}

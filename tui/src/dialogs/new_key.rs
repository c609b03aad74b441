//! [`NewKeyReveal`]: the clear value of a key just created — the one time the console shows a
//! whole key. It offers a copy to the clipboard over OSC 52 (which works through SSH and tmux)
//! and warns before closing that the key will not be shown again.

use super::Reply;
use crate::app::{Effect, NewKey};
use crate::ui::popup;
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The reveal dialog.
#[derive(Clone, Debug)]
pub struct NewKeyReveal {
    key: NewKey,
    /// Whether the key was sent to the clipboard.
    pub copied: bool,
    warned: bool,
}

impl NewKeyReveal {
    /// The dialog for a key just created.
    pub fn new(key: NewKey) -> NewKeyReveal {
        NewKeyReveal {
            key,
            copied: false,
            warned: false,
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Char('c' | 'y') => {
                self.copied = true;
                Reply::Effects(vec![Effect::Copy(self.key.secret.clone())])
            }
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => {
                if self.copied || self.warned {
                    Reply::Close
                } else {
                    self.warned = true;
                    Reply::Stay
                }
            }
            _ => Reply::Stay,
        }
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let secret = self.key.secret.expose();
        let width =
            (secret.chars().count() as u16 + 6).clamp(72, area.width.saturating_sub(2).max(20));
        let outer = popup::centered(area, width, 12);
        let hint: &[(&str, &str)] = &[("c", "copy"), ("Enter", "close")];
        let inner = popup::frame(frame, outer, "New API key", hint, theme);
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        let k = &self.key.key;
        Line::from(vec![
            Span::raw(format!("{} ", k.id)),
            Span::styled(
                if k.label.is_empty() {
                    "(no label)".to_owned()
                } else {
                    format!("“{}”", k.label)
                },
                theme.accent(),
            ),
            Span::styled(format!(" · partita IVA {}", k.partita_iva), theme.dim()),
        ])
        .render(row(0), buf);
        Line::from(Span::styled(secret, theme.selection()))
            .centered()
            .render(row(2), buf);
        Line::styled(
            "Copy it now: this is the only time the key is shown.",
            theme.warning(),
        )
        .render(row(4), buf);
        Line::styled(
            "The server keeps only its hash; the list shows it masked.",
            theme.dim(),
        )
        .render(row(5), buf);
        let status = if self.copied {
            Line::styled(
                "Sent to your terminal's clipboard (OSC 52). Paste it to check.",
                theme.ok(),
            )
        } else if self.warned {
            Line::styled(
                "Not copied. Press Enter again to close: the key will be gone.",
                theme.error(),
            )
        } else {
            Line::from(vec![
                Span::raw("Press "),
                Span::styled("c", theme.key()),
                Span::raw(" to copy it to the clipboard."),
            ])
        };
        status.render(row(7), buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crossterm::event::KeyModifiers;
    use dckit_contracts::model::portal::{ApiKey, KeyState};

    fn dialog() -> NewKeyReveal {
        NewKeyReveal::new(NewKey {
            key: ApiKey {
                id: "key-4".into(),
                label: "Cassa 3".into(),
                partita_iva: "01234567897".into(),
                masked_key: "dk_live_ab12…wxyz".into(),
                state: KeyState::Active,
                created_at: "2026-02-15T10:31:07+01:00".parse().unwrap(),
                deactivated_at: None,
            },
            secret: Secret::new("dk_live_ab12cd34ef56gh78ij90kl12wxyz"),
        })
    }

    fn press(d: &mut NewKeyReveal, code: KeyCode) -> Reply {
        d.on_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn closing_without_copying_takes_a_second_press() {
        let mut d = dialog();
        assert!(matches!(press(&mut d, KeyCode::Enter), Reply::Stay));
        assert!(matches!(press(&mut d, KeyCode::Enter), Reply::Close));
    }

    #[test]
    fn c_copies_the_clear_key() {
        let mut d = dialog();
        match press(&mut d, KeyCode::Char('c')) {
            Reply::Effects(effects) => match effects.as_slice() {
                [Effect::Copy(secret)] => {
                    assert_eq!(secret.expose(), "dk_live_ab12cd34ef56gh78ij90kl12wxyz");
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
        assert!(matches!(press(&mut d, KeyCode::Esc), Reply::Close));
    }
}

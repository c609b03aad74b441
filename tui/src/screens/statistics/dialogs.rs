//! The statistics' dialogs: the device-or-store picker and the range form.

use super::range::{Preset, Range, check};
use super::{Msg, Targets};
use crate::app::{App, Field, ListCursor};
use crate::dialogs::Reply;
use crate::keymap::Command;
use crate::screens;
use crate::ui::field;
use crate::ui::popup;
use crate::ui::wrap::wrap;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::StatsTarget;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Widget};

/// A dialog of the statistics screen.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// Which device or store.
    Target(TargetPicker),
    /// Which days.
    Range(RangeForm),
}

impl Dialog {
    /// Answers a key.
    pub fn on_key(&mut self, key: KeyEvent) -> Reply {
        match self {
            Dialog::Target(d) => d.on_key(key),
            Dialog::Range(d) => d.on_key(key),
        }
    }

    /// Takes pasted text into the focused field.
    pub fn paste(&mut self, text: &str) {
        if let Dialog::Range(d) = self {
            d.paste(text);
        }
    }

    /// Draws the dialog over `area`.
    pub fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        match self {
            Dialog::Target(d) => d.view(app, frame, area),
            Dialog::Range(d) => d.view(app, frame, area),
        }
    }
}

/// The stores and devices to choose from.
#[derive(Clone, Debug)]
pub struct TargetPicker {
    items: Vec<(StatsTarget, String)>,
    cursor: ListCursor,
}

impl TargetPicker {
    /// The picker over `targets`, on `current`.
    pub fn new(targets: &Targets, current: Option<&StatsTarget>) -> TargetPicker {
        let mut items = vec![];
        for store in &targets.stores {
            let address = store
                .address
                .as_deref()
                .map_or_else(String::new, |a| format!(" · {a}"));
            items.push((
                StatsTarget::Store(store.id.clone()),
                format!("Store  {}{address}", store.name),
            ));
        }
        for device in &targets.devices {
            let store = targets
                .stores
                .iter()
                .find(|s| s.id == device.store_id)
                .map_or(device.store_id.as_str(), |s| s.name.as_str());
            items.push((
                StatsTarget::Device(device.id.clone()),
                format!("Device {} · store {store}", device.name),
            ));
        }
        let mut cursor = ListCursor::default();
        let at = current
            .and_then(|c| items.iter().position(|(t, _)| t == c))
            .unwrap_or(0);
        cursor.select(at, items.len(), items.len());
        TargetPicker { items, cursor }
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        let command = match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return Reply::Close,
            KeyCode::Enter => {
                return match self.items.get(self.cursor.selected()) {
                    Some((target, _)) => {
                        Reply::Msg(screens::Msg::Statistics(Msg::Target(target.clone())))
                    }
                    None => Reply::Close,
                };
            }
            KeyCode::Up | KeyCode::Char('k') => Command::Up,
            KeyCode::Down | KeyCode::Char('j') => Command::Down,
            KeyCode::PageUp => Command::PageUp,
            KeyCode::PageDown => Command::PageDown,
            KeyCode::Home | KeyCode::Char('g') => Command::Top,
            KeyCode::End | KeyCode::Char('G') => Command::Bottom,
            _ => return Reply::Stay,
        };
        self.cursor.apply(command, self.items.len(), 10);
        Reply::Stay
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let height = (self.items.len() as u16 + 2).clamp(3, area.height.saturating_sub(2));
        let outer = popup::centered(area, 64.min(area.width.saturating_sub(2)), height);
        let inner = popup::frame(
            frame,
            outer,
            "Statistics of",
            &[("Enter", "choose"), ("Esc", "close")],
            theme,
        );
        let width = usize::from(inner.width);
        let items: Vec<ListItem> = self
            .items
            .iter()
            .map(|(_, label)| ListItem::new(crate::format::truncate(label, width)))
            .collect();
        let list = List::new(items).highlight_style(theme.selection());
        let mut state = ListState::default().with_selected(Some(self.cursor.selected()));
        frame.render_stateful_widget(list, inner, &mut state);
    }
}

/// The days: a preset, or typed `YYYY-MM-DD`.
#[derive(Clone, Debug)]
pub struct RangeForm {
    today: NaiveDate,
    preset: usize,
    from: Field,
    to: Field,
    /// 0: the presets, 1: from, 2: to.
    focus: usize,
    error: Option<String>,
}

impl RangeForm {
    /// The form on `range`, the presets computed on `today`.
    pub fn new(range: Range, today: NaiveDate) -> RangeForm {
        let preset = range
            .preset
            .and_then(|p| Preset::ALL.iter().position(|q| *q == p))
            .unwrap_or(Preset::ALL.len());
        RangeForm {
            today,
            preset,
            from: Field::new(&range.from.to_string(), 10),
            to: Field::new(&range.to.to_string(), 10),
            focus: if preset < Preset::ALL.len() { 0 } else { 1 },
            error: None,
        }
    }

    fn paste(&mut self, text: &str) {
        let pasted = match self.focus {
            1 => self.from.paste(text),
            2 => self.to.paste(text),
            _ => false,
        };
        if pasted {
            self.typed();
        }
    }

    /// The days were typed: no preset any more.
    fn typed(&mut self) {
        self.preset = Preset::ALL.len();
        self.error = None;
    }

    /// The range the form says, or the server's words for what is wrong with it.
    fn range(&self) -> Result<Range, String> {
        let day = |field: &str, text: &str| -> Result<NaiveDate, String> {
            let shaped = text.len() == 10
                && text.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            text.parse::<NaiveDate>()
                .ok()
                .filter(|_| shaped)
                .ok_or_else(|| {
                    ErrorCode::PortalStatsDateInvalid
                        .with(&[("field", field), ("value", text)])
                        .message
                })
        };
        let range = match Preset::ALL.get(self.preset) {
            Some(preset) => preset.range(self.today),
            None => Range {
                from: day("from", self.from.text().trim())?,
                to: day("to", self.to.text().trim())?,
                preset: None,
            },
        };
        check(range)?;
        Ok(range)
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Esc => return Reply::Close,
            KeyCode::Enter => {
                return match self.range() {
                    Ok(range) => Reply::Msg(screens::Msg::Statistics(Msg::Range(range))),
                    Err(message) => {
                        self.error = Some(message);
                        Reply::Stay
                    }
                };
            }
            KeyCode::Tab => self.focus = (self.focus + 1) % 3,
            KeyCode::BackTab => self.focus = (self.focus + 2) % 3,
            KeyCode::Up | KeyCode::Char('k') if self.focus == 0 => {
                self.preset = self.preset.saturating_sub(1).min(Preset::ALL.len() - 1);
                self.show_preset();
            }
            KeyCode::Down | KeyCode::Char('j') if self.focus == 0 => {
                self.preset = (self.preset + 1).min(Preset::ALL.len() - 1);
                self.show_preset();
            }
            _ if self.focus == 1 && self.from.input(key) => self.typed(),
            _ if self.focus == 2 && self.to.input(key) => self.typed(),
            _ => {}
        }
        Reply::Stay
    }

    /// Puts the chosen preset's days in the fields.
    fn show_preset(&mut self) {
        if let Some(preset) = Preset::ALL.get(self.preset) {
            let range = preset.range(self.today);
            self.from.set(&range.from.to_string());
            self.to.set(&range.to.to_string());
        }
        self.error = None;
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 64.min(area.width.saturating_sub(2));
        let error = self
            .error
            .as_ref()
            .map(|e| wrap(e, usize::from(width.saturating_sub(4))))
            .unwrap_or_default();
        let height = Preset::ALL.len() as u16 + 9 + error.len() as u16;
        let outer = popup::centered(area, width, height);
        let inner = popup::frame(
            frame,
            outer,
            "Statistics range",
            &[
                ("↑↓", "preset"),
                ("Tab", "days"),
                ("Enter", "show"),
                ("Esc", "cancel"),
            ],
            theme,
        );
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        let title_style = if self.focus == 0 {
            theme.accent()
        } else {
            theme.text()
        };
        Line::styled("Presets", title_style).render(row(0), buf);
        for (i, preset) in Preset::ALL.iter().enumerate() {
            let range = preset.range(self.today);
            let style = if i == self.preset {
                if self.focus == 0 {
                    theme.selection()
                } else {
                    theme.selection_unfocused()
                }
            } else {
                theme.text()
            };
            Line::from(vec![
                Span::styled(format!("  {:<15}", preset.label()), style),
                Span::styled(format!(" {} → {}", range.from, range.to), theme.dim()),
            ])
            .render(row(1 + i as u16), buf);
        }
        let y = 2 + Preset::ALL.len() as u16;
        field::render(&self.from, "From  ", 6, self.focus == 1, theme, row(y), buf);
        field::render(
            &self.to,
            "To    ",
            6,
            self.focus == 2,
            theme,
            row(y + 1),
            buf,
        );
        Line::styled(
            "Days as YYYY-MM-DD, both included; at most three months.",
            theme.dim(),
        )
        .render(row(y + 3), buf);
        for (i, line) in error.iter().enumerate() {
            Line::styled(line.as_str(), theme.error()).render(row(y + 5 + i as u16), buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(form: &mut RangeForm, code: KeyCode) -> Reply {
        form.on_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn chosen(reply: Reply) -> Range {
        match reply {
            Reply::Msg(screens::Msg::Statistics(Msg::Range(range))) => range,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_preset_or_typed_days_and_the_servers_refusals_before_any_request() {
        let today: NaiveDate = "2026-02-15".parse().unwrap();
        let start = Preset::MonthToDate.range(today);
        let mut form = RangeForm::new(start, today);
        press(&mut form, KeyCode::Down);
        let range = chosen(press(&mut form, KeyCode::Enter));
        assert_eq!(range.preset, Some(Preset::PreviousMonth));

        // Typed days, one past the three months: refused with the server's words.
        let mut form = RangeForm::new(start, today);
        press(&mut form, KeyCode::Tab);
        form.from.set("2025-11-15");
        press(&mut form, KeyCode::Tab);
        form.to.set("2026-02-16");
        form.typed();
        assert!(matches!(press(&mut form, KeyCode::Enter), Reply::Stay));
        assert!(
            form.error
                .as_deref()
                .unwrap()
                .contains("can end on 2026-02-15 at the latest"),
            "{:?}",
            form.error
        );
        form.to.set("2026-02-15");
        let range = chosen(press(&mut form, KeyCode::Enter));
        assert_eq!(
            (range.from.to_string(), range.preset),
            ("2025-11-15".into(), None)
        );

        // Not a date.
        form.from.set("01/02/2026");
        assert!(matches!(press(&mut form, KeyCode::Enter), Reply::Stay));
        assert_eq!(
            form.error.as_deref(),
            Some("Invalid from \"01/02/2026\": use a date as YYYY-MM-DD.")
        );
    }
}

//! The harness's dialogs: a journal entry's detail, the fault-rule form, and the one-field
//! prompts (freeze at, advance by, webhook URL, partita IVA, reset seed).

use super::{Job, Msg, Op};
use crate::app::{App, Field};
use crate::dialogs::{Confirm, Dialog as AnyDialog, Reply};
use crate::screens;
use crate::ui::field;
use crate::ui::popup;
use crate::ui::wrap::wrap;
use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::fiscal::PartitaIva;
use dckit_mock::{FaultId, FaultRule, JournalEntry};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A dialog of the harness screen.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// One journal entry in full.
    Detail(Box<JournalEntry>),
    /// A new fault rule.
    Fault(FaultForm),
    /// One value to type.
    Prompt(Prompt),
}

impl Dialog {
    /// Answers a key.
    pub fn on_key(&mut self, key: KeyEvent) -> Reply {
        match self {
            Dialog::Detail(_) => match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => Reply::Close,
                _ => Reply::Stay,
            },
            Dialog::Fault(form) => form.on_key(key),
            Dialog::Prompt(prompt) => prompt.on_key(key),
        }
    }

    /// Takes pasted text into the focused field.
    pub fn paste(&mut self, text: &str) {
        match self {
            Dialog::Detail(_) => {}
            Dialog::Fault(form) => {
                form.fields[form.focus].paste(text);
                form.error = None;
            }
            Dialog::Prompt(prompt) => {
                prompt.field.paste(text);
                prompt.error = None;
            }
        }
    }

    /// Draws the dialog over `area`.
    pub fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        match self {
            Dialog::Detail(entry) => detail_view(entry, app, frame, area),
            Dialog::Fault(form) => form.view(app, frame, area),
            Dialog::Prompt(prompt) => prompt.view(app, frame, area),
        }
    }
}

/// The lines of an entry's detail.
pub(crate) fn detail_lines(entry: &JournalEntry) -> Vec<(String, String)> {
    let mut lines = vec![
        (
            "Request".to_owned(),
            format!("{} {}", entry.method, entry.path),
        ),
        (
            "Query".to_owned(),
            entry.query.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        (
            "Status".to_owned(),
            entry
                .status
                .map_or_else(|| "no answer".to_owned(), |s| s.to_string()),
        ),
        ("Latency".to_owned(), super::view::latency(entry.latency_us)),
        (
            "At".to_owned(),
            entry.at.format("%Y-%m-%d %H:%M:%S%.3f UTC").to_string(),
        ),
        (
            "Route".to_owned(),
            entry.route.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        (
            "Fault".to_owned(),
            entry.fault.as_ref().map_or_else(
                || "—".to_owned(),
                |f| format!("{} ({})", f.id.as_str(), super::view::action_word(f.action)),
            ),
        ),
        (
            "Message".to_owned(),
            entry.message.clone().unwrap_or_else(|| "—".to_owned()),
        ),
    ];
    lines.push(("Headers".to_owned(), String::new()));
    for (name, value) in &entry.headers {
        lines.push((String::new(), format!("{name}: {value}")));
    }
    lines
}

fn detail_view(entry: &JournalEntry, app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let width = 90.min(area.width.saturating_sub(2));
    let text_width = usize::from(width.saturating_sub(14));
    let mut rows: Vec<(String, String)> = vec![];
    for (label, value) in detail_lines(entry) {
        let wrapped = wrap(&value, text_width.max(10));
        if wrapped.is_empty() {
            rows.push((label.clone(), String::new()));
        }
        for (i, line) in wrapped.into_iter().enumerate() {
            rows.push((if i == 0 { label.clone() } else { String::new() }, line));
        }
    }
    let height = (rows.len() as u16 + 2).min(area.height.saturating_sub(2));
    let outer = popup::centered(area, width, height);
    let title = format!("Request #{}", entry.id);
    let inner = popup::frame(frame, outer, &title, &[("Esc", "close")], theme);
    let buf = frame.buffer_mut();
    for (i, (label, value)) in rows.iter().enumerate() {
        let style = if label == "Message" && entry.message.is_some() {
            theme.error()
        } else {
            theme.text()
        };
        Line::from(vec![
            Span::styled(format!("{label:<10}"), theme.dim()),
            Span::styled(value.as_str(), style),
        ])
        .render(popup::row(inner, i as u16), buf);
    }
}

/// The fields of the fault form, in order.
pub(crate) const FAULT_FIELDS: [&str; 8] = [
    "Path", "Method", "Status", "Delay ms", "Drop", "Chance", "Count", "Id",
];

/// A new fault rule: its fields as typed.
#[derive(Clone, Debug)]
pub struct FaultForm {
    /// path, method, status, delay, drop (y/n), probability, count, id.
    pub fields: [Field; 8],
    /// The focused field.
    pub focus: usize,
    /// What is wrong with the rule, in words.
    pub error: Option<String>,
}

impl Default for FaultForm {
    fn default() -> FaultForm {
        FaultForm {
            fields: [
                Field::new("/api/dco/**", 200),
                Field::new("", 10),
                Field::new("503", 3),
                Field::new("", 6),
                Field::new("n", 3),
                Field::new("", 6),
                Field::new("", 6),
                Field::new("", 64),
            ],
            focus: 0,
            error: None,
        }
    }
}

impl FaultForm {
    /// The rule the form says, or what is wrong with it (the mock's own rules).
    pub fn rule(&self) -> Result<FaultRule, String> {
        let text = |i: usize| self.fields[i].text().trim();
        let path = text(0);
        if path.is_empty() || !path.starts_with('/') {
            return Err("The path pattern must start with “/” (e.g. /api/dco/**).".into());
        }
        let method = match text(1) {
            "" | "*" => None,
            m if m.chars().all(|c| c.is_ascii_alphabetic()) => Some(m.to_ascii_uppercase()),
            m => {
                return Err(format!(
                    "“{m}” is not a method: use GET, POST… or leave it empty."
                ));
            }
        };
        let status = match text(2) {
            "" => None,
            s => match s.parse::<u16>() {
                Ok(n) if (200..=599).contains(&n) => Some(n),
                _ => {
                    return Err(format!(
                        "The status “{s}” must be a number from 200 to 599."
                    ));
                }
            },
        };
        let delay_ms = match text(3) {
            "" => None,
            s => match s.parse::<u64>() {
                Ok(n) if n <= 300_000 => Some(n),
                _ => {
                    return Err(format!(
                        "The delay “{s}” must be milliseconds from 0 to 300000."
                    ));
                }
            },
        };
        let drop = match text(4).to_ascii_lowercase().as_str() {
            "" | "n" | "no" => false,
            "y" | "yes" => true,
            other => return Err(format!("Drop is y or n, not “{other}”.")),
        };
        if drop && status.is_some() {
            return Err("A rule drops the connection or answers a status, not both.".into());
        }
        if !drop && status.is_none() && delay_ms.is_none() {
            return Err("Give a status, a delay or drop = y.".into());
        }
        let probability = match text(5) {
            "" => None,
            s => match s.replace(',', ".").parse::<f64>() {
                Ok(p) if (0.0..=1.0).contains(&p) => Some(p),
                _ => return Err(format!("The chance “{s}” must be from 0 to 1 (e.g. 0.5).")),
            },
        };
        let count = match text(6) {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(n) if n >= 1 => Some(n),
                _ => return Err(format!("The count “{s}” must be a whole number from 1.")),
            },
        };
        let id =
            match text(7) {
                "" => None,
                s => Some(FaultId::new(s).ok_or_else(|| {
                    format!("The id “{s}” may have 1–64 of A-Z a-z 0-9 . _ - only.")
                })?),
            };
        Ok(FaultRule {
            id,
            method,
            path: path.to_owned(),
            status,
            body: None,
            content_type: None,
            delay_ms,
            drop,
            probability,
            count,
        })
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        let n = self.fields.len();
        match key.code {
            KeyCode::Esc => return Reply::Close,
            KeyCode::Enter => {
                return match self.rule() {
                    Ok(rule) => Reply::Msg(screens::Msg::Harness(Msg::Submit(Op::AddFault(
                        Box::new(rule),
                    )))),
                    Err(message) => {
                        self.error = Some(message);
                        Reply::Stay
                    }
                };
            }
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            _ => {
                if self.fields[self.focus].input(key) {
                    self.error = None;
                }
            }
        }
        Reply::Stay
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 64.min(area.width.saturating_sub(2));
        let error = self
            .error
            .as_ref()
            .map(|e| wrap(e, usize::from(width.saturating_sub(4))))
            .unwrap_or_default();
        let height = (FAULT_FIELDS.len() as u16 + 5 + error.len() as u16).min(area.height);
        let outer = popup::centered(area, width, height);
        let inner = popup::frame(
            frame,
            outer,
            "Add fault rule",
            &[("Tab", "next"), ("Enter", "add"), ("Esc", "cancel")],
            theme,
        );
        let buf = frame.buffer_mut();
        for (i, label) in FAULT_FIELDS.iter().enumerate() {
            field::render(
                &self.fields[i],
                &format!("{label:<10}"),
                10,
                self.focus == i,
                theme,
                popup::row(inner, i as u16),
                buf,
            );
        }
        let y = FAULT_FIELDS.len() as u16 + 1;
        Line::styled(
            "A status 200–599, a delay or drop y; chance 0–1.",
            theme.dim(),
        )
        .render(popup::row(inner, y), buf);
        for (i, line) in error.iter().enumerate() {
            Line::styled(line.as_str(), theme.error())
                .render(popup::row(inner, y + 2 + i as u16), buf);
        }
    }
}

/// What a [`Prompt`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    /// The instant to freeze the clock at.
    Freeze,
    /// How far to move the clock.
    Advance,
    /// The webhook URL.
    Webhook,
    /// The partita IVA whose credentials expire.
    Expire,
    /// The seed to reset from.
    Reset,
}

impl PromptKind {
    fn title(self) -> &'static str {
        match self {
            PromptKind::Freeze => "Freeze the clock",
            PromptKind::Advance => "Move the clock",
            PromptKind::Webhook => "Webhook",
            PromptKind::Expire => "Expire credentials",
            PromptKind::Reset => "Reset the mock",
        }
    }

    fn label(self) -> &'static str {
        match self {
            PromptKind::Freeze => "At     ",
            PromptKind::Advance => "By     ",
            PromptKind::Webhook => "URL    ",
            PromptKind::Expire => "P. IVA ",
            PromptKind::Reset => "Seed   ",
        }
    }

    fn help(self) -> &'static str {
        match self {
            PromptKind::Freeze => "An instant as RFC 3339: 2026-02-15T10:31:07+01:00.",
            PromptKind::Advance => "A duration: 1d, 2h, 15m, 90s, 500ms; negative goes back.",
            PromptKind::Webhook => "http:// or https:// URL; empty removes the webhook.",
            PromptKind::Expire => "The seller's partita IVA (11 digits).",
            PromptKind::Reset => "A whole number: all data is regenerated from it.",
        }
    }
}

/// Checks a clock duration as the mock takes it: an optional `-`, digits, then `ms`, `s`,
/// `m`, `h` or `d`.
pub(crate) fn check_duration(text: &str) -> Result<String, String> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let unit = &body[digits..];
    if digits == 0 || !matches!(unit, "ms" | "s" | "m" | "h" | "d") {
        return Err(format!(
            "“{text}” is not a duration: use a number and ms, s, m, h or d (e.g. 1d, -2h)."
        ));
    }
    Ok(text.to_owned())
}

/// One value to type.
#[derive(Clone, Debug)]
pub struct Prompt {
    /// What it is for.
    pub kind: PromptKind,
    /// The value.
    pub field: Field,
    /// What is wrong with it.
    pub error: Option<String>,
}

impl Prompt {
    /// The prompt for `kind`, starting with `initial`.
    pub fn new(kind: PromptKind, initial: &str) -> Prompt {
        Prompt {
            kind,
            field: Field::new(initial, 300),
            error: None,
        }
    }

    /// What Enter does with the value typed: a change, a confirmation, or what is wrong.
    pub fn decide(&self) -> Result<Reply, String> {
        let text = self.field.text().trim();
        let submit = |op: Op| Reply::Msg(screens::Msg::Harness(Msg::Submit(op)));
        match self.kind {
            PromptKind::Freeze => DateTime::parse_from_rfc3339(text)
                .map(|at| submit(Op::Freeze(at)))
                .map_err(|_| {
                    format!("“{text}” is not an RFC 3339 instant (e.g. 2026-02-15T10:31:07+01:00).")
                }),
            PromptKind::Advance => check_duration(text).map(|by| submit(Op::Advance(by))),
            PromptKind::Webhook => {
                if text.is_empty() {
                    Ok(submit(Op::Webhook(None)))
                } else if (text.starts_with("http://") || text.starts_with("https://"))
                    && reqwest::Url::parse(text).is_ok()
                {
                    Ok(submit(Op::Webhook(Some(text.to_owned()))))
                } else {
                    Err(format!("“{text}” is not an http:// or https:// URL."))
                }
            }
            PromptKind::Expire => PartitaIva::parse(text)
                .map(|piva| submit(Op::Expire(piva.as_str().to_owned())))
                .map_err(|e| e.to_string()),
            PromptKind::Reset => match text.parse::<u64>() {
                Ok(seed) => Ok(Reply::Push(AnyDialog::Confirm(Confirm::new(
                    "Reset the mock",
                    format!(
                        "Regenerate all the mock's data from seed {seed}? Keys, licences, documents and counters are replaced; tokens, clock, fault rules and journal are kept."
                    ),
                    format!("Reset with seed {seed}"),
                    screens::Job::Harness(Job::Change {
                        op: Op::Reset(seed),
                        counted: false,
                    }),
                )))),
                Err(_) => Err(format!("The seed “{text}” must be a whole number.")),
            },
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Esc => Reply::Close,
            KeyCode::Enter => match self.decide() {
                Ok(reply) => reply,
                Err(message) => {
                    self.error = Some(message);
                    Reply::Stay
                }
            },
            _ => {
                if self.field.input(key) {
                    self.error = None;
                }
                Reply::Stay
            }
        }
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 64.min(area.width.saturating_sub(2));
        let error = self
            .error
            .as_ref()
            .map(|e| wrap(e, usize::from(width.saturating_sub(4))))
            .unwrap_or_default();
        let height = 6 + error.len() as u16;
        let outer = popup::centered(area, width, height);
        let inner = popup::frame(
            frame,
            outer,
            self.kind.title(),
            &[("Enter", "ok"), ("Esc", "cancel")],
            theme,
        );
        let buf = frame.buffer_mut();
        field::render(
            &self.field,
            self.kind.label(),
            7,
            true,
            theme,
            popup::row(inner, 0),
            buf,
        );
        Line::styled(self.kind.help(), theme.dim()).render(popup::row(inner, 2), buf);
        for (i, line) in error.iter().enumerate() {
            Line::styled(line.as_str(), theme.error()).render(popup::row(inner, 3 + i as u16), buf);
        }
    }
}

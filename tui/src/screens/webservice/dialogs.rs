//! The WebService's query form: by date keyword, by `start`/`end`, by number or by id, and by
//! document type. What is typed is sent as is: the service says what it does not accept.

use super::Msg;
use crate::app::{App, Field};
use crate::client::WsQuery;
use crate::dialogs::Reply;
use crate::screens;
use crate::ui::field;
use crate::ui::popup;
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::keywords::Keyword;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A dialog of the WebService screen.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// The query form.
    Query(QueryForm),
}

impl Dialog {
    /// Answers a key.
    pub fn on_key(&mut self, key: KeyEvent) -> Reply {
        match self {
            Dialog::Query(d) => d.on_key(key),
        }
    }

    /// Takes pasted text into the focused field.
    pub fn paste(&mut self, text: &str) {
        match self {
            Dialog::Query(d) => d.paste(text),
        }
    }

    /// Draws the dialog over `area`.
    pub fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        match self {
            Dialog::Query(d) => d.view(app, frame, area),
        }
    }
}

/// How the documents are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `start` = one of the service's date keywords.
    Keyword,
    /// `start` (a date, a number of days or a keyword) and an optional `end`.
    Range,
    /// `invoicenum`.
    Number,
    /// `invoiceid`.
    Id,
}

impl Mode {
    /// Every mode, in the form's order.
    pub const ALL: [Mode; 4] = [Mode::Keyword, Mode::Range, Mode::Number, Mode::Id];

    fn label(self) -> &'static str {
        match self {
            Mode::Keyword => "Keyword",
            Mode::Range => "Range",
            Mode::Number => "Number",
            Mode::Id => "ID",
        }
    }
}

/// The `doctype` values offered: both (not sent), invoices, credit notes.
const DOCTYPES: [(&str, Option<&str>); 3] = [
    ("Both", None),
    ("Invoice", Some("Invoice")),
    ("CreditNote", Some("CreditNote")),
];

/// The rows of the form that take the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    Mode,
    Keyword,
    Start,
    End,
    Number,
    Id,
    Doctype,
}

/// The query form.
#[derive(Clone, Debug)]
pub struct QueryForm {
    /// How the documents are chosen.
    pub mode: Mode,
    /// The keyword chosen (index in [`Keyword::ALL`]).
    pub keyword: usize,
    /// `start`, as typed.
    pub start: Field,
    /// `end`, as typed.
    pub end: Field,
    /// `invoicenum`, as typed.
    pub number: Field,
    /// `invoiceid`, as typed.
    pub id: Field,
    /// The `doctype` chosen (index in the offered values).
    pub doctype: usize,
    focus: usize,
}

impl QueryForm {
    /// The form showing `query`.
    pub fn new(query: &WsQuery) -> QueryForm {
        let start = query.start.clone().unwrap_or_default();
        let keyword = Keyword::parse(&start).filter(|_| query.end.is_none());
        let mode = if query.invoicenum.is_some() {
            Mode::Number
        } else if query.invoiceid.is_some() {
            Mode::Id
        } else if keyword.is_some() && !start.is_empty() {
            Mode::Keyword
        } else {
            Mode::Range
        };
        let doctype = DOCTYPES
            .iter()
            .position(|(_, v)| *v == query.doctype.as_deref())
            .unwrap_or(0);
        QueryForm {
            mode,
            keyword: keyword
                .and_then(|k| Keyword::ALL.iter().position(|q| *q == k))
                .unwrap_or(5),
            // A keyword shows in its own row; the typed start is for other values.
            start: Field::new(if mode == Mode::Range { &start } else { "" }, 64),
            end: Field::new(query.end.as_deref().unwrap_or(""), 64),
            number: Field::new(query.invoicenum.as_deref().unwrap_or(""), 64),
            id: Field::new(query.invoiceid.as_deref().unwrap_or(""), 32),
            doctype,
            focus: 0,
        }
    }

    fn rows(&self) -> Vec<Row> {
        let middle: &[Row] = match self.mode {
            Mode::Keyword => &[Row::Keyword],
            Mode::Range => &[Row::Start, Row::End],
            Mode::Number => &[Row::Number],
            Mode::Id => &[Row::Id],
        };
        let mut rows = vec![Row::Mode];
        rows.extend_from_slice(middle);
        rows.push(Row::Doctype);
        rows
    }

    fn focused(&self) -> Row {
        let rows = self.rows();
        rows[self.focus.min(rows.len() - 1)]
    }

    /// The query the form says, every typed value sent as is (trimmed); an empty one is left
    /// out, except an empty `start`, which the service reads as every document.
    pub fn query(&self) -> WsQuery {
        let typed = |f: &Field| Some(f.text().trim().to_owned()).filter(|t| !t.is_empty());
        let doctype = DOCTYPES[self.doctype].1.map(str::to_owned);
        match self.mode {
            Mode::Keyword => WsQuery {
                start: Some(Keyword::ALL[self.keyword].label().to_owned()),
                doctype,
                ..WsQuery::default()
            },
            Mode::Range => WsQuery {
                start: Some(self.start.text().trim().to_owned()),
                end: typed(&self.end),
                doctype,
                ..WsQuery::default()
            },
            Mode::Number => WsQuery {
                invoicenum: Some(self.number.text().trim().to_owned()),
                doctype,
                ..WsQuery::default()
            },
            Mode::Id => WsQuery {
                invoiceid: Some(self.id.text().trim().to_owned()),
                doctype,
                ..WsQuery::default()
            },
        }
    }

    fn field_mut(&mut self) -> Option<&mut Field> {
        match self.focused() {
            Row::Start => Some(&mut self.start),
            Row::End => Some(&mut self.end),
            Row::Number => Some(&mut self.number),
            Row::Id => Some(&mut self.id),
            Row::Mode | Row::Keyword | Row::Doctype => None,
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some(field) = self.field_mut() {
            field.paste(text);
        }
    }

    /// Moves a choice row by `by`.
    fn step(&mut self, by: isize) {
        let turn = |i: usize, n: usize| (i as isize + by).rem_euclid(n as isize) as usize;
        match self.focused() {
            Row::Mode => {
                let i = Mode::ALL.iter().position(|m| *m == self.mode).unwrap_or(0);
                self.mode = Mode::ALL[turn(i, Mode::ALL.len())];
            }
            Row::Keyword => self.keyword = turn(self.keyword, Keyword::ALL.len()),
            Row::Doctype => self.doctype = turn(self.doctype, DOCTYPES.len()),
            _ => {}
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        let rows = self.rows().len();
        match key.code {
            KeyCode::Esc => return Reply::Close,
            KeyCode::Enter => {
                return Reply::Msg(screens::Msg::WebService(Msg::Query(self.query())));
            }
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % rows,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + rows - 1) % rows,
            KeyCode::Left | KeyCode::Right if self.field_mut().is_none() => {
                self.step(if key.code == KeyCode::Left { -1 } else { 1 });
            }
            _ => {
                if let Some(field) = self.field_mut() {
                    field.input(key);
                }
            }
        }
        Reply::Stay
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 66.min(area.width.saturating_sub(2));
        let rows = self.rows();
        let height = rows.len() as u16 * 2 + 6;
        let outer = popup::centered(area, width, height);
        let inner = popup::frame(
            frame,
            outer,
            "WebService query",
            &[
                ("Tab", "next"),
                ("←→", "choose"),
                ("Enter", "ask"),
                ("Esc", "cancel"),
            ],
            theme,
        );
        let buf = frame.buffer_mut();
        let label_width = 10;
        let choice = |label: &str, values: Vec<String>, at: usize, focused: bool| {
            let mut spans = vec![Span::styled(
                format!("{label:<10}"),
                if focused {
                    theme.accent()
                } else {
                    theme.text()
                },
            )];
            for (i, v) in values.into_iter().enumerate() {
                let style = if i == at {
                    if focused {
                        theme.selection()
                    } else {
                        theme.selection_unfocused()
                    }
                } else {
                    theme.dim()
                };
                spans.push(Span::styled(format!(" {v} "), style));
            }
            Line::from(spans)
        };
        for (n, row) in rows.iter().enumerate() {
            let focused = n == self.focus.min(rows.len() - 1);
            let at = popup::row(inner, n as u16 * 2);
            match row {
                Row::Mode => {
                    let i = Mode::ALL.iter().position(|m| *m == self.mode).unwrap_or(0);
                    let values = Mode::ALL.iter().map(|m| m.label().to_owned()).collect();
                    choice("Query by", values, i, focused).render(at, buf);
                }
                Row::Keyword => {
                    let label = Keyword::ALL[self.keyword].label();
                    let style = if focused {
                        theme.selection()
                    } else {
                        theme.text()
                    };
                    Line::from(vec![
                        Span::styled(
                            format!("{:<10}", "start"),
                            if focused {
                                theme.accent()
                            } else {
                                theme.text()
                            },
                        ),
                        Span::styled(format!("‹ {label} ›"), style),
                        Span::styled(
                            format!("  {} of {}", self.keyword + 1, Keyword::ALL.len()),
                            theme.dim(),
                        ),
                    ])
                    .render(at, buf);
                }
                Row::Start => {
                    field::render(&self.start, "start", label_width, focused, theme, at, buf)
                }
                Row::End => {
                    field::render(&self.end, "end", label_width, focused, theme, at, buf);
                }
                Row::Number => field::render(
                    &self.number,
                    "invoicenum",
                    label_width + 1,
                    focused,
                    theme,
                    at,
                    buf,
                ),
                Row::Id => {
                    field::render(&self.id, "invoiceid", label_width, focused, theme, at, buf)
                }
                Row::Doctype => {
                    let values = DOCTYPES.iter().map(|(l, _)| (*l).to_owned()).collect();
                    choice("doctype", values, self.doctype, focused).render(at, buf);
                }
            }
        }
        let hint = match self.mode {
            Mode::Keyword => "One of the WebService's own date keywords.",
            Mode::Range => "start: YYYY-MM-DD, days back, or a keyword; end: YYYY-MM-DD.",
            Mode::Number => "One document by its number, e.g. 2026-0150.",
            Mode::Id => "One document by its id, a whole number.",
        };
        Line::styled(hint, theme.dim()).render(popup::row(inner, rows.len() as u16 * 2), buf);
        Line::styled("Sent as typed: the WebService checks it.", theme.dim())
            .render(popup::row(inner, rows.len() as u16 * 2 + 1), buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(form: &mut QueryForm, code: KeyCode) -> Reply {
        form.on_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn asked(reply: Reply) -> WsQuery {
        match reply {
            Reply::Msg(screens::Msg::WebService(Msg::Query(q))) => q,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_mode_sends_only_its_own_parameters() {
        let mut form = QueryForm::new(&super::super::default_query());
        assert_eq!(form.mode, Mode::Keyword);
        // Keyword: the next one, invoices only.
        press(&mut form, KeyCode::Tab);
        press(&mut form, KeyCode::Right);
        press(&mut form, KeyCode::Tab);
        press(&mut form, KeyCode::Right);
        let q = asked(press(&mut form, KeyCode::Enter));
        assert_eq!(q.start.as_deref(), Some("Previous month"));
        assert_eq!(q.doctype.as_deref(), Some("Invoice"));
        assert_eq!((q.end, q.invoicenum, q.invoiceid), (None, None, None));

        // Range: start and end as typed (even wrong: the service says so).
        let mut form = QueryForm::new(&WsQuery::default());
        form.focus = 0;
        form.mode = Mode::Range;
        press(&mut form, KeyCode::Tab);
        for c in "2026-13-01".chars() {
            press(&mut form, KeyCode::Char(c));
        }
        press(&mut form, KeyCode::Tab);
        let q = asked(press(&mut form, KeyCode::Enter));
        assert_eq!(q.start.as_deref(), Some("2026-13-01"));
        assert_eq!((q.end, q.doctype), (None, None));

        // Number and id.
        form.mode = Mode::Number;
        form.number.set(" 2026-0150 ");
        let q = asked(press(&mut form, KeyCode::Enter));
        assert_eq!(
            (q.invoicenum.as_deref(), q.start),
            (Some("2026-0150"), None)
        );
        form.mode = Mode::Id;
        form.id.set("abc");
        let q = asked(press(&mut form, KeyCode::Enter));
        assert_eq!((q.invoiceid.as_deref(), q.invoicenum), (Some("abc"), None));
        assert!(matches!(press(&mut form, KeyCode::Esc), Reply::Close));
    }

    #[test]
    fn the_form_opens_on_the_query_in_force() {
        let cases = [
            (WsQuery::start("Today"), Mode::Keyword),
            (WsQuery::start("2026-01-01"), Mode::Range),
            (WsQuery::start(""), Mode::Range),
            (
                WsQuery {
                    invoiceid: Some("7".into()),
                    ..WsQuery::default()
                },
                Mode::Id,
            ),
            (
                WsQuery {
                    invoicenum: Some("X".into()),
                    doctype: Some("CreditNote".into()),
                    ..WsQuery::default()
                },
                Mode::Number,
            ),
        ];
        for (query, mode) in cases {
            let form = QueryForm::new(&query);
            assert_eq!(form.mode, mode, "{query:?}");
            assert_eq!(form.query(), query, "shown back as it was");
        }
    }
}

//! Draws the Harness screen: the journal (large) and a side panel with the clock, the tax
//! agency, the webhook and the fault rules; one at a time (`p`) when the terminal is narrow.

use super::{Api, Panel, State};
use crate::app::App;
use crate::format::truncate;
use crate::ui::theme::Theme;
use crate::ui::widgets::{header_cell, padded, placeholder, titled_block};
use dckit_mock::{Fault, FaultAction, JournalEntry};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Row, Table};

/// The terminal width from which the journal and the side panel show side by side.
pub(crate) const SIDE_BY_SIDE: u16 = 100;

/// The side panel's width when side by side.
const SIDE_WIDTH: u16 = 40;

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let state = &app.harness;
    let theme = app.theme();
    if area.width >= SIDE_BY_SIDE {
        let [journal, side] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(SIDE_WIDTH)]).areas(area);
        journal_view(state, theme, frame, journal, true);
        side_view(state, theme, frame, side, false);
    } else {
        match state.panel {
            Panel::Journal => journal_view(state, theme, frame, area, true),
            Panel::Side => side_view(state, theme, frame, area, true),
        }
    }
}

/// A latency for people: `850µs`, `12.3ms`, `1.25s`.
pub(crate) fn latency(us: u64) -> String {
    if us < 1_000 {
        format!("{us}µs")
    } else if us < 1_000_000 {
        format!("{:.1}ms", us as f64 / 1_000.0)
    } else {
        format!("{:.2}s", us as f64 / 1_000_000.0)
    }
}

/// What a fault did, in a word.
pub(crate) fn action_word(action: FaultAction) -> &'static str {
    match action {
        FaultAction::Respond => "respond",
        FaultAction::Delay => "delay",
        FaultAction::Drop => "drop",
    }
}

/// A fault rule in short: `POST → 503 · 250ms · 50% · 2 left`.
pub(crate) fn fault_summary(fault: &Fault) -> String {
    let rule = &fault.rule;
    let mut parts = vec![rule.method.clone().unwrap_or_else(|| "any".to_owned())];
    if let Some(status) = rule.status {
        parts.push(format!("→ {status}"));
    }
    if rule.drop {
        parts.push("drop".to_owned());
    }
    if let Some(delay) = rule.delay_ms {
        parts.push(format!("{delay}ms"));
    }
    if let Some(p) = rule.probability {
        parts.push(format!("{:.0}%", p * 100.0));
    }
    if let Some(left) = fault.remaining {
        parts.push(format!("{left} left"));
    }
    parts.push(format!("{}×", fault.applied));
    parts.join(" · ")
}

fn status_style(status: Option<u16>, theme: &Theme) -> Style {
    match status {
        Some(s) if s < 400 => theme.ok(),
        Some(s) if s < 500 => theme.warning(),
        _ => theme.error(),
    }
}

fn journal_view(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, focused: bool) {
    let following = if state.paused { "paused" } else { "following" };
    let total = state.journal.entries().len();
    let title = format!("Journal · {following}");
    let block = titled_block(&title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let visible: Vec<&JournalEntry> = state.visible().collect();
    // The filter line.
    let count = format!("  {} of {total}", visible.len());
    match &state.editing {
        Some(field) => {
            let room = filter_area.width.saturating_sub(count.len() as u16);
            let field_area = Rect {
                width: room,
                ..filter_area
            };
            crate::ui::field::render(
                field,
                " path ",
                6,
                true,
                theme,
                field_area,
                frame.buffer_mut(),
            );
            frame.render_widget(
                Line::styled(count, theme.dim()),
                Rect {
                    x: filter_area.x + room,
                    width: filter_area.width.saturating_sub(room),
                    ..filter_area
                },
            );
        }
        None => {
            let api = state.filter.api.map_or("all", Api::label);
            let class = state
                .filter
                .class
                .map_or_else(|| "all".to_owned(), |c| format!("{c}xx"));
            let mut spans = vec![
                Span::styled(" a ", theme.key()),
                Span::raw(api.to_owned()),
                Span::styled("  c ", theme.key()),
                Span::raw(class),
                Span::styled("  / ", theme.key()),
                Span::raw(if state.filter.path.is_empty() {
                    "any path".to_owned()
                } else {
                    truncate(&state.filter.path, 20)
                }),
                Span::styled(count, theme.dim()),
            ];
            if let Some(error) = &state.journal_error {
                spans.push(Span::styled(format!("  ! {error}"), theme.error()));
            }
            frame.render_widget(Line::from(spans), filter_area);
        }
    }
    if visible.is_empty() {
        let text = if let Some(error) = &state.journal_error {
            Line::from(vec![
                Span::styled("Could not read the journal: ", theme.error()),
                Span::raw(error.clone()),
            ])
        } else if !state.journal_read {
            Line::styled("Reading the journal…", theme.dim())
        } else if total > 0 {
            Line::styled(
                "No request matches the filters (Esc clears them).",
                theme.dim(),
            )
        } else {
            Line::styled(
                "No request yet: the requests your code makes to the mock show up here.",
                theme.dim(),
            )
        };
        frame.render_widget(padded(text), table_area);
        return;
    }
    let page = usize::from(table_area.height.saturating_sub(1)).max(1);
    let first = if state.selected < page {
        0
    } else {
        state.selected + 1 - page
    };
    let widths = [
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(12),
        Constraint::Fill(1),
    ];
    let path_width = usize::from(table_area.width.saturating_sub(8 + 6 + 6 + 8 + 12 + 5));
    let rows: Vec<Row> = visible
        .iter()
        .enumerate()
        .skip(first)
        .take(page)
        .map(|(i, e)| {
            let status = e.status.map_or_else(|| "—".to_owned(), |s| s.to_string());
            let fault = e
                .fault
                .as_ref()
                .map_or_else(String::new, |f| truncate(f.id.as_str(), 12));
            let path = match &e.query {
                Some(q) => format!("{}?{q}", e.path),
                None => e.path.clone(),
            };
            let row = Row::new(vec![
                Span::styled(
                    e.at.with_timezone(&chrono_tz::Europe::Rome)
                        .format("%H:%M:%S")
                        .to_string(),
                    theme.dim(),
                ),
                Span::raw(e.method.clone()),
                Span::styled(status, status_style(e.status, theme)),
                Span::raw(latency(e.latency_us)),
                Span::styled(fault, theme.warning()),
                Span::raw(truncate(&path, path_width)),
            ]);
            if i == state.selected {
                row.style(theme.selection())
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(vec![
        header_cell("Time", None, theme),
        header_cell("Method", None, theme),
        header_cell("Status", None, theme),
        header_cell("Latency", None, theme),
        header_cell("Fault", None, theme),
        header_cell("Path", None, theme),
    ]);
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
}

fn side_view(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, focused: bool) {
    let block = titled_block("Clock · agency · webhook · faults", focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(side) = state.side.value() else {
        placeholder(frame, inner, &state.side, "harness", theme);
        return;
    };
    let width = usize::from(inner.width.saturating_sub(2));
    let head = |text: &'static str| Line::styled(text, theme.header());
    let mut lines = vec![head("Clock (F freeze, + move, U run)")];
    match &side.clock {
        Some(clock) => {
            let (word, style) = if clock.frozen {
                ("frozen", theme.warning())
            } else {
                ("running", theme.ok())
            };
            lines.push(Line::from(vec![
                Span::raw(format!("  {} ", clock.now.format("%Y-%m-%d %H:%M:%S %:z"))),
                Span::styled(word, style),
            ]));
        }
        None => lines.push(Line::styled("  —", theme.dim())),
    }
    lines.push(head("Tax agency (A up/down)"));
    match &side.agency {
        Some(agency) => {
            let (word, style) = if agency.up {
                ("up", theme.ok())
            } else {
                ("down", theme.error())
            };
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(word, style),
                Span::raw(format!(" · {} pending", agency.pending)),
            ]));
        }
        None => lines.push(Line::styled("  —", theme.dim())),
    }
    lines.push(head("Webhook (w set/clear)"));
    match &side.webhook {
        Some(webhook) => {
            let url = webhook.url.as_deref().unwrap_or("none");
            lines.push(Line::raw(format!(
                "  {}",
                truncate(url, width.saturating_sub(2))
            )));
            let d = &webhook.deliveries;
            lines.push(Line::styled(
                truncate(
                    &format!(
                        "  {} pending · {} delivered · {} failed",
                        d.pending, d.delivered, d.failed
                    ),
                    width,
                ),
                theme.dim(),
            ));
        }
        None => lines.push(Line::styled("  —", theme.dim())),
    }
    lines.push(Line::styled(
        format!("Faults: {} (n add, d del, D clear)", side.faults.len()),
        theme.header(),
    ));
    if side.faults.is_empty() {
        lines.push(Line::styled(
            "  none: every request is answered normally",
            theme.dim(),
        ));
    }
    for (i, fault) in side.faults.iter().enumerate() {
        let marker = if i == state.fault { "▸ " } else { "  " };
        let text = format!("{} {}", fault.id.as_str(), fault.rule.path);
        let style = if i == state.fault {
            theme.selection()
        } else {
            theme.text()
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(truncate(&text, width.saturating_sub(2)), style),
        ]));
        lines.push(Line::styled(
            truncate(&format!("    {}", fault_summary(fault)), width),
            theme.dim(),
        ));
    }
    lines.push(Line::styled("[ ] pick a rule", theme.dim()));
    lines.push(head("Seller and data"));
    lines.push(Line::styled(
        "  e expire credentials · R reset",
        theme.dim(),
    ));
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let spans: Vec<Span> = l
                .spans
                .into_iter()
                .map(|s| Span::styled(truncate(&s.content, width), s.style))
                .collect();
            Line::from(spans).style(l.style)
        })
        .collect();
    frame.render_widget(
        ratatui::widgets::Paragraph::new(lines).block(
            ratatui::widgets::Block::new().padding(ratatui::widgets::Padding::horizontal(1)),
        ),
        inner,
    );
}

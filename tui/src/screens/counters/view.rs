//! Draws the counters screen.

use super::{SORTS, rows};
use crate::app::App;
use crate::format::{clock_utc, count, truncate};
use crate::ui::widgets::{filter_line, header_cell, placeholder, titled_block, window};
use dckit_contracts::model::portal::{Instance, KeyState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table, TableState};

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let data = app.data();
    let state = &app.counters.table;
    let block = titled_block("Document counters", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let show_filter = state.shows_filter();
    let [table_area, filter_area] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(u16::from(show_filter)),
    ])
    .areas(inner);
    let Some(counters) = data.counters().value() else {
        placeholder(frame, table_area, data.counters(), "counters", theme);
        return;
    };
    let rows = rows(app);
    if show_filter {
        filter_line(
            frame,
            filter_area,
            &state.filter,
            rows.len(),
            counters.len(),
            theme,
        );
    }
    let sort_of = |name: &str| state.arrow(&SORTS, name);
    let wide = area.width >= 100;
    let header = Row::new(vec![
        header_cell("Key", sort_of("Key"), theme),
        header_cell("Instance", sort_of("Instance"), theme),
        Cell::from(Line::from(sorted("Total", sort_of("Total"))).right_aligned())
            .style(theme.header()),
        Cell::from(Line::from(sorted("Today", sort_of("Today"))).right_aligned())
            .style(theme.header()),
        header_cell("Last document", None, theme),
    ]);
    let now = app.now();
    let instance_width: u16 = if wide { 12 } else { 8 };
    // The key's column takes what the others leave.
    let key_width = usize::from(
        area.width
            .saturating_sub(2 + instance_width + 10 + 7 + 27 + 4),
    );
    // Only the rows in view are built: the table may hold thousands.
    let (first, shown) = window(state.cursor.offset(), table_area.height, rows.len());
    let body: Vec<Row> = rows[first..first + shown]
        .iter()
        .map(|c| {
            let key = data.key(&c.key_id);
            let name = match key {
                Some(k) if !k.label.is_empty() => format!("{} {}", k.id, k.label),
                _ => c.key_id.clone(),
            };
            let active = key.is_none_or(|k| k.state == KeyState::Active);
            let instance = match (c.instance, wide) {
                (Instance::Dco, true) => "dco receipts",
                (Instance::Fe, true) => "fe invoices",
                (instance, false) => instance.as_str(),
            };
            let last = data
                .events
                .iter()
                .find(|e| e.event.key_id == c.key_id && e.event.instance == c.instance)
                .map(|e| format!("{} {} {}", clock_utc(e.at), e.event.kind, e.event.idtrx))
                .unwrap_or_default();
            let row = Row::new(vec![
                Cell::from(truncate(&name, key_width)),
                Cell::from(instance),
                Cell::from(Line::from(count(c.total)).right_aligned()),
                Cell::from(Line::from(count(c.today)).right_aligned()),
                Cell::from(last),
            ]);
            if app.counters.is_highlighted(&c.key_id, c.instance, now) {
                row.style(theme.changed())
            } else if active {
                row
            } else {
                row.style(theme.dim())
            }
        })
        .collect();
    if body.is_empty() {
        let text = if counters.is_empty() {
            "No counters: they appear with the first key.".to_owned()
        } else {
            format!("No counter matches “{}”.", state.filter.text())
        };
        frame.render_widget(Line::styled(format!(" {text}"), theme.dim()), table_area);
        return;
    }
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(instance_width),
        Constraint::Length(10),
        Constraint::Length(7),
        Constraint::Length(27),
    ];
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selection());
    let mut table_state =
        TableState::new().with_selected(state.cursor.selected().checked_sub(first));
    frame.render_stateful_widget(table, table_area, &mut table_state);
}

fn sorted(name: &str, arrow: Option<char>) -> String {
    match arrow {
        Some(a) => format!("{name} {a}"),
        None => name.to_owned(),
    }
}

//! Draws the keys screen.

use super::{SORTS, rows};
use crate::app::App;
use crate::format::{count, minute, truncate};
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
    let title = match data.account.value() {
        Some(account) => format!(
            "API keys · {} / {} slots in use",
            account.keys.used, account.keys.allowed
        ),
        None => "API keys".to_owned(),
    };
    let block = titled_block(&title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let state = &app.keys.table;
    let show_filter = state.shows_filter();
    let [table_area, filter_area] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(u16::from(show_filter)),
    ])
    .areas(inner);
    let Some(keys) = data.keys().value() else {
        placeholder(frame, table_area, data.keys(), "keys", theme);
        return;
    };
    let rows = rows(app);
    if show_filter {
        filter_line(
            frame,
            filter_area,
            &state.filter,
            rows.len(),
            keys.len(),
            theme,
        );
    }
    let wide = area.width >= 110;
    let headers = [
        "Label",
        "Key",
        "Partita IVA",
        "State",
        "Created",
        "DCO",
        "FE",
    ];
    let sort_of = |name: &str| state.arrow(&SORTS, name);
    let header = Row::new(headers.iter().map(|h| header_cell(h, sort_of(h), theme)));
    if rows.is_empty() {
        let text = if keys.is_empty() {
            "No API keys yet: press a to add one.".to_owned()
        } else {
            format!("No key matches “{}”.", state.filter.text())
        };
        frame.render_widget(
            Table::new(Vec::<Row>::new(), [Constraint::Fill(1)]).header(header),
            table_area,
        );
        let below = Rect {
            y: table_area.y + 1,
            height: table_area.height.saturating_sub(1),
            ..table_area
        };
        frame.render_widget(Line::styled(format!(" {text}"), theme.dim()), below);
        return;
    }
    let docs = |id: &str, instance| {
        data.counter(id, instance)
            .map_or_else(|| "–".to_owned(), |c| count(c.total))
    };
    // The count columns as wide as their widest value.
    let count_width = |instance, header: &str| {
        rows.iter()
            .map(|k| docs(&k.id, instance).chars().count())
            .chain([header.len()])
            .max()
            .unwrap_or(0) as u16
    };
    let (dco_width, fe_width) = (
        count_width(Instance::Dco, "DCO"),
        count_width(Instance::Fe, "FE"),
    );
    let label_width =
        usize::from(area.width.saturating_sub(
            2 + 17 + 11 + 11 + if wide { 16 } else { 10 } + dco_width + fe_width + 6,
        ));
    // Only the rows in view are built: the table may hold thousands.
    let (first, shown) = window(state.cursor.offset(), table_area.height, rows.len());
    let body: Vec<Row> = rows[first..first + shown]
        .iter()
        .map(|k| {
            let active = k.state == KeyState::Active;
            let created = if wide {
                minute(&k.created_at)
            } else {
                k.created_at.date_naive().to_string()
            };
            let state_style = if active { theme.ok() } else { theme.dim() };
            let row = Row::new(vec![
                Cell::from(truncate(&k.label, label_width)),
                Cell::from(k.masked_key.clone()),
                Cell::from(k.partita_iva.clone()),
                Cell::from(k.state.as_str()).style(state_style),
                Cell::from(created),
                Cell::from(Line::from(docs(&k.id, Instance::Dco)).right_aligned()),
                Cell::from(Line::from(docs(&k.id, Instance::Fe)).right_aligned()),
            ]);
            if active { row } else { row.style(theme.dim()) }
        })
        .collect();
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(17),
        Constraint::Length(11),
        Constraint::Length(11),
        Constraint::Length(if wide { 16 } else { 10 }),
        Constraint::Length(dco_width),
        Constraint::Length(fe_width),
    ];
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selection());
    let mut table_state =
        TableState::new().with_selected(state.cursor.selected().checked_sub(first));
    frame.render_stateful_widget(table, table_area, &mut table_state);
}

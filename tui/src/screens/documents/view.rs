//! Draws the Documents screen: the range searched, the progress window by window, the pending
//! sales of this session, and the table (only the rows in view are built).

use super::{SORTS, date, kind, note, rows, short_note};
use crate::app::App;
use crate::format::{count, euro, truncate};
use crate::ui::widgets::{filter_line, header_cell, placeholder, titled_block, window};
use dckit_contracts::model::datacash::OperationType;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let state = &app.documents;
    let title = match state.range {
        Some((from, to)) if from == to => format!("Documents · {from}"),
        Some((from, to)) => format!("Documents · {from} → {to}"),
        None => "Documents".to_owned(),
    };
    let title = match state.found.value() {
        Some(found) if !state.found.is_loading() => {
            format!("{title} · {}", count(found.len() as u64))
        }
        _ => title,
    };
    let block = titled_block(&title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let table_state = &state.table;
    let show_filter = table_state.shows_filter();
    let pending = state.pending.len().min(3) as u16;
    let pending_height = if pending > 0 { pending + 1 } else { 0 };
    let status = u16::from(state.found.is_loading());
    let [status_area, pending_area, table_area, filter_area] = Layout::vertical([
        Constraint::Length(status),
        Constraint::Length(pending_height),
        Constraint::Min(0),
        Constraint::Length(u16::from(show_filter)),
    ])
    .areas(inner);

    if state.found.is_loading() {
        let text = match state.progress {
            Some((done, total)) if total > 1 => {
                format!(
                    " Finding documents… window {} of {total}",
                    (done + 1).min(total)
                )
            }
            _ => " Finding documents…".to_owned(),
        };
        frame.render_widget(Line::styled(text, theme.accent()), status_area);
    }

    if pending > 0 {
        let waiting = state
            .pending
            .iter()
            .filter(|p| p.fiscalised.is_none())
            .count();
        let heading = if waiting > 0 {
            Line::styled(
                format!(" Pending: {waiting} sale(s) waiting for the tax agency"),
                theme.warning(),
            )
        } else {
            Line::styled(
                " Pending: none left, the tax agency fiscalised them",
                theme.ok(),
            )
        };
        let mut lines = vec![heading];
        for p in state.pending.iter().rev().take(3) {
            let first = p
                .lines
                .first()
                .map_or("", |l| l.descrizione_prodotto.as_str());
            let (state_word, style) = match &p.fiscalised {
                Some(idtrx) => (format!("fiscalised, idtrx {idtrx}"), theme.ok()),
                None => ("pending".to_owned(), theme.warning()),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("   {:<22}", p.id_temporaneo), style),
                Span::raw(format!(" {:>12}  ", euro(p.total()))),
                Span::styled(
                    truncate(
                        &format!("{state_word} · {first}"),
                        usize::from(inner.width.saturating_sub(42)),
                    ),
                    theme.dim(),
                ),
            ]));
        }
        for (i, line) in lines.into_iter().enumerate() {
            let y = pending_area.y + i as u16;
            if y < pending_area.bottom() {
                frame.render_widget(
                    line,
                    Rect {
                        y,
                        height: 1,
                        ..pending_area
                    },
                );
            }
        }
    }

    if let Some(error) = state.found.error() {
        frame.render_widget(Line::styled(format!(" {error}"), theme.error()), table_area);
        return;
    }
    let Some(found) = state.found.value() else {
        if !state.found.is_loading() {
            placeholder(frame, table_area, &state.found, "documents", theme);
        }
        return;
    };
    let rows = rows(app);
    if show_filter {
        filter_line(
            frame,
            filter_area,
            &table_state.filter,
            rows.len(),
            found.len(),
            theme,
        );
    }
    let wide = inner.width >= 100;
    let headers = ["idtrx", "Progressive", "Date", "Type", "Amount", "Notes"];
    let sort_of = |name: &str| table_state.arrow(&SORTS, name);
    let header = Row::new(headers.iter().map(|h| header_cell(h, sort_of(h), theme)));
    // The cursor's offset assumes the whole body; the pending strip may take rows from it, so
    // the window moves down as far as the selection needs.
    let page = usize::from(table_area.height.saturating_sub(1)).max(1);
    let offset = table_state
        .cursor
        .offset()
        .max((table_state.cursor.selected() + 1).saturating_sub(page));
    let shown_rows = {
        let (first, shown) = window(offset, table_area.height, rows.len());
        &rows[first..first + shown]
    };
    let id_width = shown_rows
        .iter()
        .map(|d| d.idtrx.chars().count())
        .chain([5])
        .max()
        .unwrap_or(5) as u16;
    let prog_width = shown_rows
        .iter()
        .map(|d| d.numero_progressivo.chars().count())
        .chain([11])
        .max()
        .unwrap_or(11) as u16;
    let amount_width = if wide { 12 } else { 10 };
    let date_width = if wide { 16 } else { 11 };
    let type_width = 7;
    let fixed = id_width + prog_width + date_width + type_width + amount_width + 5;
    let note_width = usize::from(inner.width.saturating_sub(fixed));
    let widths = [
        Constraint::Length(id_width),
        Constraint::Length(prog_width),
        Constraint::Length(date_width),
        Constraint::Length(type_width),
        Constraint::Length(amount_width),
        Constraint::Fill(1),
    ];
    if rows.is_empty() {
        let text = if found.is_empty() {
            "No documents in this range: press p for other days, n to send a test sale.".to_owned()
        } else {
            format!("No document matches “{}”.", table_state.filter.text())
        };
        frame.render_widget(
            Table::new(Vec::<Row>::new(), widths)
                .header(header)
                .column_spacing(1),
            table_area,
        );
        let below = Rect {
            y: table_area.y + 1,
            height: table_area.height.saturating_sub(1),
            ..table_area
        };
        frame.render_widget(
            Line::styled(
                truncate(&format!(" {text}"), usize::from(below.width)),
                theme.dim(),
            ),
            below,
        );
        return;
    }
    // Only the rows in view are built: a search may find tens of thousands.
    let (first, _) = window(offset, table_area.height, rows.len());
    let body: Vec<Row> = shown_rows
        .iter()
        .map(|d| {
            let kind_style = match d.tipo_operazione {
                OperationType::Sale => theme.text(),
                OperationType::Void => theme.error(),
                OperationType::Return => theme.warning(),
            };
            let note = if wide { note(d) } else { short_note(d) };
            let note_style = if note.is_empty() {
                theme.text()
            } else {
                theme.dim()
            };
            Row::new(vec![
                Cell::from(d.idtrx.clone()),
                Cell::from(d.numero_progressivo.clone()),
                Cell::from(if wide {
                    date(d)
                } else {
                    d.data.format("%d/%m %H:%M").to_string()
                }),
                Cell::from(kind(d.tipo_operazione)).style(kind_style),
                Cell::from(Line::from(euro(d.ammontare_complessivo.0)).right_aligned()),
                Cell::from(truncate(&note, note_width)).style(note_style),
            ])
        })
        .collect();
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selection());
    let mut ratatui_state =
        TableState::new().with_selected(table_state.cursor.selected().checked_sub(first));
    frame.render_stateful_widget(table, table_area, &mut ratatui_state);
}

//! Draws the WebService screen: the documents' table, and the detail of the selected one
//! beside it (wide terminals) or instead of it (Enter).

use super::{SORTS, client_label, describe, paid_day, rows, selected, total, type_label};
use crate::app::App;
use crate::format::{euro, truncate};
use crate::ui::widgets::{filter_line, header_cell, padded, titled_block, window};
use dckit_contracts::model::webservice::{WsDocType, WsDocument};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

/// From this width the detail shows beside the table.
const SPLIT_WIDTH: u16 = 120;

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let state = &app.webservice;
    let has_rows =
        state.found.error().is_none() && state.found.value().is_some_and(|f| !f.docs.is_empty());
    if state.detail
        && area.width < SPLIT_WIDTH
        && let Some(doc) = selected(app)
    {
        detail(app, doc, frame, area);
        return;
    }
    if area.width >= SPLIT_WIDTH && has_rows {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        table(app, frame, left);
        match selected(app) {
            Some(doc) => detail(app, doc, frame, right),
            None => {
                let block = titled_block("Detail", false, app.theme());
                let inner = block.inner(right);
                frame.render_widget(block, right);
                frame.render_widget(
                    padded(Line::styled("No document selected.", app.theme().dim())),
                    inner,
                );
            }
        }
    } else {
        table(app, frame, area);
    }
}

/// The table of documents.
fn table(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let state = &app.webservice;
    let query = state
        .query
        .as_ref()
        .map_or_else(String::new, |q| format!(" · {}", describe(q)));
    let title = match state.found.value() {
        Some(found) if !state.found.is_loading() && state.found.error().is_none() => {
            format!("WebService{query} · {} documents", found.docs.len())
        }
        _ => format!("WebService{query}"),
    };
    let block = titled_block(&title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let show_filter = state.table.shows_filter();
    let [table_area, filter_area] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(u16::from(show_filter)),
    ])
    .areas(inner);
    let found = state
        .found
        .value()
        .filter(|_| state.found.error().is_none());
    let Some(found) = found else {
        let line = match state.found.error() {
            // The service's own words, in one calm line.
            Some(error) => Line::from(vec![
                Span::styled("WebService: ", theme.warning()),
                Span::raw(error.to_owned()),
            ]),
            None => Line::styled("Asking the WebService…", theme.dim()),
        };
        frame.render_widget(padded(line), table_area);
        return;
    };
    let rows = rows(app);
    if show_filter {
        filter_line(
            frame,
            filter_area,
            &state.table.filter,
            rows.len(),
            found.docs.len(),
            theme,
        );
    }
    let wide = area.width >= 100;
    let mut headers = vec!["Type", "Number", "Client", "Status", "Date"];
    if wide {
        headers.push("Due");
    }
    headers.extend(["Paid", "Total"]);
    let sort_of = |name: &str| state.table.arrow(&SORTS, name);
    let header = Row::new(headers.iter().map(|h| header_cell(h, sort_of(h), theme)));
    if rows.is_empty() {
        let text = if found.docs.is_empty() {
            "No document matches the query: press f to ask another.".to_owned()
        } else {
            format!("No document matches “{}”.", state.table.filter.text())
        };
        frame.render_widget(padded(Line::styled(text, theme.dim())), table_area);
        return;
    }
    let type_width: u16 = if wide { 11 } else { 7 };
    let number_width = rows
        .iter()
        .map(|d| d.doc_data.num.chars().count())
        .chain([6])
        .max()
        .unwrap_or(6)
        .min(14) as u16;
    let totals: Vec<String> = rows.iter().map(|d| euro(total(d))).collect();
    let total_width = totals
        .iter()
        .map(|t| t.chars().count())
        .chain([5])
        .max()
        .unwrap_or(5) as u16;
    let status_width: u16 = 9;
    let fixed = type_width
        + number_width
        + status_width
        + 10
        + if wide { 10 } else { 0 }
        + 10
        + total_width
        + headers.len() as u16
        - 1;
    let client_width = usize::from(inner.width.saturating_sub(fixed)).max(1);
    // Only the rows in view are built: a year of documents may be thousands.
    let (first, shown) = window(state.table.cursor.offset(), table_area.height, rows.len());
    let body: Vec<Row> = rows[first..first + shown]
        .iter()
        .zip(&totals[first..first + shown])
        .map(|(d, t)| {
            let x = &d.doc_data;
            let kind = if wide {
                type_label(x.doc_type)
            } else {
                match x.doc_type {
                    WsDocType::Invoice => "Invoice",
                    WsDocType::CreditNote => "Credit",
                }
            };
            let status_style = match x.status.as_str() {
                "Paid" => theme.ok(),
                "Unpaid" => theme.warning(),
                _ => theme.dim(),
            };
            let paid = paid_day(d);
            let mut cells = vec![
                Cell::from(kind),
                if x.num.is_empty() {
                    Cell::from("–").style(theme.dim())
                } else {
                    Cell::from(truncate(&x.num, usize::from(number_width)))
                },
                Cell::from(truncate(client_label(d), client_width)),
                Cell::from(truncate(&x.status, usize::from(status_width))).style(status_style),
                Cell::from(x.date.clone()),
            ];
            if wide {
                cells.push(Cell::from(x.due_date.clone()));
            }
            cells.push(Cell::from(
                if paid.is_empty() { "–" } else { paid }.to_owned(),
            ));
            cells.push(Cell::from(Line::from(t.clone()).right_aligned()));
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(type_width),
        Constraint::Length(number_width),
        Constraint::Fill(1),
        Constraint::Length(status_width),
        Constraint::Length(10),
    ];
    if wide {
        widths.push(Constraint::Length(10));
    }
    widths.extend([Constraint::Length(10), Constraint::Length(total_width)]);
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selection());
    let mut table_state =
        TableState::new().with_selected(state.table.cursor.selected().checked_sub(first));
    frame.render_stateful_widget(table, table_area, &mut table_state);
}

/// Yes or no, in words.
fn yes(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// The selected document: the client (with the `Europe` flags in words) and the items.
fn detail(app: &App, doc: &WsDocument, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let (c, d) = (&doc.client_data, &doc.doc_data);
    let title = if d.num.is_empty() {
        format!("{} (id {})", type_label(d.doc_type), d.id)
    } else {
        format!("{} {}", type_label(d.doc_type), d.num)
    };
    let block = titled_block(&title, false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width.saturating_sub(2));
    let label = |name: &str| Span::styled(format!("{name:<10}"), theme.dim());
    let value = |text: &str| Span::raw(truncate(text, width.saturating_sub(10)));
    let mut lines: Vec<Line> = vec![];
    let mut pair = |name: &str, text: String| {
        if !text.trim().is_empty() {
            lines.push(Line::from(vec![label(name), value(&text)]));
        }
    };
    pair("Company", c.company_name.clone());
    pair("Name", c.client_name.clone());
    pair("Email", c.email.clone());
    let address = [c.address1.as_str(), c.address2.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    pair("Address", address);
    let city = [c.post_code.as_str(), c.city.as_str(), c.state.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let city = match (city.is_empty(), c.country.is_empty()) {
        (_, true) => city,
        (true, false) => c.country.clone(),
        (false, false) => format!("{city} · {}", c.country),
    };
    pair("City", city);
    pair("VAT no.", super::csv::vat_number(doc).to_owned());
    for field in c.custom_fields.values() {
        let name = field.fieldname.to_lowercase();
        if !(name.contains("vat") || name.contains("iva") || field.value.trim().is_empty()) {
            pair("Field", format!("{}: {}", field.fieldname, field.value));
        }
    }
    let e = &c.europe;
    let member = if e.member_state.is_empty() {
        "not an EU member state".to_owned()
    } else {
        format!("EU member state {}", e.member_state)
    };
    // Room permitting, one line each for the place, the dates.
    let roomy = width >= 60;
    if roomy && !e.region.is_empty() {
        pair("Europe", format!("{member}, region {}", e.region));
    } else {
        pair("Europe", member);
        pair("Region", e.region.clone());
    }
    pair(
        "EU flags",
        format!(
            "euro area {} · VIES valid {}",
            yes(e.monetary_union),
            yes(e.vies)
        ),
    );
    pair(
        "Schemes",
        format!(
            "MOSS {} · tax exempt {}",
            yes(e.moss),
            yes(c.tax_exempt == "1")
        ),
    );
    pair("Status", d.status.clone());
    let paid = paid_day(doc);
    let paid = if paid.is_empty() { "not yet" } else { paid };
    if roomy {
        pair(
            "Date",
            format!("{} · due {} · paid {paid}", d.date, d.due_date),
        );
    } else {
        pair("Date", format!("{} · due {}", d.date, d.due_date));
        pair("Paid", paid.to_owned());
    }
    let rate = |r: &dckit_contracts::model::money::Money2| format!("{r}").replace('.', ",");
    let mut tax = format!("{} ({} %)", euro(d.tax.0), rate(&d.tax_rate));
    if !d.tax2.0.is_zero() {
        tax.push_str(&format!(" + {} ({} %)", euro(d.tax2.0), rate(&d.tax_rate2)));
    }
    pair("Tax", tax);
    if !d.credit.0.is_zero() {
        pair("Credit", euro(d.credit.0));
    }
    pair("Total", euro(total(doc)));
    lines.push(Line::styled(
        format!("Items ({})", d.items.len()),
        theme.header(),
    ));
    let amounts: Vec<String> = d.items.values().map(|i| euro(i.amount.0)).collect();
    let amount_width = amounts.iter().map(|a| a.chars().count()).max().unwrap_or(0);
    let taxed_width = 7;
    for (item, amount) in d.items.values().zip(&amounts) {
        let room = width.saturating_sub(amount_width + taxed_width + 1);
        let text = truncate(&item.description, room);
        let pad = room.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
        lines.push(Line::from(vec![
            Span::raw(text),
            Span::raw(" ".repeat(pad + 1)),
            Span::raw(format!("{amount:>amount_width$}")),
            Span::styled(
                format!("{:<7}", if item.taxed { " taxed" } else { " no tax" }),
                theme.dim(),
            ),
        ]));
    }
    if d.items.is_empty() {
        lines.push(Line::styled("No items.", theme.dim()));
    }
    frame.render_widget(padded(lines), inner);
}

//! Draws the statistics: the daily takings as a bar chart (braille or blocks, the detail of
//! sales, voids and returns side by side on `d`), and payment methods, VAT rates and items as
//! horizontal bars labelled in words, amounts in Italian format. One chart at 80x24, two on a
//! taller terminal, all four at 200x60.

use super::{Panel, Range, State};
use crate::app::App;
use crate::config::ChartMarker;
use crate::format::euro;
use crate::ui::hbars::{HBar, HBars};
use crate::ui::theme::Theme;
use crate::ui::widgets::{padded, placeholder, titled_block};
use dckit_contracts::model::datacash::{PaymentType, VatCode};
use dckit_contracts::model::portal::Stats;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, LegendPosition, Paragraph};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A payment method in words.
pub fn payment_label(method: PaymentType) -> &'static str {
    match method {
        PaymentType::Cash => "Contanti",
        PaymentType::Electronic => "Elettronico",
        PaymentType::TicketRestaurant => "Ticket",
        PaymentType::NotCollectedInvoice => "Non riscosso (fattura)",
        PaymentType::NotCollectedServices => "Non riscosso (servizi)",
        PaymentType::NotCollectedHealth => "Non riscosso (SSN)",
    }
}

/// A VAT code in words: `22 %`, `N2 non soggette`.
pub fn vat_label(code: VatCode) -> &'static str {
    match code {
        VatCode::Vat22 => "22 %",
        VatCode::Vat10 => "10 %",
        VatCode::Vat5 => "5 %",
        VatCode::Vat4 => "4 %",
        VatCode::N1 => "N1 escluse",
        VatCode::N2 => "N2 non soggette",
        VatCode::N3 => "N3 non imponibili",
        VatCode::N4 => "N4 esenti",
        VatCode::N5 => "N5 margine",
        VatCode::N6 => "N6 reverse charge",
    }
}

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let state = &app.statistics;
    let title = title(app, usize::from(area.width.saturating_sub(4)));
    let block = titled_block(&title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if state.targets.value().is_none() {
        placeholder(frame, inner, &state.targets, "stores and devices", theme);
        return;
    }
    if state.target.is_none() {
        frame.render_widget(
            padded(Line::styled(
                "The account has no store and no device.",
                theme.dim(),
            )),
            inner,
        );
        return;
    }
    // A refusal (the server's, or the same words before asking) replaces the charts: what
    // was read before is about something else.
    if let Some(error) = state.stats.error() {
        frame.render_widget(padded(Line::styled(error.to_owned(), theme.error())), inner);
        return;
    }
    let Some((_, _, stats)) = state.stats.value() else {
        placeholder(frame, inner, &state.stats, "statistics", theme);
        return;
    };
    if is_empty(stats) {
        frame.render_widget(
            padded(Line::styled("No documents in this range.", theme.dim())),
            inner,
        );
        return;
    }
    if inner.width >= 150 && inner.height >= 40 {
        let [top, bottom] = Layout::vertical([Constraint::Percentage(50); 2]).areas(inner);
        let [a, b] = Layout::horizontal([Constraint::Percentage(50); 2]).areas(top);
        let [c, d] = Layout::horizontal([Constraint::Percentage(50); 2]).areas(bottom);
        for (panel, area) in Panel::ALL.into_iter().zip([a, b, c, d]) {
            chart(state, stats, panel, frame, area, theme, true);
        }
    } else if inner.height >= 28 {
        let [top, bottom] = Layout::vertical([Constraint::Percentage(50); 2]).areas(inner);
        chart(state, stats, Panel::Daily, frame, top, theme, true);
        let lower = match state.panel {
            Panel::Daily => Panel::Payment,
            other => other,
        };
        chart(state, stats, lower, frame, bottom, theme, true);
    } else {
        let [tabs, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        let mut spans = vec![Span::raw(" ")];
        for panel in Panel::ALL {
            let style = if panel == state.panel {
                theme.selection()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(format!(" {} ", panel.title()), style));
        }
        frame.render_widget(Line::from(spans), tabs);
        chart(state, stats, state.panel, frame, rest, theme, false);
    }
}

/// The screen's title: what and when, shortened to fit `width` columns.
fn title(app: &App, width: usize) -> String {
    let state = &app.statistics;
    let (Some(target), Some(range), Some(targets)) =
        (&state.target, state.range, state.targets.value())
    else {
        return "Statistics".to_owned();
    };
    let name = targets.name(target);
    let days = Range {
        preset: None,
        ..range
    }
    .label();
    let short_name = name.split(" (").next().unwrap_or(&name).to_owned();
    [
        format!("Statistics · {name} · {}", range.label()),
        format!("Statistics · {short_name} · {}", range.label()),
        format!("{short_name} · {days}"),
    ]
    .into_iter()
    .find(|t| t.chars().count() <= width)
    .unwrap_or_else(|| format!("{short_name} · {days}"))
}

/// Whether nothing was sold, voided or returned in the range.
fn is_empty(stats: &Stats) -> bool {
    stats.by_payment.is_empty()
        && stats.by_vat.is_empty()
        && stats.by_item.is_empty()
        && stats
            .daily
            .iter()
            .all(|d| d.sales.0.is_zero() && d.voids.0.is_zero() && d.returns.0.is_zero())
}

/// An amount as a chart's number (in euro).
fn value(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(0.0)
}

fn marker(state: &State) -> Marker {
    match state.marker {
        ChartMarker::Braille => Marker::Braille,
        ChartMarker::Block => Marker::HalfBlock,
    }
}

/// Draws one chart in its own panel (`framed`) or straight in `area`.
fn chart(
    state: &State,
    stats: &Stats,
    panel: Panel,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    framed: bool,
) {
    let area = if framed {
        let block = titled_block(panel.title(), false, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        inner
    } else {
        area
    };
    match panel {
        Panel::Daily => daily(state, stats, frame, area, theme),
        Panel::Payment => {
            let rows: Vec<(String, Decimal, String)> = stats
                .by_payment
                .iter()
                .map(|p| {
                    (
                        payment_label(p.method).to_owned(),
                        p.total.0,
                        euro(p.total.0),
                    )
                })
                .collect();
            bars(&rows, "no takings", frame, area, theme);
        }
        Panel::Vat => {
            let rows: Vec<(String, Decimal, String)> = stats
                .by_vat
                .iter()
                .map(|v| {
                    let vat = v
                        .vat
                        .filter(|vat| !vat.0.is_zero())
                        .map_or_else(String::new, |vat| format!(" (IVA {})", euro(vat.0)));
                    (
                        vat_label(v.vat_code).to_owned(),
                        v.total.0,
                        format!("{}{vat}", euro(v.total.0)),
                    )
                })
                .collect();
            bars(&rows, "no takings", frame, area, theme);
        }
        Panel::Items => {
            let mut items: Vec<_> = stats.by_item.iter().collect();
            items.sort_by_key(|i| std::cmp::Reverse(i.quantity));
            let rows: Vec<(String, Decimal, String)> = items
                .iter()
                .map(|i| {
                    let quantity = i.quantity.normalize().to_string().replace('.', ",");
                    (
                        i.description.clone(),
                        i.quantity,
                        format!("{quantity} · {}", euro(i.total.0)),
                    )
                })
                .collect();
            bars(&rows, "no items", frame, area, theme);
        }
    }
}

/// Horizontal bars: a label in words, its amount in Italian format, a bar; as many rows as
/// fit, long labels cut with `…`.
fn bars(
    rows: &[(String, Decimal, String)],
    none: &str,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    if rows.is_empty() {
        frame.render_widget(padded(Line::styled(none.to_owned(), theme.dim())), area);
        return;
    }
    let bars: Vec<HBar> = rows
        .iter()
        .map(|(label, amount, text)| HBar {
            label: label.clone(),
            size: value(*amount),
            text: text.clone(),
        })
        .collect();
    frame.render_widget(HBars::new(&bars, theme), area);
}

/// The takings per day as vertical bars, or sales, voids and returns side by side.
fn daily(state: &State, stats: &Stats, frame: &mut Frame, area: Rect, theme: &Theme) {
    let days = &stats.daily;
    if days.is_empty() || area.height < 4 {
        return;
    }
    let [area, summary_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let n = days.len() as f64;
    let series = |offset: f64, pick: fn(&dckit_contracts::model::portal::DailyTotal) -> Decimal| {
        days.iter()
            .enumerate()
            .map(|(i, d)| (i as f64 + offset, value(pick(d))))
            .collect::<Vec<(f64, f64)>>()
    };
    let (totals, sales, voids, returns) = (
        series(0.0, |d| d.total.0),
        series(-0.3, |d| d.sales.0),
        series(0.0, |d| d.voids.0),
        series(0.3, |d| d.returns.0),
    );
    let style = |s: Style| s;
    let datasets = if state.detail {
        vec![
            Dataset::default()
                .name("sales")
                .marker(marker(state))
                .graph_type(GraphType::Bar)
                .style(style(theme.ok()))
                .data(&sales),
            Dataset::default()
                .name("voids")
                .marker(marker(state))
                .graph_type(GraphType::Bar)
                .style(style(theme.error()))
                .data(&voids),
            Dataset::default()
                .name("returns")
                .marker(marker(state))
                .graph_type(GraphType::Bar)
                .style(style(theme.warning()))
                .data(&returns),
        ]
    } else {
        vec![
            Dataset::default()
                .name("takings")
                .marker(marker(state))
                .graph_type(GraphType::Bar)
                .style(theme.accent())
                .data(&totals),
        ]
    };
    let values = if state.detail {
        days.iter()
            .flat_map(|d| [d.sales.0, d.voids.0, d.returns.0])
            .collect::<Vec<_>>()
    } else {
        days.iter().map(|d| d.total.0).collect()
    };
    let top = values
        .iter()
        .copied()
        .max()
        .unwrap_or_default()
        .max(Decimal::ONE);
    let bottom = values
        .iter()
        .copied()
        .min()
        .unwrap_or_default()
        .min(Decimal::ZERO);
    let first = days
        .first()
        .map(|d| d.date.format("%m-%d").to_string())
        .unwrap_or_default();
    let middle = days
        .get(days.len() / 2)
        .map(|d| d.date.format("%m-%d").to_string())
        .unwrap_or_default();
    let last = days
        .last()
        .map(|d| d.date.format("%m-%d").to_string())
        .unwrap_or_default();
    let y_labels = if bottom < Decimal::ZERO {
        vec![
            Span::raw(short_euro(bottom)),
            Span::raw("0"),
            Span::raw(short_euro(top)),
        ]
    } else {
        vec![Span::raw("0"), Span::raw(short_euro(top))]
    };
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .style(theme.dim())
                .bounds([-0.5, n - 0.5])
                .labels(vec![Span::raw(first), Span::raw(middle), Span::raw(last)]),
        )
        .y_axis(
            Axis::default()
                .style(theme.dim())
                .bounds([value(bottom), value(top)])
                .labels(y_labels),
        )
        .legend_position(state.detail.then_some(LegendPosition::TopLeft))
        .hidden_legend_constraints((Constraint::Percentage(50), Constraint::Percentage(50)));
    frame.render_widget(chart, area);
    let total: Decimal = days
        .iter()
        .try_fold(Decimal::ZERO, |sum, d| sum.checked_add(d.total.0))
        .unwrap_or_default();
    let summary = Line::from(vec![
        Span::styled(" in all ", theme.dim()),
        Span::raw(euro(total)),
    ])
    .right_aligned();
    frame.render_widget(Paragraph::new(summary), summary_area);
}

/// An amount for an axis: `1.234 €`, no cents.
fn short_euro(amount: Decimal) -> String {
    let text = euro(amount.round());
    text.replace(",00 €", " €")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_and_rates_read_in_words() {
        assert_eq!(payment_label(PaymentType::Cash), "Contanti");
        assert_eq!(
            payment_label(PaymentType::NotCollectedInvoice),
            "Non riscosso (fattura)"
        );
        assert_eq!(vat_label(VatCode::Vat22), "22 %");
        assert_eq!(vat_label(VatCode::N2), "N2 non soggette");
        assert_eq!(short_euro(Decimal::new(123456, 2)), "1.235 €");
    }
}

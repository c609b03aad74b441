//! Draws the dashboard.

use crate::app::{App, Remote, Session, StreamState};
use crate::format::{clock_utc, count, euro, truncate};
use crate::screens::licences::expiry;
use crate::ui::theme::{Level, Theme};
use crate::ui::widgets::{padded, placeholder, titled_block};
use dckit_contracts::model::datacash::DcLicenceState;
use dckit_contracts::model::portal::Instance;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph, Sparkline};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let tall = area.height >= 30;
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(if tall { 10 } else { 6 }),
        Constraint::Min(3),
    ])
    .areas(area);
    let [account, licence] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let [today, takings] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(middle);
    account_panel(app, frame, account);
    licence_panel(app, frame, licence);
    today_panel(app, frame, today);
    takings_panel(app, frame, takings);
    if area.width >= 120 {
        let [events, connections] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(56)]).areas(bottom);
        events_panel(app, frame, events);
        connections_panel(app, frame, connections);
    } else {
        events_panel(app, frame, bottom);
    }
}

/// The profile's endpoints and how each answered, when there is room.
fn connections_panel(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let block = titled_block(&format!("Profile {}", app.profile_name()), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let endpoints = app.endpoints();
    let data = app.data();
    let state = |error: Option<&str>, ok: bool| -> Span<'static> {
        match (error, ok) {
            (Some(_), _) => Span::styled("✗ failing", theme.error()),
            (None, true) => Span::styled("✓ answering", theme.ok()),
            (None, false) => Span::styled("…", theme.dim()),
        }
    };
    let mut lines = vec![];
    let rows: [(&str, &Option<String>, Span<'static>); 4] = [
        (
            "Account area",
            &endpoints.portal,
            state(data.account.error(), data.account.value().is_some()),
        ),
        (
            "DataCash",
            &endpoints.datacash,
            state(data.info_user.error(), data.info_user.value().is_some()),
        ),
        (
            "WebService",
            &endpoints.webservice,
            state(
                data.webservice_today.error(),
                data.webservice_today.value().is_some(),
            ),
        ),
        (
            "Harness",
            &endpoints.harness,
            match data.server_clock.value() {
                Some(clock) if clock.frozen => {
                    Span::styled(format!("frozen on {}", clock.today), theme.warning())
                }
                Some(_) => Span::styled("✓ clock running", theme.ok()),
                None => state(data.server_clock.error(), false),
            },
        ),
    ];
    for (name, host, status) in rows {
        match host {
            Some(host) => lines.push(Line::from(vec![
                Span::styled(format!(" {name:<13}"), theme.dim()),
                Span::raw(format!("{:<17} ", crate::format::truncate(host, 16))),
                status,
            ])),
            None => lines.push(Line::from(vec![
                Span::styled(format!(" {name:<13}"), theme.dim()),
                Span::styled("not in this profile", theme.dim()),
            ])),
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The line a panel shows when the profile has no account area.
fn no_portal(app: &App) -> Line<'static> {
    Line::styled(
        format!(
            "No account area in profile {}: add [profiles.{}.portal] with url and token.",
            app.profile_name(),
            app.profile_name()
        ),
        app.theme().dim(),
    )
}

fn account_panel(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let block = titled_block("Account", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.endpoints().portal.is_none() {
        frame.render_widget(padded(no_portal(app)), inner);
        return;
    }
    let Some(account) = app.data().account.value() else {
        placeholder(frame, inner, &app.data().account, "account", theme);
        return;
    };
    let contract = if account.contract.signed {
        Span::styled("✓ signed", theme.ok())
    } else {
        Span::styled("✗ not signed", theme.warning())
    };
    let lines = vec![
        Line::styled(format!(" {}", account.name), theme.accent()),
        Line::from(vec![
            Span::styled(" Partita IVA ", theme.dim()),
            Span::raw(account.partita_iva.clone()),
        ]),
        Line::from(vec![Span::styled(" Contract    ", theme.dim()), contract]),
        Line::from(vec![
            Span::styled(" Account     ", theme.dim()),
            Span::raw(account.id.clone()),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

fn licence_panel(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let block = titled_block("Licence", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.endpoints().portal.is_none() {
        frame.render_widget(padded(no_portal(app)), inner);
        return;
    }
    let Some(account) = app.data().account.value() else {
        placeholder(frame, inner, &app.data().account, "licence", theme);
        return;
    };
    let licence = &account.licence;
    let (left, level) = expiry(licence, app.today());
    let [l1, l2, l3, l4] = Layout::vertical([Constraint::Length(1); 4]).areas(inner);
    frame.render_widget(
        Line::from(vec![
            Span::raw(format!(" {} ", licence.tier)),
            Span::styled(
                format!("· {}", licence.state),
                theme.level(match level {
                    Level::Error => Level::Error,
                    _ => Level::Ok,
                }),
            ),
            Span::styled(format!(" · {}", licence.id), theme.dim()),
        ]),
        l1,
    );
    frame.render_widget(
        Line::from(vec![
            Span::styled(" Expires ", theme.dim()),
            Span::raw(format!("{} ", licence.expires_at)),
            Span::styled(left, theme.level(level)),
        ]),
        l2,
    );
    let slots = account.keys;
    let slot_level = if slots.used >= slots.allowed {
        Level::Warning
    } else {
        Level::Ok
    };
    let label = format!(" API keys {} / {}", slots.used, slots.allowed);
    let width = label.chars().count() as u16 + 1;
    let [text, gauge] =
        Layout::horizontal([Constraint::Length(width), Constraint::Min(0)]).areas(l3);
    frame.render_widget(Line::from(label), text);
    let ratio = if slots.allowed == 0 {
        1.0
    } else {
        (f64::from(slots.used) / f64::from(slots.allowed)).min(1.0)
    };
    frame.render_widget(
        LineGauge::default()
            .ratio(ratio)
            .label("")
            .filled_symbol(symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol(symbols::line::HORIZONTAL)
            .filled_style(theme.gauge(slot_level))
            .unfilled_style(theme.dim()),
        gauge.inner(ratatui::layout::Margin::new(1, 0)),
    );
    let free = slots.free();
    let note = match free {
        0 => Span::styled(
            " no free slot: deactivate a key or buy an add-on",
            theme.warning(),
        ),
        1 => Span::styled(" 1 free slot", theme.dim()),
        n => Span::styled(format!(" {n} free slots"), theme.dim()),
    };
    frame.render_widget(Line::from(note), l4);
}

fn today_panel(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let block = titled_block(&format!("Today · {}", app.today()), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let data = app.data();
    let mut lines = vec![];
    match data.today_by_instance() {
        Some(rows) => {
            for (instance, n) in rows {
                let name = match instance {
                    Instance::Dco => "Receipts (dco)",
                    Instance::Fe => "Invoices (fe)",
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{name:<15}"), theme.dim()),
                    Span::raw(count(n)),
                ]));
            }
        }
        None if app.endpoints().portal.is_some() => {
            lines.push(loading(&data.counters().error(), "counters", theme))
        }
        None => {}
    }
    if app.endpoints().datacash.is_some() {
        lines.push(remote_line(
            "DataCash key   ",
            &data.info_user,
            theme,
            |info| match info.stato_licenza {
                DcLicenceState::Active => Span::styled("✓ works", theme.ok()),
                DcLicenceState::Expired => Span::styled("✗ licence expired", theme.error()),
            },
        ));
    }
    if app.endpoints().webservice.is_some() {
        lines.push(remote_line(
            "WHMCS today    ",
            &data.webservice_today,
            theme,
            |n| {
                let plural = if *n == 1 { "" } else { "s" };
                Span::raw(format!("{} document{plural}", count(*n as u64)))
            },
        ));
    }
    if lines.is_empty() {
        lines.push(no_portal(app));
    }
    frame.render_widget(padded(lines), inner);
}

/// `label` and what `remote` holds: its value as `show` writes it, the error, or `…`.
fn remote_line<T>(
    label: &'static str,
    remote: &Remote<T>,
    theme: &Theme,
    show: impl Fn(&T) -> Span<'static>,
) -> Line<'static> {
    let value = match (remote.value(), remote.error()) {
        (Some(value), _) => show(value),
        (None, Some(error)) => Span::styled(error.to_owned(), theme.error()),
        (None, None) => Span::styled("…", theme.dim()),
    };
    Line::from(vec![Span::styled(label, theme.dim()), value])
}

fn loading(error: &Option<&str>, what: &str, theme: &Theme) -> Line<'static> {
    match error {
        Some(e) => Line::styled(format!("Could not read the {what}: {e}"), theme.error()),
        None => Line::styled(format!("Loading the {what}…"), theme.dim()),
    }
}

fn takings_panel(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let block = titled_block("Takings · last 30 days", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.endpoints().portal.is_none() {
        frame.render_widget(padded(no_portal(app)), inner);
        return;
    }
    let data = app.data();
    let Some(days) = data.takings.value() else {
        placeholder(frame, inner, &data.takings, "statistics", theme);
        return;
    };
    let [chart, summary] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    // Checked: the amounts are the server's, and a wild one must not panic.
    let total = days
        .iter()
        .try_fold(Decimal::ZERO, |sum, d| sum.checked_add(d.total));
    let today = days.last().map_or(Decimal::ZERO, |d| d.total);
    // The days stretched over the whole width (a day takes one or more columns), the latest
    // against the right edge; with fewer columns than days, the latest days.
    let width = usize::from(chart.width.saturating_sub(2));
    let shown = &days[days.len().saturating_sub(width)..];
    let values: Vec<u64> = (0..width)
        .filter_map(|column| shown.get(column * shown.len() / width.max(1)))
        .map(|d| {
            d.total
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|cents| cents.to_u64())
                .unwrap_or(0)
        })
        .collect();
    frame.render_widget(
        Sparkline::default().data(&values).style(theme.accent()),
        chart.inner(ratatui::layout::Margin::new(1, 0)),
    );
    frame.render_widget(
        Line::from(vec![
            Span::styled(" 30 days ", theme.dim()),
            Span::raw(total.map_or_else(|| "–".to_owned(), euro)),
            Span::styled(" · today ", theme.dim()),
            Span::raw(euro(today)),
        ]),
        summary,
    );
}

fn events_panel(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let block = titled_block("Counter events", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let data = app.data();
    if data.events.is_empty() {
        let text = match (
            &app.session(),
            app.endpoints().portal.is_some(),
            &app.status().stream,
        ) {
            (Session::Open(_), true, StreamState::Live) => {
                "None yet: documents issued with any key appear here as they are counted."
            }
            (Session::Open(_), true, _) => {
                "The live stream is not connected: events appear here once it is."
            }
            (Session::Open(_), false, _) => "No account area in this profile: no live counters.",
            _ => "Connecting…",
        };
        frame.render_widget(padded(Line::styled(text, theme.dim())), inner);
        return;
    }
    let lines: Vec<Line> = data
        .events
        .iter()
        .take(usize::from(inner.height))
        .map(|line| {
            let e = &line.event;
            let key = match data.key_label(&e.key_id) {
                Some(label) if !label.is_empty() => format!("{} {label}", e.key_id),
                _ => e.key_id.clone(),
            };
            let what = format!(" {:<3} {:<7} {}", e.instance, e.kind.as_str(), e.idtrx);
            let mut counts = format!("  {} today · {} in all", count(e.today), count(e.total));
            // The key's name takes what the rest leaves (the counts go first when room is
            // short: the counters screen has them), cut with … if it must be.
            let fixed = 10 + what.chars().count();
            let width = usize::from(inner.width);
            if fixed + 20 + counts.chars().count() > width {
                counts.clear();
            }
            let room = width.saturating_sub(fixed + counts.chars().count()).max(8);
            Line::from(vec![
                Span::styled(format!(" {} ", clock_utc(line.at)), theme.dim()),
                Span::raw(format!("{:<room$}", truncate(&key, room))),
                Span::raw(what),
                Span::styled(counts, theme.dim()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

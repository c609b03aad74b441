//! Draws the licences and add-ons screen.

use super::{Panel, panels};
use crate::app::{App, Remote};
use crate::format::{euro, minute};
use crate::ui::theme::Level;
use crate::ui::widgets::{header_cell, placeholder, titled_block};
use chrono::NaiveDate;
use dckit_contracts::model::portal::{Licence, LicenceState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

/// How a licence's expiry reads, and how urgent it is: red when expired, amber under 30 days.
pub fn expiry(licence: &Licence, today: NaiveDate) -> (String, Level) {
    let left = (licence.expires_at - today).num_days();
    if licence.state == LicenceState::Expired || left < 0 {
        let ago = -left;
        let text = match ago {
            0 => "expired".to_owned(),
            1 => "expired yesterday".to_owned(),
            n => format!("expired {n} days ago"),
        };
        (text, Level::Error)
    } else {
        let text = match left {
            0 => "last day today".to_owned(),
            1 => "1 day left".to_owned(),
            n => format!("{n} days left"),
        };
        (text, if left < 30 { Level::Warning } else { Level::Ok })
    }
}

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let data = app.data();
    let [contract_area, licences_area, catalogue_area, purchases_area] = panels(
        area,
        data.licences.value().map_or(0, Vec::len),
        data.catalogue.value().map_or(0, Vec::len),
    );
    let read_only = app.read_only();
    let key = |c: crate::keymap::Command| app.keymap().key_of(c);

    // The contract.
    let block = titled_block("Contract", false, theme);
    let inner = block.inner(contract_area);
    frame.render_widget(block, contract_area);
    match data.account.value() {
        Some(account) if account.contract.signed => {
            let when = account
                .contract
                .signed_at
                .as_ref()
                .map_or_else(String::new, |at| format!(" on {}", minute(at)));
            frame.render_widget(
                Line::from(vec![
                    Span::styled(" ✓ signed", theme.ok()),
                    Span::raw(when),
                    Span::styled(" · add-ons can be bought", theme.dim()),
                ]),
                inner,
            );
        }
        Some(_) => {
            let hint = if read_only {
                Span::styled(" (read-only)", theme.disabled())
            } else {
                Span::raw(format!(
                    " · press {} to sign it",
                    key(crate::keymap::Command::SignContract)
                ))
            };
            frame.render_widget(
                Line::from(vec![
                    Span::styled(" ✗ not signed", theme.warning()),
                    Span::raw(": needed before buying add-ons"),
                    hint,
                ]),
                inner,
            );
        }
        None => placeholder(frame, inner, &data.account, "account", theme),
    }

    // The licences, the catalogue and the purchases: a table each.
    let today = app.today();
    let right = |text: String| Cell::from(Line::from(text).right_aligned());
    let right_header =
        |text: &'static str| Cell::from(Line::from(text).right_aligned()).style(theme.header());
    TablePanel {
        title: "Licences",
        panel: Panel::Licences,
        what: "licences",
        header: ["Licence", "Tier", "State", "Starts", "Expires", "", "Keys"]
            .map(|h| header_cell(h, None, theme))
            .to_vec(),
        widths: vec![
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(7),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(4),
        ],
        empty: " No licence.".to_owned(),
    }
    .draw(app, frame, licences_area, &data.licences, |l| {
        let (left, level) = expiry(l, today);
        let state = match l.state {
            LicenceState::Active => Level::Ok,
            LicenceState::Expired => Level::Error,
        };
        Row::new(vec![
            Cell::from(l.id.clone()),
            Cell::from(l.tier.clone()),
            Cell::from(l.state.as_str()).style(theme.level(state)),
            Cell::from(l.starts_at.to_string()),
            Cell::from(l.expires_at.to_string()),
            Cell::from(left).style(theme.level(level)),
            right(l.keys_included.to_string()),
        ])
    });
    TablePanel {
        title: "Add-on catalogue",
        panel: Panel::Catalogue,
        what: "catalogue",
        header: vec![
            header_cell("Add-on", None, theme),
            header_cell("Keys", None, theme),
            right_header("Price"),
        ],
        widths: vec![
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Length(10),
        ],
        empty: " The catalogue is empty.".to_owned(),
    }
    .draw(app, frame, catalogue_area, &data.catalogue, |c| {
        Row::new(vec![
            Cell::from(c.name.clone()),
            right(c.keys_added.to_string()),
            right(euro(c.price.0)),
        ])
    });
    let empty = if read_only {
        " No add-ons bought yet.".to_owned()
    } else {
        format!(
            " No add-ons bought yet: press {} to buy one.",
            key(crate::keymap::Command::BuyAddon)
        )
    };
    TablePanel {
        title: "Purchases",
        panel: Panel::Purchases,
        what: "purchases",
        header: vec![
            header_cell("Bought", None, theme),
            header_cell("Add-on", None, theme),
            right_header("Qty"),
            right_header("Keys"),
            right_header("Paid"),
        ],
        widths: vec![
            Constraint::Length(16),
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Length(5),
            Constraint::Length(10),
        ],
        empty,
    }
    .draw(app, frame, purchases_area, &data.purchases, |p| {
        Row::new(vec![
            Cell::from(minute(&p.purchased_at)),
            Cell::from(p.addon_type.as_str()),
            right(p.quantity.to_string()),
            right(p.keys_added.to_string()),
            right(euro(p.amount.0)),
        ])
    });
}

/// One of the screen's table panels.
struct TablePanel<'a> {
    title: &'static str,
    panel: Panel,
    what: &'static str,
    header: Vec<Cell<'a>>,
    widths: Vec<Constraint>,
    empty: String,
}

impl TablePanel<'_> {
    /// Draws the panel: its rows once read, else what the placeholder says.
    fn draw<T>(
        self,
        app: &App,
        frame: &mut Frame,
        area: Rect,
        remote: &Remote<Vec<T>>,
        row: impl Fn(&T) -> Row<'static>,
    ) {
        let theme = app.theme();
        let focused = app.licences.focus == self.panel;
        let block = titled_block(self.title, focused, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(items) = remote.value() else {
            placeholder(frame, inner, remote, self.what, theme);
            return;
        };
        if items.is_empty() {
            frame.render_widget(Line::styled(self.empty, theme.dim()), inner);
            return;
        }
        let cursor = app.licences.cursors[self.panel.index()];
        let highlight = if focused {
            theme.selection()
        } else {
            theme.selection_unfocused()
        };
        let table = Table::new(items.iter().map(row), self.widths)
            .header(Row::new(self.header))
            .column_spacing(1)
            .row_highlight_style(highlight);
        let mut state = TableState::new()
            .with_offset(cursor.offset())
            .with_selected(Some(cursor.selected()));
        frame.render_stateful_widget(table, inner, &mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_levels() {
        let today: NaiveDate = "2026-02-15".parse().unwrap();
        let licence = |expires: &str, state| Licence {
            id: "lic-1".into(),
            tier: "developer".into(),
            state,
            starts_at: "2025-01-01".parse().unwrap(),
            expires_at: expires.parse().unwrap(),
            keys_included: 3,
        };
        let cases = [
            (
                "2026-04-21",
                LicenceState::Active,
                "65 days left",
                Level::Ok,
            ),
            (
                "2026-03-16",
                LicenceState::Active,
                "29 days left",
                Level::Warning,
            ),
            (
                "2026-03-17",
                LicenceState::Active,
                "30 days left",
                Level::Ok,
            ),
            (
                "2026-02-15",
                LicenceState::Active,
                "last day today",
                Level::Warning,
            ),
            (
                "2026-02-14",
                LicenceState::Expired,
                "expired yesterday",
                Level::Error,
            ),
            (
                "2026-02-05",
                LicenceState::Expired,
                "expired 10 days ago",
                Level::Error,
            ),
        ];
        for (expires, state, text, level) in cases {
            assert_eq!(
                expiry(&licence(expires, state), today),
                (text.to_owned(), level),
                "{expires}"
            );
        }
    }
}

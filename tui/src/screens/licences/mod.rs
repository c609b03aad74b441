//! Screen 3, licences and add-ons: the contract, the licences (renew), the add-on catalogue
//! (buy) and the purchases made.

mod view;

pub use view::{expiry, view};

use crate::app::{App, Change, Effect, ListCursor, Request};
use crate::dialogs::{BuyForm, Confirm, Dialog, RenewForm};
use crate::format::minute;
use crate::keymap::Command;
use crate::ui::layout;
use crate::ui::theme::Level;
use ratatui::layout::{Constraint, Layout, Rect};

/// The panels of the screen, in focus order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panel {
    /// The licences.
    #[default]
    Licences,
    /// The add-on catalogue.
    Catalogue,
    /// The purchases.
    Purchases,
}

impl Panel {
    const ALL: [Panel; 3] = [Panel::Licences, Panel::Catalogue, Panel::Purchases];

    pub(crate) fn index(self) -> usize {
        Panel::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// The screen's own state.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The focused panel.
    pub focus: Panel,
    /// The selection in each panel.
    pub cursors: [ListCursor; 3],
    /// A purchase form waits for the catalogue to arrive.
    pub pending_buy: bool,
}

/// What the screen reads.
pub(crate) fn requests() -> Vec<Request> {
    vec![
        Request::Account,
        Request::Licences,
        Request::Catalogue,
        Request::Purchases,
    ]
}

/// The areas of the panels in the screen's room: contract, licences, catalogue, purchases.
pub(crate) fn panels(body: Rect, licences: usize, catalogue: usize) -> [Rect; 4] {
    let [contract, licences_area, rest] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(licences.clamp(1, 6) as u16 + 3),
        Constraint::Min(0),
    ])
    .areas(body);
    let [catalogue_area, purchases] = if body.width >= 110 {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    } else {
        Layout::vertical([
            Constraint::Length(catalogue.clamp(1, 5) as u16 + 3),
            Constraint::Min(0),
        ])
        .areas(rest)
    };
    [contract, licences_area, catalogue_area, purchases]
}

fn lens(app: &App) -> [usize; 3] {
    let d = app.data();
    [
        d.licences.value().map_or(0, Vec::len),
        d.catalogue.value().map_or(0, Vec::len),
        d.purchases.value().map_or(0, Vec::len),
    ]
}

/// How many rows fit in each panel.
fn pages(app: &App) -> [usize; 3] {
    let [l, c, _] = lens(app);
    let [_, a, b, p] = panels(layout::body(app.size()), l, c);
    [a, b, p].map(|r| usize::from(r.height.saturating_sub(3)))
}

/// Keeps the selections on rows after the data changed.
pub(crate) fn clamp(app: &mut App) {
    let lens = lens(app);
    let pages = pages(app);
    for ((cursor, len), page) in app.licences.cursors.iter_mut().zip(lens).zip(pages) {
        cursor.clamp(len, page);
    }
}

/// Answers a command on this screen.
pub(crate) fn on_command(app: &mut App, command: Command) -> Vec<Effect> {
    let focus = app.licences.focus.index();
    let (len, page) = (lens(app)[focus], pages(app)[focus]);
    if app.licences.cursors[focus].apply(command, len, page) {
        return vec![];
    }
    match command {
        Command::FocusNext => app.licences.focus = Panel::ALL[(focus + 1) % 3],
        Command::FocusPrev => app.licences.focus = Panel::ALL[(focus + 2) % 3],
        Command::RenewLicence => renew(app),
        Command::SignContract => sign(app),
        Command::BuyAddon => return buy(app),
        _ => {}
    }
    vec![]
}

fn renew(app: &mut App) {
    let Some(licences) = app.data().licences.value() else {
        app.notify("the licences are not read yet", Level::Warning);
        return;
    };
    // The selected licence when the licences have the focus, else the current one.
    let index = if app.licences.focus == Panel::Licences {
        app.licences.cursors[0].selected()
    } else {
        0
    };
    match licences.get(index).cloned() {
        Some(licence) => {
            let today = app.today();
            app.dialogs
                .push(Dialog::Renew(RenewForm::new(licence, today)));
        }
        None => app.notify("there is no licence to renew", Level::Warning),
    }
}

fn sign(app: &mut App) {
    let Some(account) = app.data().account.value() else {
        app.notify("the account is not read yet", Level::Warning);
        return;
    };
    if account.contract.signed {
        let when = account
            .contract
            .signed_at
            .as_ref()
            .map_or_else(String::new, |at| format!(" on {}", minute(at)));
        app.notify(format!("the contract is already signed{when}"), Level::Ok);
        return;
    }
    let text = format!(
        "Sign the contract of {} (partita IVA {})? It is needed to buy add-ons, and it cannot be withdrawn from the console.",
        account.name, account.partita_iva
    );
    app.dialogs.push(Dialog::Confirm(Confirm::new(
        "Sign the contract",
        text,
        "Sign",
        Change::SignContract,
    )));
}

fn buy(app: &mut App) -> Vec<Effect> {
    let Some(catalogue) = app.data().catalogue.value().cloned() else {
        app.licences.pending_buy = true;
        return app.load(vec![Request::Catalogue]);
    };
    if catalogue.is_empty() {
        app.notify("the add-on catalogue is empty", Level::Warning);
        return vec![];
    }
    let account = app.data().account.value();
    let allowed = account.map(|a| a.keys.allowed);
    let signed = account.map(|a| a.contract.signed);
    let mut form = BuyForm::new(catalogue, allowed, signed);
    if app.licences.focus == Panel::Catalogue {
        form.select(app.licences.cursors[1].selected());
    }
    app.dialogs.push(Dialog::Buy(form));
    vec![]
}

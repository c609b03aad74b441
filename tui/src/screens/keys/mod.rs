//! Screen 2, API keys: the table (label, masked key, partita IVA, state, created, documents
//! per instance) with filter and sort; add, rename, deactivate.

mod view;

pub use view::view;

use super::table::Table;
use crate::app::{App, Change, Effect, Request};
use crate::dialogs::{Confirm, Dialog, KeyForm, RenameForm};
use crate::keymap::Command;
use crate::ui::theme::Level;
use dckit_contracts::model::portal::{ApiKey, Instance, KeyState};
use std::cmp::Ordering;

/// The columns the table sorts by, in the order `s` goes through them.
pub const SORTS: [&str; 7] = ["", "Label", "Partita IVA", "State", "Created", "DCO", "FE"];

/// The screen's own state.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The table's selection, filter and sort.
    pub table: Table,
}

/// What the screen reads.
pub(crate) fn requests() -> Vec<Request> {
    vec![Request::Keys, Request::Counters, Request::Account]
}

/// The rows shown, filtered and sorted.
pub fn rows(app: &App) -> Vec<&ApiKey> {
    let Some(keys) = app.data().keys().value() else {
        return vec![];
    };
    let state = &app.keys.table;
    let docs =
        |key: &ApiKey, instance| app.data().counter(&key.id, instance).map_or(0, |c| c.total);
    let mut rows: Vec<&ApiKey> = keys
        .iter()
        .filter(|k| {
            state.filter.matches([
                k.id.as_str(),
                k.label.as_str(),
                k.masked_key.as_str(),
                k.partita_iva.as_str(),
                k.state.as_str(),
            ])
        })
        .collect();
    let sort = state.sort;
    if sort.column != 0 {
        rows.sort_by(|a, b| {
            let ordering = match sort.column {
                1 => a.label.to_lowercase().cmp(&b.label.to_lowercase()),
                2 => a.partita_iva.cmp(&b.partita_iva),
                3 => a.state.as_str().cmp(b.state.as_str()),
                4 => a.created_at.cmp(&b.created_at),
                5 => docs(a, Instance::Dco).cmp(&docs(b, Instance::Dco)),
                6 => docs(a, Instance::Fe).cmp(&docs(b, Instance::Fe)),
                _ => Ordering::Equal,
            };
            sort.order(ordering).then_with(|| a.id.cmp(&b.id))
        });
    } else if sort.descending {
        rows.reverse();
    }
    rows
}

/// Keeps the selection on a row after the rows changed.
pub(crate) fn clamp(app: &mut App) {
    let len = rows(app).len();
    let page = app.keys.table.page(app.size());
    app.keys.table.cursor.clamp(len, page);
}

/// The selected key.
fn selected(app: &App) -> Option<ApiKey> {
    rows(app)
        .get(app.keys.table.cursor.selected())
        .map(|k| (*k).clone())
}

/// Answers a command on this screen.
pub(crate) fn on_command(app: &mut App, command: Command) -> Vec<Effect> {
    let len = rows(app).len();
    let page = app.keys.table.page(app.size());
    if app.keys.table.on_command(command, len, page, SORTS.len()) {
        clamp(app);
        return vec![];
    }
    match command {
        Command::AddKey => {
            let account = app.data().account.value();
            let partita_iva = account.map_or("", |a| a.partita_iva.as_str()).to_owned();
            let slots = account.map(|a| (a.keys.used, a.keys.allowed));
            app.dialogs
                .push(Dialog::KeyForm(KeyForm::new(&partita_iva, slots)));
        }
        Command::RenameKey => match selected(app) {
            Some(key) => app.dialogs.push(Dialog::Rename(RenameForm::new(
                &key.id,
                &key.masked_key,
                &key.label,
            ))),
            None => app.notify("no key selected", Level::Warning),
        },
        Command::DeactivateKey => match selected(app) {
            Some(key) if key.state == KeyState::Deactivated => {
                app.notify(format!("{} is already deactivated", key.id), Level::Warning);
            }
            Some(key) => {
                let name = crate::app::key_name(&key.id, &key.label);
                let text = format!(
                    "Deactivate {name} ({}, partita IVA {})? Programs using it are refused at once. Its slot becomes free; a deactivated key cannot be turned back on.",
                    key.masked_key, key.partita_iva
                );
                app.dialogs.push(Dialog::Confirm(Confirm::new(
                    "Deactivate key",
                    text,
                    "Deactivate",
                    Change::DeactivateKey { id: key.id },
                )));
            }
            None => app.notify("no key selected", Level::Warning),
        },
        _ => {}
    }
    vec![]
}

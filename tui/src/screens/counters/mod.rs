//! Screen 4, document counters per key and instance, live: each counter event updates its
//! row, which is highlighted for a moment; the selected counter's documents export to CSV or
//! Excel.

mod view;

pub use view::view;

use super::table::Table;
use crate::app::{App, Effect, ExportSource, ExportStage, Request};
use crate::dialogs::{Dialog, ExportDialog};
use crate::format::count;
use crate::keymap::Command;
use crate::ui::theme::Level;
use chrono::{DateTime, Utc};
use dckit_contracts::model::portal::{Counter, DocumentsFormat, Instance};
use std::cmp::Ordering;
use std::collections::HashMap;

/// The columns the table sorts by, in the order `s` goes through them.
pub const SORTS: [&str; 5] = ["", "Key", "Instance", "Total", "Today"];

/// The screen's own state.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The table's selection, filter and sort.
    pub table: Table,
    /// Until when each counter stays highlighted, by key id: `[dco, fe]`.
    highlights: HashMap<String, [Option<DateTime<Utc>>; 2]>,
}

impl State {
    /// Highlights a counter that just changed.
    pub fn highlight(&mut self, key_id: &str, instance: Instance, now: DateTime<Utc>) {
        self.highlights.entry(key_id.to_owned()).or_default()[slot(instance)] =
            Some(now + crate::app::HIGHLIGHT);
    }

    /// Whether a counter is highlighted at `now`.
    pub fn is_highlighted(&self, key_id: &str, instance: Instance, now: DateTime<Utc>) -> bool {
        self.highlights
            .get(key_id)
            .and_then(|slots| slots[slot(instance)])
            .is_some_and(|until| until > now)
    }

    /// Whether any highlight is still on at `now`.
    pub fn has_highlights(&self, now: DateTime<Utc>) -> bool {
        self.highlights
            .values()
            .flatten()
            .flatten()
            .any(|until| *until > now)
    }

    /// Forgets the highlights that are over.
    pub fn expire_highlights(&mut self, now: DateTime<Utc>) {
        for slots in self.highlights.values_mut() {
            for until in slots.iter_mut() {
                if until.is_some_and(|u| u <= now) {
                    *until = None;
                }
            }
        }
        self.highlights
            .retain(|_, slots| slots.iter().any(Option::is_some));
    }
}

/// What the screen reads.
pub(crate) fn requests() -> Vec<Request> {
    vec![Request::Counters, Request::Keys]
}

/// A key's number, for sorting `key-10` after `key-9`.
fn key_number(id: &str) -> (u64, &str) {
    let digits = id.trim_start_matches(|c: char| !c.is_ascii_digit());
    (digits.parse().unwrap_or(u64::MAX), id)
}

/// The rows shown, filtered and sorted.
pub fn rows(app: &App) -> Vec<&Counter> {
    let Some(counters) = app.data().counters().value() else {
        return vec![];
    };
    let state = &app.counters.table;
    let mut rows: Vec<&Counter> = counters
        .iter()
        .filter(|c| {
            let label = app.data().key_label(&c.key_id).unwrap_or("");
            state
                .filter
                .matches([c.key_id.as_str(), label, c.instance.as_str()])
        })
        .collect();
    let sort = state.sort;
    rows.sort_by(|a, b| {
        let by_key = || {
            key_number(&a.key_id)
                .cmp(&key_number(&b.key_id))
                .then(a.instance.as_str().cmp(b.instance.as_str()))
        };
        let ordering = match sort.column {
            1 => {
                let label =
                    |c: &Counter| app.data().key_label(&c.key_id).unwrap_or("").to_lowercase();
                label(a).cmp(&label(b))
            }
            2 => a.instance.as_str().cmp(b.instance.as_str()),
            3 => a.total.cmp(&b.total),
            4 => a.today.cmp(&b.today),
            _ => Ordering::Equal,
        };
        sort.order(ordering.then_with(by_key))
    });
    rows
}

/// Keeps the selection on a row after the rows changed.
pub(crate) fn clamp(app: &mut App) {
    let len = rows(app).len();
    let page = app.counters.table.page(app.size());
    app.counters.table.cursor.clamp(len, page);
}

/// Answers a command on this screen.
pub(crate) fn on_command(app: &mut App, command: Command) -> Vec<Effect> {
    let len = rows(app).len();
    let page = app.counters.table.page(app.size());
    if app
        .counters
        .table
        .on_command(command, len, page, SORTS.len())
    {
        clamp(app);
        return vec![];
    }
    match command {
        Command::ExportCsv => export(app, DocumentsFormat::Csv),
        Command::ExportXlsx => export(app, DocumentsFormat::Xlsx),
        _ => {}
    }
    vec![]
}

fn export(app: &mut App, format: DocumentsFormat) {
    if let Some(job) = &app.export
        && matches!(job.stage, ExportStage::Running { .. })
    {
        app.notify(
            format!("an export to {} is under way", job.path.display()),
            Level::Warning,
        );
        return;
    }
    let Some(counter) = rows(app)
        .get(app.counters.table.cursor.selected())
        .map(|c| (*c).clone())
    else {
        app.notify("no counter selected", Level::Warning);
        return;
    };
    app.export = None;
    let name = match app.data().key_label(&counter.key_id) {
        Some(label) if !label.is_empty() => format!("{} “{label}”", counter.key_id),
        _ => counter.key_id.clone(),
    };
    let path = format!(
        "documents-{}-{}-{}.{}",
        counter.key_id,
        counter.instance,
        app.today(),
        format.extension()
    );
    let format_name = match format {
        DocumentsFormat::Csv => "CSV",
        DocumentsFormat::Xlsx => "Excel",
    };
    let plural = if counter.total == 1 { "" } else { "s" };
    app.dialogs.push(Dialog::Export(ExportDialog::new(
        ExportSource::CounterDocuments {
            key_id: counter.key_id.clone(),
            instance: counter.instance,
            format,
        },
        format!("Export documents ({format_name})"),
        format!(
            "{name} · {} · {} document{plural}",
            counter.instance,
            count(counter.total)
        ),
        &path,
    )));
}

/// The place of an instance in a key's highlights.
fn slot(instance: Instance) -> usize {
    match instance {
        Instance::Dco => 0,
        Instance::Fe => 1,
    }
}

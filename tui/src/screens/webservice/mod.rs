//! Screen 7, the WHMCS WebService: invoices and credit notes by keyword, range, number or id; the client and the items of one; the result as CSV.
//!
//! Everything is asked of the WebService exactly as typed (its own parameters: `start`, `end`,
//! `invoicenum`, `invoiceid`, `doctype`); the console checks nothing the service checks, so a
//! real WHMCS answers with its own words, which are shown as they are.

mod csv;
mod dialogs;
mod view;

pub use csv::{HEADER, csv};
pub use dialogs::{Dialog, Mode, QueryForm};
pub use view::view;

use crate::app::{App, Effect, Remote};
use crate::client::WsQuery;
use crate::dialogs::{Dialog as AnyDialog, ExportDialog, ScreenDialog};
use crate::keymap::{Binding, Command, KeyCombo, Scope};
use crate::screens::ScreenId;
use crate::ui::theme::Level;
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::keywords::Keyword;
use dckit_contracts::model::webservice::{WsDocType, WsDocument, WsDocuments};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::sync::Arc;

/// The columns the table sorts by, in the order `s` goes through them (`""`: the server's order).
pub const SORTS: [&str; 9] = [
    "", "Type", "Number", "Client", "Status", "Date", "Due", "Paid", "Total",
];

/// The documents one query found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// What was asked.
    pub query: WsQuery,
    /// The documents, in the server's order.
    pub docs: Vec<WsDocument>,
}

/// The screen's own state.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The table's selection, filter and sort (`/`, `s`, `S` work through it).
    pub table: super::table::Table,
    /// The query in force (month to date until the user asks otherwise).
    pub query: Option<WsQuery>,
    /// What the last query found, or the WebService's words.
    pub found: Remote<Found>,
    /// The number of the last query asked: older answers are dropped.
    pub asked: u64,
    /// Whether the detail of the selected document fills the screen (narrow terminals).
    pub detail: bool,
}

/// The screen's commands (bound in `bindings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {
    /// Open the query form.
    Query,
    /// Show or hide the selected document's detail.
    Detail,
    /// The next date keyword.
    NextKeyword,
    /// The previous date keyword.
    PrevKeyword,
    /// The result to a CSV file, one row per item.
    Export,
}

impl Cmd {
    /// The name in the config file's `[keys]` table and on the `:` line.
    pub fn name(self) -> &'static str {
        match self {
            Cmd::Query => "ws-query",
            Cmd::Detail => "ws-detail",
            Cmd::NextKeyword => "ws-next-keyword",
            Cmd::PrevKeyword => "ws-prev-keyword",
            Cmd::Export => "ws-export",
        }
    }

    /// Whether it changes something on the server: none of these do.
    pub fn changes(self) -> bool {
        false
    }
}

/// What the screen asks the runtime to do (run by `runtime::jobs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// `Get` with `query` (request number `asked`).
    Get {
        /// The request's number.
        asked: u64,
        /// The parameters, sent as they are.
        query: WsQuery,
    },
}

impl Job {
    /// Whether it changes something on a server: reads only.
    pub fn changes(&self) -> bool {
        false
    }
}

/// What comes back from its jobs, or what the form decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The answer to request `asked`: the documents, or the WebService's words.
    Got {
        /// The request's number.
        asked: u64,
        /// What was asked.
        query: WsQuery,
        /// The documents, or the error as the service wrote it.
        result: Result<WsDocuments, String>,
    },
    /// The query form asked for this.
    Query(WsQuery),
}

/// The screen's key bindings.
pub(crate) fn bindings() -> Vec<Binding> {
    let scope = Scope::Screen(ScreenId::WebService);
    let c = KeyCombo::char;
    let p = KeyCombo::plain;
    let b = |cmd, keys, help, footer| Binding {
        command: Command::WebService(cmd),
        keys,
        scope,
        help,
        footer,
    };
    vec![
        b(
            Cmd::Query,
            vec![c('f')],
            "query by keyword, range, number, id and type",
            Some("query"),
        ),
        b(
            Cmd::Detail,
            vec![p(KeyCode::Enter), c('d')],
            "the selected document's client and items",
            Some("detail"),
        ),
        b(
            Cmd::NextKeyword,
            vec![c(']')],
            "the next date keyword",
            None,
        ),
        b(
            Cmd::PrevKeyword,
            vec![c('[')],
            "the previous date keyword",
            None,
        ),
        b(
            Cmd::Export,
            vec![c('x')],
            "the result to a CSV file, one row per item",
            Some("export"),
        ),
    ]
}

/// The query at first: month to date, both types.
pub fn default_query() -> WsQuery {
    WsQuery::start(Keyword::MonthToDate.label())
}

/// The query for people: `start Month to date · invoices`.
pub fn describe(query: &WsQuery) -> String {
    let mut parts = vec![];
    if let Some(n) = &query.invoicenum {
        parts.push(format!("number {n}"));
    }
    if let Some(id) = &query.invoiceid {
        parts.push(format!("id {id}"));
    }
    match (&query.start, &query.end) {
        (Some(s), Some(e)) => parts.push(format!("{s} → {e}")),
        (Some(s), None) if s.is_empty() => parts.push("All".to_owned()),
        (Some(s), None) => parts.push(s.clone()),
        (None, Some(e)) => parts.push(format!("→ {e}")),
        (None, None) if parts.is_empty() => parts.push("All".to_owned()),
        (None, None) => {}
    }
    match query.doctype.as_deref() {
        None | Some("") => {}
        Some(t) => parts.push(t.to_owned()),
    }
    parts.join(" · ")
}

/// The screen is shown: run the query in force if none ever ran.
pub(crate) fn on_show(app: &mut App) -> Vec<Effect> {
    if app.webservice.found.is_untouched() {
        return read(app);
    }
    vec![]
}

/// `r`: ask the query in force again.
pub(crate) fn on_refresh(app: &mut App) -> Vec<Effect> {
    read(app)
}

/// Asks the query in force.
fn read(app: &mut App) -> Vec<Effect> {
    let state = &mut app.webservice;
    let query = state.query.get_or_insert_with(default_query).clone();
    state.asked += 1;
    let asked = state.asked;
    if !state.found.is_loading() {
        app.status.in_flight += 1;
    }
    app.webservice.found.start();
    vec![Effect::Job {
        generation: app.generation,
        job: crate::screens::Job::WebService(Job::Get { asked, query }),
    }]
}

/// The total of a document: its `Total` when the service gives one, else subtotal plus both
/// taxes (WHMCS's invoice total; credit applied is a payment, not a discount).
pub fn total(doc: &WsDocument) -> Decimal {
    let d = &doc.doc_data;
    d.total.map_or(d.subtotal.0 + d.tax.0 + d.tax2.0, |t| t.0)
}

/// The type for people.
pub fn type_label(doc_type: WsDocType) -> &'static str {
    match doc_type {
        WsDocType::Invoice => "Invoice",
        WsDocType::CreditNote => "Credit note",
    }
}

/// The day paid, or empty when unpaid (`0000-00-00 …`).
pub fn paid_day(doc: &WsDocument) -> &str {
    let paid = doc.doc_data.date_paid.as_str();
    if paid.is_empty() || paid.starts_with("0000-00-00") {
        ""
    } else {
        paid.get(..10).unwrap_or(paid)
    }
}

/// Who the document is for, for people: the company, else the name.
pub fn client_label(doc: &WsDocument) -> &str {
    let c = &doc.client_data;
    if c.company_name.is_empty() {
        &c.client_name
    } else {
        &c.company_name
    }
}

/// The rows shown, filtered and sorted.
pub fn rows(app: &App) -> Vec<&WsDocument> {
    let remote = &app.webservice.found;
    let Some(found) = remote.value().filter(|_| remote.error().is_none()) else {
        return vec![];
    };
    let table = &app.webservice.table;
    let mut rows: Vec<&WsDocument> = found
        .docs
        .iter()
        .filter(|d| {
            let (c, x) = (&d.client_data, &d.doc_data);
            table.filter.matches([
                type_label(x.doc_type),
                x.num.as_str(),
                x.id.as_str(),
                c.company_name.as_str(),
                c.client_name.as_str(),
                c.email.as_str(),
                x.status.as_str(),
                x.date.as_str(),
            ])
        })
        .collect();
    let sort = table.sort;
    if sort.column != 0 {
        rows.sort_by(|a, b| {
            let (x, y) = (&a.doc_data, &b.doc_data);
            let ordering = match sort.column {
                1 => x.doc_type.as_str().cmp(y.doc_type.as_str()),
                2 => x.num.cmp(&y.num),
                3 => client_label(a)
                    .to_lowercase()
                    .cmp(&client_label(b).to_lowercase()),
                4 => x.status.cmp(&y.status),
                5 => x.date.cmp(&y.date),
                6 => x.due_date.cmp(&y.due_date),
                7 => paid_day(a).cmp(paid_day(b)),
                8 => total(a).cmp(&total(b)),
                _ => Ordering::Equal,
            };
            sort.order(ordering).then_with(|| x.id.cmp(&y.id))
        });
    } else if sort.descending {
        rows.reverse();
    }
    rows
}

/// The selected document.
pub fn selected(app: &App) -> Option<&WsDocument> {
    rows(app)
        .get(app.webservice.table.cursor.selected())
        .copied()
}

/// Answers one of the screen's commands.
pub(crate) fn on_command(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::Query => {
            let query = app.webservice.query.clone().unwrap_or_else(default_query);
            app.dialogs
                .push(AnyDialog::Screen(ScreenDialog::WebService(Dialog::Query(
                    QueryForm::new(&query),
                ))));
            vec![]
        }
        Cmd::Detail => {
            if app.webservice.detail {
                app.webservice.detail = false;
            } else if selected(app).is_some() {
                app.webservice.detail = true;
            } else {
                app.notify("no document selected", Level::Warning);
            }
            vec![]
        }
        Cmd::NextKeyword | Cmd::PrevKeyword => {
            let by: isize = if cmd == Cmd::NextKeyword { 1 } else { -1 };
            let query = app.webservice.query.clone().unwrap_or_else(default_query);
            let now = query
                .start
                .as_deref()
                .filter(|_| query.invoicenum.is_none() && query.invoiceid.is_none())
                .and_then(Keyword::parse)
                .and_then(|k| Keyword::ALL.iter().position(|q| *q == k));
            let n = Keyword::ALL.len() as isize;
            let next = match now {
                Some(i) => (i as isize + by).rem_euclid(n) as usize,
                None => Keyword::ALL
                    .iter()
                    .position(|k| *k == Keyword::MonthToDate)
                    .unwrap_or(0),
            };
            app.webservice.query = Some(WsQuery {
                start: Some(Keyword::ALL[next].label().to_owned()),
                doctype: query.doctype,
                ..WsQuery::default()
            });
            read(app)
        }
        Cmd::Export => export(app),
    }
}

/// Opens the export dialog for the documents found (all of them, whatever the filter).
fn export(app: &mut App) -> Vec<Effect> {
    let remote = &app.webservice.found;
    let Some(found) = remote.value().filter(|_| remote.error().is_none()) else {
        app.notify("nothing to export: no query has answered", Level::Warning);
        return vec![];
    };
    if found.docs.is_empty() {
        app.notify("no document to export", Level::Warning);
        return vec![];
    }
    if let Some(job) = &app.export
        && matches!(job.stage, crate::app::ExportStage::Running { .. })
    {
        app.notify(
            format!("an export to {} is under way", job.path.display()),
            Level::Warning,
        );
        return vec![];
    }
    let items: usize = found
        .docs
        .iter()
        .map(|d| d.doc_data.items.len().max(1))
        .sum();
    let text: Arc<str> = csv(&found.docs).into();
    let description = format!(
        "{} · {} documents, {} rows",
        describe(&found.query),
        found.docs.len(),
        items
    );
    let file = format!("webservice-{}.csv", app.today());
    app.export = None;
    app.dialogs.push(AnyDialog::Export(ExportDialog::new(
        crate::app::ExportSource::Text(text),
        "WebService documents (CSV)",
        description,
        &file,
    )));
    vec![]
}

/// Keeps the selection on a row after the rows or the filter changed.
pub(crate) fn clamp(app: &mut App) {
    let len = rows(app).len();
    let page = app.webservice.table.page(app.size());
    app.webservice.table.cursor.clamp(len, page);
    if len == 0 {
        app.webservice.detail = false;
    }
}

/// The table's keys (the key map's list commands, which the frame does not hand to the later
/// screens), and Esc to leave the detail.
pub(crate) fn capture_key(app: &mut App, key: KeyEvent) -> Option<Vec<Effect>> {
    if app.lacks_endpoint() {
        return None;
    }
    if key.code == KeyCode::Esc && app.webservice.detail {
        app.webservice.detail = false;
        return Some(vec![]);
    }
    let command = app.keymap().lookup(ScreenId::WebService, &key)?;
    if !matches!(
        command,
        Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
            | Command::Filter
            | Command::Sort
            | Command::ReverseSort
    ) {
        return None;
    }
    let len = rows(app).len();
    let page = app.webservice.table.page(app.size());
    app.webservice
        .table
        .on_command(command, len, page, SORTS.len());
    clamp(app);
    Some(vec![])
}

/// Applies what a job sent back, or what the form decided.
pub(crate) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    let now = app.now();
    match msg {
        Msg::Got {
            asked,
            query,
            result,
        } => {
            if asked != app.webservice.asked {
                // An answer overtaken by a newer question.
                return vec![];
            }
            app.status.in_flight = app.status.in_flight.saturating_sub(1);
            match result {
                Ok(docs) => {
                    let docs = docs.0.into_values().collect();
                    app.webservice.found.set(Found { query, docs }, now);
                    app.webservice.table.cursor = Default::default();
                }
                // Shown in the screen, in one line, as the service wrote it.
                Err(message) => app.webservice.found.fail(message),
            }
            clamp(app);
            vec![]
        }
        Msg::Query(query) => {
            app.webservice.query = Some(query);
            app.webservice.detail = false;
            read(app)
        }
    }
}

#[cfg(test)]
mod tests;

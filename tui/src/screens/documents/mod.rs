//! Screen 6, DataCash documents: find them over any range (cut into the 31-day windows
//! `findDocuments` accepts and stitched back), open one, void it, return lines, download its
//! receipt, and send a test sale.

mod dialogs;
mod split;
mod view;

pub use dialogs::{Detail, Dialog, RangeForm, ReturnForm, SendForm};
pub use split::{WINDOW_DAYS, split};
pub use view::view;

use super::table::Table;
use crate::app::{App, Effect, Remote};
use crate::client::ClientError;
use crate::dialogs::{Confirm, Dialog as AnyDialog, ExportDialog, ScreenDialog};
use crate::keymap::{Binding, Command, KeyCombo, Scope};
use crate::screens::ScreenId;
use crate::ui::theme::Level;
use chrono::{DateTime, Days, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::model::datacash::{
    Document, DocumentLine, Envelope, FoundDocument, OperationType, ReturnLine,
};
use dckit_contracts::model::portal::CounterEvent;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The columns the table sorts by, in the order `s` goes through them.
pub const SORTS: [&str; 6] = ["", "idtrx", "Progressive", "Date", "Type", "Amount"];

/// A sale sent in this session while the tax agency was down: waiting to be fiscalised.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// The temporary id DataCash gave it.
    pub id_temporaneo: String,
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// Its lines.
    pub lines: Vec<DocumentLine>,
    /// The `idtrx` it got once the tax agency fiscalised it (from its counter event).
    pub fiscalised: Option<String>,
}

impl Pending {
    /// What is to be paid.
    pub fn total(&self) -> Decimal {
        total(&self.lines)
    }
}

/// The screen's own state.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The table's selection, filter and sort (`/`, `s`, `S` work through it).
    pub table: Table,
    /// The days searched (the last 7 days and today until the user picks).
    pub range: Option<(NaiveDate, NaiveDate)>,
    /// The documents found over the whole range, oldest first.
    pub found: Remote<Vec<FoundDocument>>,
    /// While a search runs: the windows answered and how many in all.
    pub progress: Option<(usize, usize)>,
    /// The windows answered so far in the search under way.
    collecting: Vec<FoundDocument>,
    /// The number of the last search: older answers are dropped.
    pub asked: u64,
    /// The lines of the sales sent in this session, by idtrx (DataCash has no route that
    /// returns a document's lines).
    pub sent: BTreeMap<String, Vec<DocumentLine>>,
    /// Sales sent in this session that the tax agency has not fiscalised yet.
    pub pending: Vec<Pending>,
    /// Each found document's columns as the filter reads them (lower case), built once per
    /// search so that filtering 10,000 rows allocates nothing.
    search_text: Vec<String>,
}

/// The sum of the lines (gross price × quantity).
pub fn total(lines: &[DocumentLine]) -> Decimal {
    lines
        .iter()
        .map(|l| l.prezzo_lordo.0 * l.quantita)
        .fold(Decimal::ZERO, |a, b| a + b)
}

/// The screen's commands (bound in `bindings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {
    /// Pick the days to search.
    PickRange,
    /// Open the selected document.
    Open,
    /// Send a test sale.
    Send,
    /// Void the selected sale.
    Void,
    /// Return lines of the selected sale.
    Return,
    /// Download the selected document's receipt (PDF).
    Receipt,
    /// Download its gift copy (no prices).
    Gift,
}

impl Cmd {
    /// The name in the config file's `[keys]` table and on the `:` line.
    pub fn name(self) -> &'static str {
        match self {
            Cmd::PickRange => "documents-range",
            Cmd::Open => "open-document",
            Cmd::Send => "send-test-sale",
            Cmd::Void => "void-document",
            Cmd::Return => "return-lines",
            Cmd::Receipt => "download-receipt",
            Cmd::Gift => "download-gift-copy",
        }
    }

    /// Whether it changes something on the server (disabled when read-only).
    pub fn changes(self) -> bool {
        matches!(self, Cmd::Send | Cmd::Void | Cmd::Return)
    }
}

/// What the screen asks the runtime to do (run by `runtime::jobs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Find the documents of each window in turn (search number `asked`).
    Find {
        /// The search's number.
        asked: u64,
        /// The windows, oldest first.
        windows: Vec<(NaiveDate, NaiveDate)>,
    },
    /// Send a sale.
    Send(Document),
    /// Void a sale.
    Void {
        /// The sale.
        idtrx: String,
    },
    /// Return lines of a sale.
    Return {
        /// The sale.
        idtrx: String,
        /// The lines and quantities.
        lines: Vec<ReturnLine>,
    },
}

impl Job {
    /// Whether it changes something on a server (refused when read-only).
    pub fn changes(&self) -> bool {
        !matches!(self, Job::Find { .. })
    }
}

/// What comes back from its jobs, or what a dialog decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// One window of search `asked` (`index` of `total`, from 1), or why not.
    Window {
        /// The search's number.
        asked: u64,
        /// Which window, from 1.
        index: usize,
        /// How many windows.
        total: usize,
        /// Its documents, or the server's words.
        result: Result<Vec<FoundDocument>, String>,
    },
    /// A sale was sent (its lines), or the server's `errori`.
    Sent {
        /// The lines sent.
        lines: Vec<DocumentLine>,
        /// The envelope, or the refusal's lines.
        result: Result<Envelope, Vec<String>>,
    },
    /// A sale was voided, or the refusal's lines.
    Voided {
        /// The sale.
        idtrx: String,
        /// The void's envelope, or the refusal's lines.
        result: Result<Envelope, Vec<String>>,
    },
    /// Lines were returned, or the refusal's lines.
    Returned {
        /// The sale.
        idtrx: String,
        /// The return's envelope, or the refusal's lines.
        result: Result<Envelope, Vec<String>>,
    },
    /// The range form chose these days.
    Range(NaiveDate, NaiveDate),
}

/// A client error in words: the server's `errori` as written (one line each), else the
/// error's own sentence.
pub fn words(error: &ClientError) -> Vec<String> {
    match error {
        ClientError::DataCash { errori, .. } if !errori.is_empty() => errori
            .iter()
            .map(|e| format!("{} {}", e.codice, e.descrizione))
            .collect(),
        other => vec![other.to_string()],
    }
}

/// The screen's key bindings.
pub(crate) fn bindings() -> Vec<Binding> {
    let scope = Scope::Screen(ScreenId::Documents);
    let c = KeyCombo::char;
    let p = KeyCombo::plain;
    let b = |cmd, keys, help, footer| Binding {
        command: Command::Documents(cmd),
        keys,
        scope,
        help,
        footer,
    };
    vec![
        b(
            Cmd::Open,
            vec![p(KeyCode::Enter)],
            "open the selected document",
            Some("open"),
        ),
        b(
            Cmd::PickRange,
            vec![c('p')],
            "the days to search (any range)",
            Some("range"),
        ),
        b(Cmd::Send, vec![c('n')], "send a test sale", Some("sale")),
        b(
            Cmd::Void,
            vec![c('v')],
            "void the selected sale",
            Some("void"),
        ),
        b(
            Cmd::Return,
            vec![c('t')],
            "return lines of the selected sale",
            Some("return"),
        ),
        b(
            Cmd::Receipt,
            vec![c('d')],
            "download the receipt (PDF)",
            Some("receipt"),
        ),
        b(
            Cmd::Gift,
            vec![c('D')],
            "download the gift copy, without prices",
            None,
        ),
    ]
}

fn job(app: &App, job: Job) -> Effect {
    Effect::Job {
        generation: app.generation,
        job: crate::screens::Job::Documents(job),
    }
}

/// The last 7 days and today.
fn default_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today.checked_sub_days(Days::new(7)).unwrap_or(today), today)
}

/// The screen is shown: search the range in force if it never was.
pub(crate) fn on_show(app: &mut App) -> Vec<Effect> {
    if app.documents.found.is_untouched() {
        return find(app);
    }
    vec![]
}

/// A counter event arrived: a pending sale it names (by `idTemporaneo`) is fiscalised now. Its
/// lines are kept under its `idtrx`, and the documents are searched again to show it.
pub(crate) fn on_counter_event(app: &mut App, event: &CounterEvent) -> Vec<Effect> {
    let Some(temp) = event.id_temporaneo.as_deref() else {
        return vec![];
    };
    let Some(pending) = app
        .documents
        .pending
        .iter_mut()
        .find(|p| p.id_temporaneo == temp && p.fiscalised.is_none())
    else {
        return vec![];
    };
    pending.fiscalised = Some(event.idtrx.clone());
    let lines = pending.lines.clone();
    app.documents.sent.insert(event.idtrx.clone(), lines);
    app.notify(
        format!("pending sale {temp} fiscalised: idtrx {}", event.idtrx),
        Level::Ok,
    );
    if app.documents.range.is_some() {
        find(app)
    } else {
        vec![]
    }
}

/// `r`: search again.
pub(crate) fn on_refresh(app: &mut App) -> Vec<Effect> {
    find(app)
}

/// Searches the range in force, window by window; an inverted range is refused here, in
/// words, before any request.
fn find(app: &mut App) -> Vec<Effect> {
    let today = app.today();
    let (from, to) = *app
        .documents
        .range
        .get_or_insert_with(|| default_range(today));
    let was_loading = app.documents.found.is_loading();
    let state = &mut app.documents;
    state.asked += 1;
    state.collecting.clear();
    match split(from, to) {
        Err(message) => {
            state.progress = None;
            state.found.fail(message);
            if was_loading {
                app.status.in_flight = app.status.in_flight.saturating_sub(1);
            }
            vec![]
        }
        Ok(windows) => {
            state.progress = Some((0, windows.len()));
            state.found.start();
            if !was_loading {
                app.status.in_flight += 1;
            }
            let asked = state.asked;
            vec![job(app, Job::Find { asked, windows })]
        }
    }
}

/// What the filter reads of `d`: its columns in lower case, apart (a match never spans two).
fn search_text(d: &FoundDocument) -> String {
    [
        d.idtrx.as_str(),
        d.numero_progressivo.as_str(),
        date(d).as_str(),
        kind(d.tipo_operazione),
        note(d).as_str(),
    ]
    .join("\u{1f}")
    .to_lowercase()
}

/// The rows shown, filtered and sorted.
pub fn rows(app: &App) -> Vec<&FoundDocument> {
    let Some(found) = app.documents.found.value() else {
        return vec![];
    };
    let state = &app.documents.table;
    // Without a filter no row's text is built: a frame over 10,000 documents stays cheap.
    let wanted = state.filter.text().trim().to_lowercase();
    let prepared = app.documents.search_text.len() == found.len();
    let mut rows: Vec<&FoundDocument> = found
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            if wanted.is_empty() {
                return true;
            }
            if prepared {
                return app.documents.search_text[*i].contains(&wanted);
            }
            let date = date(d);
            state.filter.matches([
                d.idtrx.as_str(),
                d.numero_progressivo.as_str(),
                date.as_str(),
                kind(d.tipo_operazione),
                note(d).as_str(),
            ])
        })
        .map(|(_, d)| d)
        .collect();
    let sort = state.sort;
    if sort.column != 0 {
        rows.sort_by(|a, b| {
            let ordering = match sort.column {
                1 => (a.idtrx.len(), &a.idtrx).cmp(&(b.idtrx.len(), &b.idtrx)),
                2 => a.numero_progressivo.cmp(&b.numero_progressivo),
                3 => a.data.cmp(&b.data),
                4 => kind(a.tipo_operazione).cmp(kind(b.tipo_operazione)),
                5 => a.ammontare_complessivo.0.cmp(&b.ammontare_complessivo.0),
                _ => Ordering::Equal,
            };
            sort.order(ordering)
                .then_with(|| (a.idtrx.len(), &a.idtrx).cmp(&(b.idtrx.len(), &b.idtrx)))
        });
    } else if sort.descending {
        rows.reverse();
    }
    rows
}

/// A document's type in Italian.
pub fn kind(kind: OperationType) -> &'static str {
    match kind {
        OperationType::Sale => "vendita",
        OperationType::Void => "annullo",
        OperationType::Return => "reso",
    }
}

/// When it was issued, Italian style: `15/02/2026 10:31`.
pub fn date(d: &FoundDocument) -> String {
    d.data.format("%d/%m/%Y %H:%M").to_string()
}

/// What voided or returned it, or what it voids or returns, from `annulli` / `resi`.
pub fn note(d: &FoundDocument) -> String {
    match d.tipo_operazione {
        OperationType::Sale => match (d.annulli.as_str(), d.resi.as_str()) {
            ("A", "R") => "returned, then voided".to_owned(),
            ("A", _) => "voided".to_owned(),
            (_, "R") => "returned".to_owned(),
            _ => String::new(),
        },
        OperationType::Void if !d.annulli.is_empty() => format!("voids {}", d.annulli),
        OperationType::Return if !d.resi.is_empty() => format!("returns {}", d.resi),
        _ => String::new(),
    }
}

/// [`note`] for a narrow table: progressives without their `DCW2026/` head.
pub fn short_note(d: &FoundDocument) -> String {
    let short = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    match d.tipo_operazione {
        OperationType::Sale if d.annulli == "A" && d.resi == "R" => "returned, voided".to_owned(),
        OperationType::Void if !d.annulli.is_empty() => format!("voids {}", short(&d.annulli)),
        OperationType::Return if !d.resi.is_empty() => format!("returns {}", short(&d.resi)),
        _ => note(d),
    }
}

/// Keeps the selection on a row after the rows or the filter changed.
pub(crate) fn clamp(app: &mut App) {
    let len = rows(app).len();
    let page = app.documents.table.page(app.size());
    app.documents.table.cursor.clamp(len, page);
}

/// The selected document.
fn selected(app: &App) -> Option<FoundDocument> {
    rows(app)
        .get(app.documents.table.cursor.selected())
        .map(|d| (*d).clone())
}

/// The selected document when it is a sale; otherwise a warning and `None`.
fn selected_sale(app: &mut App, doing: &str) -> Option<FoundDocument> {
    match selected(app) {
        Some(d) if d.tipo_operazione == OperationType::Sale => Some(d),
        Some(d) => {
            app.notify(
                format!(
                    "{} is a {}: only a sale can be {doing}",
                    d.numero_progressivo,
                    kind(d.tipo_operazione)
                ),
                Level::Warning,
            );
            None
        }
        None => {
            app.notify("no document selected", Level::Warning);
            None
        }
    }
}

/// The confirmation of voiding `sale`.
pub fn void_confirm(sale: &FoundDocument) -> Confirm {
    let text = format!(
        "Void the sale {} (idtrx {}, {}, {})? DataCash issues a void (annullo) for the whole amount; it cannot be undone.",
        sale.numero_progressivo,
        sale.idtrx,
        date(sale),
        crate::format::euro(sale.ammontare_complessivo.0)
    );
    Confirm::new(
        "Void sale",
        text,
        "Void",
        crate::screens::Job::Documents(Job::Void {
            idtrx: sale.idtrx.clone(),
        }),
    )
}

/// The export dialog for `d`'s receipt (or gift copy).
pub fn receipt_export(d: &FoundDocument, gift: bool) -> ExportDialog {
    let safe = d.numero_progressivo.replace(['/', '\\'], "-");
    let (title, file) = if gift {
        ("Gift copy (PDF)", format!("regalo-{safe}.pdf"))
    } else {
        ("Receipt (PDF)", format!("scontrino-{safe}.pdf"))
    };
    ExportDialog::new(
        crate::app::ExportSource::Receipt {
            idtrx: d.idtrx.clone(),
            gift,
        },
        title,
        format!(
            "{} {} · idtrx {} · {}",
            kind(d.tipo_operazione),
            d.numero_progressivo,
            d.idtrx,
            date(d)
        ),
        &file,
    )
}

fn push(app: &mut App, dialog: Dialog) {
    app.dialogs
        .push(AnyDialog::Screen(ScreenDialog::Documents(dialog)));
}

/// Answers one of the screen's commands.
pub(crate) fn on_command(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    if cmd.changes() && app.read_only() {
        app.notify("read-only: no change was made", Level::Warning);
        return vec![];
    }
    match cmd {
        Cmd::PickRange => {
            let today = app.today();
            let (from, to) = app.documents.range.unwrap_or(default_range(today));
            push(app, Dialog::Range(RangeForm::new(from, to)));
        }
        Cmd::Open => match selected(app) {
            Some(d) => {
                let detail = Detail::new(app, &d);
                push(app, Dialog::Detail(Box::new(detail)));
            }
            None => app.notify("no document selected", Level::Warning),
        },
        Cmd::Send => push(app, Dialog::Send(SendForm::new())),
        Cmd::Void => {
            if let Some(sale) = selected_sale(app, "voided") {
                app.dialogs.push(AnyDialog::Confirm(void_confirm(&sale)));
            }
        }
        Cmd::Return => {
            if let Some(sale) = selected_sale(app, "returned") {
                let lines = app.documents.sent.get(&sale.idtrx).cloned();
                push(app, Dialog::Return(ReturnForm::new(&sale, lines)));
            }
        }
        Cmd::Receipt | Cmd::Gift => match selected(app) {
            Some(d) => {
                if let Some(job) = &app.export
                    && matches!(job.stage, crate::app::ExportStage::Running { .. })
                {
                    app.notify(
                        format!("an export to {} is under way", job.path.display()),
                        Level::Warning,
                    );
                    return vec![];
                }
                app.export = None;
                app.dialogs
                    .push(AnyDialog::Export(receipt_export(&d, cmd == Cmd::Gift)));
            }
            None => app.notify("no document selected", Level::Warning),
        },
    }
    vec![]
}

/// A key the screen takes before the key map: the table's list, filter and sort keys (the
/// shared code routes those only to the first screens).
pub(crate) fn capture_key(app: &mut App, key: KeyEvent) -> Option<Vec<Effect>> {
    if app.lacks_endpoint() {
        return None;
    }
    let command = app.keymap().lookup(ScreenId::Documents, &key)?;
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
    let page = app.documents.table.page(app.size());
    app.documents
        .table
        .on_command(command, len, page, SORTS.len());
    clamp(app);
    Some(vec![])
}

/// The documents' form on top, if it is one.
fn top_form(app: &mut App) -> Option<&mut Dialog> {
    match app.dialogs.last_mut() {
        Some(AnyDialog::Screen(ScreenDialog::Documents(d))) => Some(d),
        _ => None,
    }
}

/// Closes the detail of sale `idtrx` if it is on top: after a void or a return it would show
/// the sale as it was; the table, searched again, shows it as it is.
fn close_detail_of(app: &mut App, idtrx: &str) {
    if let Some(Dialog::Detail(detail)) = top_form(app)
        && detail.document.idtrx == idtrx
    {
        app.dialogs.pop();
    }
}

/// Applies what a job sent back.
pub(crate) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    let now = app.now();
    match msg {
        Msg::Window {
            asked,
            index,
            total,
            result,
        } => {
            if asked != app.documents.asked {
                return vec![];
            }
            let state = &mut app.documents;
            match result {
                Ok(found) => {
                    state.collecting.extend(found);
                    state.progress = Some((index, total));
                    if index == total {
                        let all = std::mem::take(&mut state.collecting);
                        state.search_text = all.iter().map(search_text).collect();
                        state.found.set(all, now);
                        state.progress = None;
                        app.status.in_flight = app.status.in_flight.saturating_sub(1);
                        clamp(app);
                    }
                }
                Err(message) => {
                    state.collecting.clear();
                    state.progress = None;
                    let message = if total > 1 {
                        format!("window {index} of {total}: {message}")
                    } else {
                        message
                    };
                    state.found.fail(message.clone());
                    app.status.in_flight = app.status.in_flight.saturating_sub(1);
                    app.notify(format!("documents: {message}"), Level::Error);
                }
            }
            vec![]
        }
        Msg::Sent { lines, result } => match result {
            Ok(envelope) => {
                if let Some(Dialog::Send(_)) = top_form(app) {
                    app.dialogs.pop();
                }
                match (envelope.idtrx, envelope.progressivo, envelope.id_temporaneo) {
                    (Some(idtrx), progressivo, _) => {
                        app.notify(
                            format!(
                                "sale {} sent (idtrx {idtrx})",
                                progressivo.unwrap_or_default()
                            ),
                            Level::Ok,
                        );
                        app.documents.sent.insert(idtrx, lines);
                        find(app)
                    }
                    (None, _, Some(id_temporaneo)) => {
                        app.notify(
                            format!("the tax agency is down: sale {id_temporaneo} is pending"),
                            Level::Warning,
                        );
                        app.documents.pending.push(Pending {
                            id_temporaneo,
                            at: now,
                            lines,
                            fiscalised: None,
                        });
                        vec![]
                    }
                    (None, _, None) => {
                        app.notify("sale sent", Level::Ok);
                        find(app)
                    }
                }
            }
            Err(errori) => {
                match top_form(app) {
                    Some(Dialog::Send(form)) => form.refused(errori),
                    _ => app.notify(errori.join(" · "), Level::Error),
                }
                vec![]
            }
        },
        Msg::Voided { idtrx, result } => match result {
            Ok(envelope) => {
                app.notify(
                    format!(
                        "sale {idtrx} voided by {}",
                        envelope.progressivo.unwrap_or_default()
                    ),
                    Level::Ok,
                );
                close_detail_of(app, &idtrx);
                find(app)
            }
            Err(errori) => {
                app.notify(
                    format!("void of {idtrx} refused: {}", errori.join(" · ")),
                    Level::Error,
                );
                vec![]
            }
        },
        Msg::Returned { idtrx, result } => match result {
            Ok(envelope) => {
                if let Some(Dialog::Return(_)) = top_form(app) {
                    app.dialogs.pop();
                }
                close_detail_of(app, &idtrx);
                app.notify(
                    format!(
                        "lines of {idtrx} returned by {}",
                        envelope.progressivo.unwrap_or_default()
                    ),
                    Level::Ok,
                );
                find(app)
            }
            Err(errori) => {
                match top_form(app) {
                    Some(Dialog::Return(form)) => form.refused(errori),
                    _ => app.notify(errori.join(" · "), Level::Error),
                }
                vec![]
            }
        },
        Msg::Range(from, to) => {
            app.documents.range = Some((from, to));
            find(app)
        }
    }
}

#[cfg(test)]
mod tests;

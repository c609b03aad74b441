//! Screen 8, the mock's harness: the live request journal, fault rules, the clock, the tax
//! agency, the webhook, expired credentials and reset.
//!
//! The journal is followed by polling `GET /__admin/requests?since=<last id>`: one poll at a
//! time, the next one asked [`POLL_EVERY`] after the answer, and only while the screen is
//! shown, following is on and the connection is the same (the delayed "poll due" message
//! carries the connection's generation; when it arrives on another screen the loop stops, and
//! `on_show` starts it again).

mod dialogs;
pub mod journal;
mod view;

pub use dialogs::{Dialog, FaultForm, Prompt, PromptKind};
pub use journal::{Api, Buffer, CAPACITY, Filter};
pub use view::view;

use crate::app::{Action, App, Effect, Field, Remote};
use crate::dialogs::{Confirm, Dialog as AnyDialog, ScreenDialog};
use crate::keymap::{Binding, Command, KeyCombo, Scope};
use crate::screens::ScreenId;
use crate::ui::theme::Level;
use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_mock::{AgencyState, ClockState, Fault, FaultId, FaultRule, JournalEntry, WebhookState};
use std::time::Duration;

/// How long after a poll's answer the next one is asked.
pub const POLL_EVERY: Duration = Duration::from_millis(700);

/// The most entries one poll asks for.
pub const POLL_LIMIT: usize = CAPACITY;

/// What the side panel shows: the clock, the agency, the webhook and the fault rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Side {
    /// The mock's clock.
    pub clock: Option<ClockState>,
    /// The tax agency.
    pub agency: Option<AgencyState>,
    /// The webhook and its deliveries.
    pub webhook: Option<WebhookState>,
    /// The fault rules, in the order they are tried.
    pub faults: Vec<Fault>,
}

/// Which panel is shown when only one fits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panel {
    /// The journal.
    #[default]
    Journal,
    /// Clock, agency, webhook and faults.
    Side,
}

/// The screen's own state.
#[derive(Clone, Debug)]
pub struct State {
    /// The connection the data below belongs to.
    pub generation: u64,
    /// The journal entries kept, newest first.
    pub journal: Buffer,
    /// Why the last poll failed, if it did.
    pub journal_error: Option<String>,
    /// Whether the first poll has answered.
    pub journal_read: bool,
    /// Whether a poll is asked or due (the loop is alive for `generation`).
    pub polling: bool,
    /// Whether following is paused by the user.
    pub paused: bool,
    /// The journal's filters.
    pub filter: Filter,
    /// The path filter being typed, if it is.
    pub editing: Option<Field>,
    /// The selected row of the filtered journal (0: the newest).
    pub selected: usize,
    /// Clock, agency, webhook and faults.
    pub side: Remote<Side>,
    /// The selected fault rule.
    pub fault: usize,
    /// The panel shown when only one fits.
    pub panel: Panel,
}

impl Default for State {
    fn default() -> State {
        State {
            generation: 0,
            journal: Buffer::with_capacity(CAPACITY),
            journal_error: None,
            journal_read: false,
            polling: false,
            paused: false,
            filter: Filter::default(),
            editing: None,
            selected: 0,
            side: Remote::default(),
            fault: 0,
            panel: Panel::Journal,
        }
    }
}

impl State {
    /// The entries the filters let through, newest first.
    pub fn visible(&self) -> impl Iterator<Item = &JournalEntry> {
        self.journal
            .entries()
            .iter()
            .filter(|e| self.filter.accepts(e))
    }

    /// The selected entry of the filtered journal.
    pub fn selected_entry(&self) -> Option<&JournalEntry> {
        self.visible().nth(self.selected)
    }

    /// Applies a poll's entries; keeps the selected entry selected when the user moved off
    /// the newest one.
    pub fn apply_poll(&mut self, entries: Vec<JournalEntry>) {
        let added = self.journal.merge(entries);
        if self.selected > 0 && !added.is_empty() {
            let shown = self
                .journal
                .entries()
                .iter()
                .take(added.len())
                .filter(|e| self.filter.accepts(e))
                .count();
            self.selected += shown;
        }
        self.clamp();
    }

    /// Keeps the selections inside their lists.
    pub fn clamp(&mut self) {
        let len = self.visible().count();
        self.selected = self.selected.min(len.saturating_sub(1));
        let faults = self.side.value().map_or(0, |s| s.faults.len());
        self.fault = self.fault.min(faults.saturating_sub(1));
    }

    /// The selected fault rule.
    pub fn selected_fault(&self) -> Option<&Fault> {
        self.side.value().and_then(|s| s.faults.get(self.fault))
    }
}

/// The screen's commands (bound in `bindings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {
    /// Pause or resume following the journal.
    Follow,
    /// Show the selected entry's detail.
    Open,
    /// The next API filter.
    FilterApi,
    /// The next status-class filter.
    FilterStatus,
    /// Type a path filter.
    FilterPath,
    /// Journal or side panel (when only one fits).
    SwitchPanel,
    /// The next fault rule.
    NextFault,
    /// The previous fault rule.
    PrevFault,
    /// Add a fault rule.
    AddFault,
    /// Remove the selected fault rule.
    RemoveFault,
    /// Remove every fault rule.
    ClearFaults,
    /// Freeze the clock at an instant.
    Freeze,
    /// Move the clock.
    Advance,
    /// Let the clock follow real time.
    Unfreeze,
    /// Tax agency up or down.
    Agency,
    /// Set or clear the webhook URL.
    Webhook,
    /// Expire a seller's credentials.
    Expire,
    /// Regenerate the data from a seed.
    Reset,
}

impl Cmd {
    /// The name in the config file's `[keys]` table and on the `:` line.
    pub fn name(self) -> &'static str {
        match self {
            Cmd::Follow => "journal-follow",
            Cmd::Open => "journal-open",
            Cmd::FilterApi => "journal-api",
            Cmd::FilterStatus => "journal-status",
            Cmd::FilterPath => "journal-path",
            Cmd::SwitchPanel => "harness-panel",
            Cmd::NextFault => "fault-next",
            Cmd::PrevFault => "fault-prev",
            Cmd::AddFault => "fault-add",
            Cmd::RemoveFault => "fault-remove",
            Cmd::ClearFaults => "faults-clear",
            Cmd::Freeze => "clock-freeze",
            Cmd::Advance => "clock-advance",
            Cmd::Unfreeze => "clock-unfreeze",
            Cmd::Agency => "agency-toggle",
            Cmd::Webhook => "webhook-set",
            Cmd::Expire => "credentials-expire",
            Cmd::Reset => "mock-reset",
        }
    }

    /// Whether it changes something on the server (disabled when read-only).
    pub fn changes(self) -> bool {
        matches!(
            self,
            Cmd::AddFault
                | Cmd::RemoveFault
                | Cmd::ClearFaults
                | Cmd::Freeze
                | Cmd::Advance
                | Cmd::Unfreeze
                | Cmd::Agency
                | Cmd::Webhook
                | Cmd::Expire
                | Cmd::Reset
        )
    }
}

/// A change of the mock's harness.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Add a fault rule.
    AddFault(Box<FaultRule>),
    /// Remove a fault rule.
    RemoveFault(FaultId),
    /// Remove every fault rule.
    ClearFaults,
    /// Freeze the clock at this instant.
    Freeze(DateTime<FixedOffset>),
    /// Move the clock by this duration (`1d`, `-2h`…).
    Advance(String),
    /// Let the clock follow real time.
    Unfreeze,
    /// The tax agency up (`true`) or down.
    Agency(bool),
    /// The webhook URL, or none.
    Webhook(Option<String>),
    /// Expire the credentials of this partita IVA.
    Expire(String),
    /// Regenerate all data from this seed.
    Reset(u64),
}

/// What the screen asks the runtime to do (run by `runtime::jobs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Read the journal entries after `since` (the most recent [`POLL_LIMIT`]).
    Poll {
        /// The last id seen.
        since: Option<u64>,
    },
    /// Read the clock, the agency, the webhook and the fault rules.
    Side,
    /// Make a change; `counted` when the spinner counts it.
    Change {
        /// The change.
        op: Op,
        /// Whether `in_flight` was raised for it.
        counted: bool,
    },
}

impl Job {
    /// Whether it changes something on a server (refused when read-only).
    pub fn changes(&self) -> bool {
        matches!(self, Job::Change { .. })
    }
}

/// What comes back from its jobs, or what a dialog decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// A poll's entries (oldest first), or why not.
    Journal(Result<Vec<JournalEntry>, String>),
    /// Time for the next poll.
    PollDue,
    /// The side panel's data, or why not.
    Side(Result<Box<Side>, String>),
    /// A change ended: what was done, or the server's words.
    Done {
        /// Whether `in_flight` was raised for it.
        counted: bool,
        /// What was done, or why not.
        result: Result<String, String>,
    },
    /// A form decided on a change.
    Submit(Op),
}

/// The screen's key bindings.
pub(crate) fn bindings() -> Vec<Binding> {
    let scope = Scope::Screen(ScreenId::Harness);
    let c = KeyCombo::char;
    let p = KeyCombo::plain;
    let b = |cmd, keys, help, footer| Binding {
        command: Command::Harness(cmd),
        keys,
        scope,
        help,
        footer,
    };
    vec![
        b(
            Cmd::Follow,
            vec![c('f')],
            "pause or resume following the journal",
            Some("follow"),
        ),
        b(
            Cmd::Open,
            vec![p(KeyCode::Enter)],
            "the selected request's headers and message",
            Some("open"),
        ),
        b(
            Cmd::FilterApi,
            vec![c('a')],
            "journal: the next API (DataCash, portal, WebService, admin)",
            Some("api"),
        ),
        b(
            Cmd::FilterStatus,
            vec![c('c')],
            "journal: the next status class (2xx, 4xx, 5xx)",
            Some("status"),
        ),
        b(
            Cmd::FilterPath,
            vec![c('/')],
            "journal: only paths containing some text",
            None,
        ),
        b(
            Cmd::SwitchPanel,
            vec![c('p')],
            "journal or clock/faults panel (small terminals)",
            Some("panel"),
        ),
        b(Cmd::NextFault, vec![c(']')], "the next fault rule", None),
        b(
            Cmd::PrevFault,
            vec![c('[')],
            "the previous fault rule",
            None,
        ),
        b(
            Cmd::AddFault,
            vec![c('n')],
            "add a fault rule",
            Some("fault"),
        ),
        b(
            Cmd::RemoveFault,
            vec![c('d')],
            "remove the selected fault rule",
            None,
        ),
        b(
            Cmd::ClearFaults,
            vec![c('D')],
            "remove every fault rule",
            None,
        ),
        b(
            Cmd::Freeze,
            vec![c('F')],
            "freeze the clock at an instant",
            Some("clock"),
        ),
        b(
            Cmd::Advance,
            vec![c('+')],
            "move the clock (1d, 2h, -30m…)",
            None,
        ),
        b(
            Cmd::Unfreeze,
            vec![c('U')],
            "the clock follows real time",
            None,
        ),
        b(Cmd::Agency, vec![c('A')], "tax agency up or down", None),
        b(Cmd::Webhook, vec![c('w')], "set or clear the webhook", None),
        b(
            Cmd::Expire,
            vec![c('e')],
            "expire a seller's credentials",
            None,
        ),
        b(
            Cmd::Reset,
            vec![c('R')],
            "regenerate the data from a seed",
            None,
        ),
    ]
}

fn effect(app: &App, job: Job) -> Effect {
    Effect::Job {
        generation: app.generation,
        job: crate::screens::Job::Harness(job),
    }
}

/// Forgets what belongs to another connection.
fn adopt_generation(app: &mut App) {
    if app.harness.generation != app.generation {
        let panel = app.harness.panel;
        app.harness = State {
            generation: app.generation,
            panel,
            ..State::default()
        };
    }
}

fn poll(app: &mut App) -> Vec<Effect> {
    let since = app.harness.journal.last_id();
    app.harness.polling = true;
    vec![effect(app, Job::Poll { since })]
}

fn read_side(app: &mut App) -> Vec<Effect> {
    if app.harness.side.is_loading() {
        return vec![];
    }
    app.harness.side.start();
    app.status.in_flight += 1;
    vec![effect(app, Job::Side)]
}

/// The screen is shown: read the side panel if never read, and follow the journal.
pub(crate) fn on_show(app: &mut App) -> Vec<Effect> {
    adopt_generation(app);
    let mut effects = vec![];
    if app.harness.side.is_untouched() {
        effects.extend(read_side(app));
    }
    if !app.harness.polling && !app.harness.paused {
        effects.extend(poll(app));
    }
    effects
}

/// `r`: read again what the screen shows.
pub(crate) fn on_refresh(app: &mut App) -> Vec<Effect> {
    adopt_generation(app);
    let mut effects = read_side(app);
    if !app.harness.polling {
        effects.extend(poll(app));
    }
    effects
}

fn push(app: &mut App, dialog: Dialog) {
    app.dialogs
        .push(AnyDialog::Screen(ScreenDialog::Harness(dialog)));
}

/// Answers one of the screen's commands.
pub(crate) fn on_command(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    adopt_generation(app);
    if cmd.changes() && app.read_only() {
        app.notify("read-only: no change was made", Level::Warning);
        return vec![];
    }
    let state = &mut app.harness;
    match cmd {
        Cmd::Follow => {
            state.paused = !state.paused;
            if state.paused {
                app.notify("journal paused: f resumes", Level::Warning);
                vec![]
            } else {
                state.selected = 0;
                if state.polling { vec![] } else { poll(app) }
            }
        }
        Cmd::Open => {
            match state.selected_entry() {
                Some(entry) => {
                    let dialog = Dialog::Detail(Box::new(entry.clone()));
                    push(app, dialog);
                }
                None => app.notify("no request selected", Level::Warning),
            }
            vec![]
        }
        Cmd::FilterApi => {
            let at = Api::CYCLE
                .iter()
                .position(|a| *a == state.filter.api)
                .unwrap_or(0);
            state.filter.api = Api::CYCLE[(at + 1) % Api::CYCLE.len()];
            state.selected = 0;
            vec![]
        }
        Cmd::FilterStatus => {
            let at = Filter::CLASSES
                .iter()
                .position(|c| *c == state.filter.class)
                .unwrap_or(0);
            state.filter.class = Filter::CLASSES[(at + 1) % Filter::CLASSES.len()];
            state.selected = 0;
            vec![]
        }
        Cmd::FilterPath => {
            state.editing = Some(Field::new(&state.filter.path, 200));
            vec![]
        }
        Cmd::SwitchPanel => {
            state.panel = match state.panel {
                Panel::Journal => Panel::Side,
                Panel::Side => Panel::Journal,
            };
            vec![]
        }
        Cmd::NextFault => {
            state.fault += 1;
            state.clamp();
            vec![]
        }
        Cmd::PrevFault => {
            state.fault = state.fault.saturating_sub(1);
            vec![]
        }
        Cmd::AddFault => {
            push(app, Dialog::Fault(FaultForm::default()));
            vec![]
        }
        Cmd::RemoveFault => {
            match state.selected_fault() {
                Some(fault) => {
                    let id = fault.id.clone();
                    let text = format!(
                        "Remove the fault rule {} ({})? Requests to {} will be answered normally again.",
                        id.as_str(),
                        view::fault_summary(fault),
                        fault.rule.path
                    );
                    let job = crate::screens::Job::Harness(Job::Change {
                        op: Op::RemoveFault(id),
                        counted: false,
                    });
                    app.dialogs.push(AnyDialog::Confirm(Confirm::new(
                        "Remove fault rule",
                        text,
                        "Remove",
                        job,
                    )));
                }
                None => app.notify("there is no fault rule", Level::Warning),
            }
            vec![]
        }
        Cmd::ClearFaults => {
            let n = state.side.value().map_or(0, |s| s.faults.len());
            let text = format!(
                "Remove every fault rule ({n} listed)? Every request will be answered normally."
            );
            let job = crate::screens::Job::Harness(Job::Change {
                op: Op::ClearFaults,
                counted: false,
            });
            app.dialogs.push(AnyDialog::Confirm(Confirm::new(
                "Clear fault rules",
                text,
                "Clear",
                job,
            )));
            vec![]
        }
        Cmd::Freeze => {
            let now = state
                .side
                .value()
                .and_then(|s| s.clock.as_ref())
                .map(|c| c.now.to_rfc3339())
                .unwrap_or_default();
            push(app, Dialog::Prompt(Prompt::new(PromptKind::Freeze, &now)));
            vec![]
        }
        Cmd::Advance => {
            push(app, Dialog::Prompt(Prompt::new(PromptKind::Advance, "1d")));
            vec![]
        }
        Cmd::Unfreeze => submit(app, Op::Unfreeze),
        Cmd::Agency => {
            let up = state
                .side
                .value()
                .and_then(|s| s.agency.as_ref())
                .is_none_or(|a| a.up);
            submit(app, Op::Agency(!up))
        }
        Cmd::Webhook => {
            let url = state
                .side
                .value()
                .and_then(|s| s.webhook.as_ref())
                .and_then(|w| w.url.clone())
                .unwrap_or_default();
            push(app, Dialog::Prompt(Prompt::new(PromptKind::Webhook, &url)));
            vec![]
        }
        Cmd::Expire => {
            push(app, Dialog::Prompt(Prompt::new(PromptKind::Expire, "")));
            vec![]
        }
        Cmd::Reset => {
            push(app, Dialog::Prompt(Prompt::new(PromptKind::Reset, "")));
            vec![]
        }
    }
}

/// Starts a change (counted in the spinner).
fn submit(app: &mut App, op: Op) -> Vec<Effect> {
    if app.read_only() {
        app.notify("read-only: no change was made", Level::Warning);
        return vec![];
    }
    app.status.in_flight += 1;
    vec![effect(app, Job::Change { op, counted: true })]
}

/// A key the screen takes before the key map: the path filter being typed, and moving in
/// the journal.
pub(crate) fn capture_key(app: &mut App, key: KeyEvent) -> Option<Vec<Effect>> {
    let state = &mut app.harness;
    if let Some(field) = state.editing.as_mut() {
        match key.code {
            KeyCode::Enter => {
                state.filter.path = field.text().trim().to_owned();
                state.editing = None;
                state.selected = 0;
            }
            KeyCode::Esc => state.editing = None,
            _ => {
                field.input(key);
            }
        }
        return Some(vec![]);
    }
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    let len = state.visible().count();
    let page = 10;
    let selected = match key.code {
        KeyCode::Down | KeyCode::Char('j') => state.selected + 1,
        KeyCode::Up | KeyCode::Char('k') => state.selected.saturating_sub(1),
        KeyCode::PageDown => state.selected + page,
        KeyCode::PageUp => state.selected.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => len.saturating_sub(1),
        KeyCode::Esc if !state.filter.is_empty() => {
            state.filter = Filter::default();
            0
        }
        _ => return None,
    };
    state.selected = selected.min(len.saturating_sub(1));
    Some(vec![])
}

/// Applies what a job sent back.
pub(crate) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    adopt_generation(app);
    let now = app.now();
    match msg {
        Msg::Journal(result) => {
            let state = &mut app.harness;
            state.journal_read = true;
            match result {
                Ok(entries) => {
                    state.journal_error = None;
                    state.apply_poll(entries);
                }
                Err(message) => state.journal_error = Some(message),
            }
            if app.screen == ScreenId::Harness && !app.harness.paused {
                vec![Effect::After {
                    delay: POLL_EVERY,
                    action: Box::new(Action::Screen {
                        generation: app.generation,
                        msg: crate::screens::Msg::Harness(Msg::PollDue),
                    }),
                }]
            } else {
                app.harness.polling = false;
                vec![]
            }
        }
        Msg::PollDue => {
            if app.screen == ScreenId::Harness && !app.harness.paused {
                poll(app)
            } else {
                // Left the screen or paused: no request until it is shown again.
                app.harness.polling = false;
                vec![]
            }
        }
        Msg::Side(result) => {
            app.status.in_flight = app.status.in_flight.saturating_sub(1);
            match result {
                Ok(side) => app.harness.side.set(*side, now),
                Err(message) => {
                    app.notify(format!("harness: {message}"), Level::Error);
                    app.harness.side.fail(message);
                }
            }
            app.harness.clamp();
            vec![]
        }
        Msg::Done { counted, result } => {
            if counted {
                app.status.in_flight = app.status.in_flight.saturating_sub(1);
            }
            match result {
                Ok(done) => app.notify(done, Level::Ok),
                Err(message) => app.notify(message, Level::Error),
            }
            read_side(app)
        }
        Msg::Submit(op) => submit(app, op),
    }
}

#[cfg(test)]
mod tests;

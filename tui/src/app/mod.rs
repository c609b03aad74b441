//! The console's state and its one way of changing: [`update`] takes an [`Action`] and
//! returns the [`Effect`]s to run. Nothing here does I/O or reads a clock.

mod action;
mod changes;
mod command_line;
mod commands;
mod data;
mod effect;
mod error;
mod export;
mod field;
mod input;
mod list;
mod loads;
mod remote;
mod status;
mod stream;
mod update;

pub use action::{
    Action, Connected, DayTakings, Endpoints, NewKey, Outcome, Payload, ServerClock, StreamMessage,
};
pub(crate) use changes::key_name;
pub use data::{Data, EventLine};
pub use effect::{Change, Effect, Request, Resource};
pub use error::ApiError;
pub use export::{ExportJob, ExportSource, ExportStage};
pub use field::Field;
pub use list::ListCursor;
pub use remote::Remote;
pub use status::{Status, StatusMessage, StreamState};
pub(crate) use update::HIGHLIGHT;
pub use update::update;

use crate::dialogs::Dialog;
use crate::keymap::KeyMap;
use crate::screens::{
    ScreenId, counters, documents, harness, keys, licences, statistics, webservice,
};
use crate::ui::theme::{Level, Theme};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Rome;

/// How the console starts: everything `App::new` needs, resolved by the binary.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Colours and emphasis.
    pub theme: Theme,
    /// The keys.
    pub keymap: KeyMap,
    /// The profiles the user can switch between, in order.
    pub profiles: Vec<String>,
    /// The profile to open first.
    pub profile: String,
    /// `--read-only`: every profile read-only.
    pub read_only: bool,
    /// The terminal's size.
    pub size: (u16, u16),
    /// The time at start.
    pub now: DateTime<Utc>,
    /// How charts draw their bars.
    pub marker: crate::config::ChartMarker,
}

/// The connection to the current profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Session {
    /// Opening a profile (starting the embedded mock, resolving secrets).
    Connecting {
        /// The profile being opened.
        profile: String,
    },
    /// The profile is open.
    Open(Connected),
    /// The profile could not be opened.
    Failed {
        /// The profile.
        profile: String,
        /// Why.
        message: String,
    },
}

/// The whole state of the console.
#[derive(Debug)]
pub struct App {
    pub(crate) screen: ScreenId,
    pub(crate) size: (u16, u16),
    pub(crate) now: DateTime<Utc>,
    pub(crate) theme: Theme,
    pub(crate) keymap: KeyMap,
    pub(crate) profiles: Vec<String>,
    pub(crate) read_only_flag: bool,
    pub(crate) generation: u64,
    pub(crate) session: Session,
    pub(crate) data: Data,
    pub(crate) keys: keys::State,
    pub(crate) licences: licences::State,
    pub(crate) counters: counters::State,
    pub(crate) statistics: statistics::State,
    pub(crate) documents: documents::State,
    pub(crate) webservice: webservice::State,
    pub(crate) harness: harness::State,
    pub(crate) dialogs: Vec<Dialog>,
    pub(crate) command_line: Option<command_line::CommandLine>,
    /// The help overlay's scroll offset while it is open.
    pub(crate) help: Option<u16>,
    pub(crate) status: Status,
    pub(crate) export: Option<ExportJob>,
    /// A re-read of the takings is scheduled (documents were counted since the last).
    pub(crate) takings_due: bool,
    pub(crate) next_export: u64,
    pub(crate) spinner: usize,
    pub(crate) quit: bool,
}

impl App {
    /// The console as it starts, and the effects that open the first profile.
    pub fn new(settings: Settings) -> (App, Vec<Effect>) {
        let mut app = App {
            screen: ScreenId::Dashboard,
            size: settings.size,
            now: settings.now,
            theme: settings.theme,
            keymap: settings.keymap,
            profiles: settings.profiles,
            read_only_flag: settings.read_only,
            generation: 0,
            session: Session::Connecting {
                profile: settings.profile.clone(),
            },
            data: Data::default(),
            keys: keys::State::default(),
            licences: licences::State::default(),
            counters: counters::State::default(),
            statistics: statistics::State::new(settings.marker),
            documents: documents::State::default(),
            webservice: webservice::State::default(),
            harness: harness::State::default(),
            dialogs: Vec::new(),
            command_line: None,
            help: None,
            status: Status::default(),
            export: None,
            takings_due: false,
            next_export: 1,
            spinner: 0,
            quit: false,
        };
        let effects = app.connect(settings.profile);
        (app, effects)
    }

    /// Whether the console should end.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether something moves on screen by itself (a spinner, a fading highlight), so the
    /// runtime should send [`Action::Tick`]s; when false the console is idle and costs nothing.
    pub fn wants_ticks(&self) -> bool {
        self.busy() || self.counters.has_highlights(self.now)
    }

    /// Whether a request or an export is under way.
    pub fn busy(&self) -> bool {
        self.status.in_flight > 0
            || matches!(self.session, Session::Connecting { .. })
            || self
                .export
                .as_ref()
                .is_some_and(|job| matches!(job.stage, ExportStage::Running { .. }))
    }

    /// The screen shown.
    pub fn screen(&self) -> ScreenId {
        self.screen
    }

    /// The connection.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// What was read from the servers.
    pub fn data(&self) -> &Data {
        &self.data
    }

    /// The status line's state.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The open dialogs, the top one last.
    pub fn dialogs(&self) -> &[Dialog] {
        &self.dialogs
    }

    /// The theme.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The key map.
    pub fn keymap(&self) -> &KeyMap {
        &self.keymap
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The terminal's size.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The open profile, if any.
    pub fn connected(&self) -> Option<&Connected> {
        match &self.session {
            Session::Open(connected) => Some(connected),
            _ => None,
        }
    }

    /// The name of the current profile.
    pub fn profile_name(&self) -> &str {
        match &self.session {
            Session::Connecting { profile } | Session::Failed { profile, .. } => profile,
            Session::Open(connected) => &connected.profile,
        }
    }

    /// Whether changes are disabled (`--read-only` or the profile's `read_only`).
    pub fn read_only(&self) -> bool {
        self.read_only_flag || self.connected().is_some_and(|c| c.read_only)
    }

    /// The open profile's endpoints (none while connecting).
    pub fn endpoints(&self) -> Endpoints {
        self.connected()
            .map(|c| c.endpoints.clone())
            .unwrap_or_default()
    }

    /// The server's today: the harness clock's when the profile has one (so a frozen mock
    /// and the console agree), else today in Europe/Rome.
    pub fn today(&self) -> NaiveDate {
        match self.data.server_clock.value() {
            Some(clock) => clock.today,
            None => self.now.with_timezone(&Rome).date_naive(),
        }
    }

    /// The spinner's current frame, for views.
    pub fn spinner_frame(&self) -> usize {
        self.spinner
    }

    /// Shows a message in the status line.
    pub(crate) fn notify(&mut self, text: impl Into<String>, level: Level) {
        self.status.message = Some(StatusMessage {
            text: text.into(),
            level,
            at: self.now,
        });
    }

    /// Opens `profile` under a new generation: forgets what the previous one read.
    pub(crate) fn connect(&mut self, profile: String) -> Vec<Effect> {
        self.generation += 1;
        self.session = Session::Connecting {
            profile: profile.clone(),
        };
        self.data = Data::default();
        self.status.in_flight = 0;
        self.status.stream = StreamState::Off;
        self.status.refreshed_at = None;
        self.dialogs.clear();
        self.takings_due = false;
        vec![Effect::Connect {
            generation: self.generation,
            profile,
        }]
    }
}
#[cfg(test)]
mod tests;

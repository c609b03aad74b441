//! What each [`Command`] does: the global ones here, the rest handed to the current screen.

use super::{App, Change, Effect};
use crate::dialogs::{Dialog, ProfilePicker};
use crate::keymap::Command;
use crate::screens::table::Filter;
use crate::screens::{ScreenId, counters, keys, licences};
use crate::ui::theme::Level;
use std::path::PathBuf;

impl App {
    /// Runs a command (read-only already checked).
    pub(crate) fn run_command(&mut self, command: Command) -> Vec<Effect> {
        match command {
            Command::Quit => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Command::Help => {
                self.help = match self.help {
                    Some(_) => None,
                    None => Some(0),
                };
                vec![]
            }
            Command::CommandLine => {
                self.open_command_line();
                vec![]
            }
            Command::Refresh => self.refresh(),
            Command::NextScreen => self.show(self.screen.next()),
            Command::PrevScreen => self.show(self.screen.prev()),
            Command::Show(screen) => self.show(screen),
            Command::Profiles => {
                self.dialogs.push(Dialog::Profiles(ProfilePicker::new(
                    self.profiles.clone(),
                    self.profile_name(),
                )));
                vec![]
            }
            _ if self.lacks_endpoint() => {
                let what = self.screen.needs().map_or("endpoint", |e| e.name());
                self.notify(
                    format!("profile {} has no {what}", self.profile_name()),
                    Level::Warning,
                );
                vec![]
            }
            Command::Statistics(cmd) => crate::screens::statistics::on_command(self, cmd),
            Command::Documents(cmd) => crate::screens::documents::on_command(self, cmd),
            Command::WebService(cmd) => crate::screens::webservice::on_command(self, cmd),
            Command::Harness(cmd) => crate::screens::harness::on_command(self, cmd),
            _ => match self.screen {
                ScreenId::Keys => keys::on_command(self, command),
                ScreenId::Licences => licences::on_command(self, command),
                ScreenId::Counters => counters::on_command(self, command),
                ScreenId::Dashboard
                | ScreenId::Statistics
                | ScreenId::Documents
                | ScreenId::WebService
                | ScreenId::Harness => vec![],
            },
        }
    }

    /// Whether the current screen needs an endpoint the open profile does not have.
    pub(crate) fn lacks_endpoint(&self) -> bool {
        match (self.screen.needs(), self.connected()) {
            (Some(endpoint), Some(connected)) => connected.endpoints.host(endpoint).is_none(),
            _ => false,
        }
    }

    /// Shows `screen`, reading what it needs that was never read.
    pub(crate) fn show(&mut self, screen: ScreenId) -> Vec<Effect> {
        if screen != self.screen {
            // A message about the screen left behind would only confuse.
            self.status.message = None;
        }
        self.screen = screen;
        self.clamp_lists();
        let mut effects = self.load_missing();
        if !self.lacks_endpoint() && self.connected().is_some() {
            effects.extend(crate::screens::on_show(self, screen));
        }
        effects
    }

    /// Opens another profile by name.
    pub(crate) fn switch_profile(&mut self, name: &str) -> Vec<Effect> {
        if !self.profiles.iter().any(|p| p == name) {
            self.notify(
                format!(
                    "no profile \"{name}\": the profiles are {}",
                    self.profiles.join(", ")
                ),
                Level::Error,
            );
            return vec![];
        }
        self.connect(name.to_owned())
    }

    /// Sends a change to the server (refused when read-only, whatever asked for it).
    pub(crate) fn submit(&mut self, change: Change) -> Vec<Effect> {
        if self.read_only() {
            self.dialogs.clear();
            self.notify("read-only: no change was made", Level::Warning);
            return vec![];
        }
        if self.connected().is_none() {
            self.dialogs.clear();
            self.notify(
                format!(
                    "profile {} is not open: no change was made",
                    self.profile_name()
                ),
                Level::Warning,
            );
            return vec![];
        }
        // A confirmation closes with what led to it; a form waits for the answer.
        if matches!(self.dialogs.last(), Some(Dialog::Confirm(_))) {
            self.dialogs.clear();
        }
        self.status.in_flight += 1;
        self.notify(working_on(&change), Level::Ok);
        vec![Effect::Change {
            generation: self.generation,
            change,
        }]
    }

    /// Runs a screen's job (refused when read-only and it changes something); a confirmation
    /// closes with what led to it.
    pub(crate) fn run_job(&mut self, job: crate::screens::Job) -> Vec<Effect> {
        if job.changes() && self.read_only() {
            self.dialogs.clear();
            self.notify("read-only: no change was made", Level::Warning);
            return vec![];
        }
        if self.connected().is_none() {
            return vec![];
        }
        if matches!(self.dialogs.last(), Some(Dialog::Confirm(_))) {
            self.dialogs.clear();
        }
        vec![Effect::Job {
            generation: self.generation,
            job,
        }]
    }

    /// The export dialog asked to start.
    pub(crate) fn start_export_from_dialog(&mut self, path: PathBuf) -> Vec<Effect> {
        let Some(Dialog::Export(dialog)) = self.dialogs.last() else {
            return vec![];
        };
        let source = dialog.source.clone();
        self.begin_export(source, path)
    }

    /// The filter of the current screen, if it has one.
    pub(crate) fn filter_state_mut(&mut self) -> Option<&mut Filter> {
        match self.screen {
            ScreenId::Keys => Some(&mut self.keys.table.filter),
            ScreenId::Counters => Some(&mut self.counters.table.filter),
            ScreenId::Documents => Some(&mut self.documents.table.filter),
            ScreenId::WebService => Some(&mut self.webservice.table.filter),
            _ => None,
        }
    }

    /// The filter field being typed, if any.
    pub(crate) fn filter_mut(&mut self) -> Option<&mut super::Field> {
        self.filter_state_mut().and_then(Filter::editing_mut)
    }

    /// Keeps the selection valid after a filter changed.
    pub(crate) fn after_filter_change(&mut self, screen: ScreenId) {
        match screen {
            ScreenId::Keys => keys::clamp(self),
            ScreenId::Counters => counters::clamp(self),
            ScreenId::Documents => crate::screens::documents::clamp(self),
            ScreenId::WebService => crate::screens::webservice::clamp(self),
            _ => {}
        }
    }

    /// Keeps every selection valid after the data or the size changed.
    pub(crate) fn clamp_lists(&mut self) {
        keys::clamp(self);
        counters::clamp(self);
        crate::screens::documents::clamp(self);
        crate::screens::webservice::clamp(self);
        licences::clamp(self);
    }
}

/// The status line while a change is under way.
fn working_on(change: &Change) -> String {
    match change {
        Change::CreateKey { .. } => "creating the key…".into(),
        Change::RenameKey { id, .. } => format!("renaming {id}…"),
        Change::DeactivateKey { id } => format!("deactivating {id}…"),
        Change::SignContract => "signing the contract…".into(),
        Change::RenewLicence { id, months } => format!("renewing {id} by {months} months…"),
        Change::BuyAddon { quantity, addon } => format!("buying {quantity} × {addon}…"),
    }
}

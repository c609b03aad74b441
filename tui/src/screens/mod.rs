//! The screens, one module each: its state, how it answers commands, and its view.
//!
//! A screen module holds the state only it needs (selection, filter, sort, focus, and for the
//! later screens the data it read) in a struct kept in [`crate::app::App`], an `on_command`
//! that turns a [`crate::keymap::Command`] into changes and effects, and a `view` that draws it
//! from the state alone. The screens from 5 on own their commands (`Cmd`), their key bindings,
//! their jobs (`Job`, run by `runtime::jobs`) and what comes back from them (`Msg`): a new
//! screen is one module here and one in `runtime/jobs/`, plus a line in each `match` below.

pub mod counters;
pub mod dashboard;
pub mod documents;
pub mod harness;
mod id;
pub mod keys;
pub mod licences;
pub mod statistics;
pub mod table;
pub mod webservice;

pub use id::{Endpoint, ScreenId};

use crate::app::{App, Effect, Request};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

/// A job of one of the screens from 5 on.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Of the statistics.
    Statistics(statistics::Job),
    /// Of the documents.
    Documents(documents::Job),
    /// Of the WebService.
    WebService(webservice::Job),
    /// Of the harness.
    Harness(harness::Job),
}

/// What came back from a job of one of the screens from 5 on.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// For the statistics.
    Statistics(statistics::Msg),
    /// For the documents.
    Documents(documents::Msg),
    /// For the WebService.
    WebService(webservice::Msg),
    /// For the harness.
    Harness(harness::Msg),
}

impl Job {
    /// Whether the job changes something on a server (refused when read-only).
    pub fn changes(&self) -> bool {
        match self {
            Job::Statistics(job) => job.changes(),
            Job::Documents(job) => job.changes(),
            Job::WebService(job) => job.changes(),
            Job::Harness(job) => job.changes(),
        }
    }
}

/// A screen was shown: read what it needs that was never read.
pub(crate) fn on_show(app: &mut App, screen: ScreenId) -> Vec<Effect> {
    match screen {
        ScreenId::Statistics => statistics::on_show(app),
        ScreenId::Documents => documents::on_show(app),
        ScreenId::WebService => webservice::on_show(app),
        ScreenId::Harness => harness::on_show(app),
        ScreenId::Dashboard | ScreenId::Keys | ScreenId::Licences | ScreenId::Counters => {
            vec![]
        }
    }
}

/// `r` on a screen from 5 on.
pub(crate) fn on_refresh(app: &mut App, screen: ScreenId) -> Vec<Effect> {
    match screen {
        ScreenId::Statistics => statistics::on_refresh(app),
        ScreenId::Documents => documents::on_refresh(app),
        ScreenId::WebService => webservice::on_refresh(app),
        ScreenId::Harness => harness::on_refresh(app),
        ScreenId::Dashboard | ScreenId::Keys | ScreenId::Licences | ScreenId::Counters => {
            vec![]
        }
    }
}

/// Applies what a job sent back.
pub(crate) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Statistics(msg) => statistics::on_msg(app, msg),
        Msg::Documents(msg) => documents::on_msg(app, msg),
        Msg::WebService(msg) => webservice::on_msg(app, msg),
        Msg::Harness(msg) => harness::on_msg(app, msg),
    }
}

/// A key the current screen takes before the key map (a field typed in place), if it does.
pub(crate) fn capture_key(app: &mut App, key: KeyEvent) -> Option<Vec<Effect>> {
    match app.screen() {
        ScreenId::Statistics => statistics::capture_key(app, key),
        ScreenId::Documents => documents::capture_key(app, key),
        ScreenId::WebService => webservice::capture_key(app, key),
        ScreenId::Harness => harness::capture_key(app, key),
        ScreenId::Dashboard | ScreenId::Keys | ScreenId::Licences | ScreenId::Counters => None,
    }
}

/// What `screen` reads from the servers (the first four screens, through [`crate::app::Data`]).
pub(crate) fn requests(app: &App, screen: ScreenId) -> Vec<Request> {
    if screen != ScreenId::Dashboard && app.endpoints().portal.is_none() {
        return vec![];
    }
    match screen {
        ScreenId::Dashboard => dashboard::requests(app),
        ScreenId::Keys => keys::requests(),
        ScreenId::Licences => licences::requests(),
        ScreenId::Counters => counters::requests(),
        ScreenId::Statistics | ScreenId::Documents | ScreenId::WebService | ScreenId::Harness => {
            vec![]
        }
    }
}

/// Draws `screen` in `area`.
pub fn view(app: &App, screen: ScreenId, frame: &mut Frame, area: Rect) {
    match screen {
        ScreenId::Dashboard => dashboard::view(app, frame, area),
        ScreenId::Keys => keys::view(app, frame, area),
        ScreenId::Licences => licences::view(app, frame, area),
        ScreenId::Counters => counters::view(app, frame, area),
        ScreenId::Statistics => statistics::view(app, frame, area),
        ScreenId::Documents => documents::view(app, frame, area),
        ScreenId::WebService => webservice::view(app, frame, area),
        ScreenId::Harness => harness::view(app, frame, area),
    }
}

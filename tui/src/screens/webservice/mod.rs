//! Screen 7, the WHMCS WebService: invoices and credit notes by keyword, range, number or id; the client and the items of one; the result as CSV.

mod view;

pub use view::view;

use crate::app::{App, Effect};
use crate::dialogs::Reply;
use crate::keymap::Binding;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The screen's own state.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The table's selection, filter and sort (`/`, `s`, `S` work through it).
    pub table: super::table::Table,
}

/// The screen's commands (bound in [`bindings`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {}

impl Cmd {
    /// The name in the config file's `[keys]` table and on the `:` line.
    pub fn name(self) -> &'static str {
        match self {}
    }

    /// Whether it changes something on the server (disabled when read-only).
    pub fn changes(self) -> bool {
        match self {}
    }
}

/// What the screen asks the runtime to do (run by `runtime::jobs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Job {}

impl Job {
    /// Whether it changes something on a server (refused when read-only).
    pub fn changes(&self) -> bool {
        match *self {}
    }
}

/// The screen's dialogs (forms), shown through `dialogs::ScreenDialog`.
#[derive(Clone, Debug)]
pub enum Dialog {}

impl Dialog {
    /// Answers a key.
    pub fn on_key(&mut self, key: KeyEvent) -> Reply {
        let _ = key;
        match *self {}
    }

    /// Takes pasted text into the focused field.
    pub fn paste(&mut self, text: &str) {
        let _ = text;
        match *self {}
    }

    /// Draws the dialog over `area`.
    pub fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let _ = (app, frame, area);
        match *self {}
    }
}

/// What comes back from its jobs.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {}

/// The screen's key bindings.
pub(crate) fn bindings() -> Vec<Binding> {
    vec![]
}

/// The screen is shown: read what it needs that was never read.
pub(crate) fn on_show(_app: &mut App) -> Vec<Effect> {
    vec![]
}

/// `r`: read again what the screen shows.
pub(crate) fn on_refresh(_app: &mut App) -> Vec<Effect> {
    vec![]
}

/// Answers one of the screen's commands.
pub(crate) fn on_command(_app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {}
}

/// Keeps the selection on a row after the rows or the filter changed.
pub(crate) fn clamp(_app: &mut App) {}

/// A key the screen takes before the key map (a field typed in place), if it does.
pub(crate) fn capture_key(_app: &mut App, _key: KeyEvent) -> Option<Vec<Effect>> {
    None
}

/// Applies what a job sent back.
pub(crate) fn on_msg(_app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {}
}

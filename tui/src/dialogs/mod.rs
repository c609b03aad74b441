//! Dialogs, one module each: its state, how it answers keys, and how it looks. A dialog takes
//! every key while it is on top (Esc closes it; Ctrl-C still quits), and tells `update` what
//! it wants through a [`Reply`].

mod buy;
mod confirm;
mod export;
mod key_form;
mod message;
mod new_key;
mod profiles;
mod rename;
mod renew;

pub use buy::BuyForm;
pub use confirm::{Confirm, Then};
pub use export::ExportDialog;
pub use key_form::KeyForm;
pub use message::{Message, Shortcut};
pub use new_key::NewKeyReveal;
pub use profiles::ProfilePicker;
pub use rename::RenameForm;
pub use renew::RenewForm;

use crate::app::{App, Change, Effect, ExportJob};
use crate::keymap::Command;
use crate::screens::ScreenId;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;

/// An open dialog.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// "Are you sure?", naming what will happen.
    Confirm(Confirm),
    /// A new API key.
    KeyForm(KeyForm),
    /// A key's new label.
    Rename(RenameForm),
    /// A licence renewal.
    Renew(RenewForm),
    /// An add-on purchase.
    Buy(BuyForm),
    /// The clear value of a key just created, shown once.
    NewKey(NewKeyReveal),
    /// Where to export a counter's documents, and how it goes.
    Export(ExportDialog),
    /// A refusal or a notice, maybe with a shortcut.
    Message(Message),
    /// The profiles to switch to.
    Profiles(ProfilePicker),
    /// A dialog of one of the screens from 5 on (their forms live with them).
    Screen(ScreenDialog),
}

/// The dialogs of the screens from 5 on, each defined in its screen's module.
#[derive(Clone, Debug)]
pub enum ScreenDialog {
    /// Of the statistics.
    Statistics(crate::screens::statistics::Dialog),
    /// Of the documents.
    Documents(crate::screens::documents::Dialog),
    /// Of the WebService.
    WebService(crate::screens::webservice::Dialog),
    /// Of the harness.
    Harness(crate::screens::harness::Dialog),
}

/// What a dialog asks of `update` after a key.
#[derive(Debug)]
pub enum Reply {
    /// Nothing more: the dialog changed itself (or ignored the key).
    Stay,
    /// Close this dialog.
    Close,
    /// Make this change on the server (after a confirmation, or from a form that needs none).
    Submit(Change),
    /// Open another dialog on top.
    Push(Dialog),
    /// Run these effects.
    Effects(Vec<Effect>),
    /// Open another profile.
    SwitchProfile(String),
    /// Close every dialog, go to a screen and run a command there.
    Shortcut(ScreenId, Command),
    /// Start an export to this path.
    StartExport(PathBuf),
    /// The answer to "replace the file?".
    Overwrite(bool),
    /// Stop the export under way.
    CancelExport,
    /// Run a screen's job (after a confirmation, or from a form).
    Run(crate::screens::Job),
    /// Close this dialog and hand its screen what the form decided (no request in itself).
    Msg(crate::screens::Msg),
    /// Start an export of this source: the export dialog opens over the one that asked.
    Export(Box<ExportDialog>),
}

impl Dialog {
    /// Answers a key.
    pub fn on_key(&mut self, key: KeyEvent, export: Option<&ExportJob>) -> Reply {
        match self {
            Dialog::Confirm(d) => d.on_key(key),
            Dialog::KeyForm(d) => d.on_key(key),
            Dialog::Rename(d) => d.on_key(key),
            Dialog::Renew(d) => d.on_key(key),
            Dialog::Buy(d) => d.on_key(key),
            Dialog::NewKey(d) => d.on_key(key),
            Dialog::Export(d) => d.on_key(key, export),
            Dialog::Message(d) => d.on_key(key),
            Dialog::Profiles(d) => d.on_key(key),
            Dialog::Screen(ScreenDialog::Statistics(d)) => d.on_key(key),
            Dialog::Screen(ScreenDialog::Documents(d)) => d.on_key(key),
            Dialog::Screen(ScreenDialog::WebService(d)) => d.on_key(key),
            Dialog::Screen(ScreenDialog::Harness(d)) => d.on_key(key),
        }
    }

    /// Takes pasted text into the focused field, if the dialog has one.
    pub fn paste(&mut self, text: &str) {
        match self {
            Dialog::KeyForm(d) => d.paste(text),
            Dialog::Rename(d) => d.paste(text),
            Dialog::Renew(d) => d.paste(text),
            Dialog::Buy(d) => d.paste(text),
            Dialog::Export(d) => d.paste(text),
            Dialog::Screen(ScreenDialog::Statistics(d)) => d.paste(text),
            Dialog::Screen(ScreenDialog::Documents(d)) => d.paste(text),
            Dialog::Screen(ScreenDialog::WebService(d)) => d.paste(text),
            Dialog::Screen(ScreenDialog::Harness(d)) => d.paste(text),
            Dialog::Confirm(_) | Dialog::NewKey(_) | Dialog::Message(_) | Dialog::Profiles(_) => {}
        }
    }

    /// Draws the dialog over `area`.
    pub fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        match self {
            Dialog::Confirm(d) => d.view(frame, area, theme),
            Dialog::KeyForm(d) => d.view(frame, area, theme),
            Dialog::Rename(d) => d.view(frame, area, theme),
            Dialog::Renew(d) => d.view(frame, area, theme),
            Dialog::Buy(d) => d.view(frame, area, theme),
            Dialog::NewKey(d) => d.view(frame, area, theme),
            Dialog::Export(d) => d.view(frame, area, theme, app.export.as_ref()),
            Dialog::Message(d) => d.view(frame, area, theme),
            Dialog::Profiles(d) => d.view(frame, area, theme),
            Dialog::Screen(ScreenDialog::Statistics(d)) => d.view(app, frame, area),
            Dialog::Screen(ScreenDialog::Documents(d)) => d.view(app, frame, area),
            Dialog::Screen(ScreenDialog::WebService(d)) => d.view(app, frame, area),
            Dialog::Screen(ScreenDialog::Harness(d)) => d.view(app, frame, area),
        }
    }
}

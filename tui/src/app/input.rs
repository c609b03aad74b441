//! Where a key goes: Ctrl-C first, then the command line, the top dialog, the help overlay,
//! a filter being typed, and only then the key map.

use super::command_line::{self, CommandLine, Parsed};
use super::{App, Effect};
use crate::dialogs::{Dialog, Reply};
use crate::keymap::Command;
use crate::ui::theme::Level;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

impl App {
    /// Answers a key press.
    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind == KeyEventKind::Release {
            return vec![];
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return vec![Effect::Quit];
        }
        if self.command_line.is_some() {
            return self.command_line_key(key);
        }
        if !self.dialogs.is_empty() {
            return self.dialog_key(key);
        }
        if self.help.is_some() {
            self.help_key(key);
            return vec![];
        }
        if self.filter_key(key) {
            return vec![];
        }
        if let Some(effects) = crate::screens::capture_key(self, key) {
            return effects;
        }
        match self.keymap.lookup(self.screen, &key) {
            Some(command) => self.run(command),
            None => vec![],
        }
    }

    /// Takes pasted text into whatever is being typed.
    pub(crate) fn on_paste(&mut self, text: &str) {
        if let Some(line) = self.command_line.as_mut() {
            line.field.paste(text);
        } else if let Some(dialog) = self.dialogs.last_mut() {
            dialog.paste(text);
        } else if let Some(filter) = self.filter_mut() {
            filter.paste(text);
        }
    }

    fn command_line_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(line) = self.command_line.as_mut() else {
            return vec![];
        };
        match key.code {
            KeyCode::Esc => {
                self.command_line = None;
                vec![]
            }
            KeyCode::Tab => {
                if let Some(done) =
                    command_line::complete(line.field.text(), &self.keymap, &self.profiles)
                {
                    line.field.set(&done);
                }
                vec![]
            }
            KeyCode::Enter => {
                let text = line.field.text().to_owned();
                self.command_line = None;
                match command_line::parse(&text, &self.keymap) {
                    Parsed::Run(command) => self.run(command),
                    Parsed::Profile(name) => self.switch_profile(&name),
                    Parsed::Nothing => vec![],
                    Parsed::Unknown(word) => {
                        self.notify(
                            format!("unknown command \"{word}\": press ? for the commands"),
                            Level::Error,
                        );
                        vec![]
                    }
                }
            }
            _ => {
                line.field.input(key);
                vec![]
            }
        }
    }

    fn dialog_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let export = self.export.clone();
        let Some(dialog) = self.dialogs.last_mut() else {
            return vec![];
        };
        match dialog.on_key(key, export.as_ref()) {
            Reply::Stay => vec![],
            Reply::Close => {
                self.close_dialog();
                vec![]
            }
            Reply::Submit(change) => self.submit(change),
            Reply::Push(dialog) => {
                self.dialogs.push(dialog);
                vec![]
            }
            Reply::Effects(effects) => effects,
            Reply::SwitchProfile(name) => self.switch_profile(&name),
            Reply::Shortcut(screen, command) => {
                self.close_dialog();
                self.dialogs.clear();
                let mut effects = self.show(screen);
                effects.extend(self.run(command));
                effects
            }
            Reply::StartExport(path) => self.start_export_from_dialog(path),
            Reply::Overwrite(replace) => self.answer_overwrite(replace),
            Reply::CancelExport => self.cancel_export(),
            Reply::Run(job) => self.run_job(job),
            Reply::Msg(msg) => {
                self.dialogs.pop();
                crate::screens::on_msg(self, msg)
            }
            Reply::Export(dialog) => {
                if let Some(job) = &self.export
                    && matches!(job.stage, super::ExportStage::Running { .. })
                {
                    self.notify(
                        format!("an export to {} is under way", job.path.display()),
                        Level::Warning,
                    );
                    return vec![];
                }
                self.export = None;
                self.dialogs.push(Dialog::Export(*dialog));
                vec![]
            }
        }
    }

    /// Closes the top dialog; a message leaves the status line with it, having been read.
    fn close_dialog(&mut self) {
        if let Some(Dialog::Message(message)) = self.dialogs.pop()
            && self
                .status
                .message
                .as_ref()
                .is_some_and(|m| m.text == message.text)
        {
            self.status.message = None;
        }
    }

    fn help_key(&mut self, key: KeyEvent) {
        let Some(scroll) = self.help.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => *scroll = scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(10),
            KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
            KeyCode::Char('g') | KeyCode::Home => *scroll = 0,
            _ => self.help = None,
        }
    }

    /// Keys for a filter being typed; returns whether the key was taken.
    fn filter_key(&mut self, key: KeyEvent) -> bool {
        let screen = self.screen;
        let Some(filter) = self.filter_state_mut() else {
            return false;
        };
        if !filter.is_editing() {
            return false;
        }
        filter.on_key(key);
        self.after_filter_change(screen);
        true
    }

    /// Opens the command line.
    pub(crate) fn open_command_line(&mut self) {
        self.command_line = Some(CommandLine::default());
    }

    /// Runs `command` unless the profile is read-only and it changes something.
    pub(crate) fn run(&mut self, command: Command) -> Vec<Effect> {
        if command.changes() && self.read_only() {
            let what = self
                .keymap
                .binding(command)
                .map_or(command.name(), |b| b.help);
            self.notify(format!("read-only: cannot {what}"), Level::Warning);
            return vec![];
        }
        self.run_command(command)
    }
}

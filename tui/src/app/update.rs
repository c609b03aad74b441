//! [`update`]: the one function that changes the console's state.

use super::{Action, App, Effect, Session};
use crate::ui::theme::Level;

/// How long a changed counter stays highlighted.
pub(crate) const HIGHLIGHT: chrono::TimeDelta = chrono::TimeDelta::seconds(2);

/// Applies `action` to `app` and returns what to do next. Pure: no I/O, no clock — time
/// arrives as [`Action::Time`].
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => app.on_key(key),
        Action::Paste(text) => {
            app.on_paste(&text);
            vec![]
        }
        Action::Resize { width, height } => {
            app.size = (width, height);
            app.clamp_lists();
            vec![]
        }
        Action::Time(now) => {
            app.now = now;
            vec![]
        }
        Action::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            app.counters.expire_highlights(app.now);
            vec![]
        }
        Action::Connected(connected) => {
            if connected.generation != app.generation {
                return vec![];
            }
            let read_only = connected.read_only;
            let profile = connected.profile.clone();
            app.session = Session::Open(connected);
            if read_only || app.read_only_flag {
                app.notify(format!("profile {profile} is open, read-only"), Level::Ok);
            }
            app.on_connected()
        }
        Action::ConnectFailed {
            generation,
            message,
        } => {
            if generation == app.generation {
                app.notify(message.clone(), Level::Error);
                app.session = Session::Failed {
                    profile: app.profile_name().to_owned(),
                    message,
                };
            }
            vec![]
        }
        Action::Loaded {
            generation,
            resource,
            result,
        } => {
            if generation != app.generation {
                return vec![];
            }
            app.on_loaded(resource, result)
        }
        Action::Changed {
            generation,
            change,
            result,
        } => {
            if generation != app.generation {
                return vec![];
            }
            app.on_changed(change, result)
        }
        Action::Stream { generation, event } => {
            if generation != app.generation {
                return vec![];
            }
            app.on_stream(event)
        }
        Action::TakingsDue { generation } => {
            if generation != app.generation {
                return vec![];
            }
            app.takings_due = false;
            let request = app.takings_request();
            app.load(vec![request])
        }
        Action::Reconnect { generation } => {
            if generation != app.generation {
                return vec![];
            }
            app.reopen_stream()
        }
        action @ (Action::ExportPathChecked { .. }
        | Action::ExportProgress { .. }
        | Action::ExportDone { .. }) => app.on_export(action),
        Action::Screen { generation, msg } => {
            if generation != app.generation {
                return vec![];
            }
            crate::screens::on_msg(app, msg)
        }
        Action::JobFailed {
            generation,
            message,
        } => {
            if generation == app.generation {
                app.notify(message, Level::Error);
            }
            vec![]
        }
        Action::Copied(result) => {
            match result {
                Ok(()) => app.notify("key sent to the terminal's clipboard", Level::Ok),
                Err(e) => app.notify(format!("could not copy: {e}"), Level::Error),
            }
            vec![]
        }
    }
}

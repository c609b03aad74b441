//! The view: draws the whole console from the state alone. The frame (tabs, status line,
//! footer) is here; each screen and dialog draws itself.

pub mod field;
mod frame;
pub mod hbars;
mod help;
pub mod layout;
pub mod popup;
pub mod theme;
pub mod widgets;
pub mod wrap;

use crate::app::App;
use ratatui::Frame;

/// Draws the console.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if !layout::fits((area.width, area.height)) {
        frame::too_small(app, frame, area);
        return;
    }
    let areas = layout::areas(area);
    frame::tabs(app, frame, areas.tabs);
    frame::body(app, frame, areas.body);
    frame::status(app, frame, areas.status);
    frame::footer(app, frame, areas.footer);
    // Only the top dialog: one drawn over another would leave fragments of it around.
    if let Some(dialog) = app.dialogs().last() {
        dialog.view(app, frame, areas.body);
    }
    if app.help.is_some() {
        help::view(app, frame, areas.body);
    }
}

//! Draws the Documents screen.

use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;

/// Draws the screen in `area`.
pub fn view(app: &App, frame: &mut Frame, area: Rect) {
    let _ = (app, frame, area);
}

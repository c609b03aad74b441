//! The frame every screen shares — tabs on top, the screen, a status line and a key-hint
//! footer — and the smallest terminal it fits in.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the console draws in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal the console draws in.
pub const MIN_HEIGHT: u16 = 24;

/// The parts of the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    /// The tab bar.
    pub tabs: Rect,
    /// The screen's room.
    pub body: Rect,
    /// The status line.
    pub status: Rect,
    /// The key hints.
    pub footer: Rect,
}

/// Splits the terminal into the frame's parts.
pub fn areas(area: Rect) -> Areas {
    let [tabs, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        tabs,
        body,
        status,
        footer,
    }
}

/// The screen's room in a terminal of `size`.
pub fn body(size: (u16, u16)) -> Rect {
    areas(Rect::new(0, 0, size.0, size.1)).body
}

/// Whether the terminal is big enough.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_WIDTH && size.1 >= MIN_HEIGHT
}

//! Dialog frames: a box centred over the screen, cleared beneath, with a title and a key hint
//! on its bottom border.

use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear};

/// A rectangle of `width` × `height` (clamped to `area`) in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

/// Clears `area` and draws a dialog's frame there; returns the room inside.
pub fn frame(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    hint: &[(&str, &str)],
    theme: &Theme,
) -> Rect {
    frame.render_widget(Clear, area);
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.focus_border())
        .title(Line::from(Span::styled(
            format!(" {title} "),
            theme.accent(),
        )));
    if !hint.is_empty() {
        block = block.title_bottom(hint_line(hint, theme).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Row `n` of a dialog's inside, one column in from each side.
pub fn row(inner: Rect, n: u16) -> Rect {
    Rect {
        x: inner.x + 1,
        y: inner.y + n,
        width: inner.width.saturating_sub(2),
        height: u16::from(n < inner.height),
    }
}

/// Key hints as a line: `Enter create · Esc cancel`.
pub fn hint_line<'a>(hint: &[(&'a str, &'a str)], theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, what)) in hint.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(*what));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

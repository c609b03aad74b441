//! Draws a form [`Field`]: a label, the text scrolled so the cursor shows, and the cursor as a
//! reversed cell when the field has focus.

use super::theme::Theme;
use crate::app::Field;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthChar;

/// Draws `label: text` on one row of `area`; the label takes `label_width` columns.
pub fn render(
    field: &Field,
    label: &str,
    label_width: u16,
    focused: bool,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let label_style = if focused {
        theme.accent()
    } else {
        theme.text()
    };
    Line::from(Span::styled(label, label_style)).render(area, buf);
    let input = Rect {
        x: area.x + label_width.min(area.width),
        width: area.width.saturating_sub(label_width),
        ..area
    };
    if input.width == 0 {
        return;
    }
    let chars: Vec<char> = field.text().chars().collect();
    let cursor = field.cursor().min(chars.len());
    // Scroll so that the cursor (one column past the text at the end) stays visible.
    let room = usize::from(input.width).saturating_sub(1);
    let mut start = 0;
    let width_between = |from: usize, to: usize| -> usize {
        chars[from..to].iter().map(|c| c.width().unwrap_or(0)).sum()
    };
    while start < cursor && width_between(start, cursor) > room {
        start += 1;
    }
    let underline = Style::new().add_modifier(Modifier::UNDERLINED);
    let base = if focused { underline } else { theme.text() };
    // The input's background: an underlined run the width of the field when focused.
    buf.set_style(input, base);
    let mut x = input.x;
    for (i, c) in chars.iter().enumerate().skip(start) {
        let w = c.width().unwrap_or(0) as u16;
        if x + w > input.x + input.width {
            break;
        }
        let style = if focused && i == cursor {
            base.add_modifier(Modifier::REVERSED)
        } else {
            base
        };
        buf[(x, input.y)].set_char(*c).set_style(style);
        x += w.max(1);
    }
    if focused && cursor == chars.len() && x < input.x + input.width {
        buf[(x, input.y)]
            .set_char(' ')
            .set_style(base.add_modifier(Modifier::REVERSED));
    }
}

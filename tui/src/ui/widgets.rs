//! Small pieces every screen uses: panels, table headers, the filter line, and what a panel
//! says while its data is on the way or could not be read.

use super::theme::Theme;
use crate::app::Remote;
use crate::screens::table::Filter;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Wrap};

/// A panel with a title; the focused one has an accented border.
pub fn titled_block<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    let (border, title_style) = if focused {
        (theme.focus_border(), theme.accent())
    } else {
        (theme.border(), theme.text())
    };
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border)
        .title(Line::from(Span::styled(format!(" {title} "), title_style)))
}

/// A column header, with `▲`/`▼` when the table is sorted by it.
pub fn header_cell<'a>(name: &'a str, sort: Option<char>, theme: &Theme) -> Cell<'a> {
    match sort {
        Some(arrow) => Cell::from(format!("{name} {arrow}")).style(theme.header()),
        None => Cell::from(name).style(theme.header()),
    }
}

/// What a panel shows instead of its data: `Loading keys…`, or why they could not be read.
pub fn placeholder<T>(
    frame: &mut Frame,
    area: Rect,
    remote: &Remote<T>,
    what: &str,
    theme: &Theme,
) {
    let line = match remote.error() {
        Some(error) => Line::from(vec![
            Span::styled(format!("Could not read the {what}: "), theme.error()),
            Span::raw(error.to_owned()),
        ]),
        None => Line::styled(format!("Loading the {what}…"), theme.dim()),
    };
    frame.render_widget(padded(line), area);
}

/// Text wrapped inside a panel, one column in from its left and right borders.
pub fn padded<'a>(text: impl Into<ratatui::text::Text<'a>>) -> Paragraph<'a> {
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1)))
}

/// The filter line under a table: `/ cassa▏  3 of 12`.
pub fn filter_line(
    frame: &mut Frame,
    area: Rect,
    filter: &Filter,
    shown: usize,
    total: usize,
    theme: &Theme,
) {
    let count = format!("  {shown} of {total}");
    match filter.editing() {
        Some(field) => {
            let room = area.width.saturating_sub(count.len() as u16);
            let field_area = Rect {
                width: room,
                ..area
            };
            super::field::render(field, "/ ", 2, true, theme, field_area, frame.buffer_mut());
            let count_area = Rect {
                x: area.x + room,
                width: area.width.saturating_sub(room),
                ..area
            };
            frame.render_widget(Line::styled(count, theme.dim()), count_area);
        }
        None => frame.render_widget(
            Line::from(vec![
                Span::styled("/ ", theme.key()),
                Span::raw(filter.text().to_owned()),
                Span::styled(count, theme.dim()),
                Span::styled("  (/ to change, Esc in it to clear)", theme.dim()),
            ]),
            area,
        ),
    }
}

/// The rows of a table in view: the first row shown (`offset`, pulled back so that the last
/// page is full) and how many, for a table area of `height` rows under its header.
pub fn window(offset: usize, height: u16, len: usize) -> (usize, usize) {
    let page = usize::from(height.saturating_sub(1));
    let first = offset.min(len.saturating_sub(page));
    (first, page.min(len - first))
}

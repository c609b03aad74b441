//! The help overlay, generated from the key map for the current screen: what the help says
//! is what the keys do, overrides included. Changes are marked when the profile is read-only.

use super::popup;
use crate::app::App;
use crate::keymap::Scope;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The help's lines for the current screen.
pub(super) fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme();
    let screen = app.screen();
    let mut lines = vec![];
    let mut section = None;
    for binding in app.keymap().for_screen(screen) {
        let heading = match binding.scope {
            Scope::Screen(_) => screen.title().to_owned(),
            Scope::Tables | Scope::Lists => "Tables".to_owned(),
            Scope::Global => "Everywhere".to_owned(),
        };
        if section.as_ref() != Some(&heading) {
            if section.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(heading.clone(), theme.accent()));
            section = Some(heading);
        }
        let keys = binding.keys_text();
        let disabled = binding.command.changes() && app.read_only();
        let mut spans = vec![Span::styled(
            format!("  {keys:<14}"),
            if disabled {
                theme.disabled()
            } else {
                theme.key()
            },
        )];
        if disabled {
            spans.push(Span::styled(binding.help, theme.disabled()));
            spans.push(Span::styled(" (read-only)", theme.warning()));
        } else {
            spans.push(Span::raw(binding.help));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("In dialogs and forms", theme.accent()));
    for (keys, what) in [
        ("Tab, ↑ ↓", "next or previous field"),
        ("Enter", "go ahead (the safe button has the focus)"),
        ("Esc", "close, cancel, clear a filter"),
        ("Ctrl-C", "quit at once, from anywhere"),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<14}"), theme.key()),
            Span::raw(what),
        ]));
    }
    lines
}

/// Draws the overlay over `area`.
pub(super) fn view(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let lines = lines(app);
    let height = (lines.len() as u16 + 2).min(area.height);
    let outer = popup::centered(area, 72.min(area.width), height);
    let title = format!("Help · {}", app.screen().title());
    let rows = lines.len() as u16;
    let scrollable = rows > outer.height.saturating_sub(2);
    let hint: &[(&str, &str)] = if scrollable {
        &[("j k", "scroll"), ("?", "close")]
    } else {
        &[("?", "close")]
    };
    let inner = popup::frame(frame, outer, &title, hint, theme);
    let max_scroll = rows.saturating_sub(inner.height);
    let scroll = app.help.unwrap_or(0).min(max_scroll);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)),
        inner.inner(ratatui::layout::Margin::new(1, 0)),
    );
    // Say when more lies below (or above) the part shown.
    let marker = match (scroll > 0, scroll < max_scroll) {
        (_, true) => Some(" ↓ more below "),
        (true, false) => Some(" ↑ more above "),
        (false, false) => None,
    };
    if let Some(marker) = marker {
        let at = Rect {
            x: outer.x + 2,
            y: outer.y + outer.height.saturating_sub(1),
            width: (marker.chars().count() as u16).min(outer.width.saturating_sub(4)),
            height: 1,
        };
        frame.render_widget(ratatui::text::Span::styled(marker, theme.warning()), at);
    }
}

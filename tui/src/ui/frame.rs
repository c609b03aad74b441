//! The frame around the screens: the tab bar, the screen's room (or why it is empty), the
//! status line and the key hints.

use super::layout::{MIN_HEIGHT, MIN_WIDTH};
use super::theme::Level;
use crate::app::{App, Session, StreamState};
use crate::format::{clock_utc, truncate};
use crate::keymap::Command;
use crate::screens::{self, ScreenId};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// The spinner's frames: plain ASCII, which every terminal font has.
const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

/// What is drawn when the terminal is smaller than the console needs.
pub(super) fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let text = vec![
        Line::styled("terminal too small", theme.warning()),
        Line::raw(format!(
            "need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            area.width, area.height
        )),
        Line::styled("enlarge the window, or press q to quit", theme.dim()),
    ];
    let height = (text.len() as u16).min(area.height);
    let y = area.y + area.height.saturating_sub(height) / 2;
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        Rect { y, height, ..area },
    );
}

/// The brand at the left of the tab bar.
const BRAND: &str = " dckit ";

/// The least room the profile's name takes at the right of the tab bar; with less, it moves
/// to the status line.
const PROFILE_ROOM: usize = 12;

/// The tabs' titles for a tab bar `width` columns wide: the long ones if they fit, else the
/// short ones, else the tiny ones; and the columns they take with the brand.
fn tab_titles(width: u16) -> (Vec<String>, usize) {
    let sets: [fn(ScreenId) -> &'static str; 3] =
        [ScreenId::title, ScreenId::short_title, ScreenId::tiny_title];
    let mut best = (vec![], usize::MAX);
    for title in sets {
        let titles: Vec<String> = ScreenId::ALL
            .iter()
            .map(|s| format!(" {} {} ", s.digit(), title(*s)))
            .collect();
        let used = BRAND.width() + titles.iter().map(|t| t.width()).sum::<usize>();
        best = (titles, used);
        if best.1 + PROFILE_ROOM <= usize::from(width) {
            break;
        }
    }
    best
}

/// Whether the tab bar has room for the profile's name (else the status line shows it).
fn profile_in_tabs(width: u16) -> bool {
    tab_titles(width).1 + PROFILE_ROOM <= usize::from(width)
}

/// The profile as the frame names it: `embedded mock`, or `prod · portal.example.it`.
fn profile_label(app: &App) -> String {
    match app.session() {
        Session::Open(c) if c.embedded => "embedded mock".to_owned(),
        Session::Open(c) => match &c.endpoints.portal {
            Some(host) => format!("{} · {host}", c.profile),
            None => c.profile.clone(),
        },
        _ => app.profile_name().to_owned(),
    }
}

/// The tab bar: the screens by number, and the profile on the right when there is room.
pub(super) fn tabs(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let (titles, used) = tab_titles(area.width);
    let mut spans = vec![Span::styled(BRAND, theme.accent())];
    for (screen, text) in ScreenId::ALL.iter().zip(titles) {
        let style = if *screen == app.screen() {
            theme.selection()
        } else {
            theme.text()
        };
        spans.push(Span::styled(text, style));
    }
    frame.render_widget(Line::from(spans), area);
    if profile_in_tabs(area.width) {
        let room = usize::from(area.width).saturating_sub(used + 2);
        let profile = truncate(&format!("{} ", profile_label(app)), room);
        let width = profile.width() as u16;
        let right = Rect {
            x: area.x + area.width.saturating_sub(width),
            width,
            ..area
        };
        frame.render_widget(Line::styled(profile, theme.dim()), right);
    }
}

/// The screen, or a calm line saying why it cannot be shown.
pub(super) fn body(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let line = |text: String| {
        Paragraph::new(Line::styled(text, theme.text()))
            .wrap(Wrap { trim: true })
            .block(ratatui::widgets::Block::new().padding(ratatui::widgets::Padding::uniform(1)))
    };
    match app.session() {
        Session::Failed { profile, message } => {
            let key = app.keymap().key_of(Command::Profiles);
            let text = vec![
                Line::styled(
                    format!("Profile {profile} could not be opened."),
                    theme.error(),
                ),
                Line::raw(""),
                Line::raw(message.clone()),
                Line::raw(""),
                Line::styled(
                    format!(
                        "Press {key} (or type :profile NAME) to open another profile, q to quit."
                    ),
                    theme.dim(),
                ),
            ];
            frame.render_widget(
                Paragraph::new(text).wrap(Wrap { trim: true }).block(
                    ratatui::widgets::Block::new().padding(ratatui::widgets::Padding::uniform(1)),
                ),
                area,
            );
        }
        Session::Open(connected) if app.lacks_endpoint() => {
            let endpoint = app
                .screen()
                .needs()
                .unwrap_or(crate::screens::Endpoint::Portal);
            frame.render_widget(
                line(format!(
                    "Profile {} has no {}, which {} needs: add a [profiles.{}.{}] table with {} to the config file.",
                    connected.profile,
                    endpoint.name(),
                    app.screen().title(),
                    connected.profile,
                    endpoint.table(),
                    endpoint.settings()
                )),
                area,
            );
        }
        _ => screens::view(app, app.screen(), frame, area),
    }
}

/// The status line: spinner and last message on the left; the stream, the profile,
/// read-only and the time of the last refresh on the right.
pub(super) fn status(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let status = app.status();
    let mut right: Vec<Span> = vec![];
    let sep = || Span::styled(" │ ", theme.dim());
    if !profile_in_tabs(area.width) {
        right.push(Span::styled(truncate(&profile_label(app), 24), theme.dim()));
    }
    if !right.is_empty() && status.stream != StreamState::Off {
        right.push(sep());
    }
    match &status.stream {
        StreamState::Off => {}
        StreamState::Connecting => right.push(Span::styled("live: connecting", theme.dim())),
        StreamState::Live => right.push(Span::styled("● live", theme.ok())),
        StreamState::Retrying {
            attempt,
            in_seconds,
            ..
        } => {
            let text = if *in_seconds == 0 {
                format!("live: reconnecting (attempt {})", attempt + 1)
            } else {
                format!("live: lost, retry in {in_seconds} s")
            };
            right.push(Span::styled(text, theme.warning()));
        }
    }
    if app.read_only() {
        if !right.is_empty() {
            right.push(sep());
        }
        right.push(Span::styled("read-only", theme.warning()));
    }
    if let Some(at) = status.refreshed_at {
        if !right.is_empty() {
            right.push(sep());
        }
        right.push(Span::styled(
            format!("updated {}", clock_utc(at)),
            theme.dim(),
        ));
    }
    right.push(Span::raw(" "));
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let mut left = vec![Span::raw(" ")];
    if app.busy() {
        left.push(Span::styled(
            format!("{} ", SPINNER[app.spinner_frame() % SPINNER.len()]),
            theme.accent(),
        ));
    }
    let connecting = match app.session() {
        Session::Connecting { profile } if profile == "embedded" => {
            Some("starting the embedded mock…".to_owned())
        }
        Session::Connecting { profile } => Some(format!("opening profile {profile}…")),
        _ => None,
    };
    let room = usize::from(area.width).saturating_sub(right_width + 4);
    match (connecting, &status.message) {
        (Some(text), _) => left.push(Span::styled(truncate(&text, room), theme.dim())),
        (None, Some(message)) => {
            let style = match message.level {
                Level::Ok => theme.text(),
                level => theme.level(level),
            };
            let prefix = if message.level == Level::Error {
                "error: "
            } else {
                ""
            };
            left.push(Span::styled(
                truncate(&format!("{prefix}{}", message.text), room),
                style,
            ));
        }
        (None, None) => {}
    }
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width as u16)])
        .areas(area);
    frame.render_widget(Line::from(left), l);
    frame.render_widget(Line::from(right), r);
}

/// The key hints of the current screen, or the command line being typed.
pub(super) fn footer(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    if let Some(line) = &app.command_line {
        super::field::render(&line.field, ":", 1, true, theme, area, frame.buffer_mut());
        return;
    }
    if app.help.is_some() {
        frame.render_widget(
            Line::from(vec![
                Span::styled(" j k", theme.key()),
                Span::raw(" scroll  "),
                Span::styled("any other key", theme.key()),
                Span::raw(" closes the help"),
            ]),
            area,
        );
        return;
    }
    if app_filter_editing(app).is_some() {
        frame.render_widget(
            Line::from(vec![
                Span::styled(" Enter", theme.key()),
                Span::raw(" keep the filter  "),
                Span::styled("Esc", theme.key()),
                Span::raw(" clear it"),
            ]),
            area,
        );
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    let mut width = 1;
    for binding in app.keymap().for_screen(app.screen()) {
        let Some(word) = binding.footer else {
            continue;
        };
        if binding.scope != crate::keymap::Scope::Global && app.lacks_endpoint() {
            continue;
        }
        let key = binding
            .keys
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let disabled = binding.command.changes() && app.read_only();
        let item = key.width() + 1 + word.width() + 2;
        if width + item > usize::from(area.width) {
            break;
        }
        width += item;
        if disabled {
            spans.push(Span::styled(format!("{key} {word}"), theme.disabled()));
        } else {
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::raw(format!(" {word}")));
        }
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Line::from(spans), area);
}

fn app_filter_editing(app: &App) -> Option<&crate::app::Field> {
    match app.screen() {
        ScreenId::Keys => app.keys.table.filter.editing(),
        ScreenId::Counters => app.counters.table.filter.editing(),
        ScreenId::Documents => app.documents.table.filter.editing(),
        ScreenId::WebService => app.webservice.table.filter.editing(),
        _ => None,
    }
}

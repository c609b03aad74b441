//! The `Console` driver: the real console (`dckit_tui::runtime::Runtime`) on ratatui's
//! `TestBackend`, connected to a seeded `MockServer` with a frozen clock, driven by key events,
//! read back as text (or as the styled buffer).

#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_mock::MockServer;
use dckit_tui::app::{Action, App, Session, Settings, StreamState};
use dckit_tui::config::{ConfigFile, EMBEDDED_PROFILE};
use dckit_tui::keymap::KeyMap;
use dckit_tui::runtime::{Captured, Embedded, Profiles, Runtime};
use dckit_tui::ui::theme::{Palette, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use regex::Regex;
use std::sync::LazyLock;
use std::time::Duration;

/// The instant of the contract cases: the mock's frozen clock and the console's clock.
pub(crate) const INSTANT: &str = "2026-02-15T10:31:07+01:00";

/// How long any wait may take before the test fails (the machine may be busy building).
pub(crate) const TIMEOUT: Duration = Duration::from_secs(20);

/// The contracts' instant.
pub(crate) fn instant() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(INSTANT).expect("the instant is RFC 3339")
}

/// Starts a seeded mock (default seed) with its clock frozen on [`INSTANT`], on 127.0.0.1.
pub(crate) async fn start_mock() -> MockServer {
    MockServer::start(dckit_mock::Config::ephemeral().with_clock(instant()))
        .await
        .expect("the mock starts")
}

/// How a console is set up.
pub(crate) struct Options {
    /// Columns and rows.
    pub(crate) size: (u16, u16),
    /// Colour or mono.
    pub(crate) palette: Palette,
    /// `--read-only`.
    pub(crate) read_only: bool,
    /// A config file (its profiles join the embedded one).
    pub(crate) config: Option<ConfigFile>,
    /// The profile to open first (default: the embedded mock).
    pub(crate) profile: Option<String>,
}

impl Options {
    /// A colour console of `width` × `height` on the embedded mock.
    pub(crate) fn new(width: u16, height: u16) -> Options {
        Options {
            size: (width, height),
            palette: Palette::Colour,
            read_only: false,
            config: None,
            profile: None,
        }
    }

    /// The same with the mono theme.
    pub(crate) fn mono(mut self) -> Options {
        self.palette = Palette::Mono;
        self
    }

    /// The same, read-only.
    pub(crate) fn read_only(mut self) -> Options {
        self.read_only = true;
        self
    }

    /// The same with a config file, opening `profile` first.
    pub(crate) fn config(mut self, config: ConfigFile, profile: &str) -> Options {
        self.config = Some(config);
        self.profile = Some(profile.to_owned());
        self
    }
}

/// The console under test.
pub(crate) struct Console {
    /// The runtime (state, executor, terminal).
    pub(crate) runtime: Runtime<TestBackend>,
    /// What the console copied to the clipboard.
    pub(crate) clipboard: Captured,
    /// Every screen drawn, unmasked, in order (for leak checks).
    pub(crate) history: Vec<String>,
    /// Literal texts to replace before a snapshot (temporary folders).
    literals: Vec<(String, String)>,
    /// Masks that follow the seed (kept as they are).
    stable_masks: Vec<String>,
}

/// The mask of a clear key as the portal lists it (`dk_live_ab12…wxyz`).
pub(crate) fn mask(key: &str) -> String {
    dckit_contracts::model::portal::mask_key(key)
}

static CLEAR_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"dk_live_[A-Za-z0-9]{32}").expect("regex"));
static MASKED_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"dk_live_[A-Za-z0-9]{4}…[A-Za-z0-9]{4}").expect("regex"));
/// A temporary folder's random name (`/tmp/dckit-ab12Cd`), whole or cut with `…`.
static TEMP_FOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/dckit-([A-Za-z0-9]{1,6})").expect("regex"));
static LOOPBACK_PORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"127\.0\.0\.1:([0-9]+)").expect("regex"));

impl Console {
    /// A colour console of `width` × `height` on a fresh embedded mock, its first screen read.
    pub(crate) async fn start(width: u16, height: u16) -> Console {
        Console::with(Options::new(width, height), start_mock().await).await
    }

    /// A console set up by `options` on `server` (the embedded profile), its first screen
    /// read.
    pub(crate) async fn with(options: Options, server: MockServer) -> Console {
        let stable_masks = server
            .other_datacash_keys()
            .iter()
            .map(|k| mask(k))
            .collect();
        let mut console = Console::build(options, Embedded::running(server), stable_masks);
        console.wait_loaded().await;
        console
    }

    /// A colour console whose embedded mock is still starting: nothing is waited for, the
    /// profile is being opened. Must be called within a tokio runtime.
    pub(crate) fn opening(width: u16, height: u16) -> Console {
        let config = dckit_mock::Config::ephemeral().with_clock(instant());
        Console::build(Options::new(width, height), Embedded::new(config), vec![])
    }

    fn build(options: Options, embedded: Embedded, stable_masks: Vec<String>) -> Console {
        let profiles = Profiles::new(options.config, None, embedded, options.read_only);
        let first = options
            .profile
            .unwrap_or_else(|| EMBEDDED_PROFILE.to_owned());
        let now: DateTime<Utc> = instant().with_timezone(&Utc);
        let settings = Settings {
            theme: Theme::new(options.palette),
            keymap: KeyMap::default(),
            profiles: profiles.names(),
            profile: first,
            read_only: options.read_only,
            size: options.size,
            now,
            marker: Default::default(),
        };
        let clipboard = Captured::default();
        let terminal = Terminal::new(TestBackend::new(options.size.0, options.size.1))
            .expect("a test terminal");
        let runtime = Runtime::new(
            terminal,
            settings,
            profiles,
            Box::new(clipboard.clone()),
            Box::new(move || now),
        )
        .expect("a runtime on a test backend");
        Console {
            runtime,
            clipboard,
            history: vec![],
            literals: vec![],
            stable_masks,
        }
    }

    /// The mock.
    pub(crate) fn server(&self) -> &MockServer {
        self.runtime
            .executor()
            .profiles()
            .embedded()
            .started()
            .expect("the embedded mock is running")
    }

    /// The state.
    pub(crate) fn app(&self) -> &App {
        self.runtime.app()
    }

    /// Waits until the profile is open, the first screen's data read, the live stream open
    /// (when the profile has an account area) and no request under way.
    async fn wait_loaded(&mut self) {
        self.wait("the first screen to load", |app| {
            let e = app.endpoints();
            let d = app.data();
            matches!(app.session(), Session::Open(_) | Session::Failed { .. })
                && (e.portal.is_none()
                    || (d.account.value().is_some()
                        && d.counters().value().is_some()
                        && d.keys().value().is_some()
                        && d.takings.value().is_some()))
                && (e.datacash.is_none() || d.info_user.value().is_some())
                && (e.webservice.is_none() || d.webservice_today.value().is_some())
                && (e.harness.is_none() || d.server_clock.value().is_some())
                && settled(app)
        })
        .await;
    }

    /// Applies actions until `done` holds; fails with the screen after [`TIMEOUT`].
    pub(crate) async fn wait(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        if !self.runtime.wait_until(TIMEOUT, done).await {
            let screen = self.screen_raw();
            panic!(
                "timed out after {TIMEOUT:?} waiting for {what}; the screen:\n{screen}\nstatus: {:?}",
                self.app().status()
            );
        }
        self.record();
    }

    /// Applies actions until the screen contains `needle`; fails with the screen after
    /// [`TIMEOUT`].
    pub(crate) async fn wait_for_text(&mut self, needle: &str) {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            self.runtime
                .wait_until(Duration::from_millis(20), |_| false)
                .await;
            let screen = self.screen_raw();
            if screen.contains(needle) {
                self.history.push(screen);
                return;
            }
            if tokio::time::Instant::now() >= deadline {
                panic!("timed out after {TIMEOUT:?} waiting for {needle:?}; the screen:\n{screen}");
            }
        }
    }

    /// Waits until no request, export or stream opening is under way.
    pub(crate) async fn settle(&mut self) {
        self.wait("the console to settle", settled).await;
    }

    /// Presses one key, given as `a`, `A`, `?`, `enter`, `esc`, `tab`, `backtab`, `ctrl-u`,
    /// `up`, `f1`…, and waits for what it started.
    pub(crate) async fn press(&mut self, spec: &str) {
        self.press_keys(&[key(spec)]).await;
    }

    /// Presses keys one after the other, waiting after each for what it started.
    pub(crate) async fn press_keys(&mut self, keys: &[KeyEvent]) {
        for key in keys {
            self.runtime.dispatch(Action::Key(*key));
            self.settle().await;
        }
    }

    /// Types `text` one character at a time.
    pub(crate) async fn type_text(&mut self, text: &str) {
        let keys: Vec<KeyEvent> = text
            .chars()
            .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
            .collect();
        self.press_keys(&keys).await;
    }

    /// Draws and returns the screen as text, unmasked (trailing spaces trimmed).
    pub(crate) fn screen_raw(&mut self) -> String {
        self.runtime.draw().expect("drawing on a test backend");
        buffer_text(self.runtime.terminal().backend().buffer())
    }

    /// Draws and records the screen.
    fn record(&mut self) {
        let screen = self.screen_raw();
        self.history.push(screen);
    }

    /// Draws the screen and returns it as text with everything random masked.
    pub(crate) fn screen(&mut self) -> String {
        let raw = self.screen_raw();
        self.history.push(raw.clone());
        self.mask(&raw)
    }

    /// Draws the screen and returns the styled buffer.
    pub(crate) fn buffer(&mut self) -> Buffer {
        self.record();
        self.runtime.terminal().backend().buffer().clone()
    }

    /// The styled buffer's `Debug` (styles per span), with everything random masked.
    pub(crate) fn styled(&mut self) -> String {
        let buffer = self.buffer();
        self.mask(&format!("{buffer:?}"))
    }

    /// Replaces `literal` by `placeholder` in every snapshot (a temporary folder).
    pub(crate) fn mask_literal(&mut self, literal: &str, placeholder: &str) {
        self.literals
            .push((literal.to_owned(), placeholder.to_owned()));
    }

    /// Masks what changes from one run to the next, keeping the width of each value: clear
    /// keys, the masks of keys not drawn from the seed, the mock's port, temporary folders.
    pub(crate) fn mask(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (literal, placeholder) in &self.literals {
            text = text.replace(literal.as_str(), placeholder);
        }
        let text = CLEAR_KEY.replace_all(&text, |c: &regex::Captures| {
            format!("dk_live_{}", "X".repeat(c[0].len() - "dk_live_".len()))
        });
        let text = MASKED_KEY.replace_all(&text, |c: &regex::Captures| {
            if self.stable_masks.iter().any(|m| *m == c[0]) {
                c[0].to_owned()
            } else {
                "dk_live_XXXX…XXXX".to_owned()
            }
        });
        let text = TEMP_FOLDER.replace_all(&text, |c: &regex::Captures| {
            format!("/dckit-{}", "X".repeat(c[1].len()))
        });
        LOOPBACK_PORT
            .replace_all(&text, |c: &regex::Captures| {
                format!("127.0.0.1:{}", "P".repeat(c[1].len()))
            })
            .into_owned()
    }
}

/// Whether nothing the console started is still under way: no request, no export, no
/// profile or stream being opened.
pub(crate) fn settled(app: &App) -> bool {
    app.status().in_flight == 0 && !app.busy() && app.status().stream != StreamState::Connecting
}

/// The buffer as lines of text, trailing spaces trimmed.
pub(crate) fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut lines = Vec::with_capacity(usize::from(area.height));
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            skip = usize::from(cell.cell_width()).saturating_sub(1);
        }
        lines.push(line.trim_end().to_owned());
    }
    lines.join("\n") + "\n"
}

/// A key event from a spec: one character, or a name, optionally after `ctrl-`.
pub(crate) fn key(spec: &str) -> KeyEvent {
    if let Some(rest) = spec.strip_prefix("ctrl-") {
        let c = rest.chars().next().expect("a character after ctrl-");
        return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    let mut chars = spec.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    }
    let code = match spec {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" => KeyCode::PageUp,
        "pgdn" => KeyCode::PageDown,
        "f1" => KeyCode::F(1),
        other => panic!("no key named {other:?}"),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

//! The `dckit` binary in a real pseudo-terminal of 80x24, run as a user runs it: the embedded
//! mock with a frozen clock, `TERM=xterm-256color`, an empty home (no user config). The output
//! is parsed by `vt100` as a terminal would, and the pty's own settings are read back.
//!
//! - it starts on the embedded mock and draws the dashboard with the seeded account;
//! - `?` opens the help, another key closes it, `q` quits with status 0;
//! - the terminal is left as it was: main screen, cursor shown, bracketed paste off, nothing
//!   drawn after that, and the pty back in cooked mode (ICANON and ECHO);
//! - under `NO_COLOR` no colour escape is written on any screen, and the selected tab is in
//!   reverse video;
//! - a panic puts the terminal back before its message is printed (triggered from outside: a
//!   fake account area whose counters overflow the dashboard's sum in a debug build);
//! - a config file with an unknown field stops it with status 2, naming the file and the line,
//!   before it touches the terminal.
//!
//! Every wait polls the parsed screen against a deadline and fails with the screen printed.
//! The deadlines are generous: `cargo test` runs a debug build, on CI on two shared cores.
#![cfg(unix)]

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, SlavePty};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

/// The embedded mock's frozen clock.
const CLOCK: &str = "2026-02-15T10:31:07+01:00";
/// The terminal's size.
const ROWS: u16 = 24;
const COLS: u16 = 80;
/// From exec to the dashboard filled (the embedded mock starts in about 1 s in debug).
const START: Duration = Duration::from_secs(30);
/// From a key to what it shows.
const REACT: Duration = Duration::from_secs(10);
/// From `q` to the end of the process.
const EXIT: Duration = Duration::from_secs(10);
/// How long one look at the output waits for more.
const POLL: Duration = Duration::from_millis(20);
/// The seeded account (contracts/cases/portal/README.md).
const ACCOUNT: &str = "Bar Pasticceria Aurora S.r.l.";
/// The seeded key slots, on the dashboard.
const SLOTS: &str = "API keys 2 / 3";

/// Answers the queries the console asks its terminal, as a terminal does: the cursor position
/// (`ESC [ 6 n`, sent by ratatui's `Terminal::clear` at start).
#[derive(Default)]
struct Answers {
    pending: Vec<Vec<u8>>,
}

impl vt100::Callbacks for Answers {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        _i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        if c == 'n' && i1.is_none() && params.len() == 1 && params[0] == [6] {
            let (row, col) = screen.cursor_position();
            self.pending
                .push(format!("\x1b[{};{}R", row + 1, col + 1).into_bytes());
        }
    }
}

/// `dckit` running in a pty, its output read by a thread and parsed as it comes.
struct Console {
    master: Box<dyn MasterPty + Send>,
    /// Kept open until [`Console::close`], so the pty's settings can be read after the
    /// process ends.
    slave: Option<Box<dyn SlavePty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser<Answers>,
    /// Every byte the console wrote, in order.
    raw: Vec<u8>,
    status: Option<ExitStatus>,
    /// The process's HOME, removed with the console.
    _home: tempfile::TempDir,
}

impl Console {
    /// Starts `dckit ARGS` with only PATH, TERM, HOME and XDG_CONFIG_HOME (a fresh folder) and
    /// `env` set.
    fn start(args: &[&str], env: &[(&str, &str)]) -> Console {
        let home = tempfile::tempdir().expect("a temporary home");
        Console::start_in(home, args, env)
    }

    fn start_in(home: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Console {
        let pair = portable_pty::native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dckit"));
        command.args(args);
        command.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        command.env("TERM", "xterm-256color");
        command.env("HOME", home.path());
        command.env("XDG_CONFIG_HOME", home.path().join(".config"));
        command.env("RUST_BACKTRACE", "0");
        for (name, value) in env {
            command.env(name, value);
        }
        command.cwd(home.path());
        let child = pair.slave.spawn_command(command).expect("start dckit");
        let reader = pair.master.try_clone_reader().expect("the pty's reader");
        let writer = pair.master.take_writer().expect("the pty's writer");
        let (tx, output) = channel();
        std::thread::spawn(move || read_all(reader, tx));
        Console {
            master: pair.master,
            slave: Some(pair.slave),
            child,
            writer,
            output,
            parser: vt100::Parser::new_with_callbacks(ROWS, COLS, 0, Answers::default()),
            raw: Vec::new(),
            status: None,
            _home: home,
        }
    }

    /// The parsed screen.
    fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// Takes what the console wrote, waiting up to `wait` for the first chunk; returns false
    /// once the output has ended.
    fn pump(&mut self, wait: Duration) -> bool {
        let mut next = self.output.recv_timeout(wait);
        loop {
            match next {
                Ok(bytes) => self.feed(&bytes),
                Err(RecvTimeoutError::Timeout) => return true,
                Err(RecvTimeoutError::Disconnected) => return false,
            }
            next = match self.output.try_recv() {
                Ok(bytes) => Ok(bytes),
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
            };
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
        self.parser.process(bytes);
        for answer in std::mem::take(&mut self.parser.callbacks_mut().pending) {
            self.send(&answer);
        }
    }

    /// Types `bytes`.
    fn send(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.flush())
            .expect("write to the pty");
    }

    /// The exit status, if the process has ended.
    fn exited(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("the child's status");
        }
        self.status.clone()
    }

    /// Waits until `done` holds for the screen; fails after `timeout`, or if the process ends
    /// first, with the screen printed.
    fn wait_for(&mut self, what: &str, timeout: Duration, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            self.pump(POLL);
            if done(self.screen()) {
                return;
            }
            if let Some(status) = self.exited() {
                self.pump(POLL);
                panic!(
                    "dckit ended ({status}) while waiting for {what}\n{}",
                    self.report()
                );
            }
            if Instant::now() >= deadline {
                panic!("no {what} within {timeout:?}\n{}", self.report());
            }
        }
    }

    /// Waits for the process to end; fails after `timeout` with the screen printed.
    fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            self.pump(POLL);
            if let Some(status) = self.exited() {
                return status;
            }
            if Instant::now() >= deadline {
                panic!("dckit did not end within {timeout:?}\n{}", self.report());
            }
        }
    }

    /// Closes our side's copy of the terminal and reads the output to its end (the process
    /// must have ended).
    fn close(&mut self) {
        assert!(self.exited().is_some(), "close() before the process ended");
        self.slave = None;
        let deadline = Instant::now() + EXIT;
        while self.pump(POLL) {
            assert!(
                Instant::now() < deadline,
                "the pty's output did not end within {EXIT:?} of the process's end\n{}",
                self.report()
            );
        }
    }

    /// The pty's local modes (`ICANON`, `ECHO`, …) by name, as the process left them.
    fn local_modes(&self) -> BTreeSet<String> {
        let termios = self.master.get_termios().expect("the pty's termios");
        words(&format!("{:?}", termios.local_flags))
    }

    /// The screen and the end of the raw output, for a failure's message.
    fn report(&self) -> String {
        let tail = &self.raw[self.raw.len().saturating_sub(1500)..];
        format!(
            "--- screen ({} bytes received) ---\n{}\n--- last bytes ---\n{}",
            self.raw.len(),
            self.screen().contents(),
            String::from_utf8_lossy(tail).escape_debug()
        )
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        if self.exited().is_none() {
            // A failed test: SIGHUP (dckit quits cleanly on it), then SIGKILL.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Copies the pty's output to `tx` until it ends (EOF, or EIO once no process holds the
/// terminal).
fn read_all(mut reader: Box<dyn Read + Send>, tx: Sender<Vec<u8>>) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if tx.send(buf[..n].to_vec()).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// The identifiers in `text`: `LocalFlags(ECHO | ICANON)` → {LocalFlags, ECHO, ICANON}.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A control sequence (`ESC [ params final`) of the raw output.
#[derive(Debug)]
struct Csi {
    /// Where its ESC is.
    at: usize,
    /// The parameter bytes, e.g. `38;5;8` or `?1049`.
    params: String,
    /// The final byte, e.g. `m`.
    end: u8,
}

/// Every control sequence in `raw`, in order.
fn control_sequences(raw: &[u8]) -> Vec<Csi> {
    let mut found = vec![];
    let mut i = 0;
    while i + 1 < raw.len() {
        if raw[i] != 0x1b || raw[i + 1] != b'[' {
            i += 1;
            continue;
        }
        let mut j = i + 2;
        while j < raw.len() && (0x20..=0x3f).contains(&raw[j]) {
            j += 1;
        }
        if j < raw.len() && (0x40..=0x7e).contains(&raw[j]) {
            found.push(Csi {
                at: i,
                params: String::from_utf8_lossy(&raw[i + 2..j]).into_owned(),
                end: raw[j],
            });
        }
        i = j.max(i + 2);
    }
    found
}

/// Where the last `needle` starts in `raw`.
fn last(raw: &[u8], needle: &[u8]) -> Option<usize> {
    raw.windows(needle.len()).rposition(|w| w == needle)
}

/// Whether the screen shows the seeded dashboard.
fn dashboard_filled(screen: &vt100::Screen) -> bool {
    let text = screen.contents();
    text.contains("1 Dash") && text.contains(ACCOUNT) && text.contains(SLOTS)
}

/// Checks the terminal was left as it was found, from the raw output, the parsed screen and
/// the pty's modes. The process must have ended and the output been read to its end.
fn assert_terminal_restored(console: &Console, modes_after: &BTreeSet<String>) {
    let raw = &console.raw;
    let report = console.report();
    for mode in ["ICANON", "ECHO"] {
        assert!(
            modes_after.contains(mode),
            "the pty is left without {mode}: {modes_after:?}\n{report}"
        );
    }
    let screen = console.screen();
    assert!(
        !screen.alternate_screen(),
        "left on the alternate screen\n{report}"
    );
    assert!(!screen.hide_cursor(), "the cursor is left hidden\n{report}");
    assert!(
        !screen.bracketed_paste(),
        "bracketed paste is left on\n{report}"
    );
    // Each mode was set, then reset after the last time it was set, and after the last draw
    // (the last cursor move): nothing is drawn on the main screen afterwards.
    let last_draw = control_sequences(raw)
        .iter()
        .rev()
        .find(|csi| csi.end == b'H')
        .map(|csi| csi.at)
        .expect("the console drew something");
    for (on, off, what) in [
        (
            &b"\x1b[?1049h"[..],
            &b"\x1b[?1049l"[..],
            "the alternate screen",
        ),
        (b"\x1b[?25l", b"\x1b[?25h", "the hidden cursor"),
        (b"\x1b[?2004h", b"\x1b[?2004l", "bracketed paste"),
    ] {
        let set = last(raw, on).unwrap_or_else(|| panic!("{what} was never set\n{report}"));
        let reset = last(raw, off).unwrap_or_else(|| panic!("{what} was never reset\n{report}"));
        assert!(
            reset > set && reset > last_draw,
            "{what}: set at byte {set}, last draw at {last_draw}, reset at {reset}\n{report}"
        );
    }
}

#[test]
fn starts_on_the_embedded_mock_and_leaves_the_terminal_as_it_was() {
    let mut console = Console::start(&["--clock", CLOCK], &[]);
    console.wait_for("tab bar", START, |s| s.contents().contains("1 Dash"));
    console.wait_for("dashboard with the seeded account", START, dashboard_filled);
    assert_eq!(console.screen().size(), (ROWS, COLS));
    let screen = console.screen();
    assert!(screen.alternate_screen() && screen.hide_cursor() && screen.bracketed_paste());
    let modes = console.local_modes();
    assert!(
        !modes.contains("ICANON") && !modes.contains("ECHO"),
        "the console runs in raw mode: {modes:?}"
    );

    console.send(b"?");
    console.wait_for("help", REACT, |s| s.contents().contains("Help · Dashboard"));
    // Any key that does not scroll the help closes it (and does nothing else).
    console.send(b"x");
    console.wait_for("dashboard again", REACT, |s| {
        !s.contents().contains("Help · Dashboard") && dashboard_filled(s)
    });

    console.send(b"q");
    let status = console.wait_exit(EXIT);
    assert!(
        status.success(),
        "q ends with status 0, not {status}\n{}",
        console.report()
    );
    // Read while our copy of the terminal is still open: the process's last settings.
    let modes = console.local_modes();
    console.close();
    assert_terminal_restored(&console, &modes);
}

#[test]
fn no_color_writes_no_colour_escape_on_any_screen() {
    let mut console = Console::start(&["--clock", CLOCK], &[("NO_COLOR", "1")]);
    console.wait_for("dashboard with the seeded account", START, dashboard_filled);
    // The selected tab stands out by reverse video.
    let top = console.screen().contents_between(0, 0, 0, COLS);
    let at = top.find("1 Dash").expect("the tab bar") as u16;
    let cell = console.screen().cell(0, at).expect("a cell of the tab bar");
    assert!(
        cell.inverse(),
        "the selected tab is in reverse video\n{}",
        console.report()
    );
    let screens: [(&[u8], &str, &[&str]); 3] = [
        (
            b"2",
            "keys",
            &["API keys · 2 / 3 slots in use", "Gestionale"],
        ),
        (b"3", "licences", &["Licences", "lic-1", "not signed"]),
        (b"4", "counters", &["Document counters", "key-3"]),
    ];
    for (key, what, marks) in screens {
        console.send(key);
        console.wait_for(&format!("{what} screen"), REACT, |s| {
            let text = s.contents();
            marks.iter().all(|m| text.contains(m))
        });
    }
    console.send(b"?");
    console.wait_for("help", REACT, |s| s.contents().contains("Help · Counters"));
    console.send(b"x");
    console.wait_for("counters again", REACT, |s| {
        !s.contents().contains("Help · ")
    });
    console.send(b"q");
    let status = console.wait_exit(EXIT);
    assert!(
        status.success(),
        "exit status {status}\n{}",
        console.report()
    );
    console.close();

    let mut reverse = false;
    for csi in control_sequences(&console.raw) {
        if csi.end != b'm' || csi.params.starts_with(['?', '<', '=', '>']) {
            continue;
        }
        let params: Vec<u16> = csi
            .params
            .split(';')
            .map(|p| {
                // `38:5:1` (colon sub-parameters): the first one says what it is.
                let head = p.split(':').next().unwrap_or_default();
                if head.is_empty() {
                    0
                } else {
                    head.parse().unwrap_or(u16::MAX)
                }
            })
            .collect();
        let colour = params
            .iter()
            .find(|&&p| matches!(p, 30..=37 | 90..=97 | 40..=47 | 100..=107 | 38 | 48 | 58));
        let context = &console.raw[csi.at..(csi.at + 40).min(console.raw.len())];
        assert!(
            colour.is_none(),
            "NO_COLOR, yet a colour is set at byte {}: ESC[{}m in {}",
            csi.at,
            csi.params,
            String::from_utf8_lossy(context).escape_debug()
        );
        reverse |= params.contains(&7);
    }
    assert!(reverse, "NO_COLOR keeps reverse video (the selected tab)");
}

/// A fake account area on 127.0.0.1: `GET /portal/v1/counters` answers two counters whose
/// `today` add up past `u64::MAX`; everything else is 404.
fn overflowing_portal() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    url
}

fn answer(stream: TcpStream) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The headers, to the blank line (GETs: no body).
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split(' ').nth(1).unwrap_or_default();
    let (status, body) = if path == "/portal/v1/counters" {
        (
            "200 OK",
            r#"[{"keyId":"key-1","instance":"dco","total":1,"today":18446744073709551615},
               {"keyId":"key-2","instance":"dco","total":1,"today":1}]"#,
        )
    } else {
        ("404 Not Found", r#"{"title":"Not Found","status":404}"#)
    };
    let _ = write!(
        writer,
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
}

#[test]
fn wild_counts_from_a_server_neither_panic_nor_wrap() {
    let url = overflowing_portal();
    let mut console = Console::start(&["--url", &url, "--token", "pt_pty_test"], &[]);
    console.wait_for("today's receipts, saturated", START, |screen| {
        screen.contents().contains("18.446.744.073.709.551.615")
    });
    console.send(b"q");
    let status = console.wait_exit(Duration::from_secs(10));
    assert_eq!(status.exit_code(), 0, "{}", console.report());
}

#[test]
fn a_panic_puts_the_terminal_back_before_its_message() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: DCKIT_TEST_PANIC is honoured by debug builds only");
        return;
    }
    let mut console = Console::start(&[], &[("DCKIT_TEST_PANIC", "1")]);
    let status = console.wait_exit(START);
    let modes = console.local_modes();
    console.close();
    let text = String::from_utf8_lossy(&console.raw).into_owned();
    assert!(text.contains("panicked at"), "{}", console.report());
    assert_eq!(status.exit_code(), 101, "{}", console.report());
    assert_terminal_restored(&console, &modes);
    let leave = last(&console.raw, b"\x1b[?1049l").expect("the alternate screen left");
    let message = text.find("panicked at").expect("the panic's message");
    assert!(
        message > leave,
        "the panic's message is printed on the main screen, after leaving the alternate one\n{}",
        console.report()
    );
    assert!(
        console
            .screen()
            .contents()
            .contains("DCKIT_TEST_PANIC is set"),
        "the message is readable on the main screen\n{}",
        console.report()
    );
}

#[test]
fn a_config_file_with_an_unknown_field_stops_with_status_2_naming_the_line() {
    let home = tempfile::tempdir().expect("a temporary home");
    let config = home.path().join("bad.toml");
    std::fs::write(
        &config,
        "# dckit's config, with a typo\nread_only = false\ncolour = \"blue\"\n",
    )
    .expect("write the config file");
    let path = config.to_str().expect("a UTF-8 temporary path").to_owned();
    let mut console = Console::start_in(home, &["--config", &path, "--clock", CLOCK], &[]);
    let status = console.wait_exit(START);
    let modes = console.local_modes();
    console.close();
    let text = String::from_utf8_lossy(&console.raw).into_owned();
    assert_eq!(status.exit_code(), 2, "{}", console.report());
    let place = format!("{path}:3:");
    assert!(
        text.contains(&place) && text.contains("unknown field `colour`"),
        "the message names {place} and the field\n{}",
        console.report()
    );
    assert!(
        !console.raw.windows(8).any(|w| w == b"\x1b[?1049h"),
        "the alternate screen is never entered\n{}",
        console.report()
    );
    assert!(
        modes.contains("ICANON") && modes.contains("ECHO"),
        "the pty stays in cooked mode: {modes:?}"
    );
}

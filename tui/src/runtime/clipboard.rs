//! Copying to the clipboard of the user's terminal with OSC 52, which travels through SSH (the
//! terminal on the user's desk does the copying) and, wrapped for it, through tmux.

use crossterm::Command;
use crossterm::clipboard::CopyToClipboard;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

/// Where a copy goes.
pub trait Clipboard: Send {
    /// Puts `text` on the clipboard.
    fn copy(&mut self, text: &str) -> io::Result<()>;
}

/// The OSC 52 escape for `text`: `ESC ] 52 ; c ; <base64> ESC \`.
pub fn osc52(text: &str) -> String {
    let mut escape = String::new();
    // Writing to a String cannot fail.
    let _ = CopyToClipboard::to_clipboard_from(text.as_bytes()).write_ansi(&mut escape);
    escape
}

/// The escape wrapped for tmux's passthrough (`allow-passthrough on`): tmux hands it to the
/// outer terminal.
pub fn tmux_passthrough(escape: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", escape.replace('\x1b', "\x1b\x1b"))
}

/// Writes OSC 52 to a terminal (the console's stdout).
pub struct Osc52<W: Write + Send> {
    out: W,
    tmux: bool,
}

impl<W: Write + Send> Osc52<W> {
    /// Copies through `out`; `tmux` (the `TMUX` variable is set) adds the wrapped form.
    pub fn new(out: W, tmux: bool) -> Osc52<W> {
        Osc52 { out, tmux }
    }
}

impl<W: Write + Send> Clipboard for Osc52<W> {
    fn copy(&mut self, text: &str) -> io::Result<()> {
        let escape = osc52(text);
        self.out.write_all(escape.as_bytes())?;
        if self.tmux {
            // With `set-clipboard on` tmux takes the plain escape; with passthrough, this one.
            self.out.write_all(tmux_passthrough(&escape).as_bytes())?;
        }
        self.out.flush()
    }
}

/// A clipboard that keeps what was copied, for tests.
#[derive(Clone, Debug, Default)]
pub struct Captured(pub Arc<Mutex<Vec<String>>>);

impl Clipboard for Captured {
    fn copy(&mut self, text: &str) -> io::Result<()> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("the capture is poisoned"))?
            .push(text.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_between_the_markers() {
        assert_eq!(osc52("dk_live_x"), "\x1b]52;c;ZGtfbGl2ZV94\x1b\\");
        assert_eq!(
            tmux_passthrough("\x1b]52;c;eA==\x1b\\"),
            "\x1bPtmux;\x1b\x1b]52;c;eA==\x1b\x1b\\\x1b\\"
        );
        let mut out = Vec::new();
        Osc52::new(&mut out, false).copy("x").unwrap();
        assert_eq!(out, b"\x1b]52;c;eA==\x1b\\");
    }
}

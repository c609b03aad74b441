//! The terminal: raw mode and the alternate screen while the console runs, and always put
//! back — on exit, on error and on panic (the panic's message is printed after).

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::ThreadId;

/// Whether the terminal is in the console's mode (so restoring twice is harmless).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The thread that draws: only its panics take the terminal down.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

/// Puts the terminal in the console's mode and returns it, with a panic hook that puts it
/// back before the panic is printed. Dropping the returned guard restores it too.
pub fn enter() -> io::Result<(Terminal<CrosstermBackend<Stdout>>, Guard)> {
    let _ = UI_THREAD.set(std::thread::current().id());
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard;
    // Cleared with an escape rather than `Terminal::clear`, which asks the terminal where its
    // cursor is and waits for the answer: a round trip over SSH, and a failure on a terminal
    // that does not answer.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.hide_cursor()?;
    Ok((terminal, guard))
}

/// Restores the terminal when dropped.
#[derive(Debug)]
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = restore();
    }
}

/// Leaves the console's mode: cooked mode, the main screen, the cursor shown.
pub fn restore() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let result = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    disable_raw_mode()?;
    result
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let on_ui = UI_THREAD.get() == Some(&std::thread::current().id());
        if on_ui || !ACTIVE.load(Ordering::SeqCst) {
            let _ = restore();
            previous(info);
        }
        // A background task's panic is reported on screen by the task's owner; printing it
        // here would scribble over the console.
    }));
}

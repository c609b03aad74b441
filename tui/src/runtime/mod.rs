//! The runtime: one event loop over terminal input, the results of effects, a tick (only
//! while something moves) and the stop signals; `update` for each, the effects handed to the
//! [`Executor`], and a redraw only when the picture changed — an idle console writes nothing.

mod clipboard;
mod executor;
mod jobs;
mod painter;
mod profiles;
mod requests;

pub use clipboard::{Captured, Clipboard, Osc52, osc52, tmux_passthrough};
pub use executor::Executor;
pub use painter::Painter;
pub use profiles::{Clients, Embedded, Opened, Profiles};

use crate::app::{Action, App, Settings, update};
use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyEventKind};
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// How often the spinner and the highlights move while they do.
pub const TICK: Duration = Duration::from_millis(100);

/// Where the runtime reads the time.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// The console running on a terminal backend.
pub struct Runtime<B: Backend> {
    painter: Painter<B>,
    app: App,
    executor: Executor,
    rx: UnboundedReceiver<Action>,
    clock: Clock,
}

impl<B: Backend> Runtime<B> {
    /// The console on `terminal`, opening the first profile of `settings` from `profiles`.
    /// Must be called within a tokio runtime: the first effects start at once.
    pub fn new(
        terminal: Terminal<B>,
        settings: Settings,
        profiles: Profiles,
        clipboard: Box<dyn Clipboard>,
        clock: Clock,
    ) -> io::Result<Runtime<B>> {
        let (tx, rx) = unbounded_channel();
        let (app, effects) = App::new(settings);
        let mut runtime = Runtime {
            painter: Painter::new(terminal)?,
            app,
            executor: Executor::new(tx, profiles, clipboard),
            rx,
            clock,
        };
        for effect in effects {
            runtime.executor.run(effect);
        }
        Ok(runtime)
    }

    /// The state.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The terminal.
    pub fn terminal(&self) -> &Terminal<B> {
        self.painter.terminal()
    }

    /// The executor (and through it the profiles and the embedded mock).
    pub fn executor(&self) -> &Executor {
        &self.executor
    }

    /// Applies an action now: the time, then the action, then its effects are started.
    pub fn dispatch(&mut self, action: Action) {
        let now = (self.clock)();
        update(&mut self.app, Action::Time(now));
        for effect in update(&mut self.app, action) {
            self.executor.run(effect);
        }
    }

    /// Applies every action already waiting, without waiting for more; returns how many.
    pub fn pump(&mut self) -> usize {
        let mut n = 0;
        while let Ok(action) = self.rx.try_recv() {
            self.dispatch(action);
            n += 1;
        }
        n
    }

    /// Applies actions as they come until `done(app)` holds or `timeout` passes; returns
    /// whether it held.
    pub async fn wait_until(&mut self, timeout: Duration, done: impl Fn(&App) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            self.pump();
            if done(&self.app) {
                return true;
            }
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some(action)) => self.dispatch(action),
                Ok(None) | Err(_) => return done(&self.app),
            }
        }
    }

    /// Draws the state if the picture differs from the last one drawn; returns whether it
    /// drew. Nothing is written to the terminal when nothing changed.
    pub fn draw(&mut self) -> io::Result<bool> {
        let size = self.painter.size()?;
        if self.app.size() != size {
            update(
                &mut self.app,
                Action::Resize {
                    width: size.0,
                    height: size.1,
                },
            );
        }
        self.painter.paint(&self.app)
    }

    /// Runs the console until it quits, reading terminal `input`.
    pub async fn run<S>(mut self, mut input: S) -> io::Result<()>
    where
        S: Stream<Item = io::Result<Event>> + Unpin,
    {
        let mut stop = stop_signals()?;
        self.draw()?;
        // Debug builds only: a panic on the drawing thread, on request, for the test that the
        // terminal is put back before the panic's message (tui/tests/pty.rs).
        #[cfg(debug_assertions)]
        if std::env::var_os("DCKIT_TEST_PANIC").is_some() {
            panic!("DCKIT_TEST_PANIC is set: panicking after the first frame, as asked");
        }
        let mut ticker = tokio::time::interval(TICK);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        while !self.app.should_quit() {
            let wants_ticks = self.app.wants_ticks();
            let action = tokio::select! {
                event = input.next() => match event {
                    Some(Ok(event)) => from_terminal(event),
                    Some(Err(e)) => return Err(e),
                    None => break,
                },
                Some(action) = self.rx.recv() => Some(action),
                _ = ticker.tick(), if wants_ticks => Some(Action::Tick),
                () = stop.recv() => break,
            };
            if let Some(action) = action {
                self.dispatch(action);
            }
            self.pump();
            if !self.app.should_quit() {
                self.draw()?;
            }
        }
        Ok(())
    }
}

/// The action of a terminal event, if it is one the console answers.
pub fn from_terminal(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Action::Key(key)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

/// SIGTERM, SIGHUP (the SSH session closed) and SIGINT: quit cleanly.
struct StopSignals {
    #[cfg(unix)]
    signals: Vec<tokio::signal::unix::Signal>,
}

impl StopSignals {
    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            let waits = self.signals.iter_mut().map(|s| Box::pin(s.recv()));
            futures::future::select_all(waits).await;
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await;
    }
}

fn stop_signals() -> io::Result<StopSignals> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(StopSignals {
            signals: vec![
                signal(SignalKind::terminate())?,
                signal(SignalKind::hangup())?,
                signal(SignalKind::interrupt())?,
            ],
        })
    }
    #[cfg(not(unix))]
    Ok(StopSignals {})
}

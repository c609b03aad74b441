//! [`Painter`]: puts the view on the terminal only when the picture changed, so that an idle
//! console writes nothing (ratatui's own diff would still write a few escapes per draw).

use crate::app::App;
use crate::ui::view;
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::Buffer;
use std::io;

/// A terminal with the last picture drawn on it.
pub struct Painter<B: Backend> {
    terminal: Terminal<B>,
    /// Where the view is drawn first, off screen.
    shadow: Terminal<TestBackend>,
    drawn: Option<Buffer>,
}

/// Turns a backend's error into an I/O error.
pub(super) fn io_error(error: impl std::fmt::Display) -> io::Error {
    io::Error::other(error.to_string())
}

impl<B: Backend> Painter<B> {
    /// A painter on `terminal`, which has nothing drawn yet.
    pub fn new(terminal: Terminal<B>) -> io::Result<Painter<B>> {
        Ok(Painter {
            terminal,
            shadow: Terminal::new(TestBackend::new(1, 1)).map_err(io_error)?,
            drawn: None,
        })
    }

    /// The terminal.
    pub fn terminal(&self) -> &Terminal<B> {
        &self.terminal
    }

    /// The terminal's size, as `(columns, rows)`.
    pub fn size(&self) -> io::Result<(u16, u16)> {
        let size = self.terminal.size().map_err(io_error)?;
        Ok((size.width, size.height))
    }

    /// Draws `app` once, off screen, and puts the picture on the terminal if it differs from
    /// the last one put there; returns whether it did.
    pub fn paint(&mut self, app: &App) -> io::Result<bool> {
        let size = self.terminal.size().map_err(io_error)?;
        if self.shadow.size().map_err(io_error)? != size {
            self.shadow.backend_mut().resize(size.width, size.height);
            self.shadow.resize(size.into()).map_err(io_error)?;
        }
        self.shadow.current_buffer_mut().reset();
        view(app, &mut self.shadow.get_frame());
        let picture = self.shadow.current_buffer_mut();
        if self.drawn.as_ref() == Some(&*picture) {
            return Ok(false);
        }
        let picture = picture.clone();
        self.terminal
            .draw(|frame| {
                if frame.area() == picture.area {
                    frame.buffer_mut().clone_from(&picture);
                } else {
                    // The terminal changed size since it was measured: draw for its new size.
                    view(app, frame);
                }
            })
            .map_err(io_error)?;
        self.drawn = Some(picture);
        Ok(true)
    }
}

//! # dckit-tui
//!
//! `dckit`, the terminal admin console for DataCash and the Billing Extension WebService.
//!
//! The console follows The Elm Architecture: one [`app::App`] state, [`app::Action`]s for
//! everything that happens, a pure [`app::update`] that returns [`app::Effect`]s, and a
//! [`ui::view`] that draws from the state alone. The runtime runs the effects as tokio tasks
//! and feeds their results back as actions; the typed clients in [`client`] never touch the
//! UI.

pub mod app;
pub mod cli;
pub mod client;
pub mod config;
pub mod dialogs;
pub mod files;
pub mod format;
pub mod keymap;
pub mod runtime;
pub mod screens;
pub mod secret;
pub mod terminal;
pub mod ui;

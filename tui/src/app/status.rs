//! [`Status`]: what the status line tells — requests under way, the last message, the last
//! refresh, the live stream.

use crate::ui::theme::Level;
use chrono::{DateTime, Utc};

/// The status line's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// Requests under way (the spinner turns while above zero).
    pub in_flight: usize,
    /// The last message: an error in plain words, or what a change did.
    pub message: Option<StatusMessage>,
    /// When the current screen's data was last read in full.
    pub refreshed_at: Option<DateTime<Utc>>,
    /// The live counter stream.
    pub stream: StreamState,
}

/// A message of the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusMessage {
    /// The words.
    pub text: String,
    /// Good news, a warning or an error.
    pub level: Level,
    /// When.
    pub at: DateTime<Utc>,
}

/// The state of the live counter stream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum StreamState {
    /// No stream (no account area, or not opened yet).
    #[default]
    Off,
    /// Opening.
    Connecting,
    /// Open: changes arrive as they happen.
    Live,
    /// Lost; the next attempt is scheduled.
    Retrying {
        /// Attempts failed in a row.
        attempt: u32,
        /// Seconds until the next one.
        in_seconds: u64,
        /// Why it was lost.
        reason: String,
    },
}

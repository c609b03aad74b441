//! The mock's clock as the harness shows and moves it: read it, stop it at an instant, move
//! it by a duration (`90s`, `15m`, `2h`, `-3d`, `500ms`), or return it to real time.

use super::Harness;
use crate::clock::ClockMode;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use serde::{Deserialize, Serialize};

/// The clock as the harness reports it: `{"now", "today", "frozen"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    /// The mock's "now", in Europe/Rome (RFC 3339).
    pub now: DateTime<FixedOffset>,
    /// The mock's today, in Europe/Rome.
    pub today: NaiveDate,
    /// Whether the clock is stopped.
    pub frozen: bool,
}

/// A change of the clock as a client writes it, its values still text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClockChange {
    /// Stop the clock at this RFC 3339 instant.
    Freeze(String),
    /// Move the clock by a duration such as `90s`, `15m`, `2h`, `3d` (negative allowed).
    Advance(String),
    /// Return to real time.
    Unfreeze,
}

impl Harness {
    /// The clock's state now.
    pub(crate) fn clock(&self) -> ClockState {
        let now = self.clock.now();
        ClockState {
            now: now.fixed_offset(),
            today: now.date_naive(),
            frozen: matches!(self.clock.mode(), ClockMode::Frozen { .. }),
        }
    }

    /// Applies `change`: an instant that is not RFC 3339 is `AdminClockInvalid`; a duration
    /// that does not parse, or would move the clock out of the years 1–9999,
    /// `AdminDurationInvalid`.
    pub(crate) fn change_clock(&self, change: ClockChange) -> Result<ClockState, CatalogueError> {
        match change {
            ClockChange::Freeze(at) => {
                let parsed = DateTime::parse_from_rfc3339(at.trim())
                    .map_err(|_| ErrorCode::AdminClockInvalid.with(&[("value", &at)]))?;
                Ok(self.freeze_clock(parsed.with_timezone(&Utc)))
            }
            ClockChange::Advance(by) => {
                let moved = parse_duration(&by).is_some_and(|delta| self.clock.advance(delta));
                if !moved {
                    return Err(ErrorCode::AdminDurationInvalid.with(&[("value", &by)]));
                }
                Ok(self.clock())
            }
            ClockChange::Unfreeze => Ok(self.unfreeze_clock()),
        }
    }

    /// Stops the clock at `at`.
    pub(crate) fn freeze_clock(&self, at: DateTime<Utc>) -> ClockState {
        self.clock.freeze(at);
        self.clock()
    }

    /// Moves the clock by `by`, frozen or not; a move out of the years 1–9999 leaves it
    /// where it is.
    pub(crate) fn advance_clock(&self, by: TimeDelta) -> ClockState {
        let _moved = self.clock.advance(by);
        self.clock()
    }

    /// Returns the clock to real time.
    pub(crate) fn unfreeze_clock(&self) -> ClockState {
        self.clock.unfreeze();
        self.clock()
    }
}

/// Parses `90s`, `15m`, `2h`, `3d`, `-1d`, `500ms`.
fn parse_duration(text: &str) -> Option<TimeDelta> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().ok()?;
    let delta = match unit {
        "ms" => TimeDelta::try_milliseconds(n)?,
        "s" => TimeDelta::try_seconds(n)?,
        "m" => TimeDelta::try_minutes(n)?,
        "h" => TimeDelta::try_hours(n)?,
        "d" => TimeDelta::try_days(n)?,
        _ => return None,
    };
    Some(if negative { -delta } else { delta })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let cases = [
            ("90s", Some(TimeDelta::seconds(90))),
            ("15m", Some(TimeDelta::minutes(15))),
            ("2h", Some(TimeDelta::hours(2))),
            ("3d", Some(TimeDelta::days(3))),
            ("-1d", Some(TimeDelta::days(-1))),
            ("500ms", Some(TimeDelta::milliseconds(500))),
            (" 1d ", Some(TimeDelta::days(1))),
            ("1", None),
            ("d", None),
            ("1w", None),
            ("1.5h", None),
            ("99999999999999999999d", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_duration(text), expected, "{text:?}");
        }
    }
}

//! The mock's clock: real time by default, frozen or shifted by the harness.
//!
//! Every "today" and "now" the mock uses comes from here, in Europe/Rome, so a frozen clock
//! makes every response reproducible.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use chrono_tz::{Europe::Rome, Tz};
use std::sync::{Arc, PoisonError, RwLock};

/// How the clock tells the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockMode {
    /// Real time, shifted by an offset (zero unless the harness advanced it).
    Real {
        /// Added to the system time.
        offset: TimeDelta,
    },
    /// Stopped at an instant until advanced or unfrozen.
    Frozen {
        /// The instant the clock shows.
        at: DateTime<Utc>,
    },
}

/// A cheaply cloneable clock shared by every part of the server.
#[derive(Clone, Debug)]
pub struct Clock {
    mode: Arc<RwLock<ClockMode>>,
}

impl Default for Clock {
    fn default() -> Self {
        Self::real()
    }
}

impl Clock {
    /// A clock that follows the system time.
    pub fn real() -> Self {
        Self::with_mode(ClockMode::Real {
            offset: TimeDelta::zero(),
        })
    }

    /// A clock stopped at `at`.
    pub fn frozen(at: DateTime<Utc>) -> Self {
        Self::with_mode(ClockMode::Frozen { at })
    }

    fn with_mode(mode: ClockMode) -> Self {
        Self {
            mode: Arc::new(RwLock::new(mode)),
        }
    }

    /// The current mode.
    pub fn mode(&self) -> ClockMode {
        *self.mode.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The current instant in UTC.
    pub fn now_utc(&self) -> DateTime<Utc> {
        match self.mode() {
            ClockMode::Real { offset } => Utc::now() + offset,
            ClockMode::Frozen { at } => at,
        }
    }

    /// The current instant in Europe/Rome.
    pub fn now(&self) -> DateTime<Tz> {
        self.now_utc().with_timezone(&Rome)
    }

    /// Today's date in Europe/Rome.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Stops the clock at `at`.
    pub fn freeze(&self, at: DateTime<Utc>) {
        self.set(ClockMode::Frozen { at });
    }

    /// Moves the clock forward (or back, with a negative delta), frozen or not.
    ///
    /// Returns `false`, the clock unchanged, when the time it would show falls outside the
    /// years 1–9999 (the ones every stored and wire format can write).
    pub fn advance(&self, by: TimeDelta) -> bool {
        let writable = |t: &DateTime<Utc>| (1..=9999).contains(&t.year());
        let mut mode = self.mode.write().unwrap_or_else(PoisonError::into_inner);
        let next = match *mode {
            ClockMode::Real { offset } => offset
                .checked_add(&by)
                .filter(|o| {
                    Utc::now()
                        .checked_add_signed(*o)
                        .is_some_and(|t| writable(&t))
                })
                .map(|offset| ClockMode::Real { offset }),
            ClockMode::Frozen { at } => at
                .checked_add_signed(by)
                .filter(writable)
                .map(|at| ClockMode::Frozen { at }),
        };
        match next {
            Some(next) => {
                *mode = next;
                true
            }
            None => false,
        }
    }

    /// Returns to real time, dropping any offset.
    pub fn unfreeze(&self) {
        self.set(ClockMode::Real {
            offset: TimeDelta::zero(),
        });
    }

    fn set(&self, mode: ClockMode) {
        *self.mode.write().unwrap_or_else(PoisonError::into_inner) = mode;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Timelike};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn frozen_clock_reports_rome_time_and_date() {
        // 23:30 UTC on 14 June is already 15 June in Rome (CEST, +02:00).
        let clock = Clock::frozen(at("2019-06-14T23:30:00Z"));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2019, 6, 15).unwrap());
        assert_eq!(clock.now().hour(), 1);
        // In winter Rome is +01:00.
        clock.freeze(at("2019-12-31T22:59:59Z"));
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2019, 12, 31).unwrap()
        );
        clock.advance(TimeDelta::seconds(1));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
    }

    #[test]
    fn advance_shifts_real_time_and_unfreeze_resets() {
        let clock = Clock::real();
        clock.advance(TimeDelta::days(3));
        let shifted = clock.now_utc() - Utc::now();
        assert!(shifted > TimeDelta::days(3) - TimeDelta::minutes(1));
        clock.unfreeze();
        let back = clock.now_utc() - Utc::now();
        assert!(back.abs() < TimeDelta::minutes(1));
    }

    #[test]
    fn an_advance_past_the_writable_years_is_refused() {
        let clock = Clock::frozen(at("2026-02-15T09:31:07Z"));
        assert!(!clock.advance(TimeDelta::try_days(99_999_999_999).expect("in range")));
        assert!(!clock.advance(TimeDelta::days(-800_000)));
        assert_eq!(clock.now_utc(), at("2026-02-15T09:31:07Z"));
        let real = Clock::real();
        assert!(!real.advance(TimeDelta::try_days(99_999_999_999).expect("in range")));
        assert!((real.now_utc() - Utc::now()).abs() < TimeDelta::minutes(1));
        assert!(clock.advance(TimeDelta::days(1)));
        assert_eq!(clock.now_utc(), at("2026-02-16T09:31:07Z"));
    }

    #[test]
    fn clones_share_the_same_time() {
        let a = Clock::real();
        let b = a.clone();
        a.freeze(at("2019-06-15T10:00:00Z"));
        assert_eq!(b.now_utc(), at("2019-06-15T10:00:00Z"));
    }
}

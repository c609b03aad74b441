//! Instants as stored (Europe/Rome local time, `YYYY-MM-DD HH:MM:SS`) and as sent (RFC 3339
//! with the Rome offset of that instant).

use crate::db::DbError;
use chrono::{NaiveDateTime, TimeDelta, TimeZone};
use chrono_tz::Europe::Rome;
use dckit_contracts::model::portal::Timestamp;

/// A stored local time with its Rome offset. A time that falls in the hour skipped when
/// summer time starts (never stored by the mock) is read an hour later; one of the hour
/// repeated when it ends is read as the first.
pub(crate) fn local(naive: NaiveDateTime) -> Timestamp {
    Rome.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            Rome.from_local_datetime(&(naive + TimeDelta::hours(1)))
                .earliest()
        })
        .map_or_else(|| naive.and_utc().fixed_offset(), |t| t.fixed_offset())
}

/// A stored instant as sent.
pub(crate) fn parse(text: &str) -> Result<Timestamp, DbError> {
    crate::db::time::parse(text).map(local)
}

/// The clock's now, as stored.
pub(crate) fn stored_now(clock: &crate::clock::Clock) -> String {
    crate::db::time::format(clock.now().naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_get_the_offset_of_their_season() {
        let cases = [
            ("2026-02-15 10:31:07", "2026-02-15T10:31:07+01:00"),
            ("2026-07-01 09:00:00", "2026-07-01T09:00:00+02:00"),
            // The hour skipped on 29 March 2026 and the one repeated on 25 October 2026.
            ("2026-03-29 02:30:00", "2026-03-29T03:30:00+02:00"),
            ("2026-10-25 02:30:00", "2026-10-25T02:30:00+02:00"),
        ];
        for (stored, sent) in cases {
            assert_eq!(parse(stored).unwrap().to_rfc3339(), sent, "{stored}");
        }
        assert!(parse("15/02/2026 10:31:07").is_err());
    }
}

//! Instants as the database stores them: Europe/Rome local time written `YYYY-MM-DD HH:MM:SS`
//! (documents, keys, licences, the WHMCS data, expired credentials). Every table writes and
//! reads its times through here.

use super::DbError;
use chrono::NaiveDateTime;

/// The stored format, for `strftime`-style formatting.
pub const STORED_TIME: &str = "%Y-%m-%d %H:%M:%S";

/// `at` as stored.
pub fn format(at: NaiveDateTime) -> String {
    at.format(STORED_TIME).to_string()
}

/// A stored time; anything else is a corrupt database.
pub fn parse(text: &str) -> Result<NaiveDateTime, DbError> {
    NaiveDateTime::parse_from_str(text, STORED_TIME)
        .map_err(|e| DbError::Corrupt(format!("stored time {text:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_round_trip_and_nothing_else_parses() {
        let at = NaiveDateTime::parse_from_str("2026-02-15 10:31:07", STORED_TIME).unwrap();
        assert_eq!(format(at), "2026-02-15 10:31:07");
        assert_eq!(parse(&format(at)).unwrap(), at);
        for bad in ["15/02/2026 10:31:07", "2026-02-15T10:31:07+01:00", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}

//! `start` and `end` as a request sends them, resolved to a [`Selection`] or a catalogue error.

use chrono::{Days, Month, NaiveDate};

use super::{DateRange, Keyword, Selection};
use crate::errors::{CatalogueError, ErrorCode};

/// Why a `start`/`end` pair selects nothing: each variant is one WebService catalogue entry, and
/// the error displays as that entry's message.
///
/// Values are quoted as sent, without surrounding whitespace.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeywordError {
    /// `start` is neither a date, a whole number of days nor a keyword (`WsStartInvalid`).
    #[error("{}", self.catalogue().message)]
    StartInvalid {
        /// `start` as sent.
        value: String,
        /// What is wrong with it: a short English clause without a final full stop.
        reason: String,
    },
    /// `end` is not a valid `YYYY-MM-DD` date (`WsEndInvalid`).
    #[error("{}", self.catalogue().message)]
    EndInvalid {
        /// `end` as sent.
        value: String,
        /// What is wrong with it: a short English clause without a final full stop.
        reason: String,
    },
    /// `end` came with a `start` that is not a date (`WsEndWithoutDateStart`).
    #[error("{}", self.catalogue().message)]
    EndWithoutDateStart {
        /// `start` as sent; empty when it was missing.
        start: String,
    },
    /// `end` is before `start` (`WsEndBeforeStart`).
    #[error("{}", self.catalogue().message)]
    EndBeforeStart {
        /// The first day asked for.
        start: NaiveDate,
        /// The last day asked for, which is before `start`.
        end: NaiveDate,
    },
}

impl KeywordError {
    /// The catalogue entry for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            KeywordError::StartInvalid { .. } => ErrorCode::WsStartInvalid,
            KeywordError::EndInvalid { .. } => ErrorCode::WsEndInvalid,
            KeywordError::EndWithoutDateStart { .. } => ErrorCode::WsEndWithoutDateStart,
            KeywordError::EndBeforeStart { .. } => ErrorCode::WsEndBeforeStart,
        }
    }

    /// The catalogue entry with its placeholders filled: what the WebService answers.
    pub fn catalogue(&self) -> CatalogueError {
        let code = self.code();
        match self {
            KeywordError::StartInvalid { value, reason }
            | KeywordError::EndInvalid { value, reason } => {
                code.with(&[("value", value), ("reason", reason)])
            }
            KeywordError::EndWithoutDateStart { start } => code.with(&[("start", start)]),
            KeywordError::EndBeforeStart { start, end } => {
                code.with(&[("start", &start.to_string()), ("end", &end.to_string())])
            }
        }
    }
}

/// The documents selected by the `start` and `end` parameters of a request made on `today`.
///
/// * `start` missing, empty or only whitespace: [`Selection::All`].
/// * `start` a whole number of days N (digits only): today−N … today, so `0` is today alone.
/// * `start` a strict `YYYY-MM-DD` date: that day, or with `end` (also strict `YYYY-MM-DD`, not
///   before `start`) the days from `start` to `end`.
/// * `start` a [`Keyword`], case-insensitive: its [`Keyword::selection`].
///
/// Surrounding whitespace is ignored and an empty `end` counts as missing. `end` with any
/// `start` but a date is [`KeywordError::EndWithoutDateStart`]; when both parameters are wrong,
/// the error is about `start`. Never panics, whatever the input.
pub fn resolve(
    start: Option<&str>,
    end: Option<&str>,
    today: NaiveDate,
) -> Result<Selection, KeywordError> {
    let start = start.unwrap_or_default().trim();
    let end = end.map(str::trim).filter(|end| !end.is_empty());
    if start.is_empty() {
        return match end {
            Some(_) => Err(KeywordError::EndWithoutDateStart {
                start: String::new(),
            }),
            None => Ok(Selection::All),
        };
    }
    match parse_start(start, today) {
        Err(reason) => Err(KeywordError::StartInvalid {
            value: start.to_owned(),
            reason,
        }),
        Ok(Start::Date(first)) => {
            let Some(end) = end else {
                return Ok(Selection::Range(DateRange::day(first)));
            };
            let last = parse_date(end).map_err(|problem| KeywordError::EndInvalid {
                value: end.to_owned(),
                reason: end_reason(end, problem),
            })?;
            DateRange::new(first, last)
                .map(Selection::Range)
                .ok_or(KeywordError::EndBeforeStart {
                    start: first,
                    end: last,
                })
        }
        Ok(Start::Other(selection)) => match end {
            Some(_) => Err(KeywordError::EndWithoutDateStart {
                start: start.to_owned(),
            }),
            None => Ok(selection),
        },
    }
}

/// A valid `start`: a date, which `end` may follow, or anything else.
enum Start {
    /// A `YYYY-MM-DD` date.
    Date(NaiveDate),
    /// A number of days or a keyword, already resolved.
    Other(Selection),
}

/// Reads a trimmed, non-empty `start`; the error is the reason it is invalid.
fn parse_start(text: &str, today: NaiveDate) -> Result<Start, String> {
    if is_digits(text) {
        return days_back(text, today).map(|range| Start::Other(Selection::Range(range)));
    }
    match parse_date(text) {
        Ok(date) => return Ok(Start::Date(date)),
        Err(DateProblem::Calendar(reason)) => return Err(reason),
        Err(DateProblem::Shape) => {}
    }
    if let Some(keyword) = Keyword::parse(text) {
        return Ok(Start::Other(keyword.selection(today)));
    }
    Err(start_reason(text))
}

/// today−N … today for the digits `text`.
fn days_back(text: &str, today: NaiveDate) -> Result<DateRange, String> {
    const TOO_MANY: &str = "too many days";
    let days: u64 = text.parse().map_err(|_| TOO_MANY.to_owned())?;
    let first = today
        .checked_sub_days(Days::new(days))
        .ok_or_else(|| TOO_MANY.to_owned())?;
    Ok(DateRange {
        start: first,
        end: today,
    })
}

/// Why a text is not a strict date.
enum DateProblem {
    /// It is not written as `YYYY-MM-DD`.
    Shape,
    /// It is written as `YYYY-MM-DD` but names no day; the reason says why.
    Calendar(String),
}

/// A date written exactly as `YYYY-MM-DD` (4, 2 and 2 ASCII digits) naming a real day.
fn parse_date(text: &str) -> Result<NaiveDate, DateProblem> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(DateProblem::Shape);
    }
    // Only ASCII digits at these places, so the slices and the parses cannot fail.
    let number = |from: usize, to: usize| text[from..to].parse::<u32>().unwrap_or_default();
    let (year, month, day) = (number(0, 4), number(5, 7), number(8, 10));
    let year = i32::try_from(year).unwrap_or_default();
    let Some(name) = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
    else {
        return Err(DateProblem::Calendar(format!(
            "there is no month {}",
            &text[5..7]
        )));
    };
    if day == 0 {
        return Err(DateProblem::Calendar("there is no day 00".to_owned()));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let length = (28..=31)
            .rev()
            .find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some())
            .unwrap_or(28);
        DateProblem::Calendar(format!(
            "{text} is not a day of the calendar, as {} {} has {length} days",
            name.name(),
            &text[0..4]
        ))
    })
}

/// Why `start` (trimmed, not a date, a number of days or a keyword) is invalid.
fn start_reason(text: &str) -> String {
    let reason = if text.strip_prefix('-').is_some_and(is_digits) {
        "a number of days cannot be negative"
    } else if text.strip_prefix('+').is_some_and(is_digits) {
        "a number of days is written without a sign"
    } else if is_decimal(text) {
        "a number of days must be a whole number"
    } else if looks_like_a_date(text) {
        "a date must be written as YYYY-MM-DD, with 4, 2 and 2 digits"
    } else {
        "not a date, a number of days or a keyword"
    };
    reason.to_owned()
}

/// Why `end` (trimmed, not empty) is invalid.
fn end_reason(text: &str, problem: DateProblem) -> String {
    let reason = match problem {
        DateProblem::Calendar(reason) => return reason,
        DateProblem::Shape if is_digits(text) => "a number of days is accepted only in start",
        DateProblem::Shape if Keyword::parse(text).is_some() => {
            "keywords are accepted only in start"
        }
        DateProblem::Shape if looks_like_a_date(text) => {
            "a date must be written as YYYY-MM-DD, with 4, 2 and 2 digits"
        }
        DateProblem::Shape => "not a date",
    };
    reason.to_owned()
}

/// Whether `text` is one or more ASCII digits.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is digits, a decimal point or comma, and digits.
fn is_decimal(text: &str) -> bool {
    text.split_once(['.', ','])
        .is_some_and(|(whole, fraction)| is_digits(whole) && is_digits(fraction))
}

/// Whether `text` is digits separated by `-`, `/` or `.`, as someone writing a date would.
fn looks_like_a_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    parts.len() >= 2 && parts.iter().all(|part| is_digits(part))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    const TODAY: &str = "2019-06-15";

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn range(start: &str, end: &str) -> Selection {
        Selection::Range(DateRange {
            start: date(start),
            end: date(end),
        })
    }

    fn start_invalid(value: &str, reason: &str) -> KeywordError {
        KeywordError::StartInvalid {
            value: value.to_owned(),
            reason: reason.to_owned(),
        }
    }

    fn end_invalid(value: &str, reason: &str) -> KeywordError {
        KeywordError::EndInvalid {
            value: value.to_owned(),
            reason: reason.to_owned(),
        }
    }

    fn without_date(start: &str) -> KeywordError {
        KeywordError::EndWithoutDateStart {
            start: start.to_owned(),
        }
    }

    #[test]
    fn valid_pairs_on_2019_06_15() {
        let cases: &[(Option<&str>, Option<&str>, Selection)] = &[
            // Nothing asked: everything.
            (None, None, Selection::All),
            (Some(""), None, Selection::All),
            (Some(" \t "), None, Selection::All),
            (Some(""), Some(""), Selection::All),
            (None, Some("   "), Selection::All),
            // Whole numbers of days.
            (Some("0"), None, range("2019-06-15", "2019-06-15")),
            (Some("1"), None, range("2019-06-14", "2019-06-15")),
            (Some("5"), None, range("2019-06-10", "2019-06-15")),
            (Some("007"), None, range("2019-06-08", "2019-06-15")),
            (Some(" 30 "), None, range("2019-05-16", "2019-06-15")),
            (Some("365"), None, range("2018-06-15", "2019-06-15")),
            (Some("5"), Some(""), range("2019-06-10", "2019-06-15")),
            // Dates.
            (Some("2019-06-01"), None, range("2019-06-01", "2019-06-01")),
            (
                Some("2019-06-01"),
                Some(" "),
                range("2019-06-01", "2019-06-01"),
            ),
            (
                Some("2019-06-01"),
                Some("2019-06-15"),
                range("2019-06-01", "2019-06-15"),
            ),
            (
                Some(" 2019-06-01 "),
                Some("\t2019-06-15\n"),
                range("2019-06-01", "2019-06-15"),
            ),
            (
                Some("2019-06-15"),
                Some("2019-06-15"),
                range("2019-06-15", "2019-06-15"),
            ),
            (Some("2020-02-29"), None, range("2020-02-29", "2020-02-29")),
            (
                Some("2018-12-31"),
                Some("2019-01-01"),
                range("2018-12-31", "2019-01-01"),
            ),
            // A range may reach past today.
            (
                Some("2019-06-01"),
                Some("2019-12-31"),
                range("2019-06-01", "2019-12-31"),
            ),
            // Keywords.
            (Some("yesterday"), None, range("2019-06-14", "2019-06-14")),
            (
                Some("  month   to DATE "),
                None,
                range("2019-06-01", "2019-06-15"),
            ),
            (
                Some("Last week"),
                Some(""),
                range("2019-06-10", "2019-06-16"),
            ),
            (Some("all"), None, Selection::All),
        ];
        for (start, end, expected) in cases {
            assert_eq!(
                resolve(*start, *end, date(TODAY)),
                Ok(*expected),
                "start {start:?} end {end:?}"
            );
        }
    }

    #[test]
    fn invalid_pairs_on_2019_06_15() {
        let shape = "a date must be written as YYYY-MM-DD, with 4, 2 and 2 digits";
        let cases: &[(Option<&str>, Option<&str>, KeywordError)] = &[
            // Dates that are not days.
            (
                Some("2019-02-29"),
                None,
                start_invalid(
                    "2019-02-29",
                    "2019-02-29 is not a day of the calendar, as February 2019 has 28 days",
                ),
            ),
            (
                Some("2019-02-30"),
                Some("2019-03-01"),
                start_invalid(
                    "2019-02-30",
                    "2019-02-30 is not a day of the calendar, as February 2019 has 28 days",
                ),
            ),
            (
                Some("2020-02-30"),
                None,
                start_invalid(
                    "2020-02-30",
                    "2020-02-30 is not a day of the calendar, as February 2020 has 29 days",
                ),
            ),
            (
                Some("2019-04-31"),
                None,
                start_invalid(
                    "2019-04-31",
                    "2019-04-31 is not a day of the calendar, as April 2019 has 30 days",
                ),
            ),
            (
                Some("2019-13-01"),
                None,
                start_invalid("2019-13-01", "there is no month 13"),
            ),
            (
                Some("2019-00-10"),
                None,
                start_invalid("2019-00-10", "there is no month 00"),
            ),
            (
                Some("2019-06-00"),
                None,
                start_invalid("2019-06-00", "there is no day 00"),
            ),
            // Numbers that are not whole numbers of days.
            (
                Some("-3"),
                None,
                start_invalid("-3", "a number of days cannot be negative"),
            ),
            (
                Some("+3"),
                None,
                start_invalid("+3", "a number of days is written without a sign"),
            ),
            (
                Some("1.5"),
                None,
                start_invalid("1.5", "a number of days must be a whole number"),
            ),
            (
                Some("1,5"),
                None,
                start_invalid("1,5", "a number of days must be a whole number"),
            ),
            (
                Some("100000000"),
                None,
                start_invalid("100000000", "too many days"),
            ),
            (
                Some("99999999999999999999999"),
                None,
                start_invalid("99999999999999999999999", "too many days"),
            ),
            // Dates in other formats.
            (Some("2019/06/01"), None, start_invalid("2019/06/01", shape)),
            (Some("2019-6-1"), None, start_invalid("2019-6-1", shape)),
            (Some("15-06-2019"), None, start_invalid("15-06-2019", shape)),
            (Some("15.06.2019"), None, start_invalid("15.06.2019", shape)),
            // Anything else.
            (
                Some(" tomorrow "),
                None,
                start_invalid("tomorrow", "not a date, a number of days or a keyword"),
            ),
            (
                Some("2019-06-15T00:00:00"),
                None,
                start_invalid(
                    "2019-06-15T00:00:00",
                    "not a date, a number of days or a keyword",
                ),
            ),
            (
                Some("1 5"),
                None,
                start_invalid("1 5", "not a date, a number of days or a keyword"),
            ),
            // When both are wrong, start is reported.
            (
                Some("soon"),
                Some("later"),
                start_invalid("soon", "not a date, a number of days or a keyword"),
            ),
            // Bad ends.
            (
                Some("2019-06-01"),
                Some("2019-06-31"),
                end_invalid(
                    "2019-06-31",
                    "2019-06-31 is not a day of the calendar, as June 2019 has 30 days",
                ),
            ),
            (
                Some("2019-06-01"),
                Some(" yesterday "),
                end_invalid("yesterday", "keywords are accepted only in start"),
            ),
            (
                Some("2019-06-01"),
                Some("5"),
                end_invalid("5", "a number of days is accepted only in start"),
            ),
            (
                Some("2019-06-01"),
                Some("2019/06/15"),
                end_invalid("2019/06/15", shape),
            ),
            (
                Some("2019-06-01"),
                Some("soon"),
                end_invalid("soon", "not a date"),
            ),
            // end needs a date start.
            (None, Some("2019-06-15"), without_date("")),
            (Some("   "), Some("2019-06-15"), without_date("")),
            (Some("5"), Some("2019-06-15"), without_date("5")),
            (Some(" today "), Some("2019-06-20"), without_date("today")),
            (Some("All"), Some("2019-06-20"), without_date("All")),
            // end before start.
            (
                Some("2019-06-15"),
                Some("2019-06-01"),
                KeywordError::EndBeforeStart {
                    start: date("2019-06-15"),
                    end: date("2019-06-01"),
                },
            ),
        ];
        for (start, end, expected) in cases {
            assert_eq!(
                resolve(*start, *end, date(TODAY)).as_ref(),
                Err(expected),
                "start {start:?} end {end:?}"
            );
        }
    }

    #[test]
    fn messages_are_the_catalogue_entries() {
        let cases = [
            (
                start_invalid(
                    "2019-02-30",
                    "2019-02-30 is not a day of the calendar, as February 2019 has 28 days",
                ),
                ErrorCode::WsStartInvalid,
                "Invalid start \"2019-02-30\": 2019-02-30 is not a day of the calendar, as \
                 February 2019 has 28 days; use a date as YYYY-MM-DD, a whole number of days, or \
                 one of the keywords Today, Yesterday, Last 7 days, Last week, Week to date, \
                 Month to date, Previous month, Year to date, Last year, All.",
            ),
            (
                end_invalid("soon", "not a date"),
                ErrorCode::WsEndInvalid,
                "Invalid end \"soon\": not a date; YYYY-MM-DD is the only format accepted for end.",
            ),
            (
                without_date(""),
                ErrorCode::WsEndWithoutDateStart,
                "end can only be used when start is a date in YYYY-MM-DD format, but start is \"\".",
            ),
            (
                without_date("Last week"),
                ErrorCode::WsEndWithoutDateStart,
                "end can only be used when start is a date in YYYY-MM-DD format, but start is \
                 \"Last week\".",
            ),
            (
                KeywordError::EndBeforeStart {
                    start: date("2019-06-15"),
                    end: date("2019-06-01"),
                },
                ErrorCode::WsEndBeforeStart,
                "Invalid range: end 2019-06-01 is before start 2019-06-15.",
            ),
        ];
        for (error, code, message) in cases {
            let catalogue = error.catalogue();
            assert_eq!(catalogue.code, code, "{error:?}");
            assert_eq!(error.code(), code, "{error:?}");
            assert_eq!(catalogue.message, message, "{error:?}");
            assert_eq!(error.to_string(), message, "{error:?}");
        }
    }

    /// Any day chrono knows.
    fn any_day() -> impl Strategy<Value = NaiveDate> {
        let first = NaiveDate::MIN.num_days_from_ce();
        let last = NaiveDate::MAX.num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    /// A day of the years a WebService really sees.
    fn usual_day() -> impl Strategy<Value = NaiveDate> {
        (1900..=2100i32, 1..=366u32).prop_map(|(year, ordinal)| {
            NaiveDate::from_yo_opt(year, ordinal)
                .or_else(|| NaiveDate::from_yo_opt(year, 365))
                .unwrap()
        })
    }

    /// A parameter: arbitrary text, or text close to what the parser looks for.
    fn parameter() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(prop_oneof![
            any::<String>(),
            "[ \t]{0,2}[-+]?[0-9]{0,12}[-/.,]?[0-9]{0,3}[-/.]?[0-9]{0,3}[ \t]{0,2}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "(?i)[ ]{0,2}(today|yesterday|last 7 days|last week|week to date|month to date|previous month|year to date|last year|all)[ ]{0,2}",
        ])
    }

    proptest! {
        #[test]
        fn resolve_never_panics_and_ranges_are_ordered(
            start in parameter(),
            end in parameter(),
            today in any_day(),
        ) {
            if let Ok(Selection::Range(range)) = resolve(start.as_deref(), end.as_deref(), today) {
                prop_assert!(range.start <= range.end, "{range:?}");
            }
        }

        #[test]
        fn keyword_ranges_are_ordered_on_any_day(today in any_day()) {
            for keyword in Keyword::ALL {
                if let Selection::Range(range) = keyword.selection(today) {
                    prop_assert!(range.start <= range.end, "{keyword} on {today}: {range:?}");
                }
            }
        }

        #[test]
        fn n_days_select_n_plus_one_days_ending_today(n in 0u32..200_000, today in usual_day()) {
            let selection = resolve(Some(&n.to_string()), None, today);
            let Ok(Selection::Range(range)) = selection else {
                return Err(TestCaseError::fail(format!("{n} on {today}: {selection:?}")));
            };
            prop_assert_eq!(range.days(), i64::from(n) + 1);
            prop_assert_eq!(range.end, today);
        }

        #[test]
        fn a_date_start_alone_selects_that_day(day in usual_day()) {
            let text = day.format("%Y-%m-%d").to_string();
            prop_assert_eq!(
                resolve(Some(&text), None, day),
                Ok(Selection::Range(DateRange::day(day)))
            );
        }
    }
}

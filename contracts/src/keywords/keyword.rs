//! The named ranges `start` accepts: `Today`, `Last 7 days`, `Previous month`…

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};

use super::{DateRange, Selection};

/// A named range of days accepted by the WebService's `start` parameter.
///
/// The ranges are those of the vendor's table, where Monday is the first day of the week. Near
/// the ends of chrono's calendar (years ±262 000) a range is clamped to the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `Today`: today only.
    Today,
    /// `Yesterday`: the day before today only.
    Yesterday,
    /// `Last 7 days`: from 7 days ago to today, which is 8 days (on 2019-06-15: 06-08 … 06-15).
    Last7Days,
    /// `Last week`: the Monday–Sunday week holding today, as the vendor documents it, so it
    /// ends after today unless today is a Sunday.
    LastWeek,
    /// `Week to date`: from this week's Monday to today.
    WeekToDate,
    /// `Month to date`: from the first of this month to today.
    MonthToDate,
    /// `Previous month`: the whole of the month before this one.
    PreviousMonth,
    /// `Year to date`: from the first of January of this year to today.
    YearToDate,
    /// `Last year`: the whole of the year before this one.
    LastYear,
    /// `All`: every document, whatever its date.
    All,
}

impl Keyword {
    /// Every keyword, in the order of the vendor's table.
    pub const ALL: [Keyword; 10] = [
        Keyword::Today,
        Keyword::Yesterday,
        Keyword::Last7Days,
        Keyword::LastWeek,
        Keyword::WeekToDate,
        Keyword::MonthToDate,
        Keyword::PreviousMonth,
        Keyword::YearToDate,
        Keyword::LastYear,
        Keyword::All,
    ];

    /// The keyword as the vendor writes it, e.g. `"Last 7 days"`.
    pub fn label(self) -> &'static str {
        match self {
            Keyword::Today => "Today",
            Keyword::Yesterday => "Yesterday",
            Keyword::Last7Days => "Last 7 days",
            Keyword::LastWeek => "Last week",
            Keyword::WeekToDate => "Week to date",
            Keyword::MonthToDate => "Month to date",
            Keyword::PreviousMonth => "Previous month",
            Keyword::YearToDate => "Year to date",
            Keyword::LastYear => "Last year",
            Keyword::All => "All",
        }
    }

    /// The keyword `text` names, ignoring ASCII case, surrounding whitespace and the length of
    /// whitespace runs between words (`"  last   7 DAYS "` is [`Keyword::Last7Days`]).
    pub fn parse(text: &str) -> Option<Keyword> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let normal = words.join(" ");
        Keyword::ALL
            .into_iter()
            .find(|keyword| keyword.label().eq_ignore_ascii_case(&normal))
    }

    /// The days the keyword selects when today is `today`.
    pub fn selection(self, today: NaiveDate) -> Selection {
        let range = match self {
            Keyword::All => return Selection::All,
            Keyword::Today => DateRange::day(today),
            Keyword::Yesterday => DateRange::day(days_before(today, 1)),
            Keyword::Last7Days => span(days_before(today, 7), today),
            Keyword::LastWeek => {
                let monday = monday_of(today);
                span(monday, days_after(monday, 6))
            }
            Keyword::WeekToDate => span(monday_of(today), today),
            Keyword::MonthToDate => span(first_of_month(today), today),
            Keyword::PreviousMonth => {
                let last = days_before(first_of_month(today), 1);
                span(first_of_month(last), last)
            }
            Keyword::YearToDate => span(first_of_year(today.year()), today),
            Keyword::LastYear => {
                let year = today.year() - 1;
                span(first_of_year(year), last_of_year(year))
            }
        };
        Selection::Range(range)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// `start..=end`, or the single day `start` if clamping at the calendar's ends inverted them.
fn span(start: NaiveDate, end: NaiveDate) -> DateRange {
    DateRange::new(start, end).unwrap_or(DateRange::day(start))
}

/// `n` days before `date`, or the calendar's first day.
fn days_before(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(n))
        .unwrap_or(NaiveDate::MIN)
}

/// `n` days after `date`, or the calendar's last day.
fn days_after(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_add_days(Days::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// The Monday of the week holding `date`.
fn monday_of(date: NaiveDate) -> NaiveDate {
    days_before(date, u64::from(date.weekday().num_days_from_monday()))
}

/// The first day of the month holding `date`.
fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The first of January of `year`, or the calendar's first day.
fn first_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The 31st of December of `year`, or the calendar's first day.
fn last_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Keyword::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The range `start..=end` written as text, or `None` for everything.
    fn range(start: &str, end: &str) -> Option<(NaiveDate, NaiveDate)> {
        Some((date(start), date(end)))
    }

    fn as_pair(selection: Selection) -> Option<(NaiveDate, NaiveDate)> {
        selection.range().map(|r| (r.start, r.end))
    }

    #[test]
    fn the_vendor_table_on_saturday_2019_06_15() {
        let today = date("2019-06-15");
        let table = [
            ("Today", range("2019-06-15", "2019-06-15")),
            ("Yesterday", range("2019-06-14", "2019-06-14")),
            ("Last 7 days", range("2019-06-08", "2019-06-15")),
            ("Last week", range("2019-06-10", "2019-06-16")),
            ("Week to date", range("2019-06-10", "2019-06-15")),
            ("Month to date", range("2019-06-01", "2019-06-15")),
            ("Previous month", range("2019-05-01", "2019-05-31")),
            // The vendor's table says 2019-05-15: a typo, Year to date ends today.
            ("Year to date", range("2019-01-01", "2019-06-15")),
            ("Last year", range("2018-01-01", "2018-12-31")),
            ("All", None),
        ];
        assert_eq!(table.len(), Keyword::ALL.len());
        for ((label, expected), keyword) in table.into_iter().zip(Keyword::ALL) {
            assert_eq!(keyword.label(), label);
            assert_eq!(as_pair(keyword.selection(today)), expected, "{label}");
        }
    }

    #[test]
    fn calendar_corners() {
        let cases = [
            // A Tuesday: the last 7 days cross into June.
            ("2019-07-02", Last7Days, range("2019-06-25", "2019-07-02")),
            ("2019-07-02", LastWeek, range("2019-07-01", "2019-07-07")),
            ("2019-07-02", WeekToDate, range("2019-07-01", "2019-07-02")),
            ("2019-07-02", MonthToDate, range("2019-07-01", "2019-07-02")),
            (
                "2019-07-02",
                PreviousMonth,
                range("2019-06-01", "2019-06-30"),
            ),
            // A Thursday whose week starts in July.
            ("2019-08-01", LastWeek, range("2019-07-29", "2019-08-04")),
            ("2019-08-01", WeekToDate, range("2019-07-29", "2019-08-01")),
            ("2019-08-01", MonthToDate, range("2019-08-01", "2019-08-01")),
            // New Year's Day, a Wednesday whose week starts in the old year.
            ("2020-01-01", Yesterday, range("2019-12-31", "2019-12-31")),
            ("2020-01-01", Last7Days, range("2019-12-25", "2020-01-01")),
            ("2020-01-01", LastWeek, range("2019-12-30", "2020-01-05")),
            ("2020-01-01", WeekToDate, range("2019-12-30", "2020-01-01")),
            ("2020-01-01", MonthToDate, range("2020-01-01", "2020-01-01")),
            (
                "2020-01-01",
                PreviousMonth,
                range("2019-12-01", "2019-12-31"),
            ),
            ("2020-01-01", YearToDate, range("2020-01-01", "2020-01-01")),
            ("2020-01-01", LastYear, range("2019-01-01", "2019-12-31")),
            // A Monday whose week ends in the new year.
            ("2019-12-30", LastWeek, range("2019-12-30", "2020-01-05")),
            ("2019-12-30", WeekToDate, range("2019-12-30", "2019-12-30")),
            // A Sunday: the last day of its week.
            ("2019-06-16", LastWeek, range("2019-06-10", "2019-06-16")),
            ("2019-06-16", WeekToDate, range("2019-06-10", "2019-06-16")),
            // A Monday: the first day of its week.
            ("2019-06-17", LastWeek, range("2019-06-17", "2019-06-23")),
            ("2019-06-17", WeekToDate, range("2019-06-17", "2019-06-17")),
            // 29 February.
            ("2020-02-29", Today, range("2020-02-29", "2020-02-29")),
            ("2020-02-29", Yesterday, range("2020-02-28", "2020-02-28")),
            ("2020-02-29", MonthToDate, range("2020-02-01", "2020-02-29")),
            (
                "2020-02-29",
                PreviousMonth,
                range("2020-01-01", "2020-01-31"),
            ),
            ("2020-02-29", LastYear, range("2019-01-01", "2019-12-31")),
            ("2020-03-01", Yesterday, range("2020-02-29", "2020-02-29")),
            (
                "2020-03-01",
                PreviousMonth,
                range("2020-02-01", "2020-02-29"),
            ),
            // 31 March: the previous month is the whole of February.
            (
                "2019-03-31",
                PreviousMonth,
                range("2019-02-01", "2019-02-28"),
            ),
            (
                "2020-03-31",
                PreviousMonth,
                range("2020-02-01", "2020-02-29"),
            ),
            // 1 January: the year to date is that single day.
            ("2021-01-01", YearToDate, range("2021-01-01", "2021-01-01")),
            ("2021-01-01", LastYear, range("2020-01-01", "2020-12-31")),
            ("2021-01-01", All, None),
        ];
        for (today, keyword, expected) in cases {
            assert_eq!(
                as_pair(keyword.selection(date(today))),
                expected,
                "{keyword} on {today}"
            );
        }
    }

    #[test]
    fn the_ends_of_the_calendar_are_clamped() {
        let cases = [
            (NaiveDate::MIN, Yesterday, (NaiveDate::MIN, NaiveDate::MIN)),
            (NaiveDate::MIN, LastYear, (NaiveDate::MIN, NaiveDate::MIN)),
            (
                NaiveDate::MIN,
                PreviousMonth,
                (NaiveDate::MIN, NaiveDate::MIN),
            ),
            // The calendar's last day is a Monday: its week is cut to that day.
            (NaiveDate::MAX, LastWeek, (NaiveDate::MAX, NaiveDate::MAX)),
        ];
        assert_eq!(NaiveDate::MAX.weekday(), chrono::Weekday::Mon);
        for (today, keyword, expected) in cases {
            assert_eq!(
                as_pair(keyword.selection(today)),
                Some(expected),
                "{keyword} on {today}"
            );
        }
    }

    #[test]
    fn parse_ignores_case_and_spacing() {
        let cases = [
            ("Today", Some(Today)),
            ("today", Some(Today)),
            ("YESTERDAY", Some(Yesterday)),
            ("  last   7 DAYS ", Some(Last7Days)),
            ("last\t7\tdays", Some(Last7Days)),
            ("Last Week", Some(LastWeek)),
            ("week to date", Some(WeekToDate)),
            ("month to date", Some(MonthToDate)),
            ("previous\nmonth", Some(PreviousMonth)),
            ("year to DATE", Some(YearToDate)),
            ("last year", Some(LastYear)),
            (" all ", Some(All)),
            ("", None),
            ("   ", None),
            ("lastweek", None),
            ("last 7", None),
            ("last seven days", None),
            ("last 7 days.", None),
            ("last_week", None),
            ("tomorrow", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Keyword::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn labels_parse_back_and_display_as_labels() {
        for keyword in Keyword::ALL {
            assert_eq!(Keyword::parse(keyword.label()), Some(keyword));
            assert_eq!(keyword.to_string(), keyword.label());
        }
    }
}

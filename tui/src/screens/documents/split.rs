//! A range of days cut into the windows `findDocuments` accepts (at most 31 days each, both
//! ends included), so that the user never meets that limit.

use chrono::{Days, NaiveDate};

/// The longest window `findDocuments` accepts, in days, both ends included.
pub const WINDOW_DAYS: u64 = 31;

/// `from` to `to` (both included) as consecutive windows of at most [`WINDOW_DAYS`] days,
/// oldest first, covering every day exactly once; an inverted range is refused in words
/// before any request.
pub fn split(from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, NaiveDate)>, String> {
    if to < from {
        return Err(format!(
            "The range is inverted: to {to} is before from {from}."
        ));
    }
    let mut windows = vec![];
    let mut start = from;
    loop {
        let end = start
            .checked_add_days(Days::new(WINDOW_DAYS - 1))
            .map_or(to, |end| end.min(to));
        windows.push((start, end));
        match end.succ_opt() {
            Some(next) if end < to => start = next,
            _ => return Ok(windows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn windows(from: &str, to: &str) -> Vec<(String, String)> {
        split(day(from), day(to))
            .unwrap()
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn ranges_are_cut_into_windows_of_at_most_31_days() {
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            // One day.
            ("2026-02-15", "2026-02-15", &[("2026-02-15", "2026-02-15")]),
            // Exactly 31 days: one window.
            ("2026-01-01", "2026-01-31", &[("2026-01-01", "2026-01-31")]),
            // 32 days: a second window of one day.
            (
                "2026-01-01",
                "2026-02-01",
                &[("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-01")],
            ),
            // Across a leap February: 2024-02-29 exists and is counted.
            (
                "2024-02-01",
                "2024-03-05",
                &[("2024-02-01", "2024-03-02"), ("2024-03-03", "2024-03-05")],
            ),
            // Not a leap year: the same days shift by one.
            (
                "2025-02-01",
                "2025-03-05",
                &[("2025-02-01", "2025-03-03"), ("2025-03-04", "2025-03-05")],
            ),
            // Across a year's end.
            (
                "2025-12-20",
                "2026-01-25",
                &[("2025-12-20", "2026-01-19"), ("2026-01-20", "2026-01-25")],
            ),
        ];
        for (from, to, want) in cases {
            assert_eq!(windows(from, to), pairs(want), "{from} → {to}");
        }
    }

    #[test]
    fn long_ranges_cover_every_day_once_in_order() {
        let (from, to) = (day("2023-11-17"), day("2026-02-15"));
        let got = split(from, to).unwrap();
        let days = (to - from).num_days() as u64 + 1;
        assert_eq!(got.len() as u64, days.div_ceil(WINDOW_DAYS));
        assert_eq!(got.first().unwrap().0, from);
        assert_eq!(got.last().unwrap().1, to);
        for pair in got.windows(2) {
            assert_eq!(pair[0].1.succ_opt(), Some(pair[1].0), "no gap, no overlap");
        }
        for (a, b) in &got {
            let len = (*b - *a).num_days() + 1;
            assert!((1..=31).contains(&len), "{a} → {b}: {len} days");
        }
    }

    #[test]
    fn an_inverted_range_is_refused_in_words() {
        assert_eq!(
            split(day("2026-02-15"), day("2026-02-14")).unwrap_err(),
            "The range is inverted: to 2026-02-14 is before from 2026-02-15."
        );
    }
}

//! The days statistics cover: presets resolved on the server's today with the WebService's
//! own keyword rules (`dckit_contracts::keywords`), or typed days; and the server's checks,
//! made here first so that a range it would refuse is refused before any request, in its words.

use chrono::{Months, NaiveDate};
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::keywords::{Keyword, Selection};
use dckit_contracts::model::portal::latest_to;

/// A named range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Today only.
    Today,
    /// Yesterday only.
    Yesterday,
    /// The last 7 days and today.
    Last7Days,
    /// From this week's Monday.
    WeekToDate,
    /// From the first of this month.
    MonthToDate,
    /// The whole of last month.
    PreviousMonth,
    /// The same day three months ago to today: the longest range allowed.
    Last3Months,
}

impl Preset {
    /// Every preset, in the order the keys go through them.
    pub const ALL: [Preset; 7] = [
        Preset::Today,
        Preset::Yesterday,
        Preset::Last7Days,
        Preset::WeekToDate,
        Preset::MonthToDate,
        Preset::PreviousMonth,
        Preset::Last3Months,
    ];

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Last3Months => "Last 3 months",
            other => other.keyword().map_or("", Keyword::label),
        }
    }

    fn keyword(self) -> Option<Keyword> {
        Some(match self {
            Preset::Today => Keyword::Today,
            Preset::Yesterday => Keyword::Yesterday,
            Preset::Last7Days => Keyword::Last7Days,
            Preset::WeekToDate => Keyword::WeekToDate,
            Preset::MonthToDate => Keyword::MonthToDate,
            Preset::PreviousMonth => Keyword::PreviousMonth,
            Preset::Last3Months => return None,
        })
    }

    /// Its days on `today`.
    pub fn range(self, today: NaiveDate) -> Range {
        let (from, to) = match self.keyword().map(|k| k.selection(today)) {
            Some(Selection::Range(range)) => (range.start, range.end),
            Some(Selection::All) | None => (
                today.checked_sub_months(Months::new(3)).unwrap_or(today),
                today,
            ),
        };
        Range {
            from,
            to,
            preset: Some(self),
        }
    }

    /// The preset `by` places on, wrapping around.
    pub fn step(self, by: isize) -> Preset {
        let i = Preset::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Preset::ALL[(i + by).rem_euclid(Preset::ALL.len() as isize) as usize]
    }
}

/// The days, both included, and the preset they come from (if any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// The preset, when it came from one.
    pub preset: Option<Preset>,
}

impl Range {
    /// How it reads in a title: `2026-02-01 → 2026-02-15 (Month to date)`.
    pub fn label(&self) -> String {
        let days = if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{} → {}", self.from, self.to)
        };
        match self.preset {
            Some(preset) => format!("{days} ({})", preset.label()),
            None => days,
        }
    }
}

/// The server's checks of a range, in its words: `to` not before `from`, and at most three
/// months (the same day number three months later, clamped to a shorter month's end).
pub fn check(range: Range) -> Result<(), String> {
    let (from, to) = (range.from.to_string(), range.to.to_string());
    if range.to < range.from {
        return Err(ErrorCode::PortalStatsRangeInverted
            .with(&[("from", &from), ("to", &to)])
            .message);
    }
    match latest_to(range.from) {
        Some(limit) if range.to > limit => Err(ErrorCode::PortalStatsRangeTooLong
            .with(&[("from", &from), ("to", &to), ("limit", &limit.to_string())])
            .message),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn range(from: &str, to: &str) -> Range {
        Range {
            from: day(from),
            to: day(to),
            preset: None,
        }
    }

    #[test]
    fn presets_follow_the_keywords_on_the_servers_today() {
        let today = day("2026-02-15");
        let cases = [
            (Preset::Today, "2026-02-15", "2026-02-15"),
            (Preset::Yesterday, "2026-02-14", "2026-02-14"),
            (Preset::Last7Days, "2026-02-08", "2026-02-15"),
            (Preset::WeekToDate, "2026-02-09", "2026-02-15"),
            (Preset::MonthToDate, "2026-02-01", "2026-02-15"),
            (Preset::PreviousMonth, "2026-01-01", "2026-01-31"),
            (Preset::Last3Months, "2025-11-15", "2026-02-15"),
        ];
        for (preset, from, to) in cases {
            let r = preset.range(today);
            assert_eq!((r.from, r.to), (day(from), day(to)), "{preset:?}");
            assert_eq!(check(r), Ok(()), "every preset is allowed: {preset:?}");
        }
    }

    #[test]
    fn the_servers_refusals_come_before_any_request() {
        // The same cases as contracts/cases/portal/stats-refused.json, with its words.
        assert_eq!(
            check(range("2026-02-15", "2026-02-01")).unwrap_err(),
            "Invalid range: to 2026-02-01 is before from 2026-02-15."
        );
        assert_eq!(
            check(range("2025-11-15", "2026-02-16")).unwrap_err(),
            "The range 2025-11-15 to 2026-02-16 is longer than three months: statistics starting on 2025-11-15 can end on 2026-02-15 at the latest."
        );
        assert_eq!(
            check(range("2025-11-30", "2026-03-01")).unwrap_err(),
            "The range 2025-11-30 to 2026-03-01 is longer than three months: statistics starting on 2025-11-30 can end on 2026-02-28 at the latest."
        );
        assert_eq!(check(range("2025-11-30", "2026-02-28")), Ok(()));
    }
}

//! What a `start`/`end` pair selects: every day, or an inclusive range of days.

use chrono::NaiveDate;

/// An inclusive range of days: both `start` and `end` belong to it.
///
/// Ranges built by this module always have `start <= end`; [`DateRange::new`] keeps that
/// promise for ranges built elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// The first day selected.
    pub start: NaiveDate,
    /// The last day selected.
    pub end: NaiveDate,
}

impl DateRange {
    /// The days from `start` to `end`, both included, or `None` when `end` is before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Option<DateRange> {
        (start <= end).then_some(DateRange { start, end })
    }

    /// The range holding the single day `day`.
    pub fn day(day: NaiveDate) -> DateRange {
        DateRange {
            start: day,
            end: day,
        }
    }

    /// Whether `date` is one of the days selected.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// How many days the range holds (1 for a single day; 0 if `end` is before `start`).
    pub fn days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }
}

/// The documents a `start`/`end` pair asks for, by date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    /// Every document, whatever its date.
    All,
    /// The documents dated within the range.
    Range(DateRange),
}

impl Selection {
    /// Whether a document dated `date` is selected.
    pub fn contains(&self, date: NaiveDate) -> bool {
        match self {
            Selection::All => true,
            Selection::Range(range) => range.contains(date),
        }
    }

    /// The range selected, or `None` for [`Selection::All`].
    pub fn range(&self) -> Option<DateRange> {
        match self {
            Selection::All => None,
            Selection::Range(range) => Some(*range),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn new_refuses_an_inverted_range() {
        let cases = [
            ("2019-06-01", "2019-06-15", true),
            ("2019-06-15", "2019-06-15", true),
            ("2019-06-15", "2019-06-14", false),
        ];
        for (start, end, ok) in cases {
            assert_eq!(
                DateRange::new(date(start), date(end)).is_some(),
                ok,
                "{start}..{end}"
            );
        }
    }

    #[test]
    fn days_and_contains() {
        let june = DateRange::new(date("2019-06-01"), date("2019-06-30")).unwrap();
        assert_eq!(june.days(), 30);
        assert_eq!(DateRange::day(date("2019-06-15")).days(), 1);
        let inverted = DateRange {
            start: date("2019-06-02"),
            end: date("2019-06-01"),
        };
        assert_eq!(inverted.days(), 0);

        let cases = [
            ("2019-05-31", false),
            ("2019-06-01", true),
            ("2019-06-15", true),
            ("2019-06-30", true),
            ("2019-07-01", false),
        ];
        for (day, inside) in cases {
            assert_eq!(june.contains(date(day)), inside, "{day}");
            assert_eq!(Selection::Range(june).contains(date(day)), inside, "{day}");
            assert!(Selection::All.contains(date(day)), "{day}");
        }
        assert_eq!(Selection::Range(june).range(), Some(june));
        assert_eq!(Selection::All.range(), None);
    }
}

//! How many documents to make and on which days: the demo data's, or a benchmark's.

use super::super::clients::pick_weighted;
use chrono::{Datelike, Days, Months, NaiveDate};
use rand_chacha::ChaCha8Rng;

/// How many documents to make and over which days.
pub(in crate::seed::whmcs) struct Plan {
    /// The day the data ends on (the clock's today).
    pub(super) today: NaiveDate,
    /// The dates of the invoices, ascending.
    pub(super) dates: Vec<NaiveDate>,
    /// How many invoices are refunded with a full credit note.
    pub(super) refunds: usize,
    /// How many paid invoices get a partial credit note.
    pub(super) partial: usize,
    /// Add a draft dated tomorrow (prepared in advance).
    pub(super) future_draft: bool,
}

impl Plan {
    /// The demo data: about 1.1 invoices a day (more on the 1st, when monthly services
    /// renew) over the 18 months before `today`, at least two today and one yesterday, and
    /// 40 credit notes.
    pub(in crate::seed::whmcs) fn demo(rng: &mut ChaCha8Rng, today: NaiveDate) -> Plan {
        let first = today - Months::new(18);
        let mut dates = Vec::new();
        let mut day = first;
        while day <= today {
            let mut n = pick_weighted(rng, &[(0usize, 25), (1, 42), (2, 27), (3, 6)]);
            if day.day() == 1 {
                n += 2;
            }
            if day == today {
                n = n.max(2);
            } else if Some(day) == today.pred_opt() {
                n = n.max(1);
            }
            dates.extend(std::iter::repeat_n(day, n));
            day = day.succ_opt().unwrap_or(today + Days::new(1));
        }
        Plan {
            today,
            dates,
            refunds: 24,
            partial: 16,
            future_draft: true,
        }
    }

    /// `invoices` invoices spread evenly over `days` days ending `today`, with one credit
    /// note per 15 invoices.
    pub(in crate::seed::whmcs) fn bulk(today: NaiveDate, invoices: usize, days: u32) -> Plan {
        let days = u64::from(days.max(1));
        let first = today - Days::new(days - 1);
        let dates = (0..invoices)
            .map(|i| first + Days::new(i as u64 * days / invoices.max(1) as u64))
            .collect();
        let credit_notes = invoices / 15;
        Plan {
            today,
            dates,
            refunds: credit_notes * 3 / 5,
            partial: credit_notes - credit_notes * 3 / 5,
            future_draft: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_plans_spread_every_invoice() {
        let today: NaiveDate = "2019-06-15".parse().unwrap();
        let plan = Plan::bulk(today, 1000, 100);
        assert_eq!(plan.dates.len(), 1000);
        assert_eq!(plan.dates[0], "2019-03-08".parse::<NaiveDate>().unwrap());
        assert_eq!(plan.dates[999], today);
        assert!(plan.dates.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(plan.refunds + plan.partial, 66);
    }
}

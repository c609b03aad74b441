//! The numbers of paid invoices (`YEAR/N`) and of credit notes (`NCYEAR/N`).

use super::Doc;
use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Numbers the paid (and refunded) invoices `YEAR/N` in date order, restarting at 1 each
/// January; the first year of the data continues a numbering begun before it.
pub(super) fn number_invoices(rng: &mut ChaCha8Rng, invoices: &mut [Doc]) {
    let first_year = invoices.first().map(|d| d.date.year());
    let numbered = invoices
        .iter_mut()
        .filter(|d| matches!(d.status, "Paid" | "Refunded"));
    number(numbered, "", first_year, |day| {
        day.ordinal0() * 9 / 10 + rng.random_range(0..5)
    });
}

/// Numbers `docs` (in date order) `{prefix}YEAR/N`, N restarting at 1 each January, except
/// in `first_year`, whose earlier documents are not in the data: there it continues from
/// `before(first date)`.
pub(super) fn number<'a>(
    docs: impl Iterator<Item = &'a mut Doc>,
    prefix: &str,
    first_year: Option<i32>,
    mut before: impl FnMut(NaiveDate) -> u32,
) {
    let mut year = None;
    let mut next = 0u32;
    for doc in docs {
        let y = doc.date.year();
        if year != Some(y) {
            next = if Some(y) == first_year {
                before(doc.date)
            } else {
                0
            };
            year = Some(y);
        }
        next += 1;
        doc.num = format!("{prefix}{y}/{next}");
    }
}

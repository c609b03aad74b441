//! Invoices and credit notes: what each bills, its status, payment, number and taxes.
//!
//! Conventions (Billing Extension in Italy):
//! * an invoice gets its number (`2019/133`, restarting each year) only once paid: unpaid,
//!   draft, cancelled, collections and pending invoices are proformas with an empty `Num`;
//! * a credit note is a document of its own in the same table and ID sequence, numbered
//!   `NC2019/12` in its own sequence, with positive amounts (the amount credited), status
//!   `Paid` (the refund was made) and one line of type `Invoice` per credited line whose
//!   `RelID` is the credited invoice's ID. A fully credited invoice becomes `Refunded`;
//! * a document paid entirely with the client's credit has a `Credit Applied` line of type
//!   `""`, RelID 0, that cancels the others (as in the vendor's sample).

mod credit_notes;
mod invoice;
mod lines;
mod numbering;
mod plan;

pub(super) use plan::Plan;

use super::clients::{Client, pick_weighted};
use chrono::{NaiveDate, NaiveDateTime};
use credit_notes::credit_notes;
use invoice::{Counters, invoice};
use numbering::number_invoices;
use rand_chacha::ChaCha8Rng;

/// A document before it is stored.
pub(super) struct Doc {
    /// Index of the client in the client list.
    pub(super) client: usize,
    pub(super) credit_note: bool,
    pub(super) num: String,
    pub(super) status: &'static str,
    pub(super) date: NaiveDate,
    pub(super) due: NaiveDate,
    pub(super) paid: Option<NaiveDateTime>,
    pub(super) credit: i64,
    pub(super) taxes: (i64, i64),
    pub(super) gateway: &'static str,
    pub(super) items: Vec<Item>,
    /// For a credit note: the credited invoice (its index among the invoices until
    /// [`merge`] makes it its ID).
    pub(super) credits: Option<i64>,
}

impl Doc {
    /// The sum of the lines.
    pub(super) fn subtotal(&self) -> i64 {
        self.items.iter().map(|i| i.amount).sum()
    }

    /// The level 1 and level 2 taxes on the taxed lines.
    pub(super) fn tax(&self) -> (i64, i64) {
        let taxed: i64 = self
            .items
            .iter()
            .filter(|i| i.taxed)
            .map(|i| i.amount)
            .sum();
        (percent(taxed, self.taxes.0), percent(taxed, self.taxes.1))
    }

    fn total(&self) -> i64 {
        let (tax, tax2) = self.tax();
        self.subtotal() + tax + tax2
    }
}

/// One line of a document.
pub(super) struct Item {
    pub(super) kind: &'static str,
    pub(super) relid: i64,
    pub(super) description: String,
    pub(super) amount: i64,
    pub(super) taxed: bool,
}

/// `cents * rate / 10000` (rate in hundredths of a percent), rounded half away from zero.
fn percent(cents: i64, rate: i64) -> i64 {
    let product = i128::from(cents) * i128::from(rate);
    let rounded = (product.abs() + 5_000) / 10_000;
    let signed = if product < 0 { -rounded } else { rounded };
    i64::try_from(signed).unwrap_or(0)
}

/// Every document of `plan` for `clients`, in the order of their IDs (by date), numbered.
pub(super) fn documents(rng: &mut ChaCha8Rng, clients: &[Client], plan: &Plan) -> Vec<Doc> {
    let weights: Vec<(usize, u32)> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.weight))
        .collect();
    let mut counters = Counters::default();
    let mut invoices: Vec<Doc> = plan
        .dates
        .iter()
        .map(|date| {
            let client = pick_weighted(rng, &weights);
            invoice(rng, clients, client, *date, plan.today, &mut counters)
        })
        .collect();
    if plan.future_draft
        && let Some(tomorrow) = plan.today.succ_opt()
    {
        let client = pick_weighted(rng, &weights);
        let mut draft = invoice(rng, clients, client, tomorrow, plan.today, &mut counters);
        draft.status = "Draft";
        draft.paid = None;
        draft.credit = 0;
        draft
            .items
            .retain(|line| line.description != "Credit Applied");
        invoices.push(draft);
    }
    number_invoices(rng, &mut invoices);
    let notes = credit_notes(rng, &mut invoices, plan);
    merge(invoices, notes)
}

/// Invoices and credit notes in one list ordered by date (invoices first within a day): the
/// document at index `i` gets ID `i + 1`. Credit notes' references (and their lines' RelID)
/// become those IDs.
fn merge(invoices: Vec<Doc>, notes: Vec<Doc>) -> Vec<Doc> {
    let invoice_count = invoices.len();
    let mut all: Vec<(usize, Doc)> = invoices.into_iter().chain(notes).enumerate().collect();
    all.sort_by_key(|(seq, d)| (d.date, *seq));
    let mut position = vec![0usize; all.len()];
    for (pos, (seq, _)) in all.iter().enumerate() {
        position[*seq] = pos;
    }
    all.into_iter()
        .map(|(_, mut doc)| {
            if let Some(original) = doc
                .credits
                .and_then(|i| usize::try_from(i).ok())
                .filter(|i| *i < invoice_count)
            {
                let id = position[original] as i64 + 1;
                doc.credits = Some(id);
                for item in &mut doc.items {
                    item.relid = id;
                }
            }
            doc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_away_from_zero() {
        let cases = [
            (1000, 2200, 220),
            (999, 2200, 220),
            (995, 2200, 219),
            (25, 2000, 5),
            (-1000, 2200, -220),
            (-25, 2000, -5),
            (0, 2200, 0),
            (1234, 0, 0),
        ];
        for (cents, rate, expected) in cases {
            assert_eq!(percent(cents, rate), expected, "{cents} at {rate}");
        }
    }
}

//! Credit notes: full refunds and partial credits of paid invoices.

use super::invoice::paid_at;
use super::numbering::number;
use super::{Doc, Item, Plan};
use chrono::{Datelike, Days};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// Refunds `plan.refunds` paid invoices with a full credit note and credits part of
/// `plan.partial` others; returns the credit notes, numbered `NCYEAR/N` by date.
pub(super) fn credit_notes(rng: &mut ChaCha8Rng, invoices: &mut [Doc], plan: &Plan) -> Vec<Doc> {
    let mut eligible: Vec<usize> = invoices
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.status == "Paid"
                && d.credit == 0
                && d.subtotal() > 0
                && d.paid
                    .is_some_and(|p| (plan.today - p.date()).num_days() > 45)
        })
        .map(|(i, _)| i)
        .collect();
    eligible.shuffle(rng);
    let mut chosen: Vec<(usize, bool)> = eligible
        .iter()
        .take(plan.refunds + plan.partial)
        .enumerate()
        .map(|(n, i)| (*i, n < plan.refunds))
        .collect();
    chosen.sort_unstable();
    let mut notes: Vec<Doc> = Vec::with_capacity(chosen.len());
    for (index, full) in chosen {
        let original = &invoices[index];
        let paid = original.paid.map_or(original.date, |p| p.date());
        let date = (paid + Days::new(rng.random_range(2..=40))).min(plan.today);
        let first_line = |description: &str| {
            description
                .trim()
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        let items: Vec<Item> = if full {
            original
                .items
                .iter()
                .map(|i| Item {
                    kind: "Invoice",
                    relid: index as i64,
                    description: format!(
                        "Storno fattura {}: {}",
                        original.num,
                        first_line(&i.description)
                    ),
                    amount: i.amount,
                    taxed: i.taxed,
                })
                .collect()
        } else {
            let line = original
                .items
                .iter()
                .filter(|i| i.amount > 0)
                .max_by_key(|i| i.amount)
                .unwrap_or(&original.items[0]);
            vec![Item {
                kind: "Invoice",
                relid: index as i64,
                description: format!(
                    "Rimborso parziale fattura {}: {}",
                    original.num,
                    first_line(&line.description)
                ),
                amount: line.amount / 2,
                taxed: line.taxed,
            }]
        };
        notes.push(Doc {
            client: original.client,
            credit_note: true,
            num: String::new(),
            status: "Paid",
            date,
            due: date,
            paid: Some(paid_at(rng, date, plan.today)),
            credit: 0,
            taxes: original.taxes,
            gateway: original.gateway,
            items,
            credits: Some(index as i64),
        });
        if full {
            invoices[index].status = "Refunded";
        }
    }
    notes.sort_by_key(|n| n.date);
    let first_year = plan.dates.first().map(|d| d.year());
    number(notes.iter_mut(), "NC", first_year, |day| {
        day.ordinal0() / 15
    });
    notes
}

//! One invoice: what it bills (its scenario), its status by age, and when it was paid.

use super::super::clients::{Client, pick_weighted};
use super::lines::lines;
use super::{Doc, Item};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

/// The next id of the tables lines refer to but the store does not hold.
#[derive(Default)]
pub(super) struct Counters {
    pub(super) upgrade: i64,
    pub(super) billable: i64,
}

/// A new invoice for `clients[client]` dated `date`.
pub(super) fn invoice(
    rng: &mut ChaCha8Rng,
    clients: &[Client],
    client: usize,
    date: NaiveDate,
    today: NaiveDate,
    counters: &mut Counters,
) -> Doc {
    let c = &clients[client];
    let lead = *[7u64, 14, 14, 15, 30].choose(rng).unwrap_or(&14);
    let due = date + Days::new(lead);
    let age = (today - date).num_days();
    let mut scenario = pick_weighted(
        rng,
        &[
            (Scenario::DomainRenewal, 24),
            (Scenario::HostingRenewal, 28),
            (Scenario::NewOrder, 9),
            (Scenario::AddonRenewal, 7),
            (Scenario::Combined, 10),
            (Scenario::Upgrade, 4),
            (Scenario::Billable, 10),
            (Scenario::LateFee, 4),
            (Scenario::GraceFee, 2),
        ],
    );
    // A late fee is added the day after the due date, which must have passed.
    if scenario == Scenario::LateFee && age < lead as i64 + 2 {
        scenario = Scenario::HostingRenewal;
    }
    let mut doc = Doc {
        client,
        credit_note: false,
        num: String::new(),
        status: "Unpaid",
        date,
        due,
        paid: None,
        credit: 0,
        taxes: c.taxes,
        gateway: c.gateway,
        items: lines(rng, c, scenario, date, due, counters),
        credits: None,
    };
    doc.status = status(rng, age, scenario);
    let total = doc.total();
    if doc.status == "Paid" && total > 0 && rng.random_bool(0.025) {
        // Paid at once with the client's credit balance, as in the vendor's sample.
        let others = doc.subtotal();
        doc.items.push(Item {
            kind: "",
            relid: 0,
            description: "Credit Applied".to_owned(),
            amount: -others,
            taxed: !c.tax_exempt(),
        });
        doc.credit = others;
        doc.paid = Some(date.and_time(time(rng, 0, 0, 10 * 60)));
        return doc;
    }
    if matches!(doc.status, "Paid" | "Unpaid") && total > 1_000 && rng.random_bool(0.04) {
        // Part paid with credit from an earlier refund.
        doc.credit = (rng.random_range(2..=10) * 100).min(total);
    }
    if doc.status == "Paid" {
        let latest = if scenario == Scenario::LateFee {
            due + Days::new(rng.random_range(2..=15))
        } else {
            date + Days::new(rng.random_range(0..=lead.min(20)))
        };
        let day = latest.min(today);
        doc.paid = Some(paid_at(rng, day, today));
    }
    doc
}

/// A payment time on `day`: during the day, but before noon when `day` is today (the
/// demo clock stands at noon).
pub(super) fn paid_at(rng: &mut ChaCha8Rng, day: NaiveDate, today: NaiveDate) -> NaiveDateTime {
    if day >= today {
        day.and_time(time(rng, 7, 0, 5 * 3600 - 1))
    } else {
        day.and_time(time(rng, 8, 0, 16 * 3600 - 1))
    }
}

/// `hour:minute` plus up to `spread` seconds.
fn time(rng: &mut ChaCha8Rng, hour: u32, minute: u32, spread: u32) -> NaiveTime {
    let seconds = hour * 3600 + minute * 60 + rng.random_range(0..=spread);
    NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0).unwrap_or_default()
}

/// The status of an invoice `age` days old.
fn status(rng: &mut ChaCha8Rng, age: i64, scenario: Scenario) -> &'static str {
    if scenario == Scenario::LateFee {
        return if age > 90 && rng.random_bool(0.2) {
            "Collections"
        } else {
            "Paid"
        };
    }
    let table: &[(&'static str, u32)] = match age {
        ..=3 => &[
            ("Draft", 10),
            ("Unpaid", 43),
            ("Payment Pending", 12),
            ("Paid", 35),
        ],
        4..=30 => &[
            ("Unpaid", 16),
            ("Payment Pending", 7),
            ("Paid", 73),
            ("Cancelled", 4),
        ],
        31..=90 => &[("Paid", 88), ("Cancelled", 5), ("Unpaid", 7)],
        _ => &[
            ("Paid", 91),
            ("Cancelled", 5),
            ("Unpaid", 2),
            ("Collections", 2),
        ],
    };
    pick_weighted(rng, table)
}

/// What an invoice bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scenario {
    DomainRenewal,
    HostingRenewal,
    NewOrder,
    AddonRenewal,
    Combined,
    Upgrade,
    Billable,
    LateFee,
    GraceFee,
}

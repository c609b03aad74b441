//! The 90 days of documents: sales planned per device and day, issued in time order, with
//! their voids and returns issued when their time comes.

use super::DAYS;
use super::sales::{BAR, random_sale};
use crate::datacash::cancel::{return_of, void_of};
use crate::datacash::records::{self, NewDocument};
use crate::datacash::sale::Sale;
use crate::db::DbError;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

/// A device that issues documents.
struct Issuer {
    device: i64,
    store: i64,
    /// The key it issues with; `None` for the register, which numbers its own documents.
    key: Option<i64>,
    /// Sales per day, at least and at most (half on Sundays).
    per_day: (u32, u32),
    /// The last day it works, in days before today.
    last: i64,
}

const ISSUERS: &[Issuer] = &[
    Issuer {
        device: 1,
        store: 1,
        key: Some(1),
        per_day: (24, 40),
        last: 1,
    },
    Issuer {
        device: 2,
        store: 1,
        key: None,
        per_day: (12, 24),
        last: 1,
    },
    Issuer {
        device: 3,
        store: 2,
        key: Some(2),
        per_day: (12, 24),
        last: 1,
    },
    Issuer {
        device: 4,
        store: 2,
        key: Some(3),
        per_day: (6, 12),
        last: 31,
    },
];

/// What happens after a sale: voided or partly returned, at a later time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Follow {
    Void,
    Return(BTreeMap<i64, i64>),
}

/// A sale to issue, ordered by time.
struct Planned {
    at: NaiveDateTime,
    issuer: usize,
    sale: Sale,
    follow: Option<(TimeDelta, Follow)>,
}

/// Issues the documents of every device over the [`DAYS`] days before `today`.
pub(super) fn documents(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
) -> Result<(), DbError> {
    let weights: Vec<u32> = BAR.iter().map(|p| p.4).collect();
    let total_weight: u32 = weights.iter().sum();
    let mut planned = Vec::new();
    for offset in (1..=DAYS).rev() {
        let day = today - TimeDelta::days(offset);
        let sunday = day.weekday() == Weekday::Sun;
        for (issuer, spec) in ISSUERS.iter().enumerate() {
            let ((min, max), last) = (spec.per_day, spec.last);
            if offset < last {
                continue;
            }
            let mut n = rng.random_range(min..=max);
            if sunday {
                n /= 2;
            }
            for _ in 0..n {
                let seconds = rng.random_range(7 * 3600..20 * 3600);
                let at = day.and_time(NaiveTime::MIN) + TimeDelta::seconds(seconds);
                let sale = random_sale(rng, &weights, total_weight);
                let roll = rng.random_range(0..1000);
                let follow = if roll < 15 {
                    Some((TimeDelta::minutes(rng.random_range(1..30)), Follow::Void))
                } else if roll < 35 {
                    let line = rng.random_range(0..sale.lines.len());
                    let qty = records_milli(sale.lines[line].quantity);
                    let back = if qty > 1000 && rng.random_bool(0.5) {
                        1000
                    } else {
                        qty
                    };
                    let later = TimeDelta::hours(rng.random_range(1..72));
                    let number = i64::try_from(line + 1).unwrap_or(1);
                    Some((
                        later,
                        Follow::Return([(number, back)].into_iter().collect()),
                    ))
                } else {
                    None
                };
                planned.push(Planned {
                    at,
                    issuer,
                    sale,
                    follow,
                });
            }
        }
    }
    planned.sort_by_key(|p| (p.at, p.issuer));
    let end = today.and_time(NaiveTime::MIN);
    // Follow-ups waiting for their time: (at, issuer, sale idtrx, what).
    let mut waiting: BinaryHeap<Reverse<(NaiveDateTime, usize, i64, Follow)>> = BinaryHeap::new();
    let mut register_days: HashMap<i64, (NaiveDate, i64, i64)> = HashMap::new();
    for plan in planned {
        while let Some(Reverse(first)) = waiting.peek() {
            if first.0 > plan.at {
                break;
            }
            let Some(Reverse((at, issuer, sale, follow))) = waiting.pop() else {
                break;
            };
            follow_up(conn, at, issuer, sale, &follow, &mut register_days)?;
        }
        let Issuer {
            device, store, key, ..
        } = ISSUERS[plan.issuer];
        let mut doc = plan.sale.to_document(key, (device, store), plan.at, None);
        if key.is_none() {
            doc.number = Some(register_number(&mut register_days, device, plan.at));
        }
        let issued = records::issue(conn, &doc)?;
        if let Some((after, follow)) = plan.follow {
            let at = plan.at + after;
            if at < end {
                waiting.push(Reverse((at, plan.issuer, issued.idtrx, follow)));
            }
        }
    }
    while let Some(Reverse((at, issuer, sale, follow))) = waiting.pop() {
        follow_up(conn, at, issuer, sale, &follow, &mut register_days)?;
    }
    Ok(())
}

fn records_milli(q: Decimal) -> i64 {
    crate::datacash::money::to_milli(q)
}

/// The register's own numbering: a closure per day it works, documents counted within it.
fn register_number(
    days: &mut HashMap<i64, (NaiveDate, i64, i64)>,
    device: i64,
    at: NaiveDateTime,
) -> String {
    let entry = days.entry(device).or_insert((at.date(), 1200, 0));
    if entry.0 != at.date() {
        *entry = (at.date(), entry.1 + 1, 0);
    }
    entry.2 += 1;
    records::progressivo(at.year(), entry.1, entry.2)
}

/// Issues the void or return of the sale `sale_id`.
fn follow_up(
    conn: &Connection,
    at: NaiveDateTime,
    issuer: usize,
    sale_id: i64,
    follow: &Follow,
    register_days: &mut HashMap<i64, (NaiveDate, i64, i64)>,
) -> Result<(), DbError> {
    let Issuer {
        device, store, key, ..
    } = ISSUERS[issuer];
    let Some(sale) = records::load(conn, key, sale_id)? else {
        return Ok(());
    };
    let doc = match follow {
        Follow::Void if sale.returns.count == 0 && !sale.voided => void_of(&sale),
        Follow::Return(items) if !sale.voided => match return_of(&sale, items) {
            Ok(doc) => doc,
            Err(_) => return Ok(()),
        },
        _ => return Ok(()),
    };
    let mut doc = NewDocument {
        key_id: key,
        device_id: device,
        store_id: store,
        issued_at: at,
        ..doc
    };
    if key.is_none() {
        doc.number = Some(register_number(register_days, device, at));
    }
    records::issue(conn, &doc)?;
    Ok(())
}

/// Whether seeded documents are what the rules allow: used by the tests.
#[cfg(test)]
pub(crate) fn check_document(doc: &NewDocument) -> Result<(), String> {
    let paid: i64 = doc.payments.iter().map(|p| p.1).sum();
    if paid != doc.total_cents {
        return Err(format!("paid {paid} != total {}", doc.total_cents));
    }
    if doc.kind == dckit_contracts::model::datacash::OperationType::Sale && doc.lines.is_empty() {
        return Err("a sale without lines".into());
    }
    Ok(())
}

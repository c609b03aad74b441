//! Statistics by device or by store ("Statistiche" of the vendor's cloud):
//!
//! * `GET /portal/v1/stats?device=ID|store=ID&from=YYYY-MM-DD&to=YYYY-MM-DD` — the four
//!   charts as [`Stats`];
//! * `GET /portal/v1/stats/export.csv?…` — "Esporta statistiche": the same four charts as one
//!   CSV file, one section each;
//! * `GET /portal/v1/stats/daily.csv?…` — "Aggregati giornalieri": the daily totals as CSV.
//!
//! # The query
//!
//! Exactly one of `device` (`dev-N`) and `store` (`store-N`) — an empty value counts as
//! absent — and `from` and `to`, both days as `YYYY-MM-DD`, both included. Checked in this
//! order, each with its refusal: one target (`PortalStatsTargetInvalid`), well-formed days
//! (`PortalStatsDateInvalid`), `to` not before `from` (`PortalStatsRangeInverted`), at most
//! three months (`PortalStatsRangeTooLong`), the target exists (`PortalDeviceNotFound`,
//! `PortalStoreNotFound`), and for `daily.csv` more than one day
//! (`PortalDailyRangeTooShort`).
//!
//! **Three months** are calendar months: `to` may be at most the day with the same number
//! three months after `from` ([`latest_to`]; clamped to the end of a shorter month). From
//! 2026-01-01 the range may end on 2026-04-01 at the latest, from 2025-11-30 on 2026-02-28,
//! from 2026-01-31 on 2026-04-30. So "the last three months" picked the usual way — the same
//! day three months ago up to today — is always accepted.
//!
//! **Longer than one day** (for `daily.csv`): the range holds at least two days, `to` after
//! `from`.
//!
//! # What is counted
//!
//! The documents issued in the range by the device, or in the store (the store a device was in
//! when it issued the document: moving a device does not move its past takings). Every amount
//! is exact, summed in integer cents and written with 2 decimals; a sale adds, a void
//! (annullo) or a return (reso) takes away.
//!
//! * `daily` — every day of the range, days without documents at zero: `sales`, `voids` and
//!   `returns` are the positive totals (`ammontareComplessivo`) of each kind,
//!   `total = sales − voids − returns`;
//! * `byPayment` — net takings per payment type (`PC`, `PE`, `TR`, …: what sales were paid
//!   with, less what voids and returns gave back), for every type used in the range, in the
//!   order of `PaymentType`. Their sum is the sum of `daily.total`;
//! * `byVat` — net line amounts per VAT code (`total` VAT included, `taxable`, `vat`;
//!   `taxable + vat = total`), for every code used, in the order of `VatCode`. Discounts at
//!   payment (`totaleScontiAPagare`) do not reduce the lines, so `byVat` and `byItem` exceed
//!   `byPayment` by those discounts;
//! * `byItem` — per item description: net quantity (gift lines included) and net line total,
//!   most sold first (then by total, then by description).
//!
//! The sums come from running totals per store, day and device that triggers keep in the
//! transaction of every document (`migrations/0004_portal.sql`), read with `GROUP BY` over
//! their primary key (by store) or an index (by device): a three-month query reads at most a
//! few thousand rows however many documents the range holds.
//!
//! # The CSV files
//!
//! UTF-8, comma-separated, `\n` line ends, amounts with 2 decimals and a dot, quantities as
//! exact decimals (`3`, `1.25`).
//!
//! `daily.csv`: the header `date,total,sales,voids,returns` ([`DAILY_COLUMNS`]), then one row
//! per day of the range.
//!
//! `export.csv`: four sections in this order, separated by an empty line, each with its own
//! header row (whose first column names the section), then its rows as in the JSON:
//!
//! | section | header |
//! |---|---|
//! | daily | `date,total,sales,voids,returns` |
//! | by payment | `method,total` |
//! | by VAT code | `vatCode,total,taxable,vat` |
//! | by item | `description,quantity,total` |

use super::stores::{device_exists, store_exists};
use super::{Account, Error, ids};
use crate::db::DbError;
use chrono::NaiveDate;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::datacash::{PaymentType, VatCode};
use dckit_contracts::model::money::Money2;
use dckit_contracts::model::portal::{DailyTotal, ItemTotal, PaymentTotal, Stats, VatTotal};
use rusqlite::{Connection, params};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The header of `daily.csv` and of the first section of `export.csv`.
pub(crate) const DAILY_COLUMNS: &[&str] = &["date", "total", "sales", "voids", "returns"];
/// The header of the by-payment section of `export.csv`.
pub(crate) const PAYMENT_COLUMNS: &[&str] = &["method", "total"];
/// The header of the by-VAT section of `export.csv`.
pub(crate) const VAT_COLUMNS: &[&str] = &["vatCode", "total", "taxable", "vat"];
/// The header of the by-item section of `export.csv`.
pub(crate) const ITEM_COLUMNS: &[&str] = &["description", "quantity", "total"];

/// What the statistics are about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// One device.
    Device(i64),
    /// One store.
    Store(i64),
}

impl Target {
    fn column(self) -> (&'static str, i64) {
        match self {
            Target::Device(id) => ("device_id", id),
            Target::Store(id) => ("store_id", id),
        }
    }

    fn wire(self) -> String {
        match self {
            Target::Device(id) => ids::wire(ids::DEVICE, id),
            Target::Store(id) => ids::wire(ids::STORE, id),
        }
    }
}

/// A checked query: a target that may not exist, and a range of at most three months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Query {
    /// Whether a device (`true`) or a store was named.
    device: bool,
    /// The id as written (`dev-1`).
    named: String,
    /// The first day.
    pub(crate) from: NaiveDate,
    /// The last day, included.
    pub(crate) to: NaiveDate,
}

/// The last day a range starting on `from` may end on: the same day number three calendar
/// months later, clamped to the end of a shorter month (`None` past the calendar's end).
pub(crate) fn latest_to(from: NaiveDate) -> Option<NaiveDate> {
    dckit_contracts::model::portal::latest_to(from)
}

/// A day written strictly as `YYYY-MM-DD`.
fn day(field: &str, value: &str) -> super::Result<NaiveDate> {
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            Error::new(
                ErrorCode::PortalStatsDateInvalid,
                &[("field", field), ("value", value)],
            )
        })
}

/// Checks a query string (everything but the target's existence).
pub(crate) fn parse_query(query: &str) -> super::Result<Query> {
    let (mut targets, mut from, mut to) = (Vec::new(), None, None);
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        match name.as_ref() {
            "device" | "store" if !value.is_empty() => {
                targets.push((name.into_owned(), value.into_owned()));
            }
            "from" => from = Some(value.into_owned()),
            "to" => to = Some(value.into_owned()),
            _ => {}
        }
    }
    let [(kind, named)] = <[(String, String); 1]>::try_from(targets)
        .map_err(|_| Error::new(ErrorCode::PortalStatsTargetInvalid, &[]))?;
    let from = day("from", from.as_deref().unwrap_or(""))?;
    let to = day("to", to.as_deref().unwrap_or(""))?;
    if to < from {
        return Err(Error::new(
            ErrorCode::PortalStatsRangeInverted,
            &[("from", &from.to_string()), ("to", &to.to_string())],
        ));
    }
    if let Some(limit) = latest_to(from)
        && to > limit
    {
        return Err(Error::new(
            ErrorCode::PortalStatsRangeTooLong,
            &[
                ("from", &from.to_string()),
                ("to", &to.to_string()),
                ("limit", &limit.to_string()),
            ],
        ));
    }
    Ok(Query {
        device: kind == "device",
        named,
        from,
        to,
    })
}

impl Query {
    /// The target, or the refusal for one that does not exist.
    fn resolved(&self, conn: &Connection) -> super::Result<Target> {
        if self.device {
            match ids::parse(ids::DEVICE, &self.named) {
                Some(id) if device_exists(conn, id)? => Ok(Target::Device(id)),
                _ => Err(Error::new(
                    ErrorCode::PortalDeviceNotFound,
                    &[("id", &self.named)],
                )),
            }
        } else {
            match ids::parse(ids::STORE, &self.named) {
                Some(id) if store_exists(conn, id)? => Ok(Target::Store(id)),
                _ => Err(Error::new(
                    ErrorCode::PortalStoreNotFound,
                    &[("id", &self.named)],
                )),
            }
        }
    }
}

fn money(cents: i64) -> Money2 {
    Money2::from_cents(cents)
}

/// The four charts of `target` from `from` to `to`.
pub(crate) fn compute(
    conn: &Connection,
    target: Target,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Stats, DbError> {
    let (column, id) = target.column();
    let (first, last) = (from.to_string(), to.to_string());
    let range = params![id, first, last];

    let mut days: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT day, SUM(sales_cents), SUM(voids_cents), SUM(returns_cents) FROM dc_stat_days
         WHERE {column} = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY day"
    ))?;
    for row in stmt.query_map(range, |r| {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
    })? {
        let (day, sums) = row?;
        days.insert(day, sums);
    }
    let daily = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|date| {
            let (sales, voids, returns) = days.get(&date.to_string()).copied().unwrap_or_default();
            DailyTotal {
                date,
                total: money(sales - voids - returns),
                sales: money(sales),
                voids: money(voids),
                returns: money(returns),
            }
        })
        .collect();

    let mut by_payment = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT type, SUM(amount_cents) FROM dc_stat_payments
         WHERE {column} = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY type"
    ))?;
    for row in stmt.query_map(range, |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (method, cents) = row?;
        let method = PaymentType::parse(&method)
            .ok_or_else(|| DbError::Corrupt(format!("payment type {method:?}")))?;
        by_payment.push(PaymentTotal {
            method,
            total: money(cents),
        });
    }
    by_payment.sort_by_key(|p| p.method);

    let mut by_vat = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT vat_code, SUM(gross_cents), SUM(net_cents), SUM(vat_cents) FROM dc_stat_lines
         WHERE {column} = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY vat_code"
    ))?;
    for row in stmt.query_map(range, |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })? {
        let (code, gross, net, vat) = row?;
        let vat_code =
            VatCode::parse(&code).ok_or_else(|| DbError::Corrupt(format!("VAT code {code:?}")))?;
        by_vat.push(VatTotal {
            vat_code,
            total: money(gross),
            taxable: Some(money(net)),
            vat: Some(money(vat)),
        });
    }
    by_vat.sort_by_key(|v| v.vat_code);

    let mut items = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT description, SUM(quantity_milli), SUM(gross_cents) FROM dc_stat_lines
         WHERE {column} = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY description"
    ))?;
    for row in stmt.query_map(range, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        items.push(row?);
    }
    items.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let by_item = items
        .into_iter()
        .map(|(description, milli, cents)| ItemTotal {
            description,
            quantity: Decimal::new(milli, 3).normalize(),
            total: money(cents),
        })
        .collect();

    Ok(Stats {
        daily,
        by_payment,
        by_vat,
        by_item,
    })
}

impl Account {
    /// The statistics `query` (a query string, see the module's doc) asks for, with the name
    /// of its files (`dev-1-2026-01-01-2026-01-31`). `daily_only` (for `daily.csv`) also
    /// refuses a range of one day.
    pub(crate) async fn stats(
        &self,
        query: &str,
        daily_only: bool,
    ) -> super::Result<(Stats, String)> {
        let query = parse_query(query)?;
        let checked = query.clone();
        let (stats, target) = self
            .db
            .read(move |conn| {
                let target = checked.resolved(conn)?;
                if daily_only && checked.to <= checked.from {
                    return Err(Error::new(
                        ErrorCode::PortalDailyRangeTooShort,
                        &[
                            ("from", &checked.from.to_string()),
                            ("to", &checked.to.to_string()),
                        ],
                    ));
                }
                Ok((compute(conn, target, checked.from, checked.to)?, target))
            })
            .await?;
        let name = format!("{}-{}-{}", target.wire(), query.from, query.to);
        Ok((stats, name))
    }
}

fn csv_section<T: Serialize>(columns: &[&str], rows: &[T]) -> Result<Vec<u8>, DbError> {
    let broken = |e: csv::Error| DbError::Corrupt(format!("writing the CSV: {e}"));
    let mut out = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    out.write_record(columns).map_err(broken)?;
    for row in rows {
        out.serialize(row).map_err(broken)?;
    }
    out.into_inner()
        .map_err(|e| DbError::Corrupt(format!("writing the CSV: {e}")))
}

/// `daily.csv`: the daily totals.
pub(crate) fn daily_csv_bytes(stats: &Stats) -> Result<Vec<u8>, DbError> {
    csv_section(DAILY_COLUMNS, &stats.daily)
}

/// `export.csv`: the four sections, an empty line between two.
pub(crate) fn export_csv_bytes(stats: &Stats) -> Result<Vec<u8>, DbError> {
    let sections = [
        csv_section(DAILY_COLUMNS, &stats.daily)?,
        csv_section(PAYMENT_COLUMNS, &stats.by_payment)?,
        csv_section(VAT_COLUMNS, &stats.by_vat)?,
        csv_section(ITEM_COLUMNS, &stats.by_item)?,
    ];
    Ok(sections.join(&b'\n'))
}

/// Empties the running totals (with the documents, by `seed::wipe`).
pub(crate) fn wipe(conn: &Connection) -> Result<(), DbError> {
    conn.execute_batch(
        "DELETE FROM dc_stat_days; DELETE FROM dc_stat_payments; DELETE FROM dc_stat_lines;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;

//! The generated WHMCS data: its mix, its invariants and its determinism.

use crate::db::{Db, DbError, Location};
use crate::seed;
use chrono::NaiveDate;
use dckit_contracts::fiscal::{CodiceFiscale, PartitaIva};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

fn today() -> NaiveDate {
    "2019-06-15".parse().unwrap()
}

/// Runs `job` on a fresh in-memory store holding the demo data of `seed`.
async fn with_demo<T: Send + 'static>(
    seed: u64,
    job: impl FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
) -> T {
    let store = Db::open(&Location::Memory).unwrap();
    store
        .write(move |conn| {
            seed::generate(conn, seed, today())?;
            job(conn)
        })
        .await
        .unwrap()
}

/// Every row of every WHMCS table, as text.
fn dump(conn: &Connection) -> Result<String, DbError> {
    let mut out = String::new();
    for table in [
        "whmcs_customfields",
        "whmcs_clients",
        "whmcs_customfieldsvalues",
        "whmcs_invoices",
        "whmcs_invoiceitems",
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..columns {
                out.push_str(&format!("{:?}|", row.get_ref(i)?));
            }
            out.push('\n');
        }
    }
    Ok(out)
}

fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>, DbError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn count(conn: &Connection, sql: &str) -> Result<i64, DbError> {
    Ok(conn.query_row(sql, [], |row| row.get(0))?)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_rows_and_another_seed_others() {
    let a = with_demo(42, dump).await;
    let b = with_demo(42, dump).await;
    let c = with_demo(43, dump).await;
    assert!(a.len() > 100_000, "{} bytes", a.len());
    assert!(a == b, "seed 42 gave two different data sets");
    assert!(a != c, "seeds 42 and 43 gave the same data");
}

#[tokio::test]
async fn the_demo_data_has_the_documented_mix() {
    let (clients, invoices, notes, statuses, types) = with_demo(42, |conn| {
        Ok((
            count(conn, "SELECT count(*) FROM whmcs_clients")?,
            count(
                conn,
                "SELECT count(*) FROM whmcs_invoices WHERE type = 'Invoice'",
            )?,
            count(
                conn,
                "SELECT count(*) FROM whmcs_invoices WHERE type = 'CreditNote'",
            )?,
            strings(conn, "SELECT DISTINCT status FROM whmcs_invoices")?,
            strings(conn, "SELECT DISTINCT type FROM whmcs_invoiceitems")?,
        ))
    })
    .await;
    assert_eq!(clients, 60);
    assert!((550..=700).contains(&invoices), "{invoices} invoices");
    assert_eq!(notes, 40);
    let statuses: BTreeSet<String> = statuses.into_iter().collect();
    let expected: BTreeSet<String> = [
        "Draft",
        "Unpaid",
        "Paid",
        "Cancelled",
        "Refunded",
        "Collections",
        "Payment Pending",
    ]
    .map(String::from)
    .into();
    assert_eq!(statuses, expected);
    let types: BTreeSet<String> = types.into_iter().collect();
    let expected: BTreeSet<String> = [
        "",
        "Addon",
        "Domain",
        "DomainGraceFee",
        "Hosting",
        "Invoice",
        "Item",
        "LateFee",
        "PromoHosting",
        "Setup",
        "Upgrade",
    ]
    .map(String::from)
    .into();
    assert_eq!(types, expected);
}

#[tokio::test]
async fn documents_cover_today_yesterday_and_a_draft_for_tomorrow() {
    let by_date = with_demo(42, |conn| {
        let mut stmt = conn.prepare("SELECT date, status FROM whmcs_invoices")?;
        let rows = stmt.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))?;
        let mut by_date: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in rows {
            let (date, status) = row?;
            by_date.entry(date).or_default().push(status);
        }
        Ok(by_date)
    })
    .await;
    assert!(by_date["2019-06-15"].len() >= 2);
    assert!(!by_date["2019-06-14"].is_empty());
    assert_eq!(by_date["2019-06-16"], ["Draft"]);
    assert_eq!(
        by_date.keys().next().map(String::as_str),
        Some("2017-12-15")
    );
    assert_eq!(
        by_date.keys().last().map(String::as_str),
        Some("2019-06-16")
    );
}

#[tokio::test]
async fn numbers_amounts_and_references_are_consistent() {
    let problems = with_demo(42, |conn| {
        let mut problems = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT id, type, num, status, date, datepaid, subtotal_cents, credit_cents,
                    tax_cents, taxrate_bp, ref_invoice_id
             FROM whmcs_invoices ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut last_date = String::new();
        let mut nums = BTreeSet::new();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let kind: String = row.get(1)?;
            let num: String = row.get(2)?;
            let status: String = row.get(3)?;
            let date: String = row.get(4)?;
            let paid: String = row.get(5)?;
            let subtotal: i64 = row.get(6)?;
            let credit: i64 = row.get(7)?;
            let tax: i64 = row.get(8)?;
            let rate: i64 = row.get(9)?;
            let reference: Option<i64> = row.get(10)?;
            if date < last_date {
                problems.push(format!("{id}: IDs do not follow dates"));
            }
            last_date = date.clone();
            let numbered = matches!(status.as_str(), "Paid" | "Refunded");
            let year = &date[..4];
            let well_numbered = match kind.as_str() {
                "Invoice" if numbered => num.starts_with(&format!("{year}/")),
                "Invoice" => num.is_empty(),
                _ => num.starts_with(&format!("NC{year}/")) && status == "Paid",
            };
            if !well_numbered {
                problems.push(format!("{id}: {kind} {status} numbered {num:?} on {date}"));
            }
            if !num.is_empty() && !nums.insert(num.clone()) {
                problems.push(format!("{id}: number {num} repeated"));
            }
            if numbered != (paid != super::NOT_PAID) && kind == "Invoice" {
                problems.push(format!("{id}: {status} paid at {paid}"));
            }
            let items: i64 = conn.query_row(
                "SELECT coalesce(sum(amount_cents), 0) FROM whmcs_invoiceitems WHERE invoice_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if items != subtotal {
                problems.push(format!("{id}: items {items} != subtotal {subtotal}"));
            }
            if credit < 0 || tax < 0 || (rate == 0 && tax != 0) {
                problems.push(format!("{id}: credit {credit} tax {tax} rate {rate}"));
            }
            match (kind.as_str(), reference) {
                ("CreditNote", Some(r)) => {
                    let (rtype, rdate): (String, String) = conn.query_row(
                        "SELECT type, date FROM whmcs_invoices WHERE id = ?1",
                        [r],
                        |x| Ok((x.get(0)?, x.get(1)?)),
                    )?;
                    let relids = strings(
                        conn,
                        &format!(
                            "SELECT DISTINCT CAST(relid AS TEXT) FROM whmcs_invoiceitems
                             WHERE invoice_id = {id}"
                        ),
                    )?;
                    if rtype != "Invoice" || rdate > date {
                        problems.push(format!("{id}: credits {r}, a {rtype} of {rdate}"));
                    }
                    if relids != [r.to_string()] {
                        problems.push(format!("{id}: lines refer to {relids:?}, not {r}"));
                    }
                }
                ("Invoice", None) => {}
                _ => problems.push(format!("{id}: {kind} refers to {reference:?}")),
            }
        }
        Ok(problems)
    })
    .await;
    assert!(problems.is_empty(), "{problems:#?}");
}

#[tokio::test]
async fn italian_identifiers_are_valid_and_foreign_clients_are_placed() {
    let (fields, europe) = with_demo(42, |conn| {
        let fields = {
            let mut stmt = conn.prepare(
                "SELECT c.country, v.field_id, v.value FROM whmcs_customfieldsvalues v
                 JOIN whmcs_clients c ON c.id = v.client_id ORDER BY v.client_id, v.field_id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<Vec<(String, i64, String)>, _>>()?
        };
        let europe = {
            let mut stmt = conn.prepare(
                "SELECT country, member_state, region, monetary_union, vies, moss, taxexempt,
                        currency
                 FROM whmcs_clients WHERE country <> 'IT' ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(format!(
                    "{}:{}:{}:{}{}{}:{}:{}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })?;
            rows.collect::<Result<BTreeSet<String>, _>>()?
        };
        Ok((fields, europe))
    })
    .await;
    let mut checked = 0;
    for (country, field, value) in &fields {
        match (country.as_str(), field, value.as_str()) {
            ("IT", 1, "") => {}
            ("IT", 1, piva) => {
                assert!(PartitaIva::parse(piva).is_ok(), "{piva}");
                checked += 1;
            }
            ("IT", 2, cf) => {
                assert!(CodiceFiscale::parse(cf).is_ok(), "{cf}");
                checked += 1;
            }
            ("IT", 3, code) => assert_eq!(code.len(), 7, "{code}"),
            (_, 3, code) => assert_eq!(code, "XXXXXXX"),
            _ => {}
        }
    }
    assert!(checked >= 42, "{checked} identifiers checked");
    for expected in [
        "DK:DK:Europe:011:1:1",
        "ES:ES:Africa:100:1:1",
        "RE:FR:Africa:100:1:1",
        "GF:FR:South-America:100:1:1",
        "US:::000:1:2",
        "CA:::000:0:1",
        "SE:SE:Europe:001:0:1",
        "DE:DE:Europe:111:1:1",
    ] {
        assert!(europe.contains(expected), "{expected} not in {europe:#?}");
    }
}

#[tokio::test]
async fn bulk_data_has_the_asked_size() {
    let store = Db::open(&Location::Memory).unwrap();
    let counts = store
        .write(|conn| {
            seed::wipe(conn)?;
            seed::generate_whmcs_bulk(conn, 7, today(), 3_000, 100)?;
            Ok::<_, DbError>((
                count(
                    conn,
                    "SELECT count(*) FROM whmcs_invoices WHERE type = 'Invoice'",
                )?,
                count(
                    conn,
                    "SELECT count(*) FROM whmcs_invoices WHERE type = 'CreditNote'",
                )?,
                count(conn, "SELECT count(*) FROM whmcs_clients")?,
                count(conn, "SELECT min(date) = '2019-03-08' FROM whmcs_invoices")?,
            ))
        })
        .await
        .unwrap();
    assert_eq!(counts, (3_000, 200, 60, 1));
}

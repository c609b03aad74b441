//! The DataCash demo data: the same seed gives the same rows, and they follow the rules.

use super::documents::check_document;
use super::sales::{BAR, random_sale};
use super::{DAYS, other_keys};
use crate::db::DbError;
use crate::db::{Db, Location};
use chrono::{NaiveDate, NaiveDateTime};

async fn seeded(seed: u64, today: NaiveDate) -> Db {
    let store = Db::open(&Location::Memory).unwrap();
    store
        .write(move |conn| super::super::generate(conn, seed, today))
        .await
        .unwrap();
    store
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 15).unwrap()
}

/// The rows of every table that depend only on the seed (the demo key's hash and hint
/// depend on the data directory).
async fn dump(store: &Db) -> Vec<String> {
    store
        .read(|conn| {
            let mut out = Vec::new();
            for (table, order) in [
                ("dc_accounts", "id"),
                ("dc_licences", "id"),
                ("dc_keys WHERE id > 1", "id"),
                ("dc_devices", "id"),
                ("dc_documents", "id"),
                ("dc_document_lines", "document_id, line_no"),
                ("dc_document_payments", "document_id, seq"),
                ("dc_counter_days", "key_id, instance, day"),
                ("dc_counters", "key_id, instance"),
            ] {
                let query = format!("SELECT * FROM {table} ORDER BY {order}");
                crate::db::dump_rows(conn, &query, table, &mut out)?;
            }
            Ok::<_, DbError>(out)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn the_same_seed_gives_the_same_rows_and_another_seed_others() {
    let a = dump(&seeded(42, today()).await).await;
    let b = dump(&seeded(42, today()).await).await;
    let c = dump(&seeded(43, today()).await).await;
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.len() > 10_000, "{} rows", a.len());
}

#[tokio::test]
async fn the_account_matches_the_design_and_documents_add_up() {
    let store = seeded(7, today()).await;
    let facts = store
        .read(|conn| {
            let q = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok::<_, DbError>([
                q("SELECT COUNT(*) FROM dc_accounts WHERE contract_signed_at IS NULL")?,
                q("SELECT keys_allowed FROM dc_licences")?,
                q("SELECT COUNT(*) FROM dc_keys WHERE deactivated_at IS NULL")?,
                q("SELECT COUNT(*) FROM dc_keys WHERE deactivated_at IS NOT NULL")?,
                q("SELECT COUNT(*) FROM dc_stores")?,
                q("SELECT COUNT(*) FROM dc_devices")?,
                // Every document's payments add up to its total.
                q("SELECT COUNT(*) FROM dc_documents d WHERE total_cents !=
                   (SELECT COALESCE(SUM(amount_cents), 0) FROM dc_document_payments p WHERE p.document_id = d.id)")?,
                // Every key's counter equals its documents.
                q("SELECT COUNT(*) FROM dc_counters c WHERE instance = 'dco' AND total !=
                   (SELECT COUNT(*) FROM dc_documents d WHERE d.key_id = c.key_id)")?,
                q("SELECT COUNT(DISTINCT day) FROM dc_documents")?,
                q("SELECT COUNT(*) FROM dc_documents WHERE kind = 'A'")?,
                q("SELECT COUNT(*) FROM dc_documents WHERE kind = 'R'")?,
                q("SELECT COUNT(*) FROM dc_documents WHERE lottery_code IS NOT NULL")?,
                q("SELECT COUNT(DISTINCT vat_code) FROM dc_document_lines")?,
                q("SELECT COUNT(*) FROM dc_documents WHERE day >= '2026-02-15'")?,
                q("SELECT COUNT(*) FROM (SELECT key_id, progressivo FROM dc_documents
                   WHERE key_id IS NOT NULL GROUP BY 1, 2 HAVING COUNT(*) > 1)")?,
            ])
        })
        .await
        .unwrap();
    let [
        unsigned,
        allowed,
        active,
        deactivated,
        stores,
        devices,
        unpaid,
        miscounted,
        days,
        voids,
        returns,
        lottery,
        vat_codes,
        today_docs,
        duplicates,
    ] = facts;
    assert_eq!((unsigned, allowed, active, deactivated), (1, 3, 2, 1));
    assert_eq!((stores, devices), (2, 4));
    assert_eq!((unpaid, miscounted, today_docs, duplicates), (0, 0, 0, 0));
    assert_eq!(days, DAYS);
    assert!(
        voids > 20 && returns > 20 && lottery > 100,
        "{voids} {returns} {lottery}"
    );
    assert!(vat_codes >= 7, "{vat_codes}");
}

#[test]
fn other_keys_are_those_of_the_seed() {
    assert_eq!(other_keys(42), other_keys(42));
    assert_ne!(other_keys(42), other_keys(43));
    assert!(other_keys(1)[0].starts_with("dk_live_"));
}

#[test]
fn random_sales_follow_the_rules() {
    let mut rng = super::super::rng(3, "x");
    let weights: Vec<u32> = BAR.iter().map(|p| p.4).collect();
    let total = weights.iter().sum();
    for _ in 0..2000 {
        let sale = random_sale(&mut rng, &weights, total);
        let doc = sale.to_document(Some(1), (1, 1), NaiveDateTime::MIN, None);
        check_document(&doc).unwrap();
        assert!((1..=8).contains(&sale.lines.len()));
    }
}

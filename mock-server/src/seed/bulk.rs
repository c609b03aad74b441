//! Large DataCash data sets for benchmarks of the account area, added to a seeded store.
//!
//! [`generate_datacash_bulk`] adds, next to the demo data (which it needs: the account and its
//! licence):
//!
//! * a store **"Negozio bulk"** with one cash register whose documents hold `store_lines`
//!   lines, spread evenly over the `days` days ending yesterday: sales of 1–7 lines (4 on
//!   average) of 24 products at every VAT rate, paid cash, by card or with meal vouchers,
//!   about 1.5 % of them voided and 1.5 % partly returned the same day — the data set of the
//!   statistics benchmark (one store over three months);
//! * a store **"Contatore bulk"** with a new API key (its device, bound to the account's
//!   partita IVA, labelled "Bulk counter") that issued `counter_documents` one-line sales over
//!   the same days, numbered and counted as `/api/dco` counts them (`dc_counters`,
//!   `dc_counter_days`) — the data set of the counter export benchmark.
//!
//! Documents go through the same tables (and so the same statistics triggers) as those of
//! `/api/dco`, with every total consistent: payments add up to each document's total, lines
//! to its gross. The same arguments always give the same rows, except the new key's value,
//! which follows `seed`.

use crate::account::keys::{NewDevice, NewKey};
use crate::datacash::money;
use crate::datacash::records::{IDTRX_BASE, progressivo};
use crate::db::DbError;
use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};
use dckit_contracts::model::datacash::{PaymentType, VatCode};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};
use rust_decimal::Decimal;

/// What [`generate_datacash_bulk`] added (row ids as stored: `store-N`, `dev-N`, `key-N` on
/// the wire).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatacashBulk {
    /// The store of the statistics data set.
    pub store_id: i64,
    /// Its cash register.
    pub register_id: i64,
    /// Documents issued in that store (sales, voids, returns).
    pub store_documents: usize,
    /// Their lines (at least the `store_lines` asked for).
    pub store_lines: usize,
    /// The key of the counter data set.
    pub key_id: i64,
    /// Its clear value (`Datacash-Key`).
    pub key: String,
    /// Its device.
    pub key_device_id: i64,
    /// Documents counted for the key on `dco`.
    pub counter_documents: usize,
    /// The first day holding documents.
    pub first_day: NaiveDate,
    /// The last day holding documents (yesterday).
    pub last_day: NaiveDate,
}

/// Products of the bulk sales: description, price in cents, VAT code.
const PRODUCTS: &[(&str, i64, VatCode)] = &[
    ("Caffè espresso", 120, VatCode::Vat10),
    ("Cappuccino", 160, VatCode::Vat10),
    ("Cornetto alla crema", 150, VatCode::Vat10),
    ("Tramezzino", 300, VatCode::Vat10),
    ("Spremuta d'arancia", 350, VatCode::Vat10),
    ("Acqua minerale 0,5 L", 100, VatCode::Vat10),
    ("Panino al prosciutto", 450, VatCode::Vat10),
    ("Torta (fetta)", 350, VatCode::Vat10),
    ("Spritz", 550, VatCode::Vat10),
    ("Pasticcini (vassoio)", 1200, VatCode::Vat10),
    ("Gianduiotti 250 g", 950, VatCode::Vat22),
    ("Caffè in grani 1 kg", 2490, VatCode::Vat22),
    ("Vino rosso 0,75 L", 1400, VatCode::Vat22),
    ("Ombrello", 990, VatCode::Vat22),
    ("Caramelle", 280, VatCode::Vat22),
    ("Basilico in vaso", 250, VatCode::Vat5),
    ("Assorbenti", 390, VatCode::Vat5),
    ("Pane comune", 380, VatCode::Vat4),
    ("Latte fresco 1 L", 179, VatCode::Vat4),
    ("Grissini 250 g", 290, VatCode::Vat4),
    ("Marca da bollo", 1600, VatCode::N1),
    ("Quotidiano", 190, VatCode::N2),
    ("Biglietto autobus", 190, VatCode::N2),
    ("Francobollo", 125, VatCode::N4),
];

/// One line, stored form.
struct Line {
    description: &'static str,
    vat: VatCode,
    quantity_milli: i64,
    unit_price_cents: i64,
    gross_cents: i64,
    net_cents: i64,
    vat_cents: i64,
}

fn random_line(rng: &mut ChaCha8Rng) -> Line {
    let (description, price, vat) = *PRODUCTS.choose(rng).unwrap_or(&PRODUCTS[0]);
    let quantity = *[1i64, 1, 1, 1, 2, 2, 3].choose(rng).unwrap_or(&1);
    let amounts = money::line(
        Decimal::new(price, 2),
        Decimal::from(quantity),
        Decimal::ZERO,
        false,
        vat,
    );
    Line {
        description,
        vat,
        quantity_milli: quantity * 1000,
        unit_price_cents: price,
        gross_cents: money::to_cents(amounts.gross),
        net_cents: money::to_cents(amounts.net),
        vat_cents: money::to_cents(amounts.vat),
    }
}

/// Prepared inserts shared by both data sets.
struct Writer<'c> {
    conn: &'c Connection,
    next_id: i64,
}

impl Writer<'_> {
    /// Stores one document with its lines and one payment; returns its id.
    #[allow(clippy::too_many_arguments)]
    fn document(
        &mut self,
        key_id: Option<i64>,
        (device, store): (i64, i64),
        kind: &str,
        number: &str,
        at: chrono::NaiveDateTime,
        lines: &[&Line],
        payment: PaymentType,
        linked: Option<i64>,
    ) -> Result<i64, DbError> {
        let id = self.next_id;
        self.next_id += 1;
        let gross: i64 = lines.iter().map(|l| l.gross_cents).sum();
        let vat: i64 = lines.iter().map(|l| l.vat_cents).sum();
        self.conn
            .prepare_cached(
                "INSERT INTO dc_documents (id, key_id, device_id, store_id, kind, progressivo,
                     issued_at, day, gross_cents, discount_cents, total_cents, vat_cents, linked_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?9, ?10, ?11)",
            )?
            .execute(params![
                id,
                key_id,
                device,
                store,
                kind,
                number,
                crate::db::time::format(at),
                at.date().to_string(),
                gross,
                vat,
                linked
            ])?;
        let mut insert_line = self.conn.prepare_cached(
            "INSERT INTO dc_document_lines (document_id, line_no, sale_line, description,
                 vat_code, quantity_milli, unit_price_cents, discount_cents, gift, gross_cents,
                 net_cents, vat_cents)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, ?8, ?9, ?10)",
        )?;
        for (i, line) in lines.iter().enumerate() {
            let no = i64::try_from(i + 1).unwrap_or(1);
            insert_line.execute(params![
                id,
                no,
                linked.map(|_| no),
                line.description,
                line.vat.as_str(),
                line.quantity_milli,
                line.unit_price_cents,
                line.gross_cents,
                line.net_cents,
                line.vat_cents
            ])?;
        }
        self.conn
            .prepare_cached(
                "INSERT INTO dc_document_payments (document_id, seq, type, amount_cents)
                 VALUES (?1, 1, ?2, ?3)",
            )?
            .execute(params![id, payment.as_str(), gross])?;
        Ok(id)
    }
}

fn insert_store(conn: &Connection, name: &str) -> Result<i64, DbError> {
    conn.execute(
        "INSERT INTO dc_stores (account_id, name, address) VALUES (1, ?1, '')",
        [name],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Adds the bulk data sets described in this module's documentation to a store holding the
/// DataCash demo data: `store_lines` lines in one store and `counter_documents` documents for
/// one key, over the `days` days (at least 1) ending the day before `today`.
pub fn generate_datacash_bulk(
    conn: &Connection,
    seed: u64,
    today: NaiveDate,
    store_lines: usize,
    counter_documents: usize,
    days: u32,
) -> Result<DatacashBulk, DbError> {
    // Millions of index updates: a page cache that holds the indexes (256 MiB at most, freed
    // when the previous size is set back) instead of SQLite's default 2 MiB.
    let cache: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -262_144)?;
    let sizes = Sizes {
        store_lines,
        counter_documents,
        days,
    };
    let generated = generate(conn, seed, today, sizes);
    conn.pragma_update(None, "cache_size", cache)?;
    generated
}

/// How much [`generate_datacash_bulk`] was asked for.
struct Sizes {
    store_lines: usize,
    counter_documents: usize,
    days: u32,
}

fn generate(
    conn: &Connection,
    seed: u64,
    today: NaiveDate,
    sizes: Sizes,
) -> Result<DatacashBulk, DbError> {
    let Sizes {
        store_lines,
        counter_documents,
        days,
    } = sizes;
    let mut rng = super::rng(seed, "datacash-bulk");
    let days = i64::from(days.max(1));
    let first_day = today - TimeDelta::days(days);
    let last_day = today - TimeDelta::days(1);
    let (licence, partita_iva): (i64, String) = conn.query_row(
        "SELECT l.id, a.partita_iva FROM dc_licences l JOIN dc_accounts a ON a.id = l.account_id
         WHERE a.id = 1 ORDER BY l.expires_on DESC, l.id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let next_id: i64 = conn.query_row(
        "SELECT COALESCE(MAX(id), ?1) + 1 FROM dc_documents",
        [IDTRX_BASE],
        |r| r.get(0),
    )?;
    let mut writer = Writer { conn, next_id };
    let day_start = |offset: i64| (first_day + TimeDelta::days(offset)).and_time(NaiveTime::MIN);
    // Documents of a day spread over 07:00–20:00.
    let at = |offset: i64, i: usize, per_day: usize| {
        let span = 13 * 3600 * 1000 / i64::try_from(per_day.max(1)).unwrap_or(1);
        day_start(offset)
            + TimeDelta::hours(7)
            + TimeDelta::milliseconds(span * i64::try_from(i).unwrap_or(0)).max(TimeDelta::zero())
    };

    // The statistics data set: a register in its own store.
    let store_id = insert_store(conn, "Negozio bulk")?;
    conn.execute(
        "INSERT INTO dc_devices (account_id, store_id, kind, key_id, name, model, serial)
         VALUES (1, ?1, 'register', NULL, 'Cassa bulk', 'Epson FP-81 II RT', ?2)",
        params![store_id, format!("BULK{store_id:07}")],
    )?;
    let register_id = conn.last_insert_rowid();
    let lines_per_day = store_lines.div_ceil(usize::try_from(days).unwrap_or(1));
    let (mut store_documents, mut written) = (0usize, 0usize);
    for offset in 0..days {
        let date = first_day + TimeDelta::days(offset);
        let target = (lines_per_day * usize::try_from(offset + 1).unwrap_or(0)).min(store_lines);
        let mut sales = Vec::new();
        let mut planned = 0;
        while written + planned < target {
            let n = rng.random_range(1..=7usize).min(target - written - planned);
            let lines: Vec<Line> = (0..n).map(|_| random_line(&mut rng)).collect();
            planned += n;
            sales.push(lines);
        }
        let per_day = sales.len();
        let mut number = 0;
        for (i, lines) in sales.iter().enumerate() {
            let t = at(offset, i, per_day);
            let payment = *[
                PaymentType::Cash,
                PaymentType::Electronic,
                PaymentType::Electronic,
                PaymentType::TicketRestaurant,
            ]
            .choose(&mut rng)
            .unwrap_or(&PaymentType::Cash);
            let all: Vec<&Line> = lines.iter().collect();
            number += 1;
            let sale = writer.document(
                None,
                (register_id, store_id),
                "V",
                &format!("RT{}/{:04}-{number:04}", date.year(), offset + 1),
                t,
                &all,
                payment,
                None,
            )?;
            store_documents += 1;
            written += lines.len();
            let roll = rng.random_range(0..1000);
            // Voids and returns repeat lines already counted: they do not add to `written`
            // as planned, so the store ends with slightly more lines than asked.
            if roll < 30 {
                let (kind, back) = if roll < 15 {
                    ("A", all.clone())
                } else {
                    ("R", vec![all[0]])
                };
                number += 1;
                writer.document(
                    None,
                    (register_id, store_id),
                    kind,
                    &format!("RT{}/{:04}-{number:04}", date.year(), offset + 1),
                    t + TimeDelta::seconds(30),
                    &back,
                    payment,
                    Some(sale),
                )?;
                store_documents += 1;
            }
        }
    }
    let store_lines_written: i64 = conn.query_row(
        "SELECT COUNT(*) FROM dc_document_lines l JOIN dc_documents d ON d.id = l.document_id
         WHERE d.store_id = ?1",
        [store_id],
        |r| r.get(0),
    )?;

    // The counter data set: a key in its own store.
    let key_store = insert_store(conn, "Contatore bulk")?;
    let body: String = (0..32)
        .map(|_| {
            char::from(
                *b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
                    .choose(&mut rng)
                    .unwrap_or(&b'A'),
            )
        })
        .collect();
    let key = format!("dk_live_{body}");
    let created =
        crate::db::time::format((first_day - TimeDelta::days(1)).and_time(NaiveTime::MIN));
    let inserted = crate::account::keys::insert(
        conn,
        &NewKey {
            id: None,
            account: 1,
            licence,
            key: &key,
            partita_iva: &partita_iva,
            label: "Bulk counter",
            created_at: &created,
            deactivated_at: None,
            closure_base: 100,
            device: NewDevice {
                id: None,
                store: Some(key_store),
                name: Some("Bulk counter"),
            },
        },
    )?;
    let (key_id, key_device_id) = (inserted.key, inserted.device);
    let per_day = counter_documents.div_ceil(usize::try_from(days).unwrap_or(1));
    let mut counted = 0usize;
    for offset in 0..days {
        let today_count = per_day.min(counter_documents - counted);
        if today_count == 0 {
            break;
        }
        let date = first_day + TimeDelta::days(offset);
        let closure = 100 + offset + 1;
        for i in 0..today_count {
            let line = random_line(&mut rng);
            let n = i64::try_from(i + 1).unwrap_or(1);
            writer.document(
                Some(key_id),
                (key_device_id, key_store),
                "V",
                &progressivo(date.year(), closure, n),
                at(offset, i, today_count),
                &[&line],
                PaymentType::Electronic,
                None,
            )?;
        }
        conn.execute(
            "INSERT INTO dc_counter_days (key_id, instance, day, closure, count)
             VALUES (?1, 'dco', ?2, ?3, ?4)",
            params![
                key_id,
                date.to_string(),
                closure,
                i64::try_from(today_count).unwrap_or(0)
            ],
        )?;
        counted += today_count;
    }
    conn.execute(
        "UPDATE dc_counters SET total = ?2 WHERE key_id = ?1 AND instance = 'dco'",
        params![key_id, i64::try_from(counted).unwrap_or(0)],
    )?;
    Ok(DatacashBulk {
        store_id,
        register_id,
        store_documents,
        store_lines: usize::try_from(store_lines_written).unwrap_or(0),
        key_id,
        key,
        key_device_id,
        counter_documents: counted,
        first_day,
        last_day,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Db, Location};

    #[tokio::test]
    async fn bulk_data_adds_up_and_follows_the_seed() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
        let run = |seed: u64| async move {
            let store = Db::open(&Location::Memory).unwrap();
            store
                .write(move |conn| {
                    super::super::generate(conn, 1, today)?;
                    let bulk = generate_datacash_bulk(conn, seed, today, 2_000, 700, 10)?;
                    let q = |sql: &str, id: i64| conn.query_row(sql, [id], |r| r.get::<_, i64>(0));
                    let facts = [
                        // Payments add up to every document's total.
                        q("SELECT COUNT(*) FROM dc_documents d WHERE store_id = ?1 AND total_cents !=
                           (SELECT SUM(amount_cents) FROM dc_document_payments WHERE document_id = d.id)", bulk.store_id)?,
                        // The running totals agree with the documents.
                        q("SELECT (SELECT SUM(sales_cents - voids_cents - returns_cents) FROM dc_stat_days WHERE store_id = ?1)
                              - (SELECT SUM(CASE kind WHEN 'V' THEN total_cents ELSE -total_cents END) FROM dc_documents WHERE store_id = ?1)", bulk.store_id)?,
                        q("SELECT (SELECT SUM(amount_cents) FROM dc_stat_payments WHERE store_id = ?1)
                              - (SELECT SUM(sales_cents - voids_cents - returns_cents) FROM dc_stat_days WHERE store_id = ?1)", bulk.store_id)?,
                        // The counter counts the key's documents, and so do its days.
                        q("SELECT total - (SELECT COUNT(*) FROM dc_documents WHERE key_id = ?1) FROM dc_counters WHERE key_id = ?1 AND instance = 'dco'", bulk.key_id)?,
                        q("SELECT SUM(count) FROM dc_counter_days WHERE key_id = ?1", bulk.key_id)?,
                        q("SELECT COUNT(DISTINCT day) FROM dc_documents WHERE store_id = ?1", bulk.store_id)?,
                    ];
                    Ok::<_, DbError>((bulk, facts))
                })
                .await
                .unwrap()
        };
        let (bulk, facts) = run(5).await;
        assert_eq!(facts, [0, 0, 0, 0, 700, 10]);
        assert!(
            bulk.store_lines >= 2_000 && bulk.store_lines < 2_200,
            "{bulk:?}"
        );
        assert_eq!(bulk.counter_documents, 700);
        assert_eq!(
            (bulk.first_day.to_string(), bulk.last_day.to_string()),
            ("2026-02-05".into(), "2026-02-14".into())
        );
        let (again, _) = run(5).await;
        assert_eq!(again, bulk);
        assert_ne!(run(6).await.0.key, bulk.key);
    }
}

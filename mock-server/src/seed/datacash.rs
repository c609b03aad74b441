//! Demo data of the DataCash: account, licence, keys, stores, devices and 90 days of documents.
//!
//! The account "Bar Pasticceria Aurora S.r.l." (contract **not** signed) holds a `developer`
//! licence allowing 3 keys, valid for two more months, with 2 active keys and 1 deactivated
//! one (mock-server/PORTAL.md):
//!
//! | key | bound to | device | store |
//! |---|---|---|---|
//! | demo key (`datacash key:` in the banner) | the account's partita IVA | Cassa 1 | Aurora Centro |
//! | second key | Aurora Lingotto S.r.l. | Cassa Lingotto | Aurora Lingotto |
//! | deactivated 30 days ago | Aurora Catering S.r.l. | Tablet catering | Aurora Lingotto |
//!
//! plus a cash register "Cassa 2" in Aurora Centro issuing its own documents (without a key).
//! Documents cover the 90 days before today (today itself starts empty): sales of 1–8 lines of
//! bar, pastry and shop products at 22/10/5/4 % and N codes, paid cash, by card, with meal
//! vouchers or mixed, some with a lottery code, line discounts, gifts and discounts at payment;
//! about 1.5 % of sales are voided minutes later and 2 % partly returned within three days.
//!
//! Everything is drawn from the seed except the demo key's value, which is made once per data
//! directory and kept in the settings (so the banner's key stays valid across resets). The other
//! keys' values come from the seed too ([`other_keys`]), so tests can use them.

use crate::account::keys::{NewDevice, NewKey};
use crate::datacash::cancel::{return_of, void_of};
use crate::datacash::records::{self, NewDocument};
use crate::datacash::sale::{Sale, SaleLine};
use crate::datacash::service::setting;
use crate::db::{DbError, get_setting, set_setting};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use dckit_contracts::fiscal::PartitaIva;
use dckit_contracts::model::datacash::{PaymentType, VatCode};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

/// How many days of documents are generated, ending yesterday.
pub(crate) const DAYS: i64 = 90;

/// The alphabet of API keys (as `secrets::generate`).
const KEY_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/// The clear values of the seeded keys other than the demo key: `[active, deactivated]`.
pub(crate) fn other_keys(seed: u64) -> [String; 2] {
    draw_keys(&mut super::rng(seed, "datacash"))
}

fn draw_keys(rng: &mut ChaCha8Rng) -> [String; 2] {
    let mut key = || {
        let body: String = (0..32)
            .map(|_| char::from(*KEY_ALPHABET.choose(rng).unwrap_or(&b'A')))
            .collect();
        format!("dk_live_{body}")
    };
    [key(), key()]
}

/// A fresh demo key value (random, not from the seed): the one made for a new data directory.
pub(crate) fn new_demo_key() -> String {
    crate::secrets::generate("dk_live_", 32)
}

/// The `dc_keys` id of the demo key.
pub(crate) const DEMO_KEY_ID: i64 = 1;

/// A partita IVA drawn at random, with a valid office code and check digit.
fn partita_iva(rng: &mut ChaCha8Rng) -> Result<String, DbError> {
    let number: u32 = rng.random_range(1_000_000..9_999_999);
    let office: u32 = rng.random_range(1..=100);
    let first10 = format!("{number:07}{office:03}");
    PartitaIva::with_check_digit(&first10)
        .map(|p| p.as_str().to_owned())
        .map_err(|e| DbError::Corrupt(format!("generated partita IVA {first10}: {e}")))
}

/// Generates the DataCash demo data as of `today`.
pub(crate) fn generate(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
) -> Result<(), DbError> {
    let [other_key, old_key] = draw_keys(rng);
    let demo_key = match get_setting(conn, setting::DEMO_KEY)? {
        Some(key) => key,
        None => {
            let key = new_demo_key();
            set_setting(conn, setting::DEMO_KEY, &key)?;
            key
        }
    };
    let seller = partita_iva(rng)?;
    let lingotto = partita_iva(rng)?;
    let catering = partita_iva(rng)?;
    let day = |offset: i64| (today - TimeDelta::days(offset)).to_string();
    let at = |offset: i64, time: &str| format!("{} {time}", day(offset));

    conn.execute(
        "INSERT INTO dc_accounts (id, name, email, partita_iva, address, created_at, contract_signed_at)
         VALUES (1, 'Bar Pasticceria Aurora S.r.l.', 'amministrazione@baraurora.example', ?1,
                 'Via Garibaldi 12, 10122 Torino (TO)', ?2, NULL)",
        params![seller, at(400, "09:12:00")],
    )?;
    conn.execute(
        "INSERT INTO dc_licences (id, account_id, tier, starts_on, expires_on, keys_allowed)
         VALUES (1, 1, 'developer', ?1, ?2, 3)",
        params![day(300), day(-65)],
    )?;
    conn.execute_batch(
        "INSERT INTO dc_stores (id, account_id, name, address) VALUES
             (1, 1, 'Aurora Centro', 'Via Garibaldi 12, 10122 Torino (TO)'),
             (2, 1, 'Aurora Lingotto', 'Via Nizza 230, 10126 Torino (TO)');",
    )?;
    // Each key with its device: (device id, store, name).
    let keys = [
        (
            DEMO_KEY_ID,
            &demo_key,
            &seller,
            "Gestionale cassa Centro",
            290,
            None,
            (1, 1, "Cassa 1"),
        ),
        (
            2,
            &other_key,
            &lingotto,
            "Aurora Lingotto S.r.l.",
            200,
            None,
            (3, 2, "Cassa Lingotto"),
        ),
        (
            3,
            &old_key,
            &catering,
            "Aurora Catering S.r.l.",
            280,
            Some(30),
            (4, 2, "Tablet catering"),
        ),
    ];
    for (id, key, piva, label, created, deactivated, (device, store, name)) in keys {
        let closure_base: i64 = rng.random_range(900..6000);
        crate::account::keys::insert(
            conn,
            &NewKey {
                id: Some(id),
                account: 1,
                licence: 1,
                key,
                partita_iva: piva,
                label,
                created_at: &at(created, "10:00:00"),
                deactivated_at: deactivated.map(|d| at(d, "18:30:00")).as_deref(),
                closure_base,
                device: NewDevice {
                    id: Some(device),
                    store: Some(store),
                    name: Some(name),
                },
            },
        )?;
    }
    conn.execute_batch(
        "INSERT INTO dc_devices (id, account_id, store_id, kind, key_id, name, model, serial) VALUES
             (2, 1, 1, 'register', NULL, 'Cassa 2', 'Epson FP-81 II RT', '99MEX012345');",
    )?;
    documents(conn, rng, today)
}

/// Deletes the DataCash data (the demo key's value stays in the settings).
pub(crate) fn wipe(conn: &Connection) -> Result<(), DbError> {
    conn.execute_batch(
        "DELETE FROM dc_webhook_outbox;
         DELETE FROM dc_pending;
         DELETE FROM dc_expired_credentials;
         DELETE FROM dc_document_payments;
         DELETE FROM dc_document_lines;
         DELETE FROM dc_documents;
         DELETE FROM dc_counter_days;
         DELETE FROM dc_counters;
         DELETE FROM dc_devices;
         DELETE FROM dc_stores;
         DELETE FROM dc_keys;
         DELETE FROM dc_addons;
         DELETE FROM dc_licences;
         DELETE FROM dc_accounts;",
    )?;
    Ok(())
}

/// A product: description, price in cents, VAT code, sold by weight (kg) or by the piece,
/// and how often it sells.
type Product = (&'static str, i64, VatCode, bool, u32);

const BAR: &[Product] = &[
    ("Caffè espresso", 120, VatCode::Vat10, false, 40),
    ("Caffè macchiato", 130, VatCode::Vat10, false, 12),
    ("Cappuccino", 160, VatCode::Vat10, false, 25),
    (
        "Caffè d'orzo in tazza grande",
        140,
        VatCode::Vat10,
        false,
        4,
    ),
    ("Cioccolata calda con panna", 300, VatCode::Vat10, false, 4),
    ("Tè caldo", 200, VatCode::Vat10, false, 3),
    ("Spremuta d'arancia", 350, VatCode::Vat10, false, 5),
    ("Cornetto alla crema", 150, VatCode::Vat10, false, 22),
    ("Cornetto integrale al miele", 150, VatCode::Vat10, false, 8),
    ("Bombolone alla crema", 180, VatCode::Vat10, false, 5),
    ("Tramezzino tonno e pomodoro", 300, VatCode::Vat10, false, 7),
    ("Panino crudo e mozzarella", 450, VatCode::Vat10, false, 6),
    (
        "Toast prosciutto e formaggio",
        380,
        VatCode::Vat10,
        false,
        6,
    ),
    ("Focaccia genovese", 250, VatCode::Vat10, false, 5),
    (
        "Acqua minerale naturale 0,5 L",
        100,
        VatCode::Vat10,
        false,
        10,
    ),
    ("Succo di frutta alla pesca", 250, VatCode::Vat10, false, 4),
    ("Aranciata San Pellegrino", 280, VatCode::Vat10, false, 3),
    ("Spritz Aperol", 550, VatCode::Vat10, false, 5),
    ("Bicerin", 450, VatCode::Vat10, false, 3),
    ("Bignè al cioccolato", 120, VatCode::Vat10, false, 6),
    ("Torta della nonna (fetta)", 350, VatCode::Vat10, false, 4),
    ("Pasticcini mignon (kg)", 3200, VatCode::Vat10, true, 5),
    ("Gianduiotti sfusi (kg)", 4500, VatCode::Vat22, true, 2),
    ("Gianduiotti Caffarel 250 g", 950, VatCode::Vat22, false, 2),
    ("Caramelle Rossana (busta)", 280, VatCode::Vat22, false, 2),
    ("Gomme da masticare", 150, VatCode::Vat22, false, 3),
    ("Caffè in grani 1 kg", 2490, VatCode::Vat22, false, 1),
    ("Barbera d'Asti DOCG 0,75 L", 1400, VatCode::Vat22, false, 1),
    ("Ombrello pieghevole", 990, VatCode::Vat22, false, 1),
    (
        "Assorbenti igienici (confezione)",
        390,
        VatCode::Vat5,
        false,
        1,
    ),
    ("Basilico in vaso", 250, VatCode::Vat5, false, 1),
    ("Pane comune (kg)", 380, VatCode::Vat4, true, 4),
    (
        "Grissini torinesi stirati 250 g",
        290,
        VatCode::Vat4,
        false,
        3,
    ),
    ("Latte fresco intero 1 L", 179, VatCode::Vat4, false, 2),
    ("Marca da bollo 16,00 euro", 1600, VatCode::N1, false, 1),
    ("Quotidiano La Stampa", 190, VatCode::N2, false, 4),
    ("Ricarica telefonica 10 euro", 1000, VatCode::N2, false, 1),
    ("Biglietto GTT corsa singola", 190, VatCode::N2, false, 2),
    ("Gratta e Vinci 5 euro", 500, VatCode::N4, false, 1),
    ("Francobollo posta ordinaria", 125, VatCode::N4, false, 1),
];

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

fn documents(conn: &Connection, rng: &mut ChaCha8Rng, today: NaiveDate) -> Result<(), DbError> {
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

/// A lottery code: 8 upper-case letters and digits.
fn lottery_code(rng: &mut ChaCha8Rng) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..8)
        .map(|_| char::from(*ALNUM.choose(rng).unwrap_or(&b'A')))
        .collect()
}

fn pick<'a>(rng: &mut ChaCha8Rng, weights: &[u32], total: u32) -> &'a Product {
    let mut roll = rng.random_range(0..total.max(1));
    for (product, w) in BAR.iter().zip(weights) {
        if roll < *w {
            return product;
        }
        roll -= w;
    }
    &BAR[0]
}

fn random_sale(rng: &mut ChaCha8Rng, weights: &[u32], total: u32) -> Sale {
    let count = *[1usize, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8]
        .choose(rng)
        .unwrap_or(&1);
    let whole_gift = rng.random_range(0..1000) < 3;
    let lines: Vec<SaleLine> = (0..count)
        .map(|_| {
            let (description, price, vat, by_weight, _) = *pick(rng, weights, total);
            let quantity = if by_weight {
                Decimal::new(rng.random_range(30..=240) * 5, 3)
            } else {
                Decimal::from(
                    *[1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 6]
                        .choose(rng)
                        .unwrap_or(&1),
                )
            };
            let unit_price = Decimal::new(price, 2);
            let value = crate::datacash::money::cents(unit_price * quantity);
            let discount = if rng.random_range(0..100) < 4 && value > Decimal::ONE {
                Decimal::new(rng.random_range(1..=10) * 10, 2).min(value)
            } else {
                Decimal::ZERO
            };
            SaleLine {
                vat,
                description: description.to_owned(),
                unit_price,
                quantity,
                discount,
                gift: whole_gift || (price <= 200 && rng.random_range(0..100) < 2),
            }
        })
        .collect();
    let mut sale = Sale {
        lines,
        discount: Decimal::ZERO,
        gift: whole_gift,
        lottery: None,
        payments: Vec::new(),
        linked: None,
        multisede: None,
    };
    let gross = sale.gross();
    if !whole_gift && gross > Decimal::from(10) && rng.random_range(0..100) < 3 {
        sale.discount = Decimal::new(rng.random_range(1..=4) * 50, 2);
    }
    let to_pay = sale.amount_to_pay();
    if to_pay.is_zero() {
        return sale;
    }
    let roll = rng.random_range(0..100);
    sale.payments = if roll < 45 {
        vec![(PaymentType::Cash, to_pay)]
    } else if roll < 90 {
        vec![(PaymentType::Electronic, to_pay)]
    } else if roll < 94 && to_pay >= Decimal::from(4) {
        vec![(PaymentType::TicketRestaurant, to_pay)]
    } else if to_pay > Decimal::from(8) {
        let first = if rng.random_bool(0.5) {
            PaymentType::TicketRestaurant
        } else {
            PaymentType::Cash
        };
        let part = Decimal::from(rng.random_range(1..=4) * 2).min(to_pay - Decimal::ONE);
        vec![(first, part), (PaymentType::Electronic, to_pay - part)]
    } else {
        vec![(PaymentType::Cash, to_pay)]
    };
    if sale
        .payments
        .iter()
        .any(|(t, _)| *t == PaymentType::Electronic)
        && rng.random_range(0..100) < 25
    {
        sale.lottery = Some(lottery_code(rng));
    }
    sale
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Db, Location};

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
                    let mut stmt =
                        conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
                    let n = stmt.column_count();
                    let rows = stmt.query_map([], |r| {
                        let cells: Vec<String> = (0..n)
                            .map(|i| format!("{:?}", r.get_ref(i).map(|v| format!("{v:?}"))))
                            .collect();
                        Ok(cells.join("|"))
                    })?;
                    for row in rows {
                        out.push(format!("{table}: {}", row?));
                    }
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
}

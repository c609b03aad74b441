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

mod documents;
mod keys;
mod sales;

pub(crate) use keys::other_keys;

use crate::account::keys::{NewDevice, NewKey};
use crate::datacash::service::setting;
use crate::db::{DbError, get_setting, set_setting};
use chrono::{NaiveDate, TimeDelta};
pub(crate) use keys::{DEMO_KEY_ID, new_demo_key};
use keys::{draw_keys, partita_iva};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};

/// How many days of documents are generated, ending yesterday.
pub(crate) const DAYS: i64 = 90;

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
    documents::documents(conn, rng, today)
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

#[cfg(test)]
mod tests;

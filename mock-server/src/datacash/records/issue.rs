//! Issuing a document: its `idtrx`, its number, its key's counters, its lines and payments,
//! written in one go.

use super::NewDocument;
use crate::db::DbError;
use chrono::{NaiveDate, NaiveDateTime};
use dckit_contracts::model::datacash::OperationType;
use dckit_contracts::model::portal::Instance;
use rusqlite::{Connection, OptionalExtension, params};

/// The `idtrx` of the first document ever issued is one more than this.
pub(crate) const IDTRX_BASE: i64 = 1_000_000_000;

/// A counter after a document was counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Counted {
    /// The key.
    pub(crate) key_id: i64,
    /// The instance.
    pub(crate) instance: Instance,
    /// The day counted.
    pub(crate) day: NaiveDate,
    /// Documents ever, this one included.
    pub(crate) total: u64,
    /// Documents that day, this one included.
    pub(crate) day_count: u64,
    /// The document.
    pub(crate) idtrx: i64,
    /// What it is.
    pub(crate) kind: OperationType,
    /// The temporary id of a sale held while the agency was down.
    pub(crate) temp_id: Option<String>,
}

/// What [`issue`] gave the document.
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    /// Its `idtrx`.
    pub(crate) idtrx: i64,
    /// Its `progressivo`.
    pub(crate) progressivo: String,
    /// When it was issued.
    pub(crate) issued_at: NaiveDateTime,
    /// Its key's counter afterwards (none for a register's document).
    pub(crate) counted: Option<Counted>,
}

/// `DCW{year}/{closure:04}-{n:04}`: the closure is the key's day number, `n` the document's
/// number within that day.
pub(crate) fn progressivo(year: i32, closure: i64, n: i64) -> String {
    format!("DCW{year}/{closure:04}-{n:04}")
}

/// Stores `doc` with the next `idtrx`, numbers it and counts it for its key.
pub(crate) fn issue(conn: &Connection, doc: &NewDocument) -> Result<Issued, DbError> {
    let idtrx: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(id), ?1) + 1 FROM dc_documents")?
        .query_row([IDTRX_BASE], |r| r.get(0))?;
    let day = doc.issued_at.date();
    let (number, counted) = match (doc.key_id, &doc.number) {
        (Some(key_id), _) => {
            let (closure, n, total) = count(conn, key_id, Instance::Dco, day)?;
            let counted = Counted {
                key_id,
                instance: Instance::Dco,
                day,
                total,
                day_count: u64::try_from(n).unwrap_or(0),
                idtrx,
                kind: doc.kind,
                temp_id: doc.temp_id.clone(),
            };
            (
                progressivo(chrono::Datelike::year(&day), closure, n),
                Some(counted),
            )
        }
        (None, Some(number)) => (number.clone(), None),
        (None, None) => {
            return Err(DbError::Corrupt(
                "a document without a key needs its own number".into(),
            ));
        }
    };
    let vat_cents: i64 = doc.lines.iter().map(|l| l.vat_cents).sum();
    let gross_cents: i64 = doc.lines.iter().map(|l| l.gross_cents).sum();
    conn.prepare_cached(
        "INSERT INTO dc_documents (id, key_id, device_id, store_id, kind, progressivo, issued_at,
             day, gross_cents, discount_cents, total_cents, vat_cents, gift, lottery_code,
             linked_id, temp_id, multisede)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        idtrx,
        doc.key_id,
        doc.device_id,
        doc.store_id,
        doc.kind.as_str(),
        number,
        crate::db::time::format(doc.issued_at),
        day.to_string(),
        gross_cents,
        doc.discount_cents,
        doc.total_cents,
        vat_cents,
        doc.gift,
        doc.lottery,
        doc.linked,
        doc.temp_id,
        doc.multisede,
    ])?;
    let mut insert_line = conn.prepare_cached(
        "INSERT INTO dc_document_lines (document_id, line_no, sale_line, description, vat_code,
             quantity_milli, unit_price_cents, discount_cents, gift, gross_cents, net_cents,
             vat_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (i, l) in doc.lines.iter().enumerate() {
        insert_line.execute(params![
            idtrx,
            i64::try_from(i + 1).unwrap_or(i64::MAX),
            l.sale_line,
            l.description,
            l.vat_code.as_str(),
            l.quantity_milli,
            l.unit_price_cents,
            l.discount_cents,
            l.gift,
            l.gross_cents,
            l.net_cents,
            l.vat_cents,
        ])?;
    }
    let mut insert_payment = conn.prepare_cached(
        "INSERT INTO dc_document_payments (document_id, seq, type, amount_cents)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, (tipo, cents)) in doc.payments.iter().enumerate() {
        insert_payment.execute(params![
            idtrx,
            i64::try_from(i + 1).unwrap_or(i64::MAX),
            tipo.as_str(),
            cents
        ])?;
    }
    Ok(Issued {
        idtrx,
        progressivo: number,
        issued_at: doc.issued_at,
        counted,
    })
}

/// Counts one more document for `key_id` on `instance` on `day`; returns the day's closure
/// number, the document's number within the day, and the key's new total.
fn count(
    conn: &Connection,
    key_id: i64,
    instance: Instance,
    day: NaiveDate,
) -> Result<(i64, i64, u64), DbError> {
    let day_text = day.to_string();
    let existing: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT closure, count FROM dc_counter_days
             WHERE key_id = ?1 AND instance = ?2 AND day = ?3",
        )?
        .query_row(params![key_id, instance.as_str(), day_text], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (closure, n) = match existing {
        Some((closure, count)) => {
            conn.prepare_cached(
                "UPDATE dc_counter_days SET count = count + 1
                 WHERE key_id = ?1 AND instance = ?2 AND day = ?3",
            )?
            .execute(params![key_id, instance.as_str(), day_text])?;
            (closure, count + 1)
        }
        None => {
            let closure: i64 = conn
                .prepare_cached(
                    "SELECT COALESCE(
                        (SELECT MAX(closure) FROM dc_counter_days WHERE key_id = ?1 AND instance = ?2),
                        (SELECT closure_base FROM dc_keys WHERE id = ?1), 0) + 1",
                )?
                .query_row(params![key_id, instance.as_str()], |r| r.get(0))?;
            conn.prepare_cached(
                "INSERT INTO dc_counter_days (key_id, instance, day, closure, count)
                 VALUES (?1, ?2, ?3, ?4, 1)",
            )?
            .execute(params![key_id, instance.as_str(), day_text, closure])?;
            (closure, 1)
        }
    };
    let total: i64 = conn
        .prepare_cached(
            "INSERT INTO dc_counters (key_id, instance, total) VALUES (?1, ?2, 1)
             ON CONFLICT (key_id, instance) DO UPDATE SET total = total + 1
             RETURNING total",
        )?
        .query_row(params![key_id, instance.as_str()], |r| r.get(0))?;
    Ok((closure, n, u64::try_from(total).unwrap_or(0)))
}

/// The api-key device of `key_id` and its store, created in the account's first store if the
/// key has none yet.
pub(crate) fn device_of_key(conn: &Connection, key_id: i64) -> Result<(i64, i64), DbError> {
    let found: Option<(i64, i64)> = conn
        .prepare_cached("SELECT id, store_id FROM dc_devices WHERE key_id = ?1")?
        .query_row([key_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some(found) = found {
        return Ok(found);
    }
    let (account_id, hint): (i64, String) = conn.query_row(
        "SELECT account_id, key_hint FROM dc_keys WHERE id = ?1",
        [key_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let store_id = crate::account::first_store(conn, account_id)?;
    conn.execute(
        "INSERT INTO dc_devices (account_id, store_id, kind, key_id, name, model, serial)
         VALUES (?1, ?2, 'api-key', ?3, ?4, 'API', ?5)",
        params![
            account_id,
            store_id,
            key_id,
            format!("API {hint}"),
            format!("API-{key_id:06}")
        ],
    )?;
    Ok((conn.last_insert_rowid(), store_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_look_like_the_services() {
        assert_eq!(progressivo(2026, 5111, 2188), "DCW2026/5111-2188");
        assert_eq!(progressivo(2026, 7, 1), "DCW2026/0007-0001");
    }
}

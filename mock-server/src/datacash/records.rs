//! The documents in the store: issuing one (number, counters, lines, payments in one go),
//! loading one with what happened to it since, and listing them by day.
//!
//! Every function runs inside a store job, so a document and its counters are written in the
//! same transaction.

use super::money::from_milli;
use crate::db::DbError;
use chrono::{NaiveDate, NaiveDateTime};
use dckit_contracts::model::datacash::{OperationType, PaymentType, VatCode};
use dckit_contracts::model::portal::Instance;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// The `idtrx` of the first document ever issued is one more than this.
pub(crate) const IDTRX_BASE: i64 = 1_000_000_000;

/// A line as stored (amounts in cents, quantity in thousandths).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredLine {
    /// For a return, the sale's line it gives back; for a void, the sale's line it repeats.
    pub(crate) sale_line: Option<i64>,
    /// `descrizioneProdotto`.
    pub(crate) description: String,
    /// `aliquotaIVA`.
    pub(crate) vat_code: VatCode,
    /// `quantita` × 1000.
    pub(crate) quantity_milli: i64,
    /// `prezzoLordo` in cents.
    pub(crate) unit_price_cents: i64,
    /// `scontoLordo` in cents.
    pub(crate) discount_cents: i64,
    /// `omaggioElemento`.
    pub(crate) gift: bool,
    /// What the customer pays for the line (0 for a gift).
    pub(crate) gross_cents: i64,
    /// `gross_cents` without VAT.
    pub(crate) net_cents: i64,
    /// The VAT in `gross_cents`.
    pub(crate) vat_cents: i64,
}

/// A document about to be issued.
#[derive(Clone, Debug)]
pub(crate) struct NewDocument {
    /// Sale, void or return.
    pub(crate) kind: OperationType,
    /// The key it is issued with; `None` for a cash register's own document.
    pub(crate) key_id: Option<i64>,
    /// The device it is issued on.
    pub(crate) device_id: i64,
    /// The device's store.
    pub(crate) store_id: i64,
    /// When (Europe/Rome).
    pub(crate) issued_at: NaiveDateTime,
    /// The number, for a register's document; a key's documents are numbered by [`issue`].
    pub(crate) number: Option<String>,
    /// The lines.
    pub(crate) lines: Vec<StoredLine>,
    /// The payments (or refunds), in cents.
    pub(crate) payments: Vec<(PaymentType, i64)>,
    /// `totaleScontiAPagare` in cents.
    pub(crate) discount_cents: i64,
    /// `ammontareComplessivo` in cents.
    pub(crate) total_cents: i64,
    /// `omaggio`.
    pub(crate) gift: bool,
    /// `codiceLotteria`.
    pub(crate) lottery: Option<String>,
    /// The sale a void or return refers to, or a sale's `documentoCommercialeCollegato`.
    pub(crate) linked: Option<i64>,
    /// The temporary id of a sale fiscalised late.
    pub(crate) temp_id: Option<String>,
    /// `multisede` as sent.
    pub(crate) multisede: Option<String>,
}

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
pub(crate) fn count(
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
    let store_id: Option<i64> = conn.query_row(
        "SELECT MIN(id) FROM dc_stores WHERE account_id = ?1",
        [account_id],
        |r| r.get(0),
    )?;
    let store_id = match store_id {
        Some(id) => id,
        None => {
            conn.execute(
                "INSERT INTO dc_stores (account_id, name, address) VALUES (?1, 'Sede', '')",
                [account_id],
            )?;
            conn.last_insert_rowid()
        }
    };
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

/// A stored document with what it refers to and, for a sale, what happened to it since.
#[derive(Clone, Debug)]
pub(crate) struct StoredDocument {
    /// Its `idtrx`.
    pub(crate) idtrx: i64,
    /// Sale, void or return.
    pub(crate) kind: OperationType,
    /// Its number.
    pub(crate) progressivo: String,
    /// When.
    pub(crate) issued_at: NaiveDateTime,
    /// Lines, in order.
    pub(crate) lines: Vec<StoredLine>,
    /// Payments, in order.
    pub(crate) payments: Vec<(PaymentType, i64)>,
    /// `totaleScontiAPagare`.
    pub(crate) discount_cents: i64,
    /// `ammontareComplessivo`.
    pub(crate) total_cents: i64,
    /// `omaggio`.
    pub(crate) gift: bool,
    /// `codiceLotteria`.
    pub(crate) lottery: Option<String>,
    /// The document it refers to: `(idtrx, progressivo, issued_at)`.
    pub(crate) linked: Option<(i64, String, NaiveDateTime)>,
    /// Whether a void of it exists.
    pub(crate) voided: bool,
    /// Its returns so far: `(total_cents, quantity returned per sale line in thousandths,
    /// gross returned per sale line in cents, refunds per payment type in cents)`.
    pub(crate) returns: Returns,
    /// The device's name.
    pub(crate) device: String,
}

/// What the returns of a sale gave back so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct Returns {
    /// How many returns.
    pub(crate) count: u64,
    /// Their total in cents.
    pub(crate) total_cents: i64,
    /// Quantity returned per sale line (thousandths).
    pub(crate) quantity_milli: HashMap<i64, i64>,
    /// Gross returned per sale line (cents).
    pub(crate) gross_cents: HashMap<i64, i64>,
    /// Refunded per payment type (cents).
    pub(crate) refunded: HashMap<PaymentType, i64>,
}

use crate::db::time::parse as parse_time;

fn parse_kind(text: &str) -> Result<OperationType, DbError> {
    OperationType::parse(text).ok_or_else(|| DbError::Corrupt(format!("document kind {text:?}")))
}

fn parse_payment(text: &str) -> Result<PaymentType, DbError> {
    PaymentType::parse(text).ok_or_else(|| DbError::Corrupt(format!("payment type {text:?}")))
}

/// The document `idtrx` issued with `key_id` (`None`: by a register), if it exists.
pub(crate) fn load(
    conn: &Connection,
    key_id: Option<i64>,
    idtrx: i64,
) -> Result<Option<StoredDocument>, DbError> {
    type Row = (
        String,
        String,
        String,
        i64,
        i64,
        bool,
        Option<String>,
        Option<i64>,
        String,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT d.kind, d.progressivo, d.issued_at, d.discount_cents, d.total_cents, d.gift,
                    d.lottery_code, d.linked_id, v.name
             FROM dc_documents d JOIN dc_devices v ON v.id = d.device_id
             WHERE d.id = ?1 AND d.key_id IS ?2",
        )?
        .query_row(params![idtrx, key_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .optional()?;
    let Some((kind, progressivo, issued_at, discount, total, gift, lottery, linked_id, device)) =
        row
    else {
        return Ok(None);
    };
    let linked = match linked_id {
        None => None,
        Some(id) => conn
            .prepare_cached("SELECT progressivo, issued_at FROM dc_documents WHERE id = ?1")?
            .query_row([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
            .map(|(p, t)| parse_time(&t).map(|t| (id, p, t)))
            .transpose()?,
    };
    let kind = parse_kind(&kind)?;
    let (voided, returns) = if kind == OperationType::Sale {
        (voided(conn, idtrx)?, returns(conn, idtrx)?)
    } else {
        (false, Returns::default())
    };
    Ok(Some(StoredDocument {
        idtrx,
        kind,
        progressivo,
        issued_at: parse_time(&issued_at)?,
        lines: lines(conn, idtrx)?,
        payments: payments(conn, idtrx)?,
        discount_cents: discount,
        total_cents: total,
        gift,
        lottery,
        linked,
        voided,
        returns,
        device,
    }))
}

/// Whether a document exists for `key_id`.
pub(crate) fn exists(conn: &Connection, key_id: i64, idtrx: i64) -> Result<bool, DbError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM dc_documents WHERE id = ?1 AND key_id = ?2")?
        .query_row(params![idtrx, key_id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn voided(conn: &Connection, sale: i64) -> Result<bool, DbError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM dc_documents WHERE linked_id = ?1 AND kind = 'A' LIMIT 1")?
        .query_row([sale], |_| Ok(()))
        .optional()?
        .is_some())
}

fn returns(conn: &Connection, sale: i64) -> Result<Returns, DbError> {
    let mut out = Returns::default();
    let (count, total): (i64, i64) = conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(total_cents), 0) FROM dc_documents
             WHERE linked_id = ?1 AND kind = 'R'",
        )?
        .query_row([sale], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if count == 0 {
        return Ok(out);
    }
    out.count = u64::try_from(count).unwrap_or(0);
    out.total_cents = total;
    let mut stmt = conn.prepare_cached(
        "SELECT l.sale_line, SUM(l.quantity_milli), SUM(l.gross_cents)
         FROM dc_documents d JOIN dc_document_lines l ON l.document_id = d.id
         WHERE d.linked_id = ?1 AND d.kind = 'R' AND l.sale_line IS NOT NULL
         GROUP BY l.sale_line",
    )?;
    let rows = stmt.query_map([sale], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (line, qty, gross): (i64, i64, i64) = row?;
        out.quantity_milli.insert(line, qty);
        out.gross_cents.insert(line, gross);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT p.type, SUM(p.amount_cents)
         FROM dc_documents d JOIN dc_document_payments p ON p.document_id = d.id
         WHERE d.linked_id = ?1 AND d.kind = 'R' GROUP BY p.type",
    )?;
    let rows = stmt.query_map([sale], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
    for row in rows {
        let (tipo, cents): (String, i64) = row?;
        out.refunded.insert(parse_payment(&tipo)?, cents);
    }
    Ok(out)
}

fn lines(conn: &Connection, idtrx: i64) -> Result<Vec<StoredLine>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT sale_line, description, vat_code, quantity_milli, unit_price_cents,
                discount_cents, gift, gross_cents, net_cents, vat_cents
         FROM dc_document_lines WHERE document_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt.query_map([idtrx], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            [
                r.get::<_, i64>(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ],
            r.get::<_, bool>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (sale_line, description, vat, n, gift) = row?;
        out.push(StoredLine {
            sale_line,
            description,
            vat_code: VatCode::parse(&vat)
                .ok_or_else(|| DbError::Corrupt(format!("VAT code {vat:?}")))?,
            quantity_milli: n[0],
            unit_price_cents: n[1],
            discount_cents: n[2],
            gift,
            gross_cents: n[3],
            net_cents: n[4],
            vat_cents: n[5],
        });
    }
    Ok(out)
}

fn payments(conn: &Connection, idtrx: i64) -> Result<Vec<(PaymentType, i64)>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT type, amount_cents FROM dc_document_payments WHERE document_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([idtrx], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (tipo, cents): (String, i64) = row?;
        out.push((parse_payment(&tipo)?, cents));
    }
    Ok(out)
}

/// One row of `findDocuments`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listed {
    /// `idtrx`.
    pub(crate) idtrx: i64,
    /// `numeroProgressivo`.
    pub(crate) progressivo: String,
    /// `data`.
    pub(crate) issued_at: NaiveDateTime,
    /// `ammontareComplessivo` in cents.
    pub(crate) total_cents: i64,
    /// `tipoOperazione`.
    pub(crate) kind: OperationType,
    /// `annulli`: on a sale `"A"` when voided, on a void the voided sale's progressivo.
    pub(crate) annulli: String,
    /// `resi`: on a sale `"R"` when returned, on a return the returned sale's progressivo.
    pub(crate) resi: String,
}

/// The documents of `key_id` issued from `start` to `end` (days, both included), oldest first.
pub(crate) fn list(
    conn: &Connection,
    key_id: i64,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<Listed>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.progressivo, d.issued_at, d.total_cents, d.kind,
           CASE d.kind
             WHEN 'V' THEN CASE WHEN EXISTS (SELECT 1 FROM dc_documents x
                 WHERE x.linked_id = d.id AND x.kind = 'A') THEN 'A' ELSE '' END
             WHEN 'A' THEN COALESCE(l.progressivo, '')
             ELSE '' END,
           CASE d.kind
             WHEN 'V' THEN CASE WHEN EXISTS (SELECT 1 FROM dc_documents x
                 WHERE x.linked_id = d.id AND x.kind = 'R') THEN 'R' ELSE '' END
             WHEN 'R' THEN COALESCE(l.progressivo, '')
             ELSE '' END
         FROM dc_documents d LEFT JOIN dc_documents l ON l.id = d.linked_id
         WHERE d.key_id = ?1 AND d.day BETWEEN ?2 AND ?3 ORDER BY d.issued_at, d.id",
    )?;
    let rows = stmt.query_map(params![key_id, start.to_string(), end.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (idtrx, progressivo, issued_at, total_cents, kind, annulli, resi) = row?;
        out.push(Listed {
            idtrx,
            progressivo,
            issued_at: parse_time(&issued_at)?,
            total_cents,
            kind: parse_kind(&kind)?,
            annulli,
            resi,
        });
    }
    Ok(out)
}

/// Who issues a key's documents, as printed at the top of a receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Seller {
    /// Business name.
    pub(crate) name: String,
    /// Address (may be empty).
    pub(crate) address: String,
    /// Partita IVA.
    pub(crate) partita_iva: String,
}

/// The seller of `key_id`'s documents: the account when the key is bound to the account's own
/// partita IVA, otherwise the key's label.
pub(crate) fn seller(conn: &Connection, key_id: i64) -> Result<Seller, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT k.partita_iva, k.label, a.partita_iva, a.name, a.address
             FROM dc_keys k JOIN dc_accounts a ON a.id = k.account_id WHERE k.id = ?1",
        )?
        .query_row([key_id], |r| {
            let key_piva: String = r.get(0)?;
            let label: String = r.get(1)?;
            let account_piva: String = r.get(2)?;
            Ok(if key_piva == account_piva {
                Seller {
                    name: r.get(3)?,
                    address: r.get(4)?,
                    partita_iva: key_piva,
                }
            } else {
                Seller {
                    name: label,
                    address: String::new(),
                    partita_iva: key_piva,
                }
            })
        })?)
}

impl StoredLine {
    /// The line's quantity.
    pub(crate) fn quantity(&self) -> rust_decimal::Decimal {
        from_milli(self.quantity_milli)
    }
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

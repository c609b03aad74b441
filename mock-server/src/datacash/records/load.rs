//! Loading one document with its lines, its payments, what it refers to and, for a sale,
//! what happened to it since (voided, returned).

use super::StoredLine;
use super::rows::{parse_kind, parse_payment};
use crate::db::DbError;
use crate::db::time::parse as parse_time;
use chrono::NaiveDateTime;
use dckit_contracts::model::datacash::{OperationType, PaymentType, VatCode};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

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
        .query_row(params![idtrx, key_id], |r| Row::try_from(r))
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

//! Listing a key's documents by day (`findDocuments`) and finding who issues them.

use super::rows::parse_kind;
use crate::db::DbError;
use crate::db::time::parse as parse_time;
use chrono::{NaiveDate, NaiveDateTime};
use dckit_contracts::model::datacash::OperationType;
use rusqlite::{Connection, params};

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

//! The documents behind a counter (the Excel icon of the vendor's document counter):
//! `GET /portal/v1/counters/{keyId}/{instance}/documents.csv` and `.xlsx`.
//!
//! Both list every document issued with the key on the instance, oldest first (in `idtrx`
//! order), as they stood when the request arrived (documents issued during the download are
//! left out), one row per document with the columns of [`CounterDocumentRow::COLUMNS`]:
//!
//! | column | CSV | workbook |
//! |---|---|---|
//! | `date` | RFC 3339 with the Rome offset, `2026-02-15T10:31:07+01:00` | date-time cell, Rome local time, shown `yyyy-mm-dd hh:mm:ss` |
//! | `type` | `vendita`, `annullo` or `reso` | text |
//! | `idtrx` | the transaction id | text (an id, not a number) |
//! | `progressivo` | the document number, `DCW2026/5111-2188` | text |
//! | `amount` | `ammontareComplessivo`, 2 decimals with a dot, always positive | number cell, format `0.00` |
//!
//! The CSV (comma-separated, UTF-8, `\n` line ends, fields quoted only when needed, header row
//! first) is streamed:
//! the rows are read from the store in chunks of [`CHUNK`] by id, each chunk a short read job
//! (the writer is never held for the whole export), and sent through a bounded channel, so
//! memory stays flat however many documents there are. A store failure mid-way breaks the
//! transfer (the client sees an incomplete chunked body, never a silently short file).
//!
//! The workbook has one sheet, `Documenti`, with the header row first. It is written in
//! rust_xlsxwriter's constant-memory mode (rows go to a temporary file as they come) and
//! then assembled in memory, so it costs about as much memory as the finished file (some
//! 25 bytes per document). An Excel sheet holds at most 1,048,576 rows: a counter with more
//! than [`MAX_XLSX_ROWS`] documents is refused with `PortalExportTooLarge`, pointing to the
//! CSV.

use super::licences::account_id;
use super::{Account, Error, ids, time};
use crate::db::{Db, DbError};
use chrono::{Datelike, NaiveDateTime, Timelike};
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::datacash::OperationType;
use dckit_contracts::model::money::Money2;
use dckit_contracts::model::portal::{CounterDocumentRow, DocumentKind, Instance};
use rusqlite::{OptionalExtension, params};
use rust_decimal::Decimal;
use tokio::sync::mpsc;

/// Documents read from the store at a time.
pub(crate) const CHUNK: usize = 5000;

/// Chunks waiting to be sent, at most.
const IN_FLIGHT: usize = 4;

/// The most documents a workbook holds: an Excel sheet's 1,048,576 rows less the header.
pub(crate) const MAX_XLSX_ROWS: u64 = 1_048_575;

/// A piece of the CSV as it is streamed; an error ends the transfer.
pub(crate) type CsvPiece = Result<Vec<u8>, std::io::Error>;

/// Which counter to export, and the last document it holds.
#[derive(Clone, Debug)]
pub(crate) struct Export {
    key_id: i64,
    instance: Instance,
    /// The highest `idtrx` when the request arrived.
    upto: i64,
    /// `documents-key-3-dco`: the file name without extension.
    name: String,
}

impl Export {
    /// The name of its file, without extension (`documents-key-3-dco`).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
}

impl Account {
    /// The export of the counter of key `key` on `instance` (as sent), bound to the documents
    /// issued so far. `PortalKeyNotFound`, `PortalInstanceUnknown`.
    pub(crate) async fn counter_export(&self, key: &str, instance: &str) -> super::Result<Export> {
        let not_found = || Error::new(ErrorCode::PortalKeyNotFound, &[("id", key)]);
        let key_id = ids::parse(ids::KEY, key).ok_or_else(not_found)?;
        let (exists, upto) = self
            .db
            .read(move |conn| {
                let account = account_id(conn)?;
                let exists = conn
                    .prepare_cached("SELECT 1 FROM dc_keys WHERE id = ?1 AND account_id = ?2")?
                    .query_row(params![key_id, account], |_| Ok(()))
                    .optional()?
                    .is_some();
                let upto: i64 = conn
                    .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM dc_documents")?
                    .query_row([], |r| r.get(0))?;
                Ok::<_, DbError>((exists, upto))
            })
            .await?;
        if !exists {
            return Err(not_found());
        }
        let instance = Instance::parse(instance)
            .ok_or_else(|| Error::new(ErrorCode::PortalInstanceUnknown, &[("value", instance)]))?;
        Ok(Export {
            key_id,
            instance,
            upto,
            name: format!("documents-{key}-{instance}"),
        })
    }

    /// The CSV of `export`, header first, as pieces read chunk by chunk by a task of its own
    /// while the receiver keeps up; a failure of the store is the last piece.
    pub(crate) fn export_csv(&self, export: Export) -> mpsc::Receiver<CsvPiece> {
        let (tx, rx) = mpsc::channel(IN_FLIGHT);
        tokio::spawn(produce_csv(self.db.clone(), export, tx));
        rx
    }

    /// The workbook of `export` (`key` as sent, for the refusal), stamped with the clock's
    /// now. `PortalExportTooLarge` past [`MAX_XLSX_ROWS`] documents.
    pub(crate) async fn export_xlsx(&self, export: Export, key: &str) -> super::Result<Vec<u8>> {
        let counted = export.clone();
        let rows: i64 = self
            .db
            .read(move |conn| {
                Ok::<_, DbError>(
                    conn.prepare_cached(
                        "SELECT COUNT(*) FROM dc_documents
                         WHERE key_id = ?1 AND instance = ?2 AND id <= ?3",
                    )?
                    .query_row(
                        params![counted.key_id, counted.instance.as_str(), counted.upto],
                        |r| r.get(0),
                    )?,
                )
            })
            .await?;
        if u64::try_from(rows).unwrap_or(0) > MAX_XLSX_ROWS {
            let csv = format!(
                "/portal/v1/counters/{key}/{}/documents.csv",
                export.instance
            );
            return Err(Error::new(
                ErrorCode::PortalExportTooLarge,
                &[
                    ("rows", &rows.to_string()),
                    ("limit", &MAX_XLSX_ROWS.to_string()),
                    ("csv", &csv),
                ],
            ));
        }
        let store = self.db.clone();
        let runtime = tokio::runtime::Handle::current();
        // Stamped with the mock's clock, so the same seed and clock give the same bytes.
        let created = self.clock.now().to_utc();
        let bytes =
            tokio::task::spawn_blocking(move || workbook(&runtime, &store, &export, created))
                .await
                .map_err(|e| DbError::Panicked(e.to_string()))??;
        Ok(bytes)
    }
}

/// One document as read.
struct Row {
    idtrx: i64,
    kind: OperationType,
    progressivo: String,
    issued_at: NaiveDateTime,
    total_cents: i64,
}

impl Row {
    fn wire(self) -> CounterDocumentRow {
        CounterDocumentRow {
            date: time::local(self.issued_at),
            kind: DocumentKind::from(self.kind),
            idtrx: self.idtrx.to_string(),
            progressivo: self.progressivo,
            amount: Money2::from_cents(self.total_cents),
        }
    }
}

/// Up to `limit` documents of `target` after `after`, in id order.
fn chunk(
    conn: &rusqlite::Connection,
    target: &Export,
    after: i64,
    limit: usize,
) -> Result<Vec<Row>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, progressivo, issued_at, total_cents FROM dc_documents
         WHERE key_id = ?1 AND instance = ?2 AND id > ?3 AND id <= ?4
         ORDER BY id LIMIT ?5",
    )?;
    let rows = stmt.query_map(
        params![
            target.key_id,
            target.instance.as_str(),
            after,
            target.upto,
            i64::try_from(limit).unwrap_or(i64::MAX)
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    let mut out = Vec::with_capacity(limit.min(CHUNK));
    for row in rows {
        let (idtrx, kind, progressivo, issued_at, total_cents) = row?;
        out.push(Row {
            idtrx,
            kind: OperationType::parse(&kind)
                .ok_or_else(|| DbError::Corrupt(format!("document kind {kind:?}")))?,
            progressivo,
            issued_at: crate::db::time::parse(&issued_at)?,
            total_cents,
        });
    }
    Ok(out)
}

/// Reads the next chunk after `after`: its rows as CSV (no header), the last id, how many.
async fn csv_chunk(
    store: &Db,
    target: &Export,
    after: i64,
) -> Result<(Vec<u8>, i64, usize), DbError> {
    let target = target.clone();
    store
        .read(move |conn| {
            let rows = chunk(conn, &target, after, CHUNK)?;
            let last = rows.last().map_or(after, |r| r.idtrx);
            let n = rows.len();
            let mut out = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::with_capacity(n * 72));
            for row in rows {
                out.serialize(row.wire())
                    .map_err(|e| DbError::Corrupt(format!("writing the CSV: {e}")))?;
            }
            let bytes = out
                .into_inner()
                .map_err(|e| DbError::Corrupt(format!("writing the CSV: {e}")))?;
            Ok((bytes, last, n))
        })
        .await
}

/// The header row of the CSV.
fn csv_header() -> Vec<u8> {
    let mut line = CounterDocumentRow::COLUMNS.join(",");
    line.push('\n');
    line.into_bytes()
}

/// Sends the CSV of `target` through `tx`, chunk by chunk, until done, the client leaves, or
/// the store fails (then the error ends the body).
async fn produce_csv(store: Db, target: Export, tx: mpsc::Sender<CsvPiece>) {
    if tx.send(Ok(csv_header())).await.is_err() {
        return;
    }
    let mut after = 0;
    loop {
        match csv_chunk(&store, &target, after).await {
            Ok((bytes, last, n)) => {
                if n > 0 && tx.send(Ok(bytes)).await.is_err() {
                    return; // the client went away
                }
                if n < CHUNK {
                    return;
                }
                after = last;
            }
            Err(e) => {
                tracing::error!("counter export of key {}: {e}", target.key_id);
                let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                return;
            }
        }
    }
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> DbError {
    DbError::Corrupt(format!("writing the workbook: {e}"))
}

/// Builds the workbook of `target` (on a blocking thread), reading chunk by chunk.
fn workbook(
    runtime: &tokio::runtime::Handle,
    store: &Db,
    target: &Export,
    created: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, DbError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(created.year()).unwrap_or(1970),
        u8::try_from(created.month()).unwrap_or(1),
        u8::try_from(created.day()).unwrap_or(1),
    )
    .and_then(|d| {
        d.and_hms(
            u16::try_from(created.hour()).unwrap_or(0),
            u8::try_from(created.minute()).unwrap_or(0),
            created.second(),
        )
    })
    .map_err(xlsx_error)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let money = Format::new().set_num_format("0.00");
    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name("Documenti").map_err(xlsx_error)?;
    for (col, (name, width)) in CounterDocumentRow::COLUMNS
        .iter()
        .zip([20.0, 10.0, 14.0, 22.0, 12.0])
        .enumerate()
    {
        let col = u16::try_from(col).unwrap_or(0);
        sheet.set_column_width(col, width).map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, col, *name, &bold)
            .map_err(xlsx_error)?;
    }
    let mut row_no: u32 = 0;
    let mut after = 0;
    loop {
        let part = target.clone();
        let rows = runtime.block_on(store.read(move |conn| chunk(conn, &part, after, CHUNK)))?;
        let n = rows.len();
        for row in rows {
            row_no += 1;
            after = row.idtrx;
            let t = row.issued_at;
            let date = ExcelDateTime::from_ymd(
                u16::try_from(t.year()).unwrap_or(1900),
                u8::try_from(t.month()).unwrap_or(1),
                u8::try_from(t.day()).unwrap_or(1),
            )
            .and_then(|d| {
                d.and_hms(
                    u16::try_from(t.hour()).unwrap_or(0),
                    u8::try_from(t.minute()).unwrap_or(0),
                    t.second(),
                )
            })
            .map_err(xlsx_error)?;
            sheet
                .write_datetime_with_format(row_no, 0, &date, &when)
                .map_err(xlsx_error)?;
            sheet
                .write_string(row_no, 1, DocumentKind::from(row.kind).as_str())
                .map_err(xlsx_error)?;
            sheet
                .write_string(row_no, 2, row.idtrx.to_string())
                .map_err(xlsx_error)?;
            sheet
                .write_string(row_no, 3, &row.progressivo)
                .map_err(xlsx_error)?;
            // A cell holds a binary float; the CSV has the exact decimal.
            let amount = Decimal::new(row.total_cents, 2)
                .to_string()
                .parse::<f64>()
                .unwrap_or(0.0);
            sheet
                .write_number_with_format(row_no, 4, amount, &money)
                .map_err(xlsx_error)?;
        }
        if n < CHUNK {
            break;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}

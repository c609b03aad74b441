//! What a document is made of as stored: its lines and, before it is issued, the document
//! itself; the parsers of the codes the store keeps as text.

use crate::datacash::money::from_milli;
use crate::db::DbError;
use chrono::NaiveDateTime;
use dckit_contracts::model::datacash::{OperationType, PaymentType, VatCode};

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
    /// The number, for a register's document; a key's documents are numbered by
    /// [`issue`](super::issue).
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

impl StoredLine {
    /// The line's quantity.
    pub(crate) fn quantity(&self) -> rust_decimal::Decimal {
        from_milli(self.quantity_milli)
    }
}

/// The kind of a document as stored (`V`, `A`, `R`).
pub(super) fn parse_kind(text: &str) -> Result<OperationType, DbError> {
    OperationType::parse(text).ok_or_else(|| DbError::Corrupt(format!("document kind {text:?}")))
}

/// A payment type as stored.
pub(super) fn parse_payment(text: &str) -> Result<PaymentType, DbError> {
    PaymentType::parse(text).ok_or_else(|| DbError::Corrupt(format!("payment type {text:?}")))
}

//! Document counters per key and instance, their live events and their document lists.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::model::datacash::OperationType;
use crate::model::money::Money2;
use crate::model::wire_enum;

wire_enum! {
    /// A service instance; the same key works on both, counted separately.
    pub enum Instance {
        /// Documento commerciale online (`/api/dco`).
        Dco = "dco",
        /// Fatturazione elettronica (`/api/fe`).
        Fe = "fe",
    }
}

wire_enum! {
    /// What a counted document is (the "tipo" column of the export).
    pub enum DocumentKind {
        /// A sale.
        Sale = "vendita",
        /// A void of a whole sale.
        Void = "annullo",
        /// A return of some lines.
        Return = "reso",
    }
}

wire_enum! {
    /// The two formats of a counter's documents: `documents.csv` and `documents.xlsx`.
    pub enum DocumentsFormat {
        /// CSV, streamed: any number of documents.
        Csv = "csv",
        /// An Excel workbook (at most 1,048,575 documents).
        Xlsx = "xlsx",
    }
}

impl DocumentsFormat {
    /// The file extension, without the dot (`csv`).
    pub fn extension(self) -> &'static str {
        self.as_str()
    }
}

impl From<OperationType> for DocumentKind {
    fn from(op: OperationType) -> Self {
        match op {
            OperationType::Sale => DocumentKind::Sale,
            OperationType::Void => DocumentKind::Void,
            OperationType::Return => DocumentKind::Return,
        }
    }
}

impl From<DocumentKind> for OperationType {
    fn from(kind: DocumentKind) -> Self {
        match kind {
            DocumentKind::Sale => OperationType::Sale,
            DocumentKind::Void => OperationType::Void,
            DocumentKind::Return => OperationType::Return,
        }
    }
}

/// One counter of `GET /portal/v1/counters`: documents issued with a key on an instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counter {
    /// The key's id.
    pub key_id: String,
    /// The instance counted.
    pub instance: Instance,
    /// Documents ever.
    pub total: u64,
    /// Documents today (Europe/Rome).
    pub today: u64,
}

/// The payload of one `GET /portal/v1/events` server-sent event: the counter after a change
/// and the document that changed it. Sent as `event: counter` ([`CounterEvent::SSE_EVENT`])
/// with this JSON as `data`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterEvent {
    /// The key's id.
    pub key_id: String,
    /// The instance counted.
    pub instance: Instance,
    /// Documents ever, after this one.
    pub total: u64,
    /// Documents today, after this one.
    pub today: u64,
    /// The document that was counted.
    pub idtrx: String,
    /// What it was.
    pub kind: DocumentKind,
    /// For a sale sent while the tax agency was down and fiscalised since: the temporary id
    /// `sendDocument` answered with (`T20260215-000001`), so a client can match the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_temporaneo: Option<String>,
}

impl CounterEvent {
    /// The SSE `event:` name of counter changes.
    pub const SSE_EVENT: &'static str = "counter";
}

/// One row of `documents.csv` / `documents.xlsx`: a document behind a counter. The CSV header
/// and the workbook's first row are [`CounterDocumentRow::COLUMNS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterDocumentRow {
    /// When it was issued.
    pub date: Timestamp,
    /// Sale, void or return.
    #[serde(rename = "type")]
    pub kind: DocumentKind,
    /// Its transaction id.
    pub idtrx: String,
    /// Its number.
    pub progressivo: String,
    /// Its total (2 decimals).
    pub amount: Money2,
}

impl CounterDocumentRow {
    /// Column names, in the order of the fields.
    pub const COLUMNS: &'static [&'static str] =
        &["date", "type", "idtrx", "progressivo", "amount"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::json;

    #[test]
    fn counter_types_round_trip() {
        assert_round_trip::<Vec<Counter>>(
            "counters",
            &json!([
            {"keyId": "key-2", "instance": "dco", "total": 1534, "today": 12},
            {"keyId": "key-2", "instance": "fe", "total": 3, "today": 0}]),
        );
        assert_round_trip::<CounterEvent>(
            "event",
            &json!({"keyId": "key-2", "instance": "dco", "total": 1535,
            "today": 13, "idtrx": "1001234571", "kind": "annullo"}),
        );
        let row = assert_round_trip::<CounterDocumentRow>(
            "row",
            &json!({"date": "2026-02-15T10:31:07+01:00",
            "type": "vendita", "idtrx": "1001234567", "progressivo": "DCW2026/5111-2188", "amount": "120.00"}),
        );
        let value = serde_json::to_value(&row).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, CounterDocumentRow::COLUMNS);
        assert_refused::<Counter>(
            "instance",
            &json!({"keyId": "k", "instance": "DCO", "total": 0, "today": 0}),
        );
    }

    #[test]
    fn kinds_map_to_operation_types() {
        for (kind, op, letter) in [
            (DocumentKind::Sale, OperationType::Sale, "V"),
            (DocumentKind::Void, OperationType::Void, "A"),
            (DocumentKind::Return, OperationType::Return, "R"),
        ] {
            assert_eq!(DocumentKind::from(op), kind);
            assert_eq!(OperationType::from(kind).as_str(), letter);
        }
    }
}

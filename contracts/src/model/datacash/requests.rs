//! The other DataCash bodies: credentials-only calls, returns, searches and downloads.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes::OperationType;
use super::datetime;
use crate::model::money::{Amount, json_number};

/// A body with only the credentials: `infoUser`, `voidDocument/{idtrx}` and `resetPassword`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialsRequest {
    /// The seller's Fisconline credentials, OpenPGP-encrypted and ASCII-armored.
    pub ade_credentials_encrypted: String,
}

/// `POST /api/dco/returnDocument/{idtrx}/` (*inferred*): which lines of the sale come back,
/// and how many of each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnDocumentRequest {
    /// The seller's Fisconline credentials, OpenPGP-encrypted and ASCII-armored.
    pub ade_credentials_encrypted: String,
    /// The lines returned.
    #[serde(default)]
    pub elementi: Vec<ReturnLine>,
}

/// One returned line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLine {
    /// The 1-based position of the line in the sale's `elementiContabili`.
    pub numero_elemento: u32,
    /// How much of it comes back (a JSON number).
    #[serde(with = "json_number")]
    pub quantita: Decimal,
}

/// `POST /api/dco/findDocuments/`: documents issued between two days, at most 31 days apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindDocumentsRequest {
    /// The seller's Fisconline credentials, OpenPGP-encrypted and ASCII-armored.
    pub ade_credentials_encrypted: String,
    /// The first day, `YYYY-MM-DD`.
    pub start: NaiveDate,
    /// The last day, `YYYY-MM-DD`, included.
    pub end: NaiveDate,
}

/// The answer of `findDocuments`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindDocumentsResponse {
    /// The documents, oldest first.
    pub results: Vec<FoundDocument>,
}

/// One document listed by `findDocuments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundDocument {
    /// The transaction id, a numeric string.
    pub idtrx: String,
    /// The document number, e.g. `"DCW2026/5111-2188"`.
    pub numero_progressivo: String,
    /// When it was issued, Europe/Rome local time, `dd/MM/yyyy HH:mm:ss`.
    #[serde(with = "datetime")]
    pub data: NaiveDateTime,
    /// The document's total (a JSON number); a void or return carries the amount it cancels.
    pub ammontare_complessivo: Amount,
    /// Sale, void or return.
    pub tipo_operazione: OperationType,
    /// (*inferred*, as the tax agency's own search returns it) on a sale, `"A"` when it was
    /// voided, else `""`; on a void, the `numeroProgressivo` of the sale it voids. Absent
    /// reads as `""`.
    #[serde(default)]
    pub annulli: String,
    /// (*inferred*, as the tax agency's own search returns it) on a sale, `"R"` when some of
    /// it was returned, else `""`; on a return, the `numeroProgressivo` of the sale it
    /// returns. Absent reads as `""`.
    #[serde(default)]
    pub resi: String,
}

/// `POST /api/dco/downloadDocument/{idtrx}/`: the PDF of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadDocumentRequest {
    /// The seller's Fisconline credentials, OpenPGP-encrypted and ASCII-armored.
    pub ade_credentials_encrypted: String,
    /// `true` for the gift copy, without prices.
    #[serde(default)]
    pub regalo: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use rust_decimal_macros::dec;
    use serde_json::json;

    const PGP: &str = "-----BEGIN PGP MESSAGE-----\n\nhF4D\n-----END PGP MESSAGE-----\n";

    #[test]
    fn requests_round_trip() {
        assert_round_trip::<CredentialsRequest>(
            "credentials",
            &json!({"ade_credentials_encrypted": PGP}),
        );
        assert_round_trip::<ReturnDocumentRequest>(
            "return",
            &json!({"ade_credentials_encrypted": PGP,
            "elementi": [{"numeroElemento": 1, "quantita": 1}, {"numeroElemento": 3, "quantita": 0.5}]}),
        );
        assert_round_trip::<FindDocumentsRequest>(
            "find",
            &json!({"ade_credentials_encrypted": PGP,
            "start": "2026-02-01", "end": "2026-02-28"}),
        );
        assert_round_trip::<DownloadDocumentRequest>(
            "download gift",
            &json!({"ade_credentials_encrypted": PGP, "regalo": true}),
        );
        let plain: DownloadDocumentRequest =
            serde_json::from_value(json!({"ade_credentials_encrypted": PGP})).unwrap();
        assert!(!plain.regalo, "regalo defaults to false");
    }

    #[test]
    fn find_documents_response_round_trips() {
        let json = json!({"results": [
            {"idtrx": "1001234567", "numeroProgressivo": "DCW2026/5111-2188", "data": "15/02/2026 10:31:07",
             "ammontareComplessivo": 120.0, "tipoOperazione": "V", "annulli": "", "resi": "R"},
            {"idtrx": "1001234570", "numeroProgressivo": "DCW2026/5111-2191", "data": "15/02/2026 18:02:59",
             "ammontareComplessivo": 12.5, "tipoOperazione": "R", "annulli": "", "resi": "DCW2026/5111-2188"},
            {"idtrx": "1001234571", "numeroProgressivo": "DCW2026/5111-2192", "data": "16/02/2026 09:00:00",
             "ammontareComplessivo": 7, "tipoOperazione": "A", "annulli": "DCW2026/5111-2190", "resi": ""}]});
        let found = assert_round_trip::<FindDocumentsResponse>("find", &json);
        assert_eq!(found.results[0].data.to_string(), "2026-02-15 10:31:07");
        assert_eq!(found.results[1].ammontare_complessivo.value(), dec!(12.5));
        assert_eq!(found.results[2].tipo_operazione, OperationType::Void);
        assert_eq!(found.results[0].resi, "R");
        assert_eq!(found.results[2].annulli, "DCW2026/5111-2190");
        assert_round_trip::<FindDocumentsResponse>("empty", &json!({"results": []}));
        // A DataCash that leaves them out still reads, as empty.
        let lenient: FindDocumentsResponse = serde_json::from_value(json!({"results": [
            {"idtrx": "1", "numeroProgressivo": "x", "data": "15/02/2026 10:31:07",
             "ammontareComplessivo": 1, "tipoOperazione": "V"}]}))
        .unwrap();
        assert_eq!(
            (
                lenient.results[0].annulli.as_str(),
                lenient.results[0].resi.as_str()
            ),
            ("", "")
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        let cases = [
            (
                "iso date in findDocuments result",
                json!({"results": [{"idtrx": "1", "numeroProgressivo": "x",
                "data": "2026-02-15T10:31:07", "ammontareComplessivo": 1, "tipoOperazione": "V"}]}),
            ),
            (
                "31 February",
                json!({"results": [{"idtrx": "1", "numeroProgressivo": "x",
                "data": "31/02/2026 10:31:07", "ammontareComplessivo": 1, "tipoOperazione": "V"}]}),
            ),
            (
                "operation type",
                json!({"results": [{"idtrx": "1", "numeroProgressivo": "x",
                "data": "15/02/2026 10:31:07", "ammontareComplessivo": 1, "tipoOperazione": "X"}]}),
            ),
        ];
        for (name, json) in &cases {
            assert_refused::<FindDocumentsResponse>(name, json);
        }
        assert_refused::<FindDocumentsRequest>(
            "dd/mm/yyyy start",
            &json!({"ade_credentials_encrypted": PGP,
            "start": "01/02/2026", "end": "2026-02-28"}),
        );
    }
}

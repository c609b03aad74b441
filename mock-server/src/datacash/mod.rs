//! The DataCash service: documents (sales, voids, returns) issued, numbered, stored and
//! counted; the key directory and counters mirrored in memory; sellers' credentials checked;
//! sales held while the tax agency is down and fiscalised later. The HTTP side is
//! [`crate::http`]'s; the API is described in `contracts/openapi/datacash.yaml`.
//!
//! | module | holds |
//! |---|---|
//! | [`service`] | [`DataCash`], the handle: database, clock, mirrors, switches, events |
//! | [`fields`], [`sale`], [`money`] | field-by-field validation and exact totals |
//! | [`records`] | documents in the database: issuing, loading, listing |
//! | [`issue`], [`cancel`] | sending a sale; voids and returns |
//! | [`deferred`] | sales accepted while the tax agency is down, and their webhook |
//! | [`directory`] | the in-memory mirrors the hot path reads |
//! | [`pgp`], [`pdf`] | the service key; the receipts |
//! | [`refusal`] | how an operation fails |

pub(crate) mod cancel;
pub(crate) mod deferred;
pub(crate) mod directory;
pub(crate) mod fields;
pub(crate) mod issue;
pub(crate) mod money;
pub(crate) mod pdf;
pub(crate) mod pgp;
pub(crate) mod records;
pub(crate) mod refusal;
pub(crate) mod sale;
pub(crate) mod service;

pub(crate) use refusal::Refusal;
pub(crate) use service::DataCash;

use dckit_contracts::errors::{CatalogueError, ErrorCode};

/// The demo API key in clear, once seeding has made one.
pub(crate) async fn demo_key(store: &crate::db::Db) -> Result<Option<String>, crate::db::DbError> {
    store
        .read(|conn| crate::db::get_setting(conn, service::setting::DEMO_KEY))
        .await
}

/// The codice fiscale of the demo seller's Fisconline user (Mario Rossi, the textbook example).
pub(crate) const DEMO_CODICE_FISCALE: &str = "RSSMRA80A01H501U";

/// Credentials the mock accepts for the seller `partita_iva`.
pub(crate) fn demo_credentials(partita_iva: &str) -> dckit_contracts::model::datacash::Credentials {
    dckit_contracts::model::datacash::Credentials {
        codice_fiscale: DEMO_CODICE_FISCALE.to_owned(),
        password: "Fisconline!2026".to_owned(),
        pin: "1234567890".to_owned(),
        partita_iva: partita_iva.to_owned(),
    }
}

/// An `idtrx`: digits only, as a number.
pub(crate) fn parse_idtrx(text: &str) -> Result<i64, CatalogueError> {
    let invalid = || ErrorCode::DcIdtrxInvalid.with(&[("value", text)]);
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    text.parse::<i64>().map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idtrx_values() {
        let cases = [
            ("1000000001", Some(1_000_000_001)),
            ("0", Some(0)),
            ("", None),
            ("12a", None),
            ("-1", None),
            (" 1", None),
            ("9999999999999999999", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_idtrx(text).ok(), expected, "{text:?}");
        }
    }
}

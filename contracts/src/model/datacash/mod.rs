//! The DataCash document API under `/api/dco` (`contracts/openapi/datacash.yaml`): request bodies, the response
//! envelope, the credentials plaintext and the deferred-fiscalisation webhook.
//!
//! Field names are the service's (Italian, camelCase, `ade_credentials_encrypted` in snake
//! case). Amounts are [`Amount`](crate::model::money::Amount)s: JSON numbers, read exactly.
//! Date-times are Europe/Rome local times written `dd/MM/yyyy HH:mm:ss`
//! ([`DATETIME_FORMAT`]); days are `YYYY-MM-DD`.
//!
//! Request types default what the real client may leave out; a server validating a body
//! should read it as a `serde_json::Value` first and answer the precise catalogue error
//! (`DcFieldMissing`, `DcVatInvalid`, …), then convert it to these types.

mod codes;
mod credentials;
mod document;
mod envelope;
mod requests;
mod webhook;

pub use codes::{OperationType, PaymentType, VatCode};
pub use credentials::Credentials;
pub use document::{Document, DocumentLine, Payment, SendDocumentRequest, TicketRestaurant};
pub use envelope::{DcError, DcLicenceState, DeferredState, Envelope, InfoUser};
pub use requests::{
    CredentialsRequest, DownloadDocumentRequest, FindDocumentsRequest, FindDocumentsResponse,
    FoundDocument, ReturnDocumentRequest, ReturnLine,
};
pub use webhook::DeferredWebhook;

/// The `chrono` format of DataCash date-times: `dd/MM/yyyy HH:mm:ss` (`15/02/2026 10:31:07`).
pub const DATETIME_FORMAT: &str = "%d/%m/%Y %H:%M:%S";

/// Serde for a [`chrono::NaiveDateTime`] in [`DATETIME_FORMAT`].
mod datetime {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &NaiveDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&value.format(super::DATETIME_FORMAT))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<NaiveDateTime, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        NaiveDateTime::parse_from_str(&text, super::DATETIME_FORMAT).map_err(|e| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a date-time as dd/MM/yyyy HH:mm:ss: {e}"
            ))
        })
    }
}

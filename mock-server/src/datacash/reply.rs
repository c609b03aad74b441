//! Answers in the DataCash envelope: `{esito, idtrx, progressivo, errori}` with the catalogue's
//! HTTP status on failure.

use crate::db::DbError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::model::datacash::Envelope;
use serde::Serialize;

/// A refused DataCash call: one catalogue error, and for a wrong method the `Allow` header.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// What went wrong.
    pub(crate) error: CatalogueError,
    /// The methods the route accepts, for `405`.
    pub(crate) allow: Option<&'static str>,
}

impl Refusal {
    /// The refusal `code` with its message arguments.
    pub(crate) fn new(code: ErrorCode, args: &[(&str, &str)]) -> Refusal {
        Refusal::from(code.with(args))
    }
}

impl From<CatalogueError> for Refusal {
    fn from(error: CatalogueError) -> Self {
        Refusal { error, allow: None }
    }
}

impl From<DbError> for Refusal {
    fn from(e: DbError) -> Self {
        tracing::error!("datacash store operation failed: {e}");
        Refusal::new(ErrorCode::DcInternal, &[])
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = json(status, &Envelope::from_catalogue(&self.error));
        if let Some(allow) = self.allow {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        crate::admin::journal::JournalMessage::attach(&mut response, &self.error.message);
        response
    }
}

/// `value` as a JSON response with `status`.
pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    // Room for an envelope with a few fields without growing.
    let mut body = Vec::with_capacity(256);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!("cannot serialise a DataCash answer: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `200` with `value` as JSON.
pub(crate) fn ok<T: Serialize>(value: &T) -> Response {
    json(StatusCode::OK, value)
}

//! Every answer that refuses a request, in the envelope of the API it belongs to — the one
//! place a [`CatalogueError`] becomes bytes:
//!
//! | surface | envelope | status |
//! |---|---|---|
//! | DataCash (`/api/dco…`) | `{esito, idtrx, progressivo, errori}` | the catalogue's |
//! | WebService | `{"result":"error","message":…}` | `200`, as the vendor's module answers |
//! | account area, harness, the mock's own pages | `application/problem+json` (RFC 9457) | the catalogue's |
//!
//! Handlers, the fault layer ([`crate::http::admin::inject`]) and the fallbacks for unknown paths all
//! answer through here; the error codes and messages are those of `contracts/ERRORS.md`. A
//! refusal's message is attached to the response for the request journal
//! ([`JournalMessage`]), except the WebService's (its refusals are successes at HTTP level).

use crate::http::admin::journal_layer::JournalMessage;
use crate::surface::Surface;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::model::datacash::Envelope;
use dckit_contracts::model::problem::Problem as ProblemBody;
use dckit_contracts::model::webservice::WsError;
use serde::Serialize;

/// A catalogue error answered as problem details: what the account area and the harness
/// return on refusal.
pub(crate) struct Problem(pub(crate) CatalogueError);

impl From<CatalogueError> for Problem {
    fn from(e: CatalogueError) -> Self {
        Problem(e)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        problem(&self.0)
    }
}

/// `status` as an HTTP status; one outside 100–999 is a 500.
pub(crate) fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The catalogue's HTTP status of `error`.
pub(crate) fn status_of(error: &CatalogueError) -> StatusCode {
    status(error.status())
}

/// `error` as problem details with the catalogue's status.
pub(crate) fn problem(error: &CatalogueError) -> Response {
    problem_with_status(error, status_of(error))
}

/// `error` as problem details answered with `status` (an injected fault's), the title the
/// status's reason phrase.
fn problem_with_status(error: &CatalogueError, status: StatusCode) -> Response {
    let mut body = ProblemBody::from_catalogue(error);
    if body.status != status.as_u16() {
        body.status = status.as_u16();
        body.title = status.canonical_reason().unwrap_or("Error").to_owned();
    }
    let mut response = json(status, &body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ProblemBody::CONTENT_TYPE),
    );
    JournalMessage::attach(&mut response, &error.message);
    response
}

/// `error` in the DataCash envelope with the catalogue's status, and for a wrong method the
/// `Allow` header listing `allow`.
pub(crate) fn datacash(error: &CatalogueError, allow: Option<&'static str>) -> Response {
    datacash_with_status(error, status_of(error), allow)
}

fn datacash_with_status(
    error: &CatalogueError,
    status: StatusCode,
    allow: Option<&'static str>,
) -> Response {
    let mut response = json(status, &Envelope::from_catalogue(error));
    if let Some(allow) = allow {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
    }
    JournalMessage::attach(&mut response, &error.message);
    response
}

/// The WebService's error object, as bytes: the body of an HTTP 200.
pub(crate) fn webservice_body(error: &CatalogueError) -> Vec<u8> {
    serde_json::to_vec(&WsError::from_catalogue(error)).unwrap_or_else(|_| {
        br#"{"result":"error","message":"Internal error: please try again later."}"#.to_vec()
    })
}

/// The answer of a fault rule that gives a status and no body: the internal error of
/// `surface`'s API in its envelope, with `status`.
pub(crate) fn injected(surface: Surface, status: StatusCode) -> Response {
    match surface {
        Surface::DataCash => datacash_with_status(&ErrorCode::DcInternal.with(&[]), status, None),
        Surface::WebService => {
            let error = ErrorCode::WsInternal.with(&[]);
            let mut response = json_bytes(status, webservice_body(&error));
            JournalMessage::attach(&mut response, &error.message);
            response
        }
        Surface::Portal | Surface::Harness | Surface::Other => {
            problem_with_status(&ErrorCode::PortalInternal.with(&[]), status)
        }
    }
}

/// `value` as a JSON response with `status`.
pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    // Room for an envelope with a few fields without growing.
    let mut body = Vec::with_capacity(256);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => json_bytes(status, body),
        Err(e) => {
            tracing::error!("cannot serialise an answer: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `body`, JSON already, as a response with `status`.
pub(crate) fn json_bytes(status: StatusCode, body: impl IntoResponse) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// `200` with `value` as JSON.
pub(crate) fn ok<T: Serialize>(value: &T) -> Response {
    json(StatusCode::OK, value)
}

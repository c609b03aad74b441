//! The WebService of Billing Extension for WHMCS (DESIGN §5): `action=Get` over the WHMCS
//! invoices and credit notes of the store.
//!
//! One path answers every method with HTTP 200 and JSON, as WHMCS does: the documents found
//! (a bare object keyed by document ID, `[]` when none, as PHP's `json_encode` writes an
//! empty array) or `{"result":"error","message":…}`
//! with a message of the catalogue. [`form`] says which request is valid, [`query`] which
//! documents it selects, [`render`] how they are written.
//!
//! Choices where the vendor is silent (all *inferred*):
//! * `invoicenum`/`invoiceid` override `start`/`end`, which are then ignored even when
//!   invalid; `doctype` still applies, so an invoice ID asked for with
//!   `doctype=CreditNote` is no such document.
//! * A lookup that finds nothing is [`ErrorCode::WsNoSuchDocument`]; a date range that finds
//!   nothing is `[]`: PHP's `json_encode([])` is `[]`, and Billing Extension builds the
//!   result as an array.
//! * Unknown form fields are ignored, as WHMCS ignores them.
//! * `ClientData` is the client as stored now: the mock keeps no per-invoice snapshots.
//! * A body larger than 1 MiB is answered [`ErrorCode::WsBodyTooLarge`] (a limit of the mock's
//!   own, as PHP's `post_max_size` is the server's; its message says what to send).

pub(crate) mod form;
mod query;
mod render;

use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use form::Filter;

pub(crate) use crate::surface::WEBSERVICE_PATH as PATH;

/// The WebService routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(PATH, any(einvoice))
}

/// Answers any request to [`PATH`]: HTTP 200 and JSON, documents or an error.
async fn einvoice(State(state): State<AppState>, request: Request) -> Response {
    let body = match answer(&state, request).await {
        Ok(body) => body,
        Err(error) => crate::http::reply::webservice_body(&error),
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

async fn answer(state: &AppState, request: Request) -> Result<Vec<u8>, CatalogueError> {
    let (parts, body) = request.into_parts();
    if parts.method != Method::POST {
        return Err(ErrorCode::WsMethodNotAllowed.with(&[("method", parts.method.as_str())]));
    }
    let body = form::read_body(body).await?;
    let fields = form::parse_form(&parts.headers, &body)?;
    let query = form::validate(&fields, &state.tokens, state.clock.today())?;
    let lookup = match &query.filter {
        Filter::Id(_, text) => Some(("invoiceid", text.clone())),
        Filter::Num(num) => Some(("invoicenum", num.clone())),
        Filter::Dates(_) => None,
    };
    let found = query::fetch(&state.db, query).await.map_err(|e| {
        tracing::error!("the WebService could not read the store: {e}");
        ErrorCode::WsInternal.with(&[])
    })?;
    if let Some((field, value)) = lookup
        && found.docs.is_empty()
    {
        return Err(
            ErrorCode::WsNoSuchDocument.with(&[("field", field), ("value", &form::echo(&value))])
        );
    }
    render::documents(&found).map_err(|e| {
        tracing::error!("the WebService could not write its answer: {e}");
        ErrorCode::WsInternal.with(&[])
    })
}

#[cfg(test)]
mod tests;

//! The WebService of Billing Extension for WHMCS: `action=Get` over the WHMCS invoices and
//! credit notes in the database (see the README and `contracts/openapi/webservice.yaml`).
//!
//! One path answers every method with HTTP 200 and JSON, as WHMCS does: the documents found
//! (a bare object keyed by document ID, `[]` when none, as PHP's `json_encode` writes an
//! empty array) or `{"result":"error","message":…}`
//! with a message of the catalogue. The HTTP side ([`crate::http`]) says which request is
//! valid and makes it a [`Query`]; [`query`] says which documents it selects, [`render`] how
//! they are written.
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

mod query;
mod render;

use crate::db::Db;
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::keywords::Selection;
use dckit_contracts::model::webservice::WsDocType;

/// The longest value quoted back in an error message.
const ECHO_CHARS: usize = 64;

/// Which documents a valid request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Filter {
    /// Those dated in the selection.
    Dates(Selection),
    /// The one with this ID (`None`: a whole number too large to be any document's ID).
    Id(Option<i64>, String),
    /// The one with this number.
    Num(String),
}

/// A valid request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Query {
    /// Which documents.
    pub(crate) filter: Filter,
    /// Only invoices or only credit notes; `None` for both.
    pub(crate) doctype: Option<WsDocType>,
}

/// `value` as quoted in a message: at most [`ECHO_CHARS`] characters, then `…`.
pub(crate) fn echo(value: &str) -> String {
    match value.char_indices().nth(ECHO_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

/// The answer to `query`: the documents' JSON, or the catalogue error to answer instead.
pub(crate) async fn get(db: &Db, query: Query) -> Result<Vec<u8>, CatalogueError> {
    let lookup = match &query.filter {
        Filter::Id(_, text) => Some(("invoiceid", text.clone())),
        Filter::Num(num) => Some(("invoicenum", num.clone())),
        Filter::Dates(_) => None,
    };
    let found = query::fetch(db, query).await.map_err(|e| {
        tracing::error!("the WebService could not read the database: {e}");
        ErrorCode::WsInternal.with(&[])
    })?;
    if let Some((field, value)) = lookup
        && found.docs.is_empty()
    {
        return Err(ErrorCode::WsNoSuchDocument.with(&[("field", field), ("value", &echo(&value))]));
    }
    render::documents(&found).map_err(|e| {
        tracing::error!("the WebService could not write its answer: {e}");
        ErrorCode::WsInternal.with(&[])
    })
}

#[cfg(test)]
mod tests;

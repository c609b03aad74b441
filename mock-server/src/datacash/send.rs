//! `POST /api/dco/sendDocument/`: a sale, validated, numbered, stored and counted in one
//! transaction — or, while the tax agency is down, accepted as pending.

use super::records::{self, Issued};
use super::reply::{self, Refusal};
use super::request::Operation;
use super::sale::{self, Sale};
use super::{answer, deferred};
use crate::clock::Clock;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::datacash::Envelope;
use rusqlite::Connection;

/// Handles `sendDocument`.
pub(crate) async fn send_document(State(state): State<AppState>, request: Request) -> Response {
    answer(
        state,
        request,
        Operation::SendDocument,
        |state, call| async move {
            let sale = sale::parse(&call.body)?;
            let key_id = call.key.id;
            if !state.datacash.agency_up() {
                let temp_id = deferred::hold(&state, key_id, &sale).await?;
                return Ok(reply::ok(&Envelope::deferred(temp_id)));
            }
            let generation = state.datacash.generation();
            let clock = state.clock.clone();
            let issued = state
                .db
                .write(move |conn| issue_sale(conn, &clock, key_id, &sale, None))
                .await?;
            if let Some(counted) = &issued.counted {
                state.datacash.counted(&state.db, counted, generation).await;
            }
            Ok(reply::ok(&Envelope::document(
                issued.idtrx.to_string(),
                issued.progressivo,
            )))
        },
    )
    .await
}

/// Issues `sale` for `key_id` now (inside a write job): checks the linked document, finds the
/// key's device, numbers, stores and counts the sale.
pub(crate) fn issue_sale(
    conn: &Connection,
    clock: &Clock,
    key_id: i64,
    sale: &Sale,
    temp_id: Option<String>,
) -> Result<Issued, Refusal> {
    if let Some(linked) = sale.linked
        && !records::exists(conn, key_id, linked)?
    {
        return Err(Refusal::new(
            ErrorCode::DcDocumentUnknown,
            &[("idtrx", &linked.to_string())],
        ));
    }
    let device = records::device_of_key(conn, key_id)?;
    let now = clock.now().naive_local();
    let doc = sale.to_document(Some(key_id), device, now, temp_id);
    Ok(records::issue(conn, &doc)?)
}

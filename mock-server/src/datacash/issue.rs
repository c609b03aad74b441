//! Issuing a sale (`sendDocument`): numbered, stored and counted at once while the tax
//! agency answers, held as pending (see [`super::deferred`]) while it is down.

use super::records::{self, Issued};
use super::sale::Sale;
use super::{DataCash, Refusal, deferred};
use crate::clock::Clock;
use dckit_contracts::errors::ErrorCode;
use rusqlite::Connection;

/// What became of a sale sent.
pub(crate) enum Sent {
    /// Fiscalised now.
    Issued(Issued),
    /// Held until the agency is back, under this temporary id.
    Pending(String),
}

/// Issues `sale` for `key_id`, or holds it while the tax agency is down.
pub(crate) async fn send(dc: &DataCash, key_id: i64, sale: Sale) -> Result<Sent, Refusal> {
    if !dc.agency_up() {
        return Ok(Sent::Pending(deferred::hold(dc, key_id, &sale).await?));
    }
    let generation = dc.generation();
    let clock = dc.clock().clone();
    let issued = dc
        .db()
        .write(move |conn| issue_sale(conn, &clock, key_id, &sale, None))
        .await?;
    if let Some(counted) = &issued.counted {
        dc.counted(dc.db(), counted, generation).await;
    }
    Ok(Sent::Issued(issued))
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

//! Demo data of the WebService: WHMCS clients, invoices and credit notes.

use crate::store::StoreError;
use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

/// Generates the WHMCS demo data as of `today`.
pub(crate) fn generate(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let _ = (conn, rng, today);
    Ok(())
}

/// Deletes the WHMCS data.
pub(crate) fn wipe(conn: &Connection) -> Result<(), StoreError> {
    let _ = conn;
    Ok(())
}

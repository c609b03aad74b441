//! Demo data of the DataCash: account, licence, keys, stores, devices and documents.

use crate::store::StoreError;
use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

/// Generates the DataCash demo data as of `today`.
pub(crate) fn generate(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let _ = (conn, rng, today);
    Ok(())
}

/// Deletes the DataCash data.
pub(crate) fn wipe(conn: &Connection) -> Result<(), StoreError> {
    let _ = conn;
    Ok(())
}

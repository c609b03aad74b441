//! Deterministic generation of demo data: the same seed and "today" always give the same rows.
//!
//! Each domain draws from its own random stream derived from the seed and the domain's name,
//! so adding data to one domain never changes another's.

mod bulk;
pub(crate) mod datacash;
pub mod template;
mod whmcs;

pub use bulk::{DatacashBulk, generate_datacash_bulk};

use crate::db::DbError;
use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

/// Fills an empty store with the demo data of every domain.
pub fn generate(conn: &Connection, seed: u64, today: NaiveDate) -> Result<(), DbError> {
    whmcs::generate(conn, &mut rng(seed, "whmcs"), today)?;
    datacash::generate(conn, &mut rng(seed, "datacash"), today)?;
    Ok(())
}

/// Adds a large WHMCS data set for benchmarks — `invoices` invoices spread evenly over the
/// `days` days ending `today`, with their clients, items and credit notes — to a store whose
/// WHMCS data was wiped ([`wipe`]). The same arguments always give the same rows.
pub fn generate_whmcs_bulk(
    conn: &Connection,
    seed: u64,
    today: NaiveDate,
    invoices: usize,
    days: u32,
) -> Result<(), DbError> {
    whmcs::generate_bulk(conn, &mut rng(seed, "whmcs-bulk"), today, invoices, days)
}

/// Deletes every generated row of every domain, keeping the settings.
pub fn wipe(conn: &Connection) -> Result<(), DbError> {
    crate::account::wipe(conn)?;
    datacash::wipe(conn)?;
    whmcs::wipe(conn)?;
    Ok(())
}

/// The random stream of one domain.
pub(crate) fn rng(seed: u64, stream: &str) -> ChaCha8Rng {
    // FNV-1a of the stream name, mixed into the seed: stable across Rust versions.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in stream.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    ChaCha8Rng::seed_from_u64(seed ^ h)
}

//! The account area's domain: the customer area of the vendor's guide — the account and its
//! contract, licences, API keys, add-ons, stores and devices, counters and statistics, and the
//! documents behind a counter as the exports stream them. The routes that serve it are in
//! `http/portal`; what they answer is described in `mock-server/PORTAL.md`.
//!
//! It writes `dc_accounts.contract_signed_at`, `dc_licences.expires_on`, `dc_keys` (the one
//! writer of keys: the routes and the seeds all go through [`keys::insert`]), `dc_addons`,
//! `dc_devices` (a key's device, a device's store) and the `dc_counters` rows a key starts
//! with; it empties the statistics' running totals (`dc_stat_*`) for a reset ([`wipe`]).
//! After every write to `dc_keys` or `dc_licences` it reloads the DataCash key directory, so
//! `/api/dco` sees the change at once.
//!
//! Every operation is a method of [`Account`]; a refusal is an [`Error::Refused`] with its
//! catalogue message, never an HTTP type.

mod addons;
mod counters;
mod error;
mod export;
pub(crate) mod ids;
pub(crate) mod keys;
mod licences;
pub(crate) mod stats;
mod stores;
mod time;

pub(crate) use addons::{QUANTITY, catalogue};
pub(crate) use error::{Error, Result};
pub(crate) use export::Export;
pub(crate) use keys::check_label;
pub(crate) use licences::RENEW_MONTHS;
pub(crate) use stats::wipe;
pub(crate) use stores::first_store;

use crate::clock::Clock;
use crate::db::{Db, DbError};
use std::sync::Arc;

/// The account area's service: the store, the clock its times come from, and the DataCash
/// state whose key directory it keeps up to date. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Account {
    db: Db,
    clock: Clock,
    datacash: Arc<crate::datacash::DataCash>,
}

impl Account {
    /// The service over `db`, timed by `clock`, keeping the key directory of `datacash` in
    /// step with its writes.
    pub(crate) fn new(db: Db, clock: Clock, datacash: Arc<crate::datacash::DataCash>) -> Account {
        Account {
            db,
            clock,
            datacash,
        }
    }

    /// Re-reads the DataCash key directory after a write to `dc_keys` or `dc_licences`.
    async fn keys_changed(&self) -> std::result::Result<(), DbError> {
        self.datacash.reload_keys(&self.db).await
    }
}

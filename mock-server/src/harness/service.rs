//! [`Harness`], the handle on the harness's operations, and what it needs from the server it
//! belongs to ([`ServerData`]).

use super::fault_rule::{Fault, FaultRule};
use super::faults::Faults;
use super::internal;
use super::journal::{Journal, JournalEntry};
use super::journal_filter::JournalFilter;
use crate::clock::Clock;
use crate::db::{Db, DbError};
use dckit_contracts::errors::CatalogueError;
use futures::future::BoxFuture;
use std::sync::Arc;

/// What the harness asks of the server beyond its own state: the data and the WebService
/// token, which the server keeps.
pub(crate) trait ServerData: Send + Sync {
    /// Replaces all data with data generated from `seed` (or the current seed), keeping the
    /// tokens; returns the seed used.
    fn reset(&self, seed: Option<u64>) -> BoxFuture<'_, Result<u64, DbError>>;

    /// Generates and stores a new WebService token (the old one stops working); returns it.
    fn regenerate_webservice_token(&self) -> BoxFuture<'_, Result<String, DbError>>;
}

/// The harness of one server; cheap to clone (shared parts only). Errors are the harness's
/// refusals, with the codes `admin-*` of contracts/ERRORS.md; a database failure is
/// `AdminInternal`.
#[derive(Clone)]
pub(crate) struct Harness {
    pub(super) clock: Clock,
    pub(super) db: Db,
    pub(super) datacash: Arc<crate::datacash::DataCash>,
    faults: Arc<Faults>,
    journal: Arc<Journal>,
    server: Arc<dyn ServerData>,
}

impl Harness {
    /// The harness over a server's clock, database, DataCash state, fault rules, journal,
    /// and its data.
    pub(crate) fn new(
        clock: Clock,
        db: Db,
        datacash: Arc<crate::datacash::DataCash>,
        faults: Arc<Faults>,
        journal: Arc<Journal>,
        server: Arc<dyn ServerData>,
    ) -> Harness {
        Harness {
            clock,
            db,
            datacash,
            faults,
            journal,
            server,
        }
    }

    /// Replaces all data with data generated from `seed` (or the current seed); tokens, the
    /// clock, fault rules and the journal are kept. Returns the seed used.
    pub(crate) async fn reset(&self, seed: Option<u64>) -> Result<u64, CatalogueError> {
        self.server.reset(seed).await.map_err(internal)
    }

    /// Generates a new WebService token; the old one stops working at once.
    pub(crate) async fn regenerate_webservice_token(&self) -> Result<String, CatalogueError> {
        self.server
            .regenerate_webservice_token()
            .await
            .map_err(internal)
    }

    /// Adds `rule` (replacing the rule with its id, if any) and returns it as stored; a rule
    /// that cannot work is `AdminFaultInvalid`, with the reason.
    pub(crate) fn add_fault(&self, rule: FaultRule) -> Result<Fault, CatalogueError> {
        self.faults.add(rule)
    }

    /// The fault rules, in the order they are tried.
    pub(crate) fn faults(&self) -> Vec<Fault> {
        self.faults.list()
    }

    /// The fault rule `id`; `AdminFaultNotFound` if there is none.
    pub(crate) fn fault(&self, id: &str) -> Result<Fault, CatalogueError> {
        self.faults.get(id)
    }

    /// Removes the fault rule `id` and returns it as it was; `AdminFaultNotFound` if there is
    /// none.
    pub(crate) fn remove_fault(&self, id: &str) -> Result<Fault, CatalogueError> {
        self.faults.remove(id)
    }

    /// Removes every fault rule; returns how many there were.
    pub(crate) fn clear_faults(&self) -> usize {
        self.faults.clear()
    }

    /// The journal entries `filter` selects, oldest first.
    pub(crate) fn journal(&self, filter: &JournalFilter) -> Vec<JournalEntry> {
        self.journal.select(filter)
    }

    /// Empties the journal (ids go on from where they were); returns how many entries it had.
    pub(crate) fn clear_journal(&self) -> usize {
        self.journal.clear()
    }
}

//! The state every handler shares: the services' handles, clock, database, tokens and seed.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Db, DbError, set_setting, setting};
use crate::http::drain::Drain;
use crate::seed;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::secrets::Tokens;

/// What every handler can reach: one reference-counted [`SharedState`]; a clone costs one
/// atomic increment, whatever the number of fields.
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// The state behind an [`AppState`].
pub struct SharedState {
    /// The server's clock.
    pub clock: Clock,
    /// The database.
    pub db: Db,
    /// The server's secrets.
    pub tokens: Arc<Tokens>,
    /// The configuration the server started with.
    pub config: Arc<Config>,
    /// The one stop signal of everything that runs.
    pub lifecycle: crate::lifecycle::Lifecycle,
    /// Requests in flight and the shutdown state.
    pub drain: Arc<Drain>,
    /// The DataCash service: key directory, counters, credentials cache, harness switches.
    pub(crate) datacash: Arc<crate::datacash::DataCash>,
    /// The account area's service.
    pub(crate) account: crate::account::Account,
    /// The harness's fault rules.
    pub(crate) faults: Arc<crate::harness::Faults>,
    /// The harness's request journal.
    pub(crate) journal: Arc<crate::harness::Journal>,
    seed: AtomicU64,
}

impl AppState {
    /// Assembles the state.
    pub fn new(config: Config, clock: Clock, store: Db, tokens: Tokens, seed: u64) -> AppState {
        let datacash = Arc::new(crate::datacash::DataCash::new(store.clone(), clock.clone()));
        let account = crate::account::Account::new(store.clone(), clock.clone(), datacash.clone());
        AppState(Arc::new(SharedState {
            clock,
            db: store,
            tokens: Arc::new(tokens),
            config: Arc::new(config),
            lifecycle: crate::lifecycle::Lifecycle::default(),
            drain: Arc::new(Drain::default()),
            datacash,
            account,
            faults: Arc::default(),
            journal: Arc::default(),
            seed: AtomicU64::new(seed),
        }))
    }
}

impl SharedState {
    /// The seed the current data came from.
    pub fn seed(&self) -> u64 {
        self.seed.load(Ordering::SeqCst)
    }

    /// Replaces all generated data with data from `seed` (or the current seed), as of the
    /// clock's today. Settings such as tokens are kept.
    pub async fn reset(&self, seed: Option<u64>) -> Result<u64, DbError> {
        let seed = seed.unwrap_or_else(|| self.seed());
        let today = self.clock.today();
        self.db
            .write(move |conn| {
                seed::wipe(conn)?;
                seed::generate(conn, seed, today)?;
                set_setting(conn, setting::SEED, &seed.to_string())
            })
            .await?;
        self.seed.store(seed, Ordering::SeqCst);
        self.datacash.set_agency_up(true);
        self.datacash.reload(&self.db).await?;
        Ok(seed)
    }

    /// Generates a new WebService token (the vendor's "orange button") and stores it.
    pub async fn regenerate_webservice_token(&self) -> Result<String, DbError> {
        let token = crate::secrets::generate("", 40);
        let stored = token.clone();
        self.db
            .write(move |conn| set_setting(conn, setting::WEBSERVICE_TOKEN, &stored))
            .await?;
        self.tokens.set_webservice(token.clone());
        Ok(token)
    }
}

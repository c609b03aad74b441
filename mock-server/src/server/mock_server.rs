//! [`MockServer`]: a running mock, started from a [`Config`], for binaries and tests alike.

use crate::clock::Clock;
use crate::config::{Config, Storage};
use crate::db::setting;
use crate::db::{Db, DbError, get_setting, set_setting};
use crate::harness::Harness;
use crate::secrets;
use crate::state::{AppState, Tokens};
use crate::{
    AgencyState, ClockState, CredentialsState, Fault, FaultId, FaultRule, JournalEntry,
    JournalFilter, WebhookState,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use dckit_contracts::errors::CatalogueError;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The store could not be opened or prepared.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// A running mock server. Dropping it stops the server (requests in flight are let finish in
/// the background); [`MockServer::shutdown`] also waits for the end.
///
/// Besides its addresses and secrets, the handle drives the harness in process: each helper
/// does what the `/__admin` route of the same name does, with the same checks and errors
/// (a [`CatalogueError`] is what the route would answer as problem+json).
pub struct MockServer {
    addr: SocketAddr,
    base_url: String,
    admin_addr: Option<SocketAddr>,
    state: AppState,
    harness: Harness,
    tasks: Vec<JoinHandle<()>>,
    datacash_key: String,
    worker: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Opens the store (generating demo data if it is new), binds `config.addr` (and
    /// `config.admin_addr`, serving only the harness there) and starts serving on the current
    /// Tokio runtime.
    pub async fn start(config: Config) -> Result<MockServer, StartError> {
        let clock = match config.clock {
            Some(at) => Clock::frozen(at.to_utc()),
            None => Clock::real(),
        };
        let store = match config.storage {
            // A copy of the seed's data as of today, generated once (see `seed::template`).
            Storage::Ephemeral => {
                crate::seed::template::open_seeded(config.seed, clock.today()).await?
            }
            Storage::DataDir(_) => Db::open(&config.storage.location())?,
        };
        let (tokens, seed, fresh) = prepare(&store, config.seed).await?;
        let state = AppState::new(config.clone(), clock, store, tokens, seed);
        state.datacash.init(&state.db).await?;
        let mut datacash_key = crate::datacash::demo_key(&state.db).await?;
        if fresh || datacash_key.is_none() {
            state.reset(Some(seed)).await?;
            datacash_key = crate::datacash::demo_key(&state.db).await?;
        }
        let datacash_key = datacash_key
            .ok_or_else(|| DbError::Corrupt("seeding made no DataCash demo key".into()))?;
        let (listener, addr) = bind(config.addr).await?;
        let admin_listener = match config.admin_addr {
            Some(admin_addr) => Some(bind(admin_addr).await?),
            None => None,
        };
        let mut tasks = vec![tokio::spawn(crate::server::listener::serve(
            listener,
            crate::http::router::app(state.clone()),
            state.drain.clone(),
            config.header_read_timeout,
            state.lifecycle.stopped_owned(),
        ))];
        let admin_addr = admin_listener.as_ref().map(|(_, addr)| *addr);
        if let Some((listener, _)) = admin_listener {
            tasks.push(tokio::spawn(crate::server::listener::serve(
                listener,
                crate::http::router::admin_app(state.clone()),
                state.drain.clone(),
                config.header_read_timeout,
                state.lifecycle.stopped_owned(),
            )));
        }
        let worker = tokio::spawn(crate::datacash::deferred::run(
            state.datacash.clone(),
            state.lifecycle.clone(),
        ));
        Ok(MockServer {
            addr,
            base_url: format!("http://{addr}"),
            admin_addr,
            harness: crate::http::admin::harness(&state),
            state,
            tasks,
            datacash_key,
            worker: Some(worker),
        })
    }

    /// The address of the harness-only listener (`Config::admin_addr`), if there is one.
    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.admin_addr
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The current WebService token.
    pub fn webservice_token(&self) -> String {
        self.state.tokens.webservice()
    }

    /// The bearer token of the account area.
    pub fn portal_token(&self) -> &str {
        &self.state.tokens.portal
    }

    /// The bearer token of the harness.
    pub fn admin_token(&self) -> &str {
        &self.state.tokens.admin
    }

    /// The server's clock (shared: changing it changes the server's time).
    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// The server's state, for in-process inspection.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Where the server keeps its state.
    pub fn storage(&self) -> &Storage {
        &self.state.config.storage
    }

    /// The demo DataCash API key (`Datacash-Key`); the same across restarts and resets with
    /// the same data directory.
    pub fn datacash_key(&self) -> &str {
        &self.datacash_key
    }

    /// The partita IVA the demo DataCash key is bound to (it follows the seed).
    pub fn seller_partita_iva(&self) -> String {
        self.state
            .datacash
            .find_key(&self.datacash_key)
            .map(|k| k.partita_iva.clone())
            .unwrap_or_default()
    }

    /// The clear values of the other two seeded keys, which follow the seed: one active, bound
    /// to another partita IVA, and one deactivated.
    pub fn other_datacash_keys(&self) -> [String; 2] {
        crate::seed::datacash::other_keys(self.state.seed())
    }

    /// Every DataCash counter change from now on, published once its document is committed.
    pub fn counter_events(
        &self,
    ) -> tokio::sync::broadcast::Receiver<dckit_contracts::model::portal::CounterEvent> {
        self.state.datacash.subscribe()
    }

    /// Fisconline credentials accepted for the demo seller: a well-formed codice fiscale, a
    /// password, a PIN and [`MockServer::seller_partita_iva`].
    pub fn demo_credentials(&self) -> dckit_contracts::model::datacash::Credentials {
        crate::datacash::demo_credentials(&self.seller_partita_iva())
    }

    /// [`MockServer::demo_credentials`] encrypted to this server's key: a ready
    /// `ade_credentials_encrypted` value.
    pub fn credentials_for_demo(&self) -> Result<String, crate::credentials::CredentialsError> {
        self.credentials_for(&self.demo_credentials())
    }

    /// Any credentials encrypted to this server's key.
    pub fn credentials_for(
        &self,
        credentials: &dckit_contracts::model::datacash::Credentials,
    ) -> Result<String, crate::credentials::CredentialsError> {
        let key = self.state.datacash.service_key().ok_or_else(|| {
            crate::credentials::CredentialsError::PublicKey("the server has no key".into())
        })?;
        crate::credentials::encrypt(key.public_armored(), credentials)
    }

    /// The lines of the start banner (mock-server/HARNESS.md), in order; secrets included. With a
    /// harness-only listener, one more line ends it: `admin listening on http://ADDR`.
    pub fn banner(&self) -> Vec<String> {
        let mut lines = vec![
            format!("listening on {}", self.base_url),
            format!("webservice token: {}", self.webservice_token()),
            format!("datacash key: {}", self.datacash_key()),
            format!("seller partita iva: {}", self.seller_partita_iva()),
            format!("portal token: {}", self.portal_token()),
            format!("admin token: {}", self.admin_token()),
        ];
        if let Some(addr) = self.admin_addr {
            lines.push(format!("admin listening on http://{addr}"));
        }
        lines
    }

    /// Stops accepting connections, lets requests in flight finish (new ones get 503), stops
    /// the deferred-fiscalisation worker, and waits until every write is committed.
    pub async fn shutdown(mut self) {
        self.state.lifecycle.stop();
        for task in self.tasks.drain(..) {
            let _ = task.await;
        }
        if let Some(worker) = self.worker.take() {
            let _ = worker.await;
        }
        if let Err(e) = self.state.db.flush().await {
            tracing::error!("cannot finish the last writes: {e}");
        }
    }

    // ---- The harness, in process -------------------------------------------------------

    /// Replaces all data with data generated from `seed` (the current seed when `None`), as
    /// `POST /__admin/reset`; tokens, clock, fault rules and journal are kept. Returns the seed.
    pub async fn reset(&self, seed: Option<u64>) -> Result<u64, CatalogueError> {
        self.harness.reset(seed).await
    }

    /// Stops the clock at `at`, as `POST /__admin/clock {"freeze": …}`.
    pub fn freeze_clock<Tz: TimeZone>(&self, at: DateTime<Tz>) -> ClockState {
        self.harness.freeze_clock(at.with_timezone(&Utc))
    }

    /// Moves the clock by `by` (back when negative), frozen or not, as
    /// `POST /__admin/clock {"advance": …}`; a move past the year 9999 (or before the year 1)
    /// leaves the clock where it is.
    pub fn advance_clock(&self, by: TimeDelta) -> ClockState {
        self.harness.advance_clock(by)
    }

    /// Returns the clock to real time, as `POST /__admin/clock {"unfreeze": true}`.
    pub fn unfreeze_clock(&self) -> ClockState {
        self.harness.unfreeze_clock()
    }

    /// Adds a fault rule (replacing the one with its id, if any), as
    /// `POST /__admin/faults`; returns its id.
    pub fn add_fault(&self, rule: FaultRule) -> Result<FaultId, CatalogueError> {
        self.harness.add_fault(rule).map(|fault| fault.id)
    }

    /// The fault rules in the order they are tried, as `GET /__admin/faults`.
    pub fn faults(&self) -> Vec<Fault> {
        self.harness.faults()
    }

    /// Removes one fault rule, as `DELETE /__admin/faults/{id}`; returns it as it was.
    pub fn remove_fault(&self, id: &FaultId) -> Result<Fault, CatalogueError> {
        self.harness.remove_fault(id.as_str())
    }

    /// Removes every fault rule, as `DELETE /__admin/faults`; returns how many there were.
    pub fn clear_faults(&self) -> usize {
        self.harness.clear_faults()
    }

    /// The journal entries `filter` selects, oldest first, as `GET /__admin/requests`.
    pub fn journal(&self, filter: &JournalFilter) -> Vec<JournalEntry> {
        self.harness.journal(filter)
    }

    /// Empties the journal, as `DELETE /__admin/requests`; returns how many entries it had.
    pub fn clear_journal(&self) -> usize {
        self.harness.clear_journal()
    }

    /// Takes the tax agency down (`false`: sales are accepted as pending) or brings it back,
    /// as `POST /__admin/agency`.
    pub async fn set_agency_up(&self, up: bool) -> Result<AgencyState, CatalogueError> {
        self.harness.set_agency_up(up).await
    }

    /// Sets where deferred fiscalisations are reported (`None` removes it), as
    /// `POST /__admin/webhook`.
    pub async fn set_webhook(&self, url: Option<&str>) -> Result<WebhookState, CatalogueError> {
        self.harness.set_webhook(url).await
    }

    /// Makes the Fisconline password of the seller `partita_iva` expired (code `03` until
    /// `resetPassword`), as `POST /__admin/credentials/expire`.
    pub async fn expire_credentials(
        &self,
        partita_iva: &str,
    ) -> Result<CredentialsState, CatalogueError> {
        self.harness
            .set_credentials_expired(partita_iva, true)
            .await
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.state.lifecycle.stop();
    }
}

/// Binds `addr`; returns the listener and the address it got.
async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), StartError> {
    let fail = |source| StartError::Bind { addr, source };
    let listener = TcpListener::bind(addr).await.map_err(fail)?;
    let bound = listener.local_addr().map_err(fail)?;
    Ok((listener, bound))
}

/// Reads (or creates, on first start) the tokens, and tells whether the store still needs
/// its demo data.
async fn prepare(store: &Db, seed: u64) -> Result<(Tokens, u64, bool), DbError> {
    store
        .write(move |conn| {
            let token = |name: &str, prefix: &str| -> Result<String, DbError> {
                match get_setting(conn, name)? {
                    Some(v) => Ok(v),
                    None => {
                        let v = secrets::generate(prefix, 40);
                        set_setting(conn, name, &v)?;
                        Ok(v)
                    }
                }
            };
            let webservice = token(setting::WEBSERVICE_TOKEN, "")?;
            let portal = token(setting::PORTAL_TOKEN, "pt_")?;
            let admin = token(setting::ADMIN_TOKEN, "adm_")?;
            let stored_seed = get_setting(conn, setting::SEED)?;
            let (seed, fresh) = match stored_seed.map(|s| s.parse::<u64>()) {
                Some(Ok(stored)) => (stored, false),
                Some(Err(_)) => {
                    return Err(DbError::Corrupt("the stored seed is not a number".into()));
                }
                None => (seed, true),
            };
            Ok((Tokens::new(webservice, portal, admin), seed, fresh))
        })
        .await
}

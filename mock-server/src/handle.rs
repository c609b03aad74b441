//! [`MockServer`]: a running mock, started from a [`Config`], for binaries and tests alike.

use crate::clock::Clock;
use crate::config::{Config, Storage};
use crate::secrets;
use crate::state::{AppState, Tokens, setting};
use crate::store::{Store, StoreError, get_setting, set_setting};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The store could not be opened or prepared.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// A running mock server. Dropping it stops the server.
pub struct MockServer {
    addr: SocketAddr,
    base_url: String,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    datacash_key: String,
    worker: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Opens the store (generating demo data if it is new), binds `config.addr` and starts
    /// serving on the current Tokio runtime.
    pub async fn start(config: Config) -> Result<MockServer, StartError> {
        let clock = match config.clock {
            Some(at) => Clock::frozen(at.to_utc()),
            None => Clock::real(),
        };
        let store = Store::open(&config.storage.location())?;
        let (tokens, seed, fresh) = prepare(&store, config.seed).await?;
        let state = AppState::new(config.clone(), clock, store, tokens, seed);
        state.datacash.init(&state.store).await?;
        let mut datacash_key = crate::datacash::demo_key(&state.store).await?;
        if fresh || datacash_key.is_none() {
            state.reset(Some(seed)).await?;
            datacash_key = crate::datacash::demo_key(&state.store).await?;
        }
        let datacash_key = datacash_key
            .ok_or_else(|| StoreError::Corrupt("seeding made no DataCash demo key".into()))?;
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
        let app = crate::server::app(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let drain = state.drain.clone();
        let task = tokio::spawn(crate::serve::serve(listener, app, drain, async move {
            let _ = stopped.await;
        }));
        let worker = tokio::spawn(crate::datacash::deferred::run(state.clone()));
        Ok(MockServer {
            addr,
            base_url: format!("http://{addr}"),
            state,
            stop: Some(stop),
            task: Some(task),
            datacash_key,
            worker: Some(worker),
        })
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

    /// The lines of the start banner (DESIGN §6), in order; secrets included.
    pub fn banner(&self) -> Vec<String> {
        vec![
            format!("listening on {}", self.base_url),
            format!("webservice token: {}", self.webservice_token()),
            format!("datacash key: {}", self.datacash_key()),
            format!("seller partita iva: {}", self.seller_partita_iva()),
            format!("portal token: {}", self.portal_token()),
            format!("admin token: {}", self.admin_token()),
        ]
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.state.datacash.stop();
        if let Some(worker) = self.worker.take() {
            let _ = worker.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.state.datacash.stop();
    }
}

/// Reads (or creates, on first start) the tokens, and tells whether the store still needs
/// its demo data.
async fn prepare(store: &Store, seed: u64) -> Result<(Tokens, u64, bool), StoreError> {
    store
        .write(move |conn| {
            let token = |name: &str, prefix: &str| -> Result<String, StoreError> {
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
                    return Err(StoreError::Corrupt(
                        "the stored seed is not a number".into(),
                    ));
                }
                None => (seed, true),
            };
            Ok((Tokens::new(webservice, portal, admin), seed, fresh))
        })
        .await
}

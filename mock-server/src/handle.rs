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
        if fresh {
            state.reset(Some(seed)).await?;
        }
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
        let task = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            let result = axum::serve(listener, service)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = result {
                tracing::error!("server stopped with an error: {e}");
            }
        });
        Ok(MockServer {
            addr,
            base_url: format!("http://{addr}"),
            state,
            stop: Some(stop),
            task: Some(task),
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

    /// The lines of the start banner (DESIGN §6), in order; secrets included.
    pub fn banner(&self) -> Vec<String> {
        vec![
            format!("listening on {}", self.base_url),
            format!("webservice token: {}", self.webservice_token()),
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
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
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

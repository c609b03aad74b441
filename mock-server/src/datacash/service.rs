//! [`DataCash`]: the DataCash service — its database, its clock, the service key, the
//! in-memory mirrors of keys and counters, the credential cache, the harness switches (agency
//! up or down, webhook URL, expired credentials) and the stream of counter events. Requests,
//! the harness and the deferred-fiscalisation worker all reach it through one handle.

use super::directory::{Counters, CredentialCache, Directory, KeyRecord};
use super::pgp::ServiceKey;
use super::records::Counted;
use crate::clock::Clock;
use crate::db::{Db, DbError, get_setting, set_setting};
use chrono::NaiveDate;
use dckit_contracts::model::portal::{CounterEvent, DocumentKind, Instance};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};
use tokio::sync::{Notify, broadcast};

/// Settings rows of the DataCash.
pub(crate) mod setting {
    /// The service's OpenPGP secret key, armored.
    pub(crate) const PGP_SECRET_KEY: &str = "datacash_pgp_secret_key";
    /// The demo API key in clear (the one documented exception to "keys are stored hashed",
    /// so that the start banner can print it).
    pub(crate) const DEMO_KEY: &str = "datacash_demo_key";
    /// The deferred-fiscalisation webhook URL.
    pub(crate) const WEBHOOK_URL: &str = "datacash_webhook_url";
}

/// How many decrypted credentials are remembered.
const CREDENTIAL_CACHE_SIZE: usize = 4096;

/// How many counter events a slow subscriber may fall behind before it misses some.
const EVENT_BACKLOG: usize = 1024;

/// The DataCash state shared by handlers, the harness and the background worker.
pub(crate) struct DataCash {
    db: Db,
    clock: Clock,
    key: OnceLock<Arc<ServiceKey>>,
    directory: RwLock<Arc<Directory>>,
    counters: RwLock<Counters>,
    /// Bumped by every reload, so that a count committed around a reset is re-read.
    generation: AtomicU64,
    credentials: CredentialCache,
    expired: RwLock<HashSet<String>>,
    agency_up: AtomicBool,
    webhook_url: RwLock<Option<String>>,
    events: broadcast::Sender<CounterEvent>,
    wake: Notify,
}

impl std::fmt::Debug for DataCash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataCash")
            .field("agency_up", &self.agency_up())
            .finish_non_exhaustive()
    }
}

impl DataCash {
    /// The service over `db` as of `clock`, its mirrors empty until [`DataCash::init`].
    pub(crate) fn new(db: Db, clock: Clock) -> DataCash {
        DataCash {
            db,
            clock,
            key: OnceLock::new(),
            directory: RwLock::new(Arc::new(Directory::default())),
            counters: RwLock::new(Counters::default()),
            generation: AtomicU64::new(0),
            credentials: CredentialCache::new(CREDENTIAL_CACHE_SIZE),
            expired: RwLock::new(HashSet::new()),
            agency_up: AtomicBool::new(true),
            webhook_url: RwLock::new(None),
            events: broadcast::channel(EVENT_BACKLOG).0,
            wake: Notify::new(),
        }
    }

    /// The database the service reads and writes.
    pub(crate) fn db(&self) -> &Db {
        &self.db
    }

    /// The clock documents are issued by.
    pub(crate) fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Loads (or, on first start, generates and stores) the service key and the webhook URL,
    /// then the mirrors.
    pub(crate) async fn init(&self, store: &Db) -> Result<(), DbError> {
        let (armored, url) = store
            .write(|conn| {
                let armored = match get_setting(conn, setting::PGP_SECRET_KEY)? {
                    Some(armored) => armored,
                    None => {
                        let key = ServiceKey::generate()
                            .and_then(|k| k.secret_armored())
                            .map_err(|e| DbError::Corrupt(e.to_string()))?;
                        set_setting(conn, setting::PGP_SECRET_KEY, &key)?;
                        key
                    }
                };
                Ok::<_, DbError>((armored, get_setting(conn, setting::WEBHOOK_URL)?))
            })
            .await?;
        let key = ServiceKey::from_armored(&armored)
            .map_err(|e| DbError::Corrupt(format!("the stored OpenPGP key: {e}")))?;
        let _ = self.key.set(Arc::new(key));
        *self
            .webhook_url
            .write()
            .unwrap_or_else(PoisonError::into_inner) = url.filter(|u| !u.is_empty());
        self.reload(store).await
    }

    /// Re-reads keys, counters and expired credentials from the store (after a reset, or after
    /// the account area changed keys or licences).
    pub(crate) async fn reload(&self, store: &Db) -> Result<(), DbError> {
        self.reload_keys(store).await?;
        let (counters, expired) = store
            .read(|conn| {
                let mut stmt = conn.prepare("SELECT partita_iva FROM dc_expired_credentials")?;
                let expired = stmt
                    .query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<HashSet<_>, _>>()?;
                Ok::<_, DbError>((Counters::load(conn)?, expired))
            })
            .await?;
        *self.expired.write().unwrap_or_else(PoisonError::into_inner) = expired;
        let mut guard = self
            .counters
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *guard = counters;
        self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Re-reads the key directory only (after keys or licences changed).
    pub(crate) async fn reload_keys(&self, store: &Db) -> Result<(), DbError> {
        let directory = store.read(Directory::load).await?;
        *self
            .directory
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(directory);
        Ok(())
    }

    /// The service's key pair (set by [`DataCash::init`]).
    pub(crate) fn service_key(&self) -> Option<Arc<ServiceKey>> {
        self.key.get().cloned()
    }

    /// The API key whose clear value is `key`.
    pub(crate) fn find_key(&self, key: &str) -> Option<Arc<KeyRecord>> {
        self.directory
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .find(key)
    }

    /// `(total, on day)` documents of a key on an instance.
    pub(crate) fn counts(&self, key_id: i64, instance: Instance, day: NaiveDate) -> (u64, u64) {
        self.counters
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key_id, instance, day)
    }

    /// The current reload generation; take it before a write that counts a document.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Mirrors a committed count and publishes it. `generation` is the one taken before the
    /// write: if a reload happened since, the counters are re-read instead.
    pub(crate) async fn counted(&self, store: &Db, counted: &Counted, generation: u64) {
        let stale = {
            let mut guard = self
                .counters
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            let stale = self.generation() != generation;
            if !stale {
                guard.observe(counted);
            }
            stale
        };
        if stale {
            match store.read(Counters::load).await {
                Ok(fresh) => {
                    *self
                        .counters
                        .write()
                        .unwrap_or_else(PoisonError::into_inner) = fresh;
                }
                Err(e) => tracing::error!("cannot re-read the counters: {e}"),
            }
        }
        // No subscriber is not an error.
        let _ = self.events.send(CounterEvent {
            key_id: format!("key-{}", counted.key_id),
            instance: counted.instance,
            total: counted.total,
            today: counted.day_count,
            idtrx: counted.idtrx.to_string(),
            kind: DocumentKind::from(counted.kind),
            id_temporaneo: counted.temp_id.clone(),
        });
    }

    /// A stream of every counter change, published after its commit.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<CounterEvent> {
        self.events.subscribe()
    }

    /// The credentials decrypted from blobs seen before.
    pub(crate) fn credential_cache(&self) -> &CredentialCache {
        &self.credentials
    }

    /// Whether the harness marked the credentials of `partita_iva` expired.
    pub(crate) fn is_expired(&self, partita_iva: &str) -> bool {
        self.expired
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(partita_iva)
    }

    /// Marks (or, with `false`, clears) the expiry of `partita_iva`'s credentials, stored as
    /// of the clock's now and mirrored.
    pub(crate) async fn set_expired(
        &self,
        partita_iva: &str,
        expired: bool,
    ) -> Result<(), DbError> {
        let now = crate::db::time::format(self.clock.now().naive_local());
        let stored = partita_iva.to_owned();
        self.db
            .write(move |conn| {
                if expired {
                    conn.execute(
                        "INSERT INTO dc_expired_credentials (partita_iva, expired_at) VALUES (?1, ?2)
                         ON CONFLICT (partita_iva) DO UPDATE SET expired_at = excluded.expired_at",
                        [&stored, &now],
                    )?;
                } else {
                    conn.execute(
                        "DELETE FROM dc_expired_credentials WHERE partita_iva = ?1",
                        [&stored],
                    )?;
                }
                Ok::<_, DbError>(())
            })
            .await?;
        let mut set = self.expired.write().unwrap_or_else(PoisonError::into_inner);
        if expired {
            set.insert(partita_iva.to_owned());
        } else {
            set.remove(partita_iva);
        }
        Ok(())
    }

    /// Whether the tax agency answers.
    pub(crate) fn agency_up(&self) -> bool {
        self.agency_up.load(Ordering::SeqCst)
    }

    /// Switches the tax agency up or down; coming up wakes the worker.
    pub(crate) fn set_agency_up(&self, up: bool) {
        self.agency_up.store(up, Ordering::SeqCst);
        if up {
            self.wake();
        }
    }

    /// The webhook URL of deferred fiscalisations.
    pub(crate) fn webhook_url(&self) -> Option<String> {
        self.webhook_url
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Sets (with `None`, removes) the webhook URL, stored and mirrored, and wakes the worker.
    pub(crate) async fn set_webhook_url(&self, url: Option<String>) -> Result<(), DbError> {
        let stored = url.clone().unwrap_or_default();
        self.db
            .write(move |conn| set_setting(conn, setting::WEBHOOK_URL, &stored))
            .await?;
        *self
            .webhook_url
            .write()
            .unwrap_or_else(PoisonError::into_inner) = url;
        self.wake();
        Ok(())
    }

    /// Tells the worker there is work (pending sales, deliveries).
    pub(crate) fn wake(&self) {
        self.wake.notify_one();
    }

    /// Resolves when [`DataCash::wake`] is called (or was called since the last wait).
    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }
}

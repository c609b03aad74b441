//! What the hot path reads without touching SQLite or OpenPGP: the API keys by hash, the
//! document counters, and the credentials already decrypted.
//!
//! The key directory and the counters mirror committed rows: the directory is reloaded after
//! every write to `dc_keys` or `dc_licences` (and after a reset), the counters are raised after
//! each commit that counts a document.

use super::records::Counted;
use crate::db::DbError;
use chrono::NaiveDate;
use dckit_contracts::fiscal::PartitaIva;
use dckit_contracts::model::portal::Instance;
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

/// An API key as the DataCash endpoints need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyRecord {
    /// The key's row id.
    pub(crate) id: i64,
    /// The partita IVA it is bound to.
    pub(crate) partita_iva: String,
    /// `false` once deactivated.
    pub(crate) active: bool,
    /// The last valid day of its licence.
    pub(crate) licence_expires: NaiveDate,
}

/// The API keys by the SHA-256 of their clear value.
#[derive(Debug, Default)]
pub(crate) struct Directory {
    by_hash: HashMap<[u8; 32], Arc<KeyRecord>>,
}

impl Directory {
    /// Reads every key.
    pub(crate) fn load(conn: &Connection) -> Result<Directory, DbError> {
        let mut stmt = conn.prepare(
            "SELECT k.id, k.key_hash, k.partita_iva, k.deactivated_at IS NULL, l.expires_on
             FROM dc_keys k JOIN dc_licences l ON l.id = k.licence_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut by_hash = HashMap::new();
        for row in rows {
            let (id, hash, partita_iva, active, expires) = row?;
            let mut digest = [0u8; 32];
            hex::decode_to_slice(&hash, &mut digest)
                .map_err(|e| DbError::Corrupt(format!("key hash of key {id}: {e}")))?;
            let licence_expires = expires
                .parse::<NaiveDate>()
                .map_err(|e| DbError::Corrupt(format!("licence expiry {expires:?}: {e}")))?;
            by_hash.insert(
                digest,
                Arc::new(KeyRecord {
                    id,
                    partita_iva,
                    active,
                    licence_expires,
                }),
            );
        }
        Ok(Directory { by_hash })
    }

    /// The key whose clear value is `key`.
    pub(crate) fn find(&self, key: &str) -> Option<Arc<KeyRecord>> {
        // Looking up by hash: the clear key is never compared, so there is no timing to leak.
        self.by_hash.get(&crate::secrets::hash(key)).cloned()
    }
}

/// One key's count on one instance.
#[derive(Debug, Default, Clone)]
struct Count {
    total: u64,
    days: HashMap<NaiveDate, u64>,
}

/// Documents counted per key and instance, ever and per day.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    counts: HashMap<(i64, Instance), Count>,
}

impl Counters {
    /// Reads every counter.
    pub(crate) fn load(conn: &Connection) -> Result<Counters, DbError> {
        let mut counters = Counters::default();
        let mut stmt = conn.prepare("SELECT key_id, instance, total FROM dc_counters")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (key, instance, total) = row?;
            let count = counters.entry(key, &instance)?;
            count.total = u64::try_from(total).unwrap_or(0);
        }
        let mut stmt = conn.prepare("SELECT key_id, instance, day, count FROM dc_counter_days")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (key, instance, day, n) = row?;
            let day = day
                .parse::<NaiveDate>()
                .map_err(|e| DbError::Corrupt(format!("counter day {day:?}: {e}")))?;
            counters
                .entry(key, &instance)?
                .days
                .insert(day, u64::try_from(n).unwrap_or(0));
        }
        Ok(counters)
    }

    fn entry(&mut self, key: i64, instance: &str) -> Result<&mut Count, DbError> {
        let instance = Instance::parse(instance)
            .ok_or_else(|| DbError::Corrupt(format!("counter instance {instance:?}")))?;
        Ok(self.counts.entry((key, instance)).or_default())
    }

    /// `(total, on day)` for a key on an instance.
    pub(crate) fn get(&self, key: i64, instance: Instance, day: NaiveDate) -> (u64, u64) {
        self.counts.get(&(key, instance)).map_or((0, 0), |c| {
            (c.total, c.days.get(&day).copied().unwrap_or(0))
        })
    }

    /// Takes in a committed count; counts only grow, so commits seen out of order are fine.
    pub(crate) fn observe(&mut self, counted: &Counted) {
        let count = self
            .counts
            .entry((counted.key_id, counted.instance))
            .or_default();
        count.total = count.total.max(counted.total);
        let day = count.days.entry(counted.day).or_insert(0);
        *day = (*day).max(counted.day_count);
    }
}

/// What decrypted credentials were found to be, worked out once per blob: the partita IVA
/// they carry when their codice fiscale, password, PIN and partita IVA are acceptable, or the
/// sentence saying why they are refused. The password and PIN themselves are not kept.
#[derive(Debug)]
pub(crate) struct CheckedCredentials {
    /// The valid partita IVA, or why the credentials are refused.
    pub(crate) verdict: Result<PartitaIva, String>,
}

/// Credentials already decrypted and checked, by the SHA-256 of the armored blob they came
/// in. Clients send the same blob every time, so OpenPGP and the fiscal checks run once per
/// blob. Only successful decryptions are kept; when full, the cache starts over.
#[derive(Debug)]
pub(crate) struct CredentialCache {
    entries: RwLock<HashMap<[u8; 32], Arc<CheckedCredentials>>>,
    capacity: usize,
}

impl CredentialCache {
    /// A cache of at most `capacity` entries.
    pub(crate) fn new(capacity: usize) -> CredentialCache {
        CredentialCache {
            entries: RwLock::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    /// The credentials decrypted from the blob with this hash.
    pub(crate) fn get(&self, blob_hash: &[u8; 32]) -> Option<Arc<CheckedCredentials>> {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(blob_hash)
            .cloned()
    }

    /// Remembers a successful decryption.
    pub(crate) fn put(&self, blob_hash: [u8; 32], credentials: Arc<CheckedCredentials>) {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(&blob_hash) {
            entries.clear();
        }
        entries.insert(blob_hash, credentials);
    }

    /// How many entries it holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dckit_contracts::model::datacash::OperationType;

    #[test]
    fn counters_only_grow_and_split_by_day() {
        let d1 = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
        let d2 = d1.succ_opt().unwrap();
        let mut c = Counters::default();
        let seen = |total, day, day_count| Counted {
            key_id: 1,
            instance: Instance::Dco,
            day,
            total,
            day_count,
            idtrx: 1,
            kind: OperationType::Sale,
            temp_id: None,
        };
        c.observe(&seen(5, d1, 2));
        c.observe(&seen(4, d1, 1)); // an older commit seen late
        c.observe(&seen(6, d2, 1));
        assert_eq!(c.get(1, Instance::Dco, d1), (6, 2));
        assert_eq!(c.get(1, Instance::Dco, d2), (6, 1));
        assert_eq!(c.get(1, Instance::Fe, d2), (0, 0));
        assert_eq!(c.get(2, Instance::Dco, d2), (0, 0));
    }

    #[test]
    fn the_credential_cache_is_bounded() {
        let cache = CredentialCache::new(2);
        let creds = Arc::new(CheckedCredentials {
            verdict: Err("la password è vuota.".into()),
        });
        for i in 0..5u8 {
            cache.put([i; 32], creds.clone());
            assert!(cache.len() <= 2);
        }
        assert!(cache.get(&[4; 32]).is_some());
        assert!(cache.get(&[0; 32]).is_none());
    }
}

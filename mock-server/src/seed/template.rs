//! Ephemeral stores that start with their demo data at once: the data of a seed and a day is
//! generated once, into a template database, and every new store is a copy of it.
//!
//! Generating the demo data (tens of thousands of rows through the same code that stores a
//! document at run time) takes most of a second; copying the finished database takes a few
//! milliseconds. The data is a pure function of the seed and the day it is generated for
//! ([`super::generate`]), so the template is keyed by exactly those two (and by this build,
//! for the copy kept on disk): a copy holds the very rows a fresh generation would.
//!
//! What must differ from one server to the next is not in the template: the demo DataCash
//! key is drawn anew for every copy, and the tokens and the service's
//! OpenPGP key are made by the server's start as for any new store.
//!
//! Templates are kept in two places:
//!
//! * in this process's memory, for the process's next servers (at most 4 of them, the oldest
//!   dropped first);
//! * in a process that asked for it ([`keep_files`]: the `dckit-mock` binary, where each
//!   process starts one server), also as files in a cache directory, for the next processes
//!   of the same build (a test suite's processes keep theirs in memory only): the
//!   `DCKIT_MOCK_CACHE_DIR` environment variable, or else the platform's cache directory
//!   (e.g. `~/.cache/dckit/mock/templates` on Linux); `DCKIT_MOCK_CACHE_DIR=off` turns the
//!   files off (empty counts as unset, as for every `DCKIT_` variable). A file holds demo
//!   data only, never a secret; one that cannot be
//!   read is made anew, and one that cannot be written is only logged (at debug level).
//!   Files older than two days are removed when a new one is written.

use super::datacash::{DEMO_KEY_ID, new_demo_key};
use crate::datacash::service::setting::DEMO_KEY;
use crate::db::setting::SEED;
use crate::db::{
    Db, DbError, SCHEMA_VERSION, get_setting, new_private_template, new_template, open_template,
    save_template, set_setting,
};
use chrono::NaiveDate;
use dckit_contracts::model::portal::mask_key;
use rusqlite::{Connection, params};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

/// How many templates this process keeps in memory.
pub(crate) const KEPT: usize = 4;

/// How long a template file is kept after it was written.
pub(crate) const FILE_LIFETIME: Duration = Duration::from_secs(2 * 24 * 3600);

/// The environment variable naming the directory of template files (`off`: no files).
pub(crate) const CACHE_DIR_VAR: &str = "DCKIT_MOCK_CACHE_DIR";

/// Whether this process keeps templates as files too.
static FILES: AtomicBool = AtomicBool::new(false);

/// Makes this process keep its templates as files too, and start from the files of earlier
/// processes of the same build (see the module's documentation): for processes that start
/// one server each, like the `dckit-mock` binary, which then keeps no template in memory.
/// Without it templates stay in memory.
pub fn keep_files() {
    FILES.store(true, Ordering::SeqCst);
}

/// What a template's data depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    seed: u64,
    today: NaiveDate,
}

/// One template, built at most once (its lock is held while it is built or copied).
type Slot = Arc<Mutex<Option<Connection>>>;

/// The templates of this process, oldest first.
fn templates() -> &'static Mutex<Vec<(Key, Slot)>> {
    static TEMPLATES: OnceLock<Mutex<Vec<(Key, Slot)>>> = OnceLock::new();
    TEMPLATES.get_or_init(Mutex::default)
}

/// A new ephemeral store holding the demo data of `seed` as of `today` — the same rows, and
/// the same `seed` setting, that a new store reset to `seed` on `today` holds — with a demo
/// DataCash key of its own (a fresh random one, as a new store would draw).
pub(crate) async fn open_seeded(seed: u64, today: NaiveDate) -> Result<Db, DbError> {
    let store = tokio::task::spawn_blocking(move || copy_of(Key { seed, today }))
        .await
        .map_err(|e| DbError::Panicked(e.to_string()))??;
    let demo_key = new_demo_key();
    store
        .write(move |conn| personalise(conn, &demo_key))
        .await?;
    Ok(store)
}

/// A store with the demo data of `key`: in a process that keeps files, from [`from_file`];
/// otherwise copied from this process's template of `key`, which is built first if this
/// process has none yet.
fn copy_of(key: Key) -> Result<Db, DbError> {
    if FILES.load(Ordering::SeqCst) {
        return from_file(key);
    }
    let slot = {
        let mut kept = templates().lock().unwrap_or_else(PoisonError::into_inner);
        match kept.iter().find(|(k, _)| *k == key) {
            Some((_, slot)) => Arc::clone(slot),
            None => {
                if kept.len() >= KEPT {
                    kept.remove(0);
                }
                let slot = Slot::default();
                kept.push((key, Arc::clone(&slot)));
                slot
            }
        }
    };
    let mut template = slot.lock().unwrap_or_else(PoisonError::into_inner);
    if template.is_none() {
        *template = Some(build(new_template()?, key)?);
    }
    match template.as_ref() {
        Some(conn) => Db::open_copy(conn),
        None => Err(DbError::Corrupt("no template".into())),
    }
}

/// A store for a process that starts one server, so that keeps no template in memory: a
/// copy of the file of `key`'s template if there is a good one; else the data is generated
/// into the store itself, which is then saved as that file for the next processes.
fn from_file(key: Key) -> Result<Db, DbError> {
    let file = cache_file(key);
    if let Some(path) = &file {
        match open_template(path) {
            Ok(conn) if holds(&conn, key) => return Db::open_copy(&conn),
            Ok(_) => tracing::debug!("template file {} is not of its seed", path.display()),
            Err(e) => tracing::debug!("no template file: {e}"),
        }
    }
    let conn = build(new_private_template()?, key)?;
    if let Some(path) = &file {
        match save_template(&conn, path) {
            Ok(()) => prune(path),
            Err(e) => tracing::debug!("template not saved: {e}"),
        }
    }
    Db::from_template(conn)
}

/// Whether a template read from a file holds the data of `key`'s seed.
fn holds(conn: &Connection, key: Key) -> bool {
    matches!(get_setting(conn, SEED), Ok(Some(s)) if s == key.seed.to_string())
}

/// Fills `conn`, a new template, with the data of `key`: what a reset of a new store does,
/// without the demo key.
fn build(conn: Connection, key: Key) -> Result<Connection, DbError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let filled = (|| {
        super::wipe(&conn)?;
        super::generate(&conn, key.seed, key.today)?;
        set_setting(&conn, SEED, &key.seed.to_string())?;
        // The demo key drawn by the generation is not served by any copy: each copy gets its
        // own (`personalise`), so no two servers share one.
        conn.execute("DELETE FROM settings WHERE name = ?1", params![DEMO_KEY])?;
        Ok::<_, DbError>(())
    })();
    match filled {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(conn)
}

/// Gives a copy its own demo key: stored in clear in the settings (for the banner) and
/// hashed, with its hint, in its `dc_keys` row — as the generation does with a new key.
fn personalise(conn: &Connection, demo_key: &str) -> Result<(), DbError> {
    set_setting(conn, DEMO_KEY, demo_key)?;
    let changed = conn.execute(
        "UPDATE dc_keys SET key_hash = ?1, key_hint = ?2 WHERE id = ?3",
        params![
            crate::secrets::hash_hex(demo_key),
            mask_key(demo_key),
            DEMO_KEY_ID
        ],
    )?;
    if changed != 1 {
        return Err(DbError::Corrupt("the template has no demo key row".into()));
    }
    Ok(())
}

/// The directory of template files, if there is one (files are not `off`).
fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os(CACHE_DIR_VAR) {
        Some(dir) if dir == "off" => None,
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "dckit")
            .map(|dirs| dirs.cache_dir().join("mock").join("templates")),
    }
}

/// The file of `key`'s template for this build, if there is a cache directory. The build is
/// told by the executable's size and modification time (a rebuilt generator may make other
/// rows) along with the crate's version and the schema version.
fn cache_file(key: Key) -> Option<PathBuf> {
    let dir = cache_dir()?;
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let build = crate::secrets::hash_hex(&format!(
        "{} {} {} {}",
        env!("CARGO_PKG_VERSION"),
        SCHEMA_VERSION,
        meta.len(),
        modified.as_nanos()
    ));
    Some(dir.join(format!(
        "seed-{}-{}-{}.sqlite3",
        key.seed,
        key.today,
        &build[..16]
    )))
}

/// Removes the template files (and leftovers of interrupted writes) of the directory of
/// `kept` older than [`FILE_LIFETIME`], except `kept`.
fn prune(kept: &std::path::Path) {
    let Some(dir) = kept.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("seed-"));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > FILE_LIFETIME);
        if ours && old && path != kept {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Location;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, 15).unwrap_or_default()
    }

    /// Every row of every table, and the schema version, in a stable order.
    async fn dump(store: &Db) -> Vec<String> {
        store
            .read(|conn| {
                let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
                let mut out = vec![format!("user_version {version}")];
                let tables: Vec<String> = conn
                    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                for table in tables {
                    // In storage order (what a query without ORDER BY sees), but the settings
                    // by name: they are written in another order on each path, and only ever
                    // read by name.
                    let order = if table == "settings" {
                        " ORDER BY name"
                    } else {
                        ""
                    };
                    let query = format!("SELECT * FROM \"{table}\"{order}");
                    crate::db::dump_rows(conn, &query, &table, &mut out)?;
                }
                Ok::<_, DbError>(out)
            })
            .await
            .unwrap()
    }

    /// A store made the way a new server's was before templates: reset to `seed` on `today`,
    /// with `demo_key` as its demo key.
    async fn generated(seed: u64, today: NaiveDate, demo_key: &str) -> Db {
        let store = Db::open(&Location::Memory).unwrap();
        let key = demo_key.to_owned();
        store
            .write(move |conn| {
                set_setting(conn, DEMO_KEY, &key)?;
                super::super::wipe(conn)?;
                super::super::generate(conn, seed, today)?;
                set_setting(conn, SEED, &seed.to_string())
            })
            .await
            .unwrap();
        store
    }

    /// A store from the template, with `demo_key` as its demo key.
    async fn copied(seed: u64, today: NaiveDate, demo_key: &str) -> Db {
        let store = copy_of(Key { seed, today }).unwrap();
        let key = demo_key.to_owned();
        store
            .write(move |conn| personalise(conn, &key))
            .await
            .unwrap();
        store
    }

    #[tokio::test]
    async fn a_copy_holds_every_row_a_generation_makes_and_none_of_another_seed_or_day() {
        let key = "dk_live_TestTestTestTestTestTestTestTest";
        let want = dump(&generated(42, day(), key).await).await;
        let got = dump(&copied(42, day(), key).await).await;
        assert!(want.len() > 10_000, "{} rows", want.len());
        assert_eq!(want.len(), got.len());
        for (w, g) in want.iter().zip(&got) {
            assert_eq!(w, g);
        }
        // A second copy of the same template is the same; other seeds and days are not.
        assert_eq!(dump(&copied(42, day(), key).await).await, want);
        let other_seed = dump(&copied(43, day(), key).await).await;
        assert_eq!(other_seed, dump(&generated(43, day(), key).await).await);
        assert_ne!(other_seed, want);
        let other_day = day().pred_opt().unwrap_or_default();
        let other = dump(&copied(42, other_day, key).await).await;
        assert_eq!(other, dump(&generated(42, other_day, key).await).await);
        assert_ne!(other, want);
    }

    #[tokio::test]
    async fn each_seeded_store_has_its_own_demo_key() {
        let keys = |store: Db| async move {
            store
                .read(|conn| {
                    let clear = get_setting(conn, DEMO_KEY)?.unwrap_or_default();
                    let hash: String = conn.query_row(
                        "SELECT key_hash FROM dc_keys WHERE id = ?1",
                        params![DEMO_KEY_ID],
                        |r| r.get(0),
                    )?;
                    Ok::<_, DbError>((clear, hash))
                })
                .await
                .unwrap()
        };
        let (a, a_hash) = keys(open_seeded(42, day()).await.unwrap()).await;
        let (b, b_hash) = keys(open_seeded(42, day()).await.unwrap()).await;
        assert_ne!(a, b);
        assert!(a.starts_with("dk_live_"));
        assert_eq!(a_hash, crate::secrets::hash_hex(&a));
        assert_eq!(b_hash, crate::secrets::hash_hex(&b));
    }
}

//! A small pool of read-only connections for a file database.

use super::DbError;
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Read-only connections shared by blocking tasks.
pub(super) struct ReaderPool {
    conns: Arc<Vec<Mutex<Connection>>>,
    next: AtomicUsize,
}

impl ReaderPool {
    /// Opens `size` connections to `path` with `open`.
    pub(super) fn open(
        path: &Path,
        size: usize,
        open: impl Fn(&Path) -> Result<Connection, DbError>,
    ) -> Result<ReaderPool, DbError> {
        let conns = (0..size.max(1))
            .map(|_| open(path).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ReaderPool {
            conns: Arc::new(conns),
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `job` on a free connection, on a blocking thread, inside one read transaction so
    /// that every statement sees the same snapshot.
    pub(super) async fn read<T, E, F>(&self, job: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let conns = Arc::clone(&self.conns);
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let task = tokio::task::spawn_blocking(move || {
            let n = conns.len();
            // Take the first idle connection, else wait for the one after the last taken.
            let guard = (0..n)
                .find_map(|i| conns[(start + i) % n].try_lock().ok())
                .unwrap_or_else(|| {
                    conns[start % n]
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                });
            snapshot(&guard, job)
        });
        match task.await {
            Ok(result) => result,
            Err(e) => Err(DbError::Panicked(e.to_string()).into()),
        }
    }
}

/// Runs `job` inside `BEGIN … COMMIT`.
fn snapshot<T, E, F>(conn: &Connection, job: F) -> Result<T, E>
where
    F: FnOnce(&Connection) -> Result<T, E>,
    E: From<DbError>,
{
    conn.execute_batch("BEGIN")
        .map_err(|e| E::from(DbError::from(e)))?;
    let outcome = job(conn);
    // A read transaction has nothing to keep: end it either way.
    let _ = conn.execute_batch("COMMIT");
    outcome
}

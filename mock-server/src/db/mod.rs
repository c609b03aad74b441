//! The database: the mock's state in an embedded SQLite file or private temporary database.
//!
//! One writer thread owns the read-write connection and runs every write job inside a
//! transaction, batching the jobs that queue up meanwhile into one commit (group commit), so
//! durability costs one sync per batch rather than one per request. In a file database, reads
//! run on a small pool of read-only connections (WAL lets them proceed during writes); in an
//! ephemeral database (private to its connection) they go through the writer, which owns it.

mod migrations;
mod reader;
mod settings;
pub(crate) mod template;
pub mod time;
mod writer;

pub use migrations::SCHEMA_VERSION;
pub(crate) use settings::setting;
pub use settings::{Settings, get as get_setting, set as set_setting};
pub(crate) use template::{new_private_template, new_template, open_template, save_template};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the database lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Gone when the server stops (`--ephemeral`): SQLite's private temporary database, kept
    /// in a page cache that spills to an anonymous temporary file, never synced.
    Memory,
    /// A file, kept across restarts (`--data-dir`).
    File(PathBuf),
}

/// Why a database operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    Directory {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The database was written by a newer build with a schema this one does not know.
    #[error(
        "the database has schema version {found}, newer than this build of dckit-mock knows ({known}); upgrade dckit-mock or use another --data-dir"
    )]
    SchemaTooNew {
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// The commit of a batch of writes failed; none of its writes happened.
    #[error("commit failed: {0}")]
    Commit(String),
    /// A job panicked; its writes were rolled back.
    #[error("a store job panicked: {0}")]
    Panicked(String),
    /// The store's writer has stopped.
    #[error("the store is closed")]
    Closed,
    /// Stored data that cannot be decoded.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    writer: writer::Writer,
    readers: Option<reader::ReaderPool>,
    location: Location,
}

/// The name of the database file inside a data directory.
pub const DATABASE_FILE: &str = "dckit-mock.sqlite3";

impl Db {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(location: &Location) -> Result<Db, DbError> {
        let (conn, readers) = match location {
            Location::Memory => (open_private()?, None),
            Location::File(path) => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|source| DbError::Directory {
                        path: dir.to_path_buf(),
                        source,
                    })?;
                }
                let conn = Connection::open(path)?;
                configure(&conn, true)?;
                migrations::apply(&conn)?;
                let pool = reader::ReaderPool::open(path, 4, open_reader)?;
                (conn, Some(pool))
            }
        };
        if readers.is_none() {
            migrations::apply(&conn)?;
        }
        Ok(Db {
            inner: Arc::new(Inner {
                writer: writer::Writer::spawn(conn)?,
                readers,
                location: location.clone(),
            }),
        })
    }

    /// Opens the database file of a data directory.
    pub fn open_dir(dir: &Path) -> Result<Db, DbError> {
        Self::open(&Location::File(dir.join(DATABASE_FILE)))
    }

    /// Where this database lives.
    pub fn location(&self) -> &Location {
        &self.inner.location
    }

    /// Runs `job` inside a write transaction and resolves once it is committed.
    ///
    /// If `job` fails, its own changes are rolled back and its error returned; other jobs of
    /// the same batch are unaffected. The result is only delivered after the commit, so an
    /// `Ok` means the change is durable.
    pub async fn write<T, E, F>(&self, job: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.inner.writer.write(job).await
    }

    /// Resolves once every write queued before the call is committed (or has failed): what
    /// a shutdown waits for before the process ends.
    pub async fn flush(&self) -> Result<(), DbError> {
        self.inner.writer.flush().await
    }

    /// Runs `job` against a consistent snapshot of committed data.
    pub async fn read<T, E, F>(&self, job: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        match &self.inner.readers {
            Some(pool) => pool.read(job).await,
            None => self.inner.writer.read(job).await,
        }
    }

    /// The mock's own settings (tokens, seed, keys).
    pub fn settings(&self) -> Settings {
        Settings::new(self.clone())
    }
}

/// SQLite's private temporary database (the empty file name): a file deleted when the
/// connection closes, behind a page cache of a few MiB. Unlike an in-memory database it does
/// not grow the process's memory with every document stored, so a long load test stays
/// within a fixed footprint.
fn open_private() -> Result<Connection, DbError> {
    let conn = Connection::open("")?;
    configure(&conn, false)?;
    conn.pragma_update(None, "temp_store", "FILE")?;
    conn.pragma_update(None, "journal_mode", "MEMORY")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    Ok(conn)
}

/// Sets the pragmas every read-write connection needs.
fn configure(conn: &Connection, file: bool) -> Result<(), DbError> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if file {
        // WAL lets readers run during writes; FULL syncs the WAL at every commit, so a
        // committed (and acknowledged) write survives a crash of the process or the machine.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
    }
    Ok(())
}

fn open_reader(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

#[cfg(test)]
mod tests;

/// Every row `query` returns as `label: cell|cell|…` (each cell as SQLite typed it), for
/// tests that compare two databases row by row.
#[cfg(test)]
pub(crate) fn dump_rows(
    conn: &Connection,
    query: &str,
    label: &str,
    out: &mut Vec<String>,
) -> Result<(), DbError> {
    let mut stmt = conn.prepare(query)?;
    let n = stmt.column_count();
    let rows = stmt.query_map([], |r| {
        let cells: Vec<String> = (0..n)
            .map(|i| format!("{:?}", r.get_ref(i).map(|v| format!("{v:?}"))))
            .collect();
        Ok(cells.join("|"))
    })?;
    for row in rows {
        out.push(format!("{label}: {}", row?));
    }
    Ok(())
}

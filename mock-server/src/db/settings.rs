//! The `settings` table: single named values such as the mock's tokens and seed.

use super::{Db, DbError};
use rusqlite::{Connection, OptionalExtension, params};

/// Names of the settings rows holding the server's own values.
pub(crate) mod setting {
    /// The WebService token (the form field `token`), kept across restarts.
    pub(crate) const WEBSERVICE_TOKEN: &str = "webservice_token";
    /// The bearer token of the account area.
    pub(crate) const PORTAL_TOKEN: &str = "portal_token";
    /// The bearer token of the harness.
    pub(crate) const ADMIN_TOKEN: &str = "admin_token";
    /// The seed the current data was generated from.
    pub(crate) const SEED: &str = "seed";
}

/// Typed access to the settings of a [`Db`].
#[derive(Clone)]
pub struct Settings {
    db: Db,
}

impl Settings {
    pub(super) fn new(db: Db) -> Settings {
        Settings { db }
    }

    /// The value of `name`, if set.
    pub async fn get(&self, name: &'static str) -> Result<Option<String>, DbError> {
        self.db.read(move |conn| get(conn, name)).await
    }

    /// Sets `name` to `value`.
    pub async fn set(&self, name: &'static str, value: String) -> Result<(), DbError> {
        self.db.write(move |conn| set(conn, name, &value)).await
    }

    /// The value of `name`, storing `init()` first if it is not set yet.
    pub async fn get_or_init(
        &self,
        name: &'static str,
        init: impl FnOnce() -> String + Send + 'static,
    ) -> Result<String, DbError> {
        self.db
            .write(move |conn| match get(conn, name)? {
                Some(value) => Ok(value),
                None => {
                    let value = init();
                    set(conn, name, &value)?;
                    Ok(value)
                }
            })
            .await
    }
}

/// Reads a setting inside a job.
pub fn get(conn: &Connection, name: &str) -> Result<Option<String>, DbError> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE name = ?1",
            params![name],
            |row| row.get(0),
        )
        .optional()?)
}

/// Writes a setting inside a job.
pub fn set(conn: &Connection, name: &str, value: &str) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO settings (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params![name, value],
    )?;
    Ok(())
}

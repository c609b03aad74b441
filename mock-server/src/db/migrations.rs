//! Versioned schema migrations, tracked in SQLite's `user_version`.
//!
//! Each migration is a SQL file under `migrations/`, applied once, in order, in its own
//! transaction. A migration is never edited after it ships: changes go into a new one.

use super::DbError;
use rusqlite::Connection;

/// The migrations, in order: (version, name, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "core", include_str!("migrations/0001_core.sql")),
    (2, "whmcs", include_str!("migrations/0002_whmcs.sql")),
    (3, "datacash", include_str!("migrations/0003_datacash.sql")),
    (4, "portal", include_str!("migrations/0004_portal.sql")),
];

/// The schema version this build creates.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Brings the database up to [`SCHEMA_VERSION`].
pub(super) fn apply(conn: &Connection) -> Result<(), DbError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(DbError::SchemaTooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > found) {
        tracing::debug!(version, name, "applying migration");
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
        ))
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK");
        })?;
    }
    Ok(())
}

//! Databases copied from a template: an ephemeral store that starts as a page-for-page copy
//! of a database built once (SQLite's backup API), rather than one filled row by row.
//!
//! A copy is exact: same pages, same rowids, same schema version; what a query answers on the
//! copy is what it answers on the template.

use super::{Db, DbError, Inner, Location, configure, migrations, open_private, writer};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a template could not be read from or written to a file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TemplateError {
    /// SQLite reported an error.
    #[error("template database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file could not be written, renamed or read.
    #[error("template file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file holds another schema version than this build's.
    #[error("template file {path} has schema version {found}, not {known}")]
    Schema {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// This build's.
        known: i64,
    },
}

/// A new empty database in this process's memory, with the schema at
/// [`super::SCHEMA_VERSION`] and the pragmas of a read-write store: the start of a template.
pub(crate) fn new_template() -> Result<Connection, DbError> {
    let conn = Connection::open_in_memory()?;
    configure(&conn, false)?;
    migrations::apply(&conn)?;
    Ok(conn)
}

/// A new empty database as private as an ephemeral store's, with the schema at
/// [`super::SCHEMA_VERSION`]: the start of a template that becomes a store itself
/// ([`Db::from_template`]) rather than stay in memory to be copied.
pub(crate) fn new_private_template() -> Result<Connection, DbError> {
    let conn = open_private()?;
    migrations::apply(&conn)?;
    Ok(conn)
}

impl Db {
    /// A new ephemeral store ([`Location::Memory`], private to it) whose database starts as an
    /// exact copy of `template`. The template is only read.
    pub(crate) fn open_copy(template: &Connection) -> Result<Db, DbError> {
        let mut conn = open_private()?;
        copy(template, &mut conn)?;
        Db::from_template(conn)
    }

    /// A new ephemeral store ([`Location::Memory`]) that is the template made by
    /// [`new_private_template`] itself, for a template that is not kept: no copy is made.
    pub(crate) fn from_template(conn: Connection) -> Result<Db, DbError> {
        // A copy brings its template's schema version; a template of an older build is
        // brought up to date like any store.
        migrations::apply(&conn)?;
        Ok(Db {
            inner: Arc::new(Inner {
                writer: writer::Writer::spawn(conn)?,
                readers: None,
                location: Location::Memory,
            }),
        })
    }
}

/// Replaces the contents of `to` with those of `from`, page for page.
fn copy(from: &Connection, to: &mut Connection) -> Result<(), rusqlite::Error> {
    let backup = Backup::new(from, to)?;
    // Every page in one step: neither side is shared with another connection.
    backup.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)
}

/// Writes `template` to `path` atomically: a reader of `path` finds either the whole
/// template or no file (the copy is made beside it, then renamed over it).
pub(crate) fn save_template(template: &Connection, path: &Path) -> Result<(), TemplateError> {
    let io = |source| TemplateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let partial = path.with_extension(format!("partial-{}-{nanos}", std::process::id()));
    let written = (|| {
        let mut file = Connection::open(&partial)?;
        // Every page is written once: a small page cache will do (as when reading one).
        file.pragma_update(None, "cache_size", -256)?;
        copy(template, &mut file)?;
        file.close().map_err(|(_, e)| e)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e.into());
    }
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io(e)
    })
}

/// Opens a template written by [`save_template`], read-only, to be copied from. Fails if the
/// file is missing or unreadable, or holds another schema version than this build's. (A file
/// replaced or removed meanwhile stays readable through the connection, on Unix.)
pub(crate) fn open_template(path: &Path) -> Result<Connection, TemplateError> {
    if !path.is_file() {
        return Err(TemplateError::Io {
            path: path.to_path_buf(),
            source: std::io::ErrorKind::NotFound.into(),
        });
    }
    let file = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // The file is read once, page after page, into the copy: a small page cache will do, and
    // keeps the process's peak memory what it was before templates.
    file.pragma_update(None, "cache_size", -256)?;
    let found: i64 = file.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found != super::SCHEMA_VERSION {
        return Err(TemplateError::Schema {
            path: path.to_path_buf(),
            found,
            known: super::SCHEMA_VERSION,
        });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{get_setting, set_setting};

    #[tokio::test]
    async fn a_copy_holds_the_template_s_rows_and_leaves_the_template_alone() {
        let template = new_template().unwrap();
        set_setting(&template, "probe", "template").unwrap();
        let copy = Db::open_copy(&template).unwrap();
        assert_eq!(copy.location(), &Location::Memory);
        let seen = copy
            .write(|conn| {
                let seen = get_setting(conn, "probe")?;
                set_setting(conn, "probe", "copy")?;
                Ok::<_, DbError>(seen)
            })
            .await
            .unwrap();
        assert_eq!(seen.as_deref(), Some("template"));
        assert_eq!(
            get_setting(&template, "probe").unwrap().as_deref(),
            Some("template")
        );
        let version: i64 = copy
            .read(|conn| {
                Ok::<_, DbError>(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
            })
            .await
            .unwrap();
        assert_eq!(version, super::super::SCHEMA_VERSION);
    }

    #[test]
    fn a_saved_template_reads_back_and_a_missing_or_foreign_one_is_refused() {
        let dir = std::env::temp_dir().join(format!("dckit-template-test-{}", std::process::id()));
        let path = dir.join("t.sqlite3");
        let template = new_template().unwrap();
        set_setting(&template, "probe", "saved").unwrap();
        save_template(&template, &path).unwrap();
        let read = open_template(&path).unwrap();
        assert_eq!(
            get_setting(&read, "probe").unwrap().as_deref(),
            Some("saved")
        );
        assert!(matches!(
            open_template(&dir.join("none.sqlite3")),
            Err(TemplateError::Io { .. })
        ));
        template.pragma_update(None, "user_version", 9999).unwrap();
        save_template(&template, &path).unwrap();
        assert!(matches!(
            open_template(&path),
            Err(TemplateError::Schema { found: 9999, .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

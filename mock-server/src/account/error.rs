//! [`Error`]: how an operation of the account area fails.

use crate::db::DbError;
use dckit_contracts::errors::{CatalogueError, ErrorCode};

/// A refusal with its catalogue message, or a failure of the store (answered
/// `PortalInternal`, the cause logged but not shown).
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// The request is refused with this catalogue error.
    #[error("{}", .0.message)]
    Refused(CatalogueError),
    /// The store failed.
    #[error(transparent)]
    Db(DbError),
}

impl Error {
    /// The refusal `code` with its placeholders filled.
    pub(crate) fn new(code: ErrorCode, args: &[(&str, &str)]) -> Error {
        Error::Refused(code.with(args))
    }
}

impl From<CatalogueError> for Error {
    fn from(e: CatalogueError) -> Self {
        Error::Refused(e)
    }
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        Error::Db(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Db(DbError::from(e))
    }
}

/// What every operation of the account area returns.
pub(crate) type Result<T> = std::result::Result<T, Error>;

//! [`PortalError`]: how a handler of the account area fails.

use crate::db::DbError;
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::{CatalogueError, ErrorCode};

/// A refusal with its catalogue message, or a failure of the store (answered
/// `PortalInternal`, the cause logged but not shown).
#[derive(Debug)]
pub(crate) enum PortalError {
    /// The request is refused: answered as this problem.
    Refused(CatalogueError),
    /// The store failed.
    Db(DbError),
}

impl PortalError {
    /// The refusal `code` with its placeholders filled.
    pub(crate) fn new(code: ErrorCode, args: &[(&str, &str)]) -> PortalError {
        PortalError::Refused(code.with(args))
    }
}

impl From<CatalogueError> for PortalError {
    fn from(e: CatalogueError) -> Self {
        PortalError::Refused(e)
    }
}

impl From<DbError> for PortalError {
    fn from(e: DbError) -> Self {
        PortalError::Db(e)
    }
}

impl From<rusqlite::Error> for PortalError {
    fn from(e: rusqlite::Error) -> Self {
        PortalError::Db(DbError::from(e))
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        match self {
            PortalError::Refused(e) => problem(&e),
            PortalError::Db(e) => {
                tracing::error!("account area: {e}");
                problem(&ErrorCode::PortalInternal.with(&[]))
            }
        }
    }
}

/// What every handler returns.
pub(crate) type PortalResult<T> = Result<T, PortalError>;

pub(crate) use crate::http::reply::problem;

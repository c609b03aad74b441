//! [`Refusal`]: how a DataCash operation fails — a catalogue error, and for a wrong method
//! the methods the route accepts. The HTTP layer answers it in the DataCash envelope.

use crate::db::DbError;
use dckit_contracts::errors::{CatalogueError, ErrorCode};

/// A refused DataCash call: one catalogue error, and for a wrong method the `Allow` header.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// What went wrong.
    pub(crate) error: CatalogueError,
    /// The methods the route accepts, for `405`.
    pub(crate) allow: Option<&'static str>,
}

impl Refusal {
    /// The refusal `code` with its message arguments.
    pub(crate) fn new(code: ErrorCode, args: &[(&str, &str)]) -> Refusal {
        Refusal::from(code.with(args))
    }
}

impl From<CatalogueError> for Refusal {
    fn from(error: CatalogueError) -> Self {
        Refusal { error, allow: None }
    }
}

impl From<DbError> for Refusal {
    fn from(e: DbError) -> Self {
        tracing::error!("datacash store operation failed: {e}");
        Refusal::new(ErrorCode::DcInternal, &[])
    }
}

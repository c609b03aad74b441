//! [`Refusal`]: how a DataCash handler fails; answered in the DataCash envelope by
//! [`crate::http::reply`].

use crate::db::DbError;
use axum::response::{IntoResponse, Response};
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

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        crate::http::reply::datacash(&self.error, self.allow)
    }
}

pub(crate) use crate::http::reply::ok;

//! How a refusal or a failure of the account area is answered: the refusal's problem, or
//! `PortalInternal` for a failure of the store (its cause logged, not shown).

use crate::account::Error;
use crate::http::reply::problem;
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::ErrorCode;

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Error::Refused(e) => problem(&e),
            Error::Db(e) => {
                tracing::error!("account area: {e}");
                problem(&ErrorCode::PortalInternal.with(&[]))
            }
        }
    }
}

/// What every handler returns.
pub(crate) type PortalResult<T> = Result<T, Error>;

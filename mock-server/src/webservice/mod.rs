//! The WebService of Billing Extension for WHMCS (DESIGN §5).

use crate::state::AppState;
use axum::Router;

/// The WebService routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}

//! The DataCash document API under `/api/dco` (DESIGN §3).

use crate::state::AppState;
use axum::Router;

/// The DataCash routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}

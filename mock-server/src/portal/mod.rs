//! The account area under `/portal/v1` (DESIGN §4): keys, licences, add-ons, counters,
//! stores, devices and statistics.

use crate::state::AppState;
use axum::Router;

/// The account-area routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}

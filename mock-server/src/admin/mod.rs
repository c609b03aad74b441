//! The harness under `/__admin` (as WireMock's): reset, clock, the WebService token, the
//! DataCash switches (tax agency, webhook, expired credentials), fault rules and the request
//! journal; and `GET /__health`.
//!
//! Every `/__admin` route needs `Authorization: Bearer <admin token>` and, on the main
//! listener, a loopback client ([`auth`]). Fault rules and the journal never apply to the
//! harness itself, so a bad rule cannot lock it out. The operations are shared with the typed
//! helpers of [`crate::MockServer`], which behave exactly like the routes.

mod auth;
pub(crate) mod clock;
pub(crate) mod datacash;
pub(crate) mod faults;
mod glob;
mod health;
pub(crate) mod inject;
pub(crate) mod journal;
mod redact;
pub(crate) mod reset;

pub(crate) use auth::AdminListener;
pub(crate) use faults::Faults;
pub(crate) use journal::Journal;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The harness routes under `/__admin`, behind the admin token.
pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/__admin/reset", post(reset::reset))
        .route("/__admin/clock", get(clock::show).post(clock::change))
        .route("/__admin/webservice/token", post(reset::regenerate_token))
        .route(
            "/__admin/agency",
            get(datacash::show_agency).post(datacash::post_agency),
        )
        .route(
            "/__admin/webhook",
            get(datacash::show_webhook).post(datacash::post_webhook),
        )
        .route(
            "/__admin/credentials/expire",
            post(datacash::expire_credentials),
        )
        .route(
            "/__admin/faults",
            get(faults::list).post(faults::add).delete(faults::clear),
        )
        .route(
            "/__admin/faults/{id}",
            get(faults::show).delete(faults::remove),
        )
        .route(
            "/__admin/requests",
            get(journal::list).delete(journal::clear),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_admin,
        ))
}

/// `GET /__health`, open to anyone.
pub(crate) fn health_routes() -> Router<AppState> {
    Router::new().route("/__health", get(health::health))
}

/// Parses an optional JSON body: empty means `T::default()`.
fn json_body<T>(body: &[u8]) -> Result<T, crate::http::reply::Problem>
where
    T: serde::de::DeserializeOwned + Default,
{
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| {
        dckit_contracts::errors::ErrorCode::AdminBodyInvalid
            .with(&[("detail", &e.to_string())])
            .into()
    })
}

/// The harness's answer when the database fails: `AdminInternal` with the cause, logged.
fn internal(e: crate::db::DbError) -> dckit_contracts::errors::CatalogueError {
    tracing::error!("admin operation failed: {e}");
    dckit_contracts::errors::ErrorCode::AdminInternal.with(&[("detail", &e.to_string())])
}

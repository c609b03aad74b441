//! The harness under `/__admin` (as WireMock's): reset, clock, the WebService token, and the
//! DataCash switches (tax agency, webhook, expired credentials).
//!
//! Every route needs `Authorization: Bearer <admin token>` and, on the main listener, a
//! loopback client.

mod auth;
mod clock;
mod datacash;
mod reset;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The harness routes.
pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/__admin/reset", post(reset::reset))
        .route("/__admin/clock", get(clock::show).post(clock::change))
        .route("/__admin/webservice/token", post(reset::regenerate_token))
        .route(
            "/__admin/agency",
            get(datacash::show_agency).post(datacash::set_agency),
        )
        .route(
            "/__admin/webhook",
            get(datacash::show_webhook).post(datacash::set_webhook),
        )
        .route(
            "/__admin/credentials/expire",
            post(datacash::expire_credentials),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_admin,
        ))
}

/// Parses an optional JSON body: empty means `T::default()`.
fn json_body<T>(body: &[u8]) -> Result<T, crate::problem::Problem>
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

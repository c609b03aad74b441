//! The harness under `/__admin` (as WireMock's) and `GET /__health`: the routes of
//! mock-server/HARNESS.md, each parsing its request, calling the [`Harness`] and replying.
//!
//! * `POST /__admin/reset` `{"seed": N}` or `{}` — data regenerated; tokens, clock, fault
//!   rules and journal kept; answers `{"seed": N}`.
//! * `GET|POST /__admin/clock` — exactly one of `{"freeze": RFC3339}`, `{"advance": "90s"}`,
//!   `{"unfreeze": true}`; answers [`crate::ClockState`].
//! * `POST /__admin/webservice/token` — a new WebService token, `{"token": "…"}`.
//! * `GET|POST /__admin/agency` — `{"up": false}` takes the tax agency down (sales are
//!   accepted as pending), `{"up": true}` brings it back (pending sales are fiscalised in
//!   order); answers [`crate::AgencyState`] `{"up", "pending"}`.
//! * `GET|POST /__admin/webhook` — `{"url": "http://…"}` sets where deferred fiscalisations
//!   are reported (`null` or `""` removes it); answers [`crate::WebhookState`] `{"url",
//!   "deliveries": {"pending", "delivered", "failed"}}`.
//! * `POST /__admin/credentials/expire` — `{"partitaIva": "…"}` makes that seller's
//!   Fisconline password expired (code `03`) until `resetPassword`; `"expired": false` renews
//!   it; answers [`crate::CredentialsState`] `{"partitaIva", "expired"}`.
//! * `GET /__admin/faults` — `{"faults": [Fault…]}`, in the order they are tried;
//!   `POST /__admin/faults` with a [`crate::FaultRule`] — `201` and the stored
//!   [`crate::Fault`] (a rule with the id of an existing one replaces it);
//!   `GET /__admin/faults/{id}` — one [`crate::Fault`]; `DELETE /__admin/faults/{id}` —
//!   removes it, answers it as it was; `DELETE /__admin/faults` — removes them all, answers
//!   `{"cleared": N}`.
//! * `GET /__admin/requests?method=&path=&status=&since=&limit=` — `{"requests":
//!   [JournalEntry…]}` oldest first, every parameter optional (see [`crate::JournalFilter`]);
//!   `DELETE /__admin/requests` — empties the journal, answers `{"cleared": N}` (ids go on
//!   from where they were).
//!
//! Every `/__admin` route needs `Authorization: Bearer <admin token>` and, on the main
//! listener, a loopback client ([`auth`]). Fault rules ([`inject`]) and the journal
//! ([`journal_layer`]) never apply to the harness itself, so a bad rule cannot lock it out.

mod auth;
mod clock;
mod faults;
mod health;
pub(crate) mod inject;
mod journal;
pub(crate) mod journal_layer;
mod reset;
mod switches;

pub(crate) use auth::AdminListener;

use crate::harness::{Harness, ServerData};
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use futures::future::BoxFuture;
use std::sync::Arc;

/// The harness routes under `/__admin`, behind the admin token.
pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/__admin/reset", post(reset::reset))
        .route("/__admin/clock", get(clock::show).post(clock::change))
        .route("/__admin/webservice/token", post(reset::regenerate_token))
        .route(
            "/__admin/agency",
            get(switches::show_agency).post(switches::post_agency),
        )
        .route(
            "/__admin/webhook",
            get(switches::show_webhook).post(switches::post_webhook),
        )
        .route(
            "/__admin/credentials/expire",
            post(switches::expire_credentials),
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

/// The harness of the server whose state is `state`.
pub(crate) fn harness(state: &AppState) -> Harness {
    Harness::new(
        state.clock.clone(),
        state.db.clone(),
        Arc::clone(&state.datacash),
        Arc::clone(&state.faults),
        Arc::clone(&state.journal),
        Arc::new(state.clone()),
    )
}

impl ServerData for AppState {
    fn reset(&self, seed: Option<u64>) -> BoxFuture<'_, Result<u64, crate::db::DbError>> {
        Box::pin((**self).reset(seed))
    }

    fn regenerate_webservice_token(&self) -> BoxFuture<'_, Result<String, crate::db::DbError>> {
        Box::pin((**self).regenerate_webservice_token())
    }
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

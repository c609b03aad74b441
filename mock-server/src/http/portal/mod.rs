//! The account area under `/portal/v1` (`mock-server/PORTAL.md`): keys, licences, add-ons,
//! counters, stores, devices and statistics — the customer area of the vendor's guide as a
//! JSON API. Handlers parse the request, call the [`crate::account::Account`] service
//! (`AppState::account`) and reply.
//!
//! Every route needs `Authorization: Bearer <portal token>` ([`auth::Authorized`]). Answers are
//! JSON in the wire types of `dckit_contracts::model::portal`; refusals are
//! `application/problem+json` (a [`crate::account::Error`], answered as [`error`] says) with a
//! catalogue message saying what to do. Bodies are read by the handlers themselves
//! ([`body`]), so a malformed one is a `PortalBodyInvalid` problem, never a plain-text
//! rejection; a method a route does not serve is a `PortalMethodNotAllowed` problem with an
//! `Allow` header.
//!
//! | module | routes |
//! |---|---|
//! | [`account`] | `account`, `contract/sign`, `licences`, `licences/{id}/renew` |
//! | [`keys`] | `keys`, `keys/{id}/deactivate`, `keys/{id}/label` |
//! | [`addons`] | `addons/catalogue`, `addons` |
//! | [`counters`], [`events`] | `counters`, the counter's `documents.csv`/`.xlsx`, `events` |
//! | [`stores`] | `stores`, `devices`, `devices/{id}/store` |
//! | [`stats`] | `stats`, `stats/export.csv`, `stats/daily.csv` |
//!
//! The routes, their bodies and every refusal are described in `contracts/openapi/datacash.yaml`
//! and, with a curl session, in `mock-server/PORTAL.md`.

pub(crate) mod account;
pub(crate) mod addons;
mod auth;
pub(crate) mod body;
mod counters;
mod error;
mod events;
pub(crate) mod keys;
mod stats;
pub(crate) mod stores;

use crate::state::AppState;
use axum::Router;
use axum::routing::{MethodRouter, get, post};

/// The account-area routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/v1/account", only_get(get(account::show)))
        .route("/portal/v1/contract/sign", only_post(post(account::sign)))
        .route("/portal/v1/licences", only_get(get(account::licences)))
        .route(
            "/portal/v1/licences/{id}/renew",
            only_post(post(account::renew)),
        )
        .route(
            "/portal/v1/keys",
            body::allow(get(keys::list).post(keys::create), "GET, POST"),
        )
        .route(
            "/portal/v1/keys/{id}/deactivate",
            only_post(post(keys::deactivate)),
        )
        .route("/portal/v1/keys/{id}/label", only_post(post(keys::label)))
        .route(
            "/portal/v1/addons/catalogue",
            only_get(get(addons::catalogue)),
        )
        .route(
            "/portal/v1/addons",
            body::allow(get(addons::list).post(addons::buy), "GET, POST"),
        )
        .route("/portal/v1/counters", only_get(get(counters::list)))
        .route(
            "/portal/v1/counters/{key_id}/{instance}/documents.csv",
            only_get(get(counters::csv)),
        )
        .route(
            "/portal/v1/counters/{key_id}/{instance}/documents.xlsx",
            only_get(get(counters::xlsx)),
        )
        .route("/portal/v1/events", only_get(get(events::stream)))
        .route("/portal/v1/stores", only_get(get(stores::stores)))
        .route("/portal/v1/devices", only_get(get(stores::devices)))
        .route(
            "/portal/v1/devices/{id}/store",
            only_post(post(stores::move_device)),
        )
        .route("/portal/v1/stats", only_get(get(stats::show)))
        .route(
            "/portal/v1/stats/export.csv",
            only_get(get(stats::export_csv)),
        )
        .route(
            "/portal/v1/stats/daily.csv",
            only_get(get(stats::daily_csv)),
        )
}

/// A `GET` route (HEAD included); any other method is refused.
fn only_get(router: MethodRouter<AppState>) -> MethodRouter<AppState> {
    body::allow(router, "GET")
}

/// A `POST` route; any other method is refused.
fn only_post(router: MethodRouter<AppState>) -> MethodRouter<AppState> {
    body::allow(router, "POST")
}

//! Assembling the routes and serving them.
//!
//! Layers of the main app, outermost first: logging, the request journal, fault injection,
//! drain tracking, the body-read timeout, then the routes (each noting itself to the journal).

use crate::logging;
use crate::routes::Surface;
use crate::state::AppState;
use crate::{admin, datacash, openapi, portal, webservice};
use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::ErrorCode;

/// Every route of the mock, with logging, bound to `state`.
pub(crate) fn app(state: AppState) -> Router {
    Router::new()
        .merge(webservice::routes())
        .merge(datacash::routes())
        .merge(portal::routes())
        .merge(openapi::routes())
        .route_layer(axum::middleware::from_fn(admin::journal::note_route))
        .merge(admin::routes(&state))
        .merge(admin::health_routes())
        .fallback(not_found)
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            crate::serve::BODY_READ_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn({
            let drain = state.drain.clone();
            move |req, next| crate::serve::track(drain.clone(), req, next)
        }))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            admin::inject::apply,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            admin::journal::record,
        ))
        .layer(axum::middleware::from_fn(logging::log_requests))
        .with_state(state)
}

/// The harness alone, for the `--admin-addr` listener: every client may reach it (with the
/// token); any other path is the harness's 404.
pub(crate) fn admin_app(state: AppState) -> Router {
    Router::new()
        .merge(admin::routes(&state))
        .merge(admin::health_routes())
        .fallback(admin_not_found)
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            crate::serve::BODY_READ_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn({
            let drain = state.drain.clone();
            move |req, next| crate::serve::track(drain.clone(), req, next)
        }))
        .layer(axum::Extension(admin::AdminListener))
        .layer(axum::middleware::from_fn(logging::log_requests))
        .with_state(state)
}

async fn admin_not_found(uri: Uri) -> Response {
    crate::problem::Problem(ErrorCode::AdminNotFound.with(&[("path", uri.path())])).into_response()
}

/// Answers unknown paths in the envelope of the API they fall under.
async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    match Surface::of(path) {
        Surface::Harness => admin_not_found(uri.clone()).await,
        Surface::DataCash => datacash::not_found(path),
        Surface::Portal => {
            crate::problem::Problem(ErrorCode::PortalNotFound.with(&[("path", path)]))
                .into_response()
        }
        Surface::WebService | Surface::Other => (
            StatusCode::NOT_FOUND,
            [("content-type", "text/plain; charset=utf-8")],
            format!("dckit-mock: no route {path}; GET / lists what is served\n"),
        )
            .into_response(),
    }
}

//! Assembling the routes and serving them.

use crate::logging;
use crate::state::AppState;
use crate::{admin, datacash, portal, webservice};
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
        .merge(admin::routes(&state))
        .fallback(not_found)
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            crate::serve::BODY_READ_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn({
            let drain = state.drain.clone();
            move |req, next| crate::serve::track(drain.clone(), req, next)
        }))
        .layer(axum::middleware::from_fn(logging::log_requests))
        .with_state(state)
}

/// Answers unknown paths in the envelope of the API they fall under.
async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/__admin") {
        crate::problem::Problem(ErrorCode::AdminNotFound.with(&[("path", path)])).into_response()
    } else if path == "/api/dco" || path.starts_with("/api/dco/") {
        datacash::not_found(path)
    } else if path.starts_with("/portal") {
        crate::problem::Problem(ErrorCode::PortalNotFound.with(&[("path", path)])).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            [("content-type", "text/plain; charset=utf-8")],
            format!("dckit-mock: no route {path}\n"),
        )
            .into_response()
    }
}

//! Assembling the routes and serving them.
//!
//! The main app is the front layer (logging, the request journal, drain tracking, fault
//! injection; see [`crate::http::front`]) around the routes (each noting itself to the journal).
//! The body-read timeout is the accept loop's (in the server layer), for both listeners.

use crate::http::{admin, datacash, openapi, portal, reply, webservice};
use crate::logging;
use crate::state::AppState;
use crate::surface::Surface;
use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::ErrorCode;

/// The public listener's service: the front layer around the router.
pub(crate) type App = crate::http::front::Front<Router>;

/// Every route of the mock, with logging, bound to `state`.
///
/// The front layer wraps the router as a whole rather than each route (`Router::layer`): axum
/// clones a route's whole stack of layers for every request, twice per layer; around the
/// router it costs a few reference counts. And it is not itself put in a `Router`: that would
/// route every request twice.
pub(crate) fn app(state: AppState) -> App {
    let routes = Router::new()
        .merge(webservice::routes())
        .merge(datacash::routes())
        .merge(portal::routes())
        .merge(openapi::routes())
        .route_layer(admin::journal_layer::NoteRouteLayer)
        .merge(admin::routes(&state))
        .merge(admin::health_routes())
        .fallback(not_found)
        .with_state(state.clone());
    // Log, journal, drain (outside the faults: a request delayed by a rule is in flight, and
    // during a drain new requests get their 503 at once, whatever the rules), faults.
    tower::Layer::layer(
        &crate::http::front::FrontLayer::new(
            logging::RequestLog::start(),
            state.journal.clone(),
            state.drain.clone(),
            state.faults.clone(),
        ),
        routes,
    )
}

/// The harness alone, for the `--admin-addr` listener: every client may reach it (with the
/// token); any other path is the harness's 404.
pub(crate) fn admin_app(state: AppState) -> Router {
    Router::new()
        .merge(admin::routes(&state))
        .merge(admin::health_routes())
        .fallback(admin_not_found)
        .layer(axum::middleware::from_fn({
            let drain = state.drain.clone();
            move |req, next| crate::http::drain::track(drain.clone(), req, next)
        }))
        .layer(axum::Extension(admin::AdminListener))
        .layer(axum::middleware::from_fn_with_state(
            logging::RequestLog::start(),
            logging::log_requests,
        ))
        .with_state(state)
}

async fn admin_not_found(uri: Uri) -> Response {
    crate::http::reply::Problem(ErrorCode::AdminNotFound.with(&[("path", uri.path())]))
        .into_response()
}

/// Answers unknown paths in the envelope of the API they fall under.
async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    match Surface::of(path) {
        Surface::Harness => admin_not_found(uri.clone()).await,
        Surface::DataCash => datacash::not_found(path),
        Surface::Portal => reply::problem(&ErrorCode::PortalNotFound.with(&[("path", path)])),
        Surface::WebService | Surface::Other => (
            StatusCode::NOT_FOUND,
            [("content-type", "text/plain; charset=utf-8")],
            format!("dckit-mock: no route {path}; GET / lists what is served\n"),
        )
            .into_response(),
    }
}

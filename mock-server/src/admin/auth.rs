//! Who may use the harness: the admin token, from loopback unless exposed on purpose.

use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::ErrorCode;
use std::net::SocketAddr;

/// Marks requests that arrived on the dedicated `--admin-addr` listener.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AdminListener;

/// Refuses requests without the admin token, or from another host on the main listener.
pub(crate) async fn require_admin(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let dedicated = req.extensions().get::<AdminListener>().is_some();
    let loopback = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_none_or(|ConnectInfo(peer)| peer.ip().is_loopback());
    if !dedicated && !loopback {
        return Problem(ErrorCode::AdminForbiddenRemote.with(&[])).into_response();
    }
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !crate::secrets::equal(presented.trim(), &state.tokens.admin) {
        return Problem(ErrorCode::AdminUnauthorized.with(&[])).into_response();
    }
    next.run(req).await
}

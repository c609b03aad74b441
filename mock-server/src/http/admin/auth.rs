//! Who may use the harness: the admin token, from loopback unless exposed on purpose.

use crate::http::reply::Problem;
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

/// Whether a client at `peer` may reach the harness: anyone on the dedicated listener, only
/// loopback clients (IPv4-mapped included) on the main one. Without a peer (requests served
/// in process) it may.
pub(crate) fn origin_allowed(dedicated: bool, peer: Option<SocketAddr>) -> bool {
    dedicated || peer.is_none_or(|peer| peer.ip().to_canonical().is_loopback())
}

/// Refuses requests without the admin token, or from another host on the main listener.
pub(crate) async fn require_admin(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let dedicated = req.extensions().get::<AdminListener>().is_some();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    if !origin_allowed(dedicated, peer) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_reaches_the_main_listener() {
        let cases = [
            (false, Some("127.0.0.1:5000"), true),
            (false, Some("127.1.2.3:5000"), true),
            (false, Some("[::1]:5000"), true),
            (false, Some("[::ffff:127.0.0.1]:5000"), true),
            (false, Some("192.168.1.20:5000"), false),
            (false, Some("[::ffff:10.0.0.1]:5000"), false),
            (false, Some("[2001:db8::1]:5000"), false),
            (false, Some("0.0.0.0:5000"), false),
            (false, None, true),
            (true, Some("192.168.1.20:5000"), true),
            (true, Some("[2001:db8::1]:5000"), true),
        ];
        for (dedicated, peer, allowed) in cases {
            let peer = peer.map(|p| p.parse().unwrap());
            assert_eq!(
                origin_allowed(dedicated, peer),
                allowed,
                "dedicated {dedicated}, peer {peer:?}"
            );
        }
    }
}

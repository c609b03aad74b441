//! The accept loop: serves HTTP/1.1 connections with the axum app, bounds how long a client
//! may take to send its headers, can drop a connection on purpose (the harness's "dropped
//! connection" fault), and drains gracefully.
//!
//! Shutdown: when asked to stop, the server keeps accepting but answers every new request
//! with 503 (see [`Drain`]), waits for the requests in flight to finish (at most
//! [`DRAIN_LIMIT`]), then closes the listener and the idle connections (waiting at most
//! [`CLOSE_LIMIT`] for answers still being written). A request is in flight from the moment it
//! passes [`Drain`]'s check (before any fault rule delays it) until its answer's head is
//! ready; a streamed body (an export, an event stream) goes on during the close.
//! [`DRAIN_LIMIT`] plus [`CLOSE_LIMIT`] keep a shutdown under 5 seconds.
//!
//! Before a request's answer goes out, the rest of its body the handler did not read is read
//! and dropped (see [`UNREAD_BODY_LIMIT`]), so a client refused for a body too large reads
//! the refusal instead of a broken pipe.

use axum::extract::{ConnectInfo, Request};
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

mod unread;

pub use unread::{UNREAD_BODY_LIMIT, UNREAD_BODY_TIME};

pub use crate::config::HEADER_READ_TIMEOUT;

/// How long a client may leave a request's body waiting for its next bytes.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long shutdown waits for requests in flight.
pub const DRAIN_LIMIT: Duration = Duration::from_millis(3500);

/// How long shutdown then waits for connections to close.
pub const CLOSE_LIMIT: Duration = Duration::from_secs(1);

pub use crate::http::connection_kill::ConnectionKill;
pub use crate::http::drain::Drain;

/// Serves `app` on `listener` until `stop` resolves, then drains and returns. A client that
/// has not sent a request's headers within `header_read_timeout` is disconnected, and one
/// that leaves a body waiting [`BODY_READ_TIMEOUT`] has the request fail.
pub(crate) async fn serve<S>(
    listener: TcpListener,
    app: S,
    drain: Arc<Drain>,
    header_read_timeout: Duration,
    stop: impl Future<Output = ()> + Send,
) where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .keep_alive(true);
    let accept = |accepted: std::io::Result<(tokio::net::TcpStream, SocketAddr)>| {
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Usually running out of file descriptors: log and go on.
                tracing::warn!("cannot accept a connection: {e}");
                return;
            }
        };
        let _ = stream.set_nodelay(true);
        let kill = ConnectionKill(Arc::new(Notify::new()));
        let on_kill = Arc::clone(&kill.0);
        let app = app.clone();
        let service = tower::service_fn(move |req: Request<hyper::body::Incoming>| {
            let app = app.clone();
            let kill = kill.clone();
            async move {
                let (mut req, leftover) = unread::Leftover::keep(req);
                req.extensions_mut().insert(ConnectInfo(peer));
                req.extensions_mut().insert(kill);
                let response = app.oneshot(req).await;
                leftover.discard().await;
                response
            }
        });
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            tokio::select! {
                result = conn => {
                    if let Err(e) = result {
                        tracing::debug!("connection from {peer} ended: {e}");
                    }
                }
                () = on_kill.notified() => {
                    tracing::debug!("dropped the connection from {peer} on purpose");
                }
            }
        });
    };
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => accept(accepted),
            () = &mut stop => break,
        }
    }
    // Draining: still accept (new requests get 503) until the requests in flight are done.
    {
        let drained = drain.drain(DRAIN_LIMIT);
        tokio::pin!(drained);
        loop {
            tokio::select! {
                accepted = listener.accept() => accept(accepted),
                finished = &mut drained => {
                    if !finished {
                        tracing::warn!("requests still in flight after {DRAIN_LIMIT:?}; closing anyway");
                    }
                    break;
                }
            }
        }
    }
    drop(listener);
    if tokio::time::timeout(CLOSE_LIMIT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::debug!("some connections were still open at exit (e.g. event streams)");
    }
}

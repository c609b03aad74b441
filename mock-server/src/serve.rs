//! The accept loop: serves HTTP/1.1 connections with the axum app, bounds how long a client
//! may take to send its headers, can drop a connection on purpose (the harness's "dropped
//! connection" fault), and drains gracefully.
//!
//! Shutdown: when asked to stop, the server keeps accepting but answers every new request
//! with 503 (see [`Drain`]), waits for the requests in flight to finish (at most
//! [`DRAIN_LIMIT`]), then closes the listener and the idle connections.

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

/// How long a client may take to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to send a request's body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long shutdown waits for requests in flight.
pub const DRAIN_LIMIT: Duration = Duration::from_secs(4);

/// How long shutdown then waits for connections to close.
const CLOSE_LIMIT: Duration = Duration::from_secs(1);

/// Closes the connection a request came on, without an answer. Present in every request's
/// extensions.
#[derive(Clone, Debug)]
pub struct ConnectionKill(Arc<Notify>);

impl ConnectionKill {
    /// Drops the connection: the client sees it closed with no response.
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// Requests in flight, and whether the server is draining.
#[derive(Debug, Default)]
pub struct Drain {
    draining: AtomicBool,
    in_flight: AtomicUsize,
    idle: Notify,
}

impl Drain {
    /// Whether the server is shutting down.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// How many requests are being answered.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Starts draining and waits until no request is in flight, or `limit` has passed.
    /// Returns whether everything finished in time.
    pub async fn drain(&self, limit: Duration) -> bool {
        self.draining.store(true, Ordering::SeqCst);
        let wait = async {
            loop {
                let idle = self.idle.notified();
                if self.in_flight() == 0 {
                    return;
                }
                idle.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }
}

/// Counts requests in flight and refuses new ones with 503 while draining.
pub(crate) async fn track(drain: Arc<Drain>, req: Request, next: Next) -> Response {
    if drain.is_draining() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [("connection", "close"), ("retry-after", "1")],
            "dckit-mock is shutting down\n",
        )
            .into_response();
    }
    drain.in_flight.fetch_add(1, Ordering::SeqCst);
    // Decrements even if the request is cancelled (the client went away).
    let _guard = InFlight(Arc::clone(&drain));
    next.run(req).await
}

struct InFlight(Arc<Drain>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// Serves `app` on `listener` until `stop` resolves, then drains and returns.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    drain: Arc<Drain>,
    stop: impl Future<Output = ()> + Send,
) {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
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
        let service = app.clone().map_request(move |mut req: Request<_>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req.extensions_mut().insert(kill.clone());
            req
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn drain_waits_for_requests_in_flight_and_gives_up_at_the_limit() {
        let drain = Arc::new(Drain::default());
        assert!(
            drain.drain(Duration::from_millis(10)).await,
            "idle drains at once"
        );

        let drain = Arc::new(Drain::default());
        drain.in_flight.fetch_add(1, Ordering::SeqCst);
        let guard = InFlight(Arc::clone(&drain));
        let waiter = tokio::spawn({
            let drain = Arc::clone(&drain);
            async move { drain.drain(Duration::from_secs(30)).await }
        });
        tokio::task::yield_now().await;
        drop(guard);
        assert!(waiter.await.unwrap(), "finishes when the last request ends");
        assert!(drain.is_draining());

        let stuck = Arc::new(Drain::default());
        stuck.in_flight.fetch_add(1, Ordering::SeqCst);
        assert!(
            !stuck.drain(Duration::from_millis(20)).await,
            "gives up at the limit"
        );
    }
}

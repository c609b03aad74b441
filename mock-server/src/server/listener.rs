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
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

mod unread;

pub use unread::{UNREAD_BODY_LIMIT, UNREAD_BODY_TIME};

/// How long a client may take to send a request's headers, unless
/// [`crate::Config::header_read_timeout`] says otherwise.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may leave a request's body waiting for its next bytes.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long shutdown waits for requests in flight.
pub const DRAIN_LIMIT: Duration = Duration::from_millis(3500);

/// How long shutdown then waits for connections to close.
pub const CLOSE_LIMIT: Duration = Duration::from_secs(1);

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

impl Drain {
    /// Counts a request in flight until the guard is dropped, or — while draining — refuses
    /// it: `None`, to be answered with [`draining_answer`].
    pub(crate) fn enter(self: &Arc<Self>) -> Option<InFlight> {
        // Count first, then look: a request either sees the drain (and is refused) or is seen
        // by it (and waited for), never neither.
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        // Decrements even if the request is cancelled (the client went away).
        let guard = InFlight(Arc::clone(self));
        (!self.is_draining()).then_some(guard)
    }
}

/// The answer to a request that arrives while the server drains.
pub(crate) fn draining_answer() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [("connection", "close"), ("retry-after", "1")],
        "dckit-mock is shutting down\n",
    )
        .into_response()
}

/// Counts requests in flight and refuses new ones with 503 while draining (the harness
/// listener's middleware; the public one does the same in [`crate::http::front`]).
pub(crate) async fn track(drain: Arc<Drain>, req: Request, next: Next) -> Response {
    match drain.enter() {
        Some(in_flight) => {
            let response = next.run(req).await;
            drop(in_flight);
            response
        }
        None => draining_answer(),
    }
}

/// A request in flight: counted until dropped.
pub(crate) struct InFlight(Arc<Drain>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

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

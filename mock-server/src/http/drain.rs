//! [`Drain`]: the requests in flight, counted so that a shutdown can wait for them, and the
//! 503 every new request gets once the server is draining.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Notify;

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

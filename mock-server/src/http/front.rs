//! The front door of the public listener: one layer doing, for every request, the work of
//! four middlewares — the request log, the journal record, the drain's count (503 while
//! shutting down) and the fault rules — with one boxed future.
//!
//! One layer rather than four `from_fn` middlewares, which would each box the rest of the
//! stack again and split the request for their extractors. The order is outermost first: log,
//! journal, drain, faults; the routes come after.

use crate::harness::{Faults, Journal};
use crate::http::admin::inject;
use crate::http::admin::journal_layer::{JournalMessage, Pending};
use crate::http::drain::Drain;
use crate::logging::RequestLog;
use axum::extract::Request;
use axum::response::Response;
use futures::future::BoxFuture;
use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;
use tower::{Layer, Service, ServiceExt};

/// What every request of the public listener goes through before the routes.
#[derive(Clone)]
pub(crate) struct FrontLayer {
    passage: Arc<Passage>,
}

/// The log, journal, drain and fault rules every request passes, in that order.
struct Passage {
    log: Arc<RequestLog>,
    journal: Arc<Journal>,
    drain: Arc<Drain>,
    faults: Arc<Faults>,
}

impl FrontLayer {
    /// The front door over a server's log, journal, drain and fault rules.
    pub(crate) fn new(
        log: Arc<RequestLog>,
        journal: Arc<Journal>,
        drain: Arc<Drain>,
        faults: Arc<Faults>,
    ) -> FrontLayer {
        FrontLayer {
            passage: Arc::new(Passage {
                log,
                journal,
                drain,
                faults,
            }),
        }
    }
}

impl<S> Layer<S> for FrontLayer {
    type Service = Front<S>;

    fn layer(&self, inner: S) -> Front<S> {
        Front {
            inner,
            passage: Arc::clone(&self.passage),
        }
    }
}

/// [`FrontLayer`] around the routes.
#[derive(Clone)]
pub(crate) struct Front<S> {
    inner: S,
    passage: Arc<Passage>,
}

impl<S> Service<Request> for Front<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The inner service is readied in `call` (`oneshot`).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let passage = Arc::clone(&self.passage);
        let inner = self.inner.clone();
        Box::pin(async move {
            let started = Instant::now();
            let method = req.method().clone();
            let uri = req.uri().clone();
            // Dropped (and so recorded) even if the client goes away mid-request.
            let mut pending = Pending::begin(&passage.journal, &mut req);
            let response = match passage.drain.enter() {
                None => crate::http::drain::draining_answer(),
                Some(in_flight) => {
                    let response = inject::apply(&passage.faults, req, |req| async move {
                        match inner.oneshot(req).await {
                            Ok(response) => response,
                            Err(never) => match never {},
                        }
                    })
                    .await;
                    drop(in_flight);
                    response
                }
            };
            let status = response.status().as_u16();
            if let Some(pending) = pending.as_mut() {
                // Only refusals carry a message: on success the extensions are empty and
                // nothing is copied.
                let message = response
                    .extensions()
                    .get::<JournalMessage>()
                    .map(|m| m.0.clone());
                pending.answered(status, message);
            }
            drop(pending);
            passage
                .log
                .request(&method, uri.path(), status, started.elapsed());
            Ok(response)
        })
    }
}

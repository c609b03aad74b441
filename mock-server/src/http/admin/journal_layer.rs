//! Filling the request journal from the request layers: the record begun as a request
//! arrives and pushed when it ends ([`Pending`]), the slot inner layers note the fault and
//! the route in ([`JournalSlot`], [`NoteRouteLayer`]), and the error message a refusal
//! attaches to its response ([`JournalMessage`]).

use crate::harness::{AppliedFault, FaultAction, FaultId, Journal, Record, RedactedHeaders};
use crate::surface::Surface;
use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use chrono::Utc;
use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// The error message of a refused request, put in the response's extensions by the code
/// that writes the error body so that the journal can record it without reading the body.
/// Only error answers carry one: success answers allocate nothing for it.
#[derive(Clone, Debug)]
pub(crate) struct JournalMessage(pub(crate) String);

impl JournalMessage {
    /// Attaches `message` to `response` for the journal.
    pub(crate) fn attach(response: &mut axum::response::Response, message: &str) {
        response
            .extensions_mut()
            .insert(JournalMessage(message.to_owned()));
    }
}

/// What inner layers tell the journal about a request: the fault that applied and the route
/// that answered. In the extensions of every journaled request.
#[derive(Clone, Debug, Default)]
pub(crate) struct JournalSlot(Arc<Mutex<Noted>>);

#[derive(Debug, Default)]
struct Noted {
    fault: Option<AppliedFault>,
    route: Option<MatchedPath>,
}

impl JournalSlot {
    fn noted(&self) -> std::sync::MutexGuard<'_, Noted> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records that the fault `id` applied.
    pub(crate) fn note_fault(&self, id: FaultId, action: FaultAction) {
        self.noted().fault = Some(AppliedFault { id, action });
    }
}

/// A record being made; pushed when dropped, answered or not (a client that goes away
/// mid-request still leaves its line).
pub(crate) struct Pending {
    journal: Arc<Journal>,
    record: Option<Record>,
    started: Instant,
    slot: JournalSlot,
}

impl Pending {
    /// Starts the record of `req` — every request but the harness's own — and gives `req`
    /// the slot inner layers note the route and the fault in. Secrets are redacted here,
    /// before anything is stored.
    pub(crate) fn begin(journal: &Arc<Journal>, req: &mut Request) -> Option<Pending> {
        if Surface::of(req.uri().path()) == Surface::Harness {
            return None;
        }
        let slot = JournalSlot::default();
        req.extensions_mut().insert(slot.clone());
        Some(Pending {
            journal: Arc::clone(journal),
            record: Some(Record {
                id: 0,
                at: Utc::now(),
                method: method_name(req.method()),
                path: req.uri().path().to_owned(),
                query: req.uri().query().map(crate::harness::redact_query),
                status: None,
                latency_us: 0,
                headers: RedactedHeaders::new(|| {
                    req.headers()
                        .iter()
                        .map(|(name, value)| (name.as_str(), value.as_bytes()))
                }),
                route: None,
                fault: None,
                message: None,
            }),
            started: Instant::now(),
            slot,
        })
    }

    /// Notes the status the request was answered with, and the error message of a refusal
    /// (the record is pushed on drop).
    pub(crate) fn answered(&mut self, status: u16, message: Option<String>) {
        if let Some(record) = self.record.as_mut() {
            record.status = Some(status);
            record.message = message;
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(mut record) = self.record.take() {
            record.latency_us =
                u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX);
            let mut noted = self.slot.noted();
            record.fault = noted.fault.take();
            record.route = noted.route.take().map(|route| Arc::from(route.as_str()));
            drop(noted);
            self.journal.push(record);
        }
    }
}

/// Tells the journal which route answers; a route layer, so it runs only when one matched.
/// A plain service wrapper, not a `from_fn` middleware: it adds no future of its own.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoteRouteLayer;

impl<S> tower::Layer<S> for NoteRouteLayer {
    type Service = NoteRoute<S>;

    fn layer(&self, inner: S) -> NoteRoute<S> {
        NoteRoute(inner)
    }
}

/// [`NoteRouteLayer`] around one route.
#[derive(Clone, Debug)]
pub(crate) struct NoteRoute<S>(S);

impl<S: tower::Service<Request>> tower::Service<Request> for NoteRoute<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> S::Future {
        if let (Some(slot), Some(route)) = (
            req.extensions().get::<JournalSlot>(),
            req.extensions().get::<MatchedPath>(),
        ) {
            slot.noted().route = Some(route.clone());
        }
        self.0.call(req)
    }
}

/// The method as the journal keeps it: the usual ones without allocating.
fn method_name(method: &Method) -> Cow<'static, str> {
    const KNOWN: [(Method, &str); 9] = [
        (Method::GET, "GET"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::DELETE, "DELETE"),
        (Method::PATCH, "PATCH"),
        (Method::HEAD, "HEAD"),
        (Method::OPTIONS, "OPTIONS"),
        (Method::CONNECT, "CONNECT"),
        (Method::TRACE, "TRACE"),
    ];
    KNOWN.iter().find(|(known, _)| known == method).map_or_else(
        || Cow::Owned(method.as_str().to_owned()),
        |(_, name)| Cow::Borrowed(*name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_as_sent() {
        for text in ["GET", "POST", "DELETE", "M-SEARCH", "get"] {
            let method = Method::from_bytes(text.as_bytes()).unwrap();
            assert_eq!(method_name(&method), text);
        }
    }
}

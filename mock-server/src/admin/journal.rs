//! The request journal: every request the mock answered (the harness's own excepted), newest
//! last, in a ring of [`JOURNAL_CAPACITY`] entries — the oldest are dropped.
//!
//! Routes (under the admin token):
//!
//! * `GET /__admin/requests?method=&path=&status=&since=&limit=` — `{"requests":
//!   [JournalEntry…]}` oldest first; every parameter optional (see [`JournalFilter`]);
//! * `DELETE /__admin/requests` — empties the journal, answers `{"cleared": N}` (ids go on
//!   from where they were).
//!
//! An entry records method, path, query string, status, latency, headers (secrets redacted,
//! see [`super::redact`]), the route that answered and the fault that applied — never a body.

use super::faults::{FaultAction, FaultId};
use super::glob::Glob;
use super::redact;
use crate::http::reply::Problem;
use crate::state::AppState;
use crate::surface::Surface;
use axum::Json;
use axum::extract::{MatchedPath, RawQuery, Request, State};
use axum::http::Method;
use chrono::{DateTime, Utc};
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// How many entries the journal keeps.
pub const JOURNAL_CAPACITY: usize = 10_000;

/// One request, as the journal shows it (JSON in camelCase):
///
/// ```json
/// {"id": 7, "at": "2026-02-15T07:00:01.250Z", "method": "POST",
///  "path": "/api/dco/infoUser/", "query": null, "status": 503, "latencyUs": 1250,
///  "headers": {"datacash-key": "<redacted>", "content-type": "application/json"},
///  "route": null, "fault": {"id": "fault-1", "action": "respond"},
///  "message": "Errore interno del servizio: riprovare più tardi."}
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Increasing from 1 in the order requests finished; never reused, even after a clear.
    pub id: u64,
    /// When the request arrived (real time, not the mock's clock).
    pub at: DateTime<Utc>,
    /// The method.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The query string, secret parameters redacted; `null` without one.
    pub query: Option<String>,
    /// The status answered; `null` when there was no answer (the connection was dropped by a
    /// fault, or the client went away first).
    pub status: Option<u16>,
    /// Microseconds from arrival to the answer's head (or to the end of the request).
    pub latency_us: u64,
    /// The request headers (lowercase names), secret values redacted.
    pub headers: IndexMap<String, String>,
    /// The route template that answered, as axum names its parameters (e.g.
    /// `/api/dco/voidDocument/{idtrx}/`); `null` when none did: an unknown path, or a fault
    /// answered first.
    pub route: Option<String>,
    /// The fault rule that applied, if any.
    pub fault: Option<AppliedFault>,
    /// The error message the mock answered a refused request with (the catalogue's message:
    /// DataCash's `descrizione`, the problem's `detail`); absent on success and when the
    /// answer carried none (a fault with its own body, a dropped connection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

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

/// The fault rule that applied to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedFault {
    /// The rule's id.
    pub id: FaultId,
    /// What it did.
    pub action: FaultAction,
}

/// Which entries to show; every field optional. As a query string:
/// `method=POST&path=/api/dco/**&status=5xx&since=120&limit=10`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalFilter {
    /// Only this method (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only paths matching this pattern (`*` within a segment, `**` across segments, `?` one
    /// character; no wildcard: the exact path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Only this status, class of statuses, or no answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusFilter>,
    /// Only entries with a greater id (to follow the journal: pass the last id seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u64>,
    /// At most this many entries: the most recent of those that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

impl JournalFilter {
    /// The same filter for `method` only.
    pub fn method(mut self, method: impl Into<String>) -> JournalFilter {
        self.method = Some(method.into());
        self
    }

    /// The same filter for paths matching `pattern`.
    pub fn path(mut self, pattern: impl Into<String>) -> JournalFilter {
        self.path = Some(pattern.into());
        self
    }

    /// The same filter for `status` only.
    pub fn status(mut self, status: StatusFilter) -> JournalFilter {
        self.status = Some(status);
        self
    }

    /// The same filter for entries after `id`.
    pub fn since(mut self, id: u64) -> JournalFilter {
        self.since = Some(id);
        self
    }

    /// The same filter keeping the `limit` most recent entries.
    pub fn limit(mut self, limit: usize) -> JournalFilter {
        self.limit = Some(limit);
        self
    }

    /// The filter a query string describes (`method`, `path`, `status`, `since`, `limit`).
    pub(crate) fn from_query(query: &str) -> Result<JournalFilter, CatalogueError> {
        let mut filter = JournalFilter::default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let invalid = |reason: &str| {
                ErrorCode::AdminQueryInvalid.with(&[
                    ("name", &name),
                    ("value", &value),
                    ("reason", reason),
                ])
            };
            match &*name {
                "method" => filter.method = Some(value.trim().to_owned()),
                "path" => filter.path = Some(value.into_owned()),
                "status" => {
                    filter.status = Some(value.parse().map_err(|_| {
                        invalid("use a status (503), a class (5xx) or none (no answer)")
                    })?);
                }
                "since" => {
                    filter.since = Some(
                        value
                            .parse()
                            .map_err(|_| invalid("use the id of an entry, a whole number"))?,
                    );
                }
                "limit" => {
                    filter.limit = Some(
                        value
                            .parse()
                            .map_err(|_| invalid("use a whole number of entries"))?,
                    );
                }
                _ => {
                    return Err(invalid(
                        "unknown parameter; use method, path, status, since or limit",
                    ));
                }
            }
        }
        Ok(filter)
    }
}

/// A status condition of [`JournalFilter`]; written `503`, `5xx` or `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Exactly this status.
    Is(u16),
    /// Any status of this class: `5` for `5xx`.
    Class(u8),
    /// No answer: the connection was dropped.
    NoAnswer,
}

impl StatusFilter {
    fn accepts(self, status: Option<u16>) -> bool {
        match (self, status) {
            (StatusFilter::Is(wanted), Some(s)) => s == wanted,
            (StatusFilter::Class(class), Some(s)) => s / 100 == u16::from(class),
            (StatusFilter::NoAnswer, None) => true,
            _ => false,
        }
    }
}

/// Why a text is not a [`StatusFilter`].
#[derive(Debug, thiserror::Error)]
#[error("not a status filter: use a status (503), a class (5xx) or none")]
pub struct StatusFilterError;

impl FromStr for StatusFilter {
    type Err = StatusFilterError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim().to_ascii_lowercase();
        if text == "none" {
            return Ok(StatusFilter::NoAnswer);
        }
        if let Some(class) = text.strip_suffix("xx")
            && let Ok(class @ 1..=5) = class.parse::<u8>()
        {
            return Ok(StatusFilter::Class(class));
        }
        match text.parse::<u16>() {
            Ok(status @ 100..=599) if text.len() == 3 => Ok(StatusFilter::Is(status)),
            _ => Err(StatusFilterError),
        }
    }
}

impl fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusFilter::Is(status) => write!(f, "{status}"),
            StatusFilter::Class(class) => write!(f, "{class}xx"),
            StatusFilter::NoAnswer => f.write_str("none"),
        }
    }
}

impl Serialize for StatusFilter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatusFilter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The journal of a server: a ring of [`Record`]s behind one mutex, held only to number and
/// push a finished record (everything else — copying, redacting — is done before taking it).
pub(crate) struct Journal {
    inner: Mutex<Ring>,
}

struct Ring {
    records: VecDeque<Record>,
    capacity: usize,
    last_id: u64,
}

/// A request as the ring keeps it: what a [`JournalEntry`] shows, in a form that is cheap to
/// make on every request — the method without allocating, the headers as one redacted text,
/// the route as axum's shared template. Turned into a [`JournalEntry`] only when read.
struct Record {
    id: u64,
    at: DateTime<Utc>,
    method: Method,
    path: String,
    query: Option<String>,
    status: Option<u16>,
    latency_us: u64,
    headers: redact::RedactedHeaders,
    route: Option<MatchedPath>,
    fault: Option<AppliedFault>,
    message: Option<String>,
}

impl Record {
    fn entry(&self) -> JournalEntry {
        JournalEntry {
            id: self.id,
            at: self.at,
            method: self.method.as_str().to_owned(),
            path: self.path.clone(),
            query: self.query.clone(),
            status: self.status,
            latency_us: self.latency_us,
            headers: self.headers.to_map(),
            route: self.route.as_ref().map(|r| r.as_str().to_owned()),
            fault: self.fault.clone(),
            message: self.message.clone(),
        }
    }
}

impl Default for Journal {
    fn default() -> Self {
        Journal::with_capacity(JOURNAL_CAPACITY)
    }
}

impl Journal {
    /// An empty journal keeping at most `capacity` entries.
    pub(crate) fn with_capacity(capacity: usize) -> Journal {
        Journal {
            inner: Mutex::new(Ring {
                records: VecDeque::with_capacity(capacity.min(1024)),
                capacity,
                last_id: 0,
            }),
        }
    }

    fn ring(&self) -> std::sync::MutexGuard<'_, Ring> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds `record` under the next id, dropping the oldest record when full (after letting
    /// go of the lock).
    fn push(&self, mut record: Record) {
        let mut ring = self.ring();
        ring.last_id += 1;
        record.id = ring.last_id;
        let dropped = if ring.records.len() >= ring.capacity {
            ring.records.pop_front()
        } else {
            None
        };
        if ring.capacity > 0 {
            ring.records.push_back(record);
        }
        drop(ring);
        drop(dropped);
    }

    /// The entries `filter` selects, oldest first.
    pub(crate) fn select(&self, filter: &JournalFilter) -> Vec<JournalEntry> {
        let glob = filter.path.as_deref().map(Glob::new);
        let method = filter.method.as_deref().map(str::trim);
        let ring = self.ring();
        let chosen: Vec<&Record> = ring
            .records
            .iter()
            .filter(|r| filter.since.is_none_or(|since| r.id > since))
            .filter(|r| method.is_none_or(|m| r.method.as_str().eq_ignore_ascii_case(m)))
            .filter(|r| glob.as_ref().is_none_or(|g| g.matches(&r.path)))
            .filter(|r| filter.status.is_none_or(|s| s.accepts(r.status)))
            .collect();
        let skip = filter
            .limit
            .map_or(0, |limit| chosen.len().saturating_sub(limit));
        chosen[skip..].iter().map(|r| r.entry()).collect()
    }

    /// Removes every entry; returns how many there were.
    pub(crate) fn clear(&self) -> usize {
        let mut ring = self.ring();
        let records = std::mem::take(&mut ring.records);
        drop(ring);
        records.len()
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
                method: req.method().clone(),
                path: req.uri().path().to_owned(),
                query: req.uri().query().map(redact::query),
                status: None,
                latency_us: 0,
                headers: redact::RedactedHeaders::new(req.headers()),
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
            record.route = noted.route.take();
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

/// `GET /__admin/requests`.
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, Problem> {
    let filter = JournalFilter::from_query(query.as_deref().unwrap_or(""))?;
    Ok(Json(json!({ "requests": state.journal.select(&filter) })))
}

/// `DELETE /__admin/requests`.
pub(crate) async fn clear(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "cleared": state.journal.clear() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, path: &str, status: Option<u16>) -> Record {
        Record {
            id: 0,
            at: Utc::now(),
            method: Method::from_bytes(method.as_bytes()).unwrap(),
            path: path.into(),
            query: None,
            status,
            latency_us: 0,
            headers: redact::RedactedHeaders::new(&axum::http::HeaderMap::new()),
            route: None,
            fault: None,
            message: None,
        }
    }

    fn ids(journal: &Journal, filter: &JournalFilter) -> Vec<u64> {
        journal.select(filter).iter().map(|e| e.id).collect()
    }

    #[test]
    fn filters_select_and_limit_keeps_the_most_recent() {
        let journal = Journal::default();
        journal.push(entry("POST", "/api/dco/infoUser/", Some(200)));
        journal.push(entry("POST", "/api/dco/sendDocument/", Some(503)));
        journal.push(entry("GET", "/api/dco/pgp-key", Some(200)));
        journal.push(entry("GET", "/portal/v1/keys", None));
        journal.push(entry("post", "/api/dco/voidDocument/1/", Some(404)));
        let all = JournalFilter::default();
        let cases = [
            (all.clone(), vec![1, 2, 3, 4, 5]),
            (all.clone().method("post"), vec![1, 2, 5]),
            (all.clone().path("/api/dco/*/"), vec![1, 2]),
            (all.clone().path("/api/dco/**"), vec![1, 2, 3, 5]),
            (all.clone().status(StatusFilter::Is(503)), vec![2]),
            (all.clone().status(StatusFilter::Class(2)), vec![1, 3]),
            (all.clone().status(StatusFilter::NoAnswer), vec![4]),
            (all.clone().since(3), vec![4, 5]),
            (all.clone().limit(2), vec![4, 5]),
            (all.clone().limit(0), vec![]),
            (all.clone().method("POST").limit(1).since(1), vec![5]),
        ];
        for (filter, expected) in cases {
            assert_eq!(ids(&journal, &filter), expected, "{filter:?}");
        }
        assert_eq!(journal.clear(), 5);
        journal.push(entry("GET", "/", Some(200)));
        assert_eq!(ids(&journal, &all), vec![6], "ids go on after a clear");
    }

    #[test]
    fn the_ring_drops_the_oldest() {
        let journal = Journal::with_capacity(3);
        for _ in 0..5 {
            journal.push(entry("GET", "/", Some(200)));
        }
        assert_eq!(ids(&journal, &JournalFilter::default()), vec![3, 4, 5]);
    }

    #[test]
    fn query_strings_parse_or_name_the_bad_parameter() {
        let ok = [
            ("", JournalFilter::default()),
            (
                "method=POST&path=%2Fapi%2Fdco%2F**&status=5xx&since=7&limit=3",
                JournalFilter::default()
                    .method("POST")
                    .path("/api/dco/**")
                    .status(StatusFilter::Class(5))
                    .since(7)
                    .limit(3),
            ),
            (
                "status=none",
                JournalFilter::default().status(StatusFilter::NoAnswer),
            ),
            (
                "status=404",
                JournalFilter::default().status(StatusFilter::Is(404)),
            ),
        ];
        for (query, expected) in ok {
            assert_eq!(
                JournalFilter::from_query(query).unwrap(),
                expected,
                "{query}"
            );
        }
        let bad = [
            ("status=6xx", "status=\"6xx\""),
            ("status=42", "status=\"42\""),
            ("since=-1", "since=\"-1\""),
            ("limit=many", "limit=\"many\""),
            ("colour=red", "unknown parameter"),
        ];
        for (query, needle) in bad {
            let error = JournalFilter::from_query(query).unwrap_err();
            assert_eq!(error.code, ErrorCode::AdminQueryInvalid);
            assert!(error.message.contains(needle), "{query}: {}", error.message);
        }
    }

    #[test]
    fn status_filters_round_trip_as_text() {
        for text in ["503", "5xx", "none", "200", "1xx"] {
            let parsed: StatusFilter = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
            let json = serde_json::to_string(&parsed).unwrap();
            assert_eq!(serde_json::from_str::<StatusFilter>(&json).unwrap(), parsed);
        }
    }
}

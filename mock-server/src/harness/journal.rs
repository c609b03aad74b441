//! The request journal: every request the mock answered (the harness's own excepted), newest
//! last, in a ring of [`JOURNAL_CAPACITY`] entries — the oldest are dropped.
//!
//! An entry records method, path, query string, status, latency, headers (secrets redacted,
//! see [`super::redact`]), the route that answered and the fault that applied — never a body.
//! The HTTP layer makes a [`Record`] of each request and pushes it when the request ends.

use super::fault_rule::{FaultAction, FaultId};
use super::glob::Glob;
use super::journal_filter::JournalFilter;
use super::redact::RedactedHeaders;
use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

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
    /// The request method as sent (`GET`, `POST`, …).
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
    /// The route template that answered, its parameters in braces (e.g.
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

/// The fault rule that applied to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedFault {
    /// The rule's id.
    pub id: FaultId,
    /// What it did.
    pub action: FaultAction,
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
/// make on every request — the method without allocating (for the usual methods), the
/// headers as one redacted text, the route as a shared template. Turned into a
/// [`JournalEntry`] only when read.
#[derive(Debug)]
pub(crate) struct Record {
    /// Given by the journal when the record is pushed.
    pub(crate) id: u64,
    /// When the request arrived (real time).
    pub(crate) at: DateTime<Utc>,
    /// The method as sent.
    pub(crate) method: Cow<'static, str>,
    /// The path, without the query string.
    pub(crate) path: String,
    /// The query string, secrets already redacted.
    pub(crate) query: Option<String>,
    /// The status answered, if there was an answer.
    pub(crate) status: Option<u16>,
    /// Microseconds from arrival to the answer's head.
    pub(crate) latency_us: u64,
    /// The request headers, secrets already redacted.
    pub(crate) headers: RedactedHeaders,
    /// The route template that answered.
    pub(crate) route: Option<Arc<str>>,
    /// The fault rule that applied.
    pub(crate) fault: Option<AppliedFault>,
    /// The error message of a refusal.
    pub(crate) message: Option<String>,
}

impl Record {
    fn entry(&self) -> JournalEntry {
        JournalEntry {
            id: self.id,
            at: self.at,
            method: self.method.clone().into_owned(),
            path: self.path.clone(),
            query: self.query.clone(),
            status: self.status,
            latency_us: self.latency_us,
            headers: self.headers.to_map(),
            route: self.route.as_deref().map(str::to_owned),
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
    pub(crate) fn push(&self, mut record: Record) {
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
            .filter(|r| method.is_none_or(|m| r.method.eq_ignore_ascii_case(m)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StatusFilter;

    fn entry(method: &str, path: &str, status: Option<u16>) -> Record {
        Record {
            id: 0,
            at: Utc::now(),
            method: Cow::Owned(method.to_owned()),
            path: path.into(),
            query: None,
            status,
            latency_us: 0,
            headers: RedactedHeaders::default(),
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
}

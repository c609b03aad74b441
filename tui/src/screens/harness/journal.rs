//! The journal as the screen keeps it: the most recent entries, newest first, in a bounded
//! buffer, merged from polls by id; and the filters the user picked.

use dckit_mock::JournalEntry;
use dckit_mock::surface::Surface;
use std::collections::VecDeque;

/// How many entries the screen keeps (the oldest are dropped): memory stays flat however long
/// the journal is followed.
pub const CAPACITY: usize = 5_000;

/// The API a request went to, from its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// `/api/dco/…`
    DataCash,
    /// `/portal/…`
    Portal,
    /// The WebService's one path.
    WebService,
    /// `/__admin/…`
    Admin,
    /// Anything else (`/`, `/openapi/…`, unknown paths).
    Other,
}

impl Api {
    /// The filters the `a` key goes through.
    pub const CYCLE: [Option<Api>; 5] = [
        None,
        Some(Api::DataCash),
        Some(Api::Portal),
        Some(Api::WebService),
        Some(Api::Admin),
    ];

    /// The API of `path`, as the mock sorts it ([`Surface::of`]).
    pub fn of(path: &str) -> Api {
        match Surface::of(path) {
            Surface::DataCash => Api::DataCash,
            Surface::Portal => Api::Portal,
            Surface::WebService => Api::WebService,
            Surface::Harness => Api::Admin,
            Surface::Other => Api::Other,
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Api::DataCash => "DataCash",
            Api::Portal => "portal",
            Api::WebService => "WebService",
            Api::Admin => "admin",
            Api::Other => "other",
        }
    }
}

/// Which entries the journal panel shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this API.
    pub api: Option<Api>,
    /// Only this status class (2 for 2xx…); 0 for "no answer".
    pub class: Option<u16>,
    /// Only paths containing this (case-insensitive).
    pub path: String,
}

impl Filter {
    /// The status classes the `c` key goes through.
    pub const CLASSES: [Option<u16>; 4] = [None, Some(2), Some(4), Some(5)];

    /// Whether `entry` passes.
    pub fn accepts(&self, entry: &JournalEntry) -> bool {
        self.api.is_none_or(|api| Api::of(&entry.path) == api)
            && self
                .class
                .is_none_or(|class| entry.status.map_or(0, |s| s / 100) == class)
            && (self.path.is_empty() || contains_ignore_case(&entry.path, &self.path))
    }

    /// Whether it lets everything through.
    pub fn is_empty(&self) -> bool {
        self.api.is_none() && self.class.is_none() && self.path.is_empty()
    }

    /// The filters in force, in words (`DataCash · 5xx · "send"`).
    pub fn describe(&self) -> String {
        let mut parts = vec![];
        if let Some(api) = self.api {
            parts.push(api.label().to_owned());
        }
        if let Some(class) = self.class {
            parts.push(format!("{class}xx"));
        }
        if !self.path.is_empty() {
            parts.push(format!("“{}”", self.path));
        }
        parts.join(" · ")
    }
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    if needle.is_ascii() && haystack.is_ascii() {
        let needle = needle.as_bytes();
        haystack
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    } else {
        haystack.to_lowercase().contains(&needle.to_lowercase())
    }
}

/// The entries kept, newest first, and the last id seen (what the next poll asks `since`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Buffer {
    entries: VecDeque<JournalEntry>,
    last_id: Option<u64>,
    capacity: usize,
}

impl Buffer {
    /// An empty buffer keeping at most `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Buffer {
        Buffer {
            entries: VecDeque::new(),
            last_id: None,
            capacity,
        }
    }

    /// The entries, newest first.
    pub fn entries(&self) -> &VecDeque<JournalEntry> {
        &self.entries
    }

    /// The highest id seen: the next poll asks for the entries after it.
    pub fn last_id(&self) -> Option<u64> {
        self.last_id
    }

    /// Adds the entries of a poll (oldest first, as the mock answers): those already seen are
    /// skipped, the newest go on top, the oldest beyond the capacity are dropped. Returns the
    /// entries added.
    pub fn merge(&mut self, polled: Vec<JournalEntry>) -> Vec<u64> {
        let capacity = if self.capacity == 0 {
            CAPACITY
        } else {
            self.capacity
        };
        let mut added = vec![];
        let mut fresh: Vec<JournalEntry> = polled
            .into_iter()
            .filter(|e| self.last_id.is_none_or(|last| e.id > last))
            .collect();
        fresh.sort_by_key(|e| e.id);
        fresh.dedup_by_key(|e| e.id);
        // Only the newest `capacity` can stay.
        let skip = fresh.len().saturating_sub(capacity);
        for entry in fresh.into_iter().skip(skip) {
            self.last_id = Some(entry.id);
            added.push(entry.id);
            self.entries.push_front(entry);
        }
        self.entries.truncate(capacity);
        added
    }

    /// Forgets everything (another server, or the journal was emptied).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.last_id = None;
    }
}

//! [`Data`]: everything read from the servers of the open profile.

use super::action::{DayTakings, ServerClock};
use super::remote::Remote;
use chrono::{DateTime, Utc};
use dckit_contracts::model::datacash::InfoUser;
use dckit_contracts::model::portal::{
    Account, ApiKey, CatalogueEntry, Counter, CounterEvent, Instance, Licence, Purchase,
};
use std::collections::{HashMap, VecDeque};

/// How many counter events the dashboard keeps.
pub(super) const EVENTS_KEPT: usize = 50;

/// The server's data, each part with its loading state.
#[derive(Debug, Default)]
pub struct Data {
    /// The account.
    pub account: Remote<Account>,
    /// The licences, latest expiry first.
    pub licences: Remote<Vec<Licence>>,
    /// The API keys (read through [`Data::keys`], changed through the methods that keep
    /// the index).
    keys: Remote<Vec<ApiKey>>,
    /// The add-on catalogue.
    pub catalogue: Remote<Vec<CatalogueEntry>>,
    /// The add-ons bought.
    pub purchases: Remote<Vec<Purchase>>,
    /// The document counters (read through [`Data::counters`]).
    counters: Remote<Vec<Counter>>,
    /// Takings per day over the last 30 days.
    pub takings: Remote<Vec<DayTakings>>,
    /// DataCash `infoUser`.
    pub info_user: Remote<InfoUser>,
    /// The harness clock.
    pub server_clock: Remote<ServerClock>,
    /// WebService documents of today.
    pub webservice_today: Remote<usize>,
    /// The last counter events, newest first.
    pub events: VecDeque<EventLine>,
    /// Where each key is in `keys`, by id: the views look keys up for every row.
    key_index: HashMap<String, usize>,
    /// Where each key's counters are in `counters`, by key id: `[dco, fe]`.
    counter_index: HashMap<String, [Option<usize>; 2]>,
}

/// A counter event as the dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventLine {
    /// When it arrived.
    pub at: DateTime<Utc>,
    /// The event.
    pub event: CounterEvent,
}

impl Data {
    /// The API keys.
    pub fn keys(&self) -> &Remote<Vec<ApiKey>> {
        &self.keys
    }

    /// The document counters.
    pub fn counters(&self) -> &Remote<Vec<Counter>> {
        &self.counters
    }

    /// A read of the keys starts.
    pub(crate) fn keys_loading(&mut self) {
        self.keys.start();
    }

    /// A read of the counters starts.
    pub(crate) fn counters_loading(&mut self) {
        self.counters.start();
    }

    /// The keys read.
    pub(crate) fn set_keys(&mut self, keys: Vec<ApiKey>, at: DateTime<Utc>) {
        self.keys.set(keys, at);
        self.index_keys();
    }

    /// The counters read.
    pub(crate) fn set_counters(&mut self, counters: Vec<Counter>, at: DateTime<Utc>) {
        self.counters.set(counters, at);
        self.index_counters();
    }

    /// A read of the keys failed.
    pub(crate) fn keys_failed(&mut self, message: String) {
        self.keys.fail(message);
    }

    /// A read of the counters failed.
    pub(crate) fn counters_failed(&mut self, message: String) {
        self.counters.fail(message);
    }

    /// A key as the server now has it (created, renamed, deactivated): replaced, or added.
    pub(crate) fn put_key(&mut self, key: ApiKey) {
        if let Some(keys) = self.keys.value_mut() {
            match self.key_index.get(&key.id) {
                Some(&i) => keys[i] = key,
                None => keys.push(key),
            }
            self.index_keys();
        }
    }

    fn index_keys(&mut self) {
        self.key_index = self
            .keys
            .value()
            .map(|keys| {
                keys.iter()
                    .enumerate()
                    .map(|(i, k)| (k.id.clone(), i))
                    .collect()
            })
            .unwrap_or_default();
    }

    fn index_counters(&mut self) {
        let mut index: HashMap<String, [Option<usize>; 2]> = HashMap::new();
        for (i, c) in self.counters.value().into_iter().flatten().enumerate() {
            index.entry(c.key_id.clone()).or_default()[slot(c.instance)] = Some(i);
        }
        self.counter_index = index;
    }

    /// A key, when the keys are known.
    pub fn key(&self, key_id: &str) -> Option<&ApiKey> {
        let i = *self.key_index.get(key_id)?;
        self.keys.value()?.get(i)
    }

    /// The label of a key, when the keys are known.
    pub fn key_label(&self, key_id: &str) -> Option<&str> {
        self.key(key_id).map(|k| k.label.as_str())
    }

    /// A counter, when the counters are known.
    pub fn counter(&self, key_id: &str, instance: Instance) -> Option<&Counter> {
        let i = self.counter_index.get(key_id)?[slot(instance)]?;
        self.counters.value()?.get(i)
    }

    /// Applies a counter event to the counters read, adding the counter if it is new;
    /// returns whether anything changed.
    pub fn apply_event(&mut self, event: &CounterEvent) -> bool {
        let at = self
            .counter_index
            .get(&event.key_id)
            .and_then(|slots| slots[slot(event.instance)]);
        let Some(counters) = self.counters.value_mut() else {
            return false;
        };
        match at.and_then(|i| counters.get_mut(i)) {
            Some(counter) => {
                let changed = counter.total != event.total || counter.today != event.today;
                counter.total = event.total;
                counter.today = event.today;
                changed
            }
            None => {
                counters.push(Counter {
                    key_id: event.key_id.clone(),
                    instance: event.instance,
                    total: event.total,
                    today: event.today,
                });
                self.index_counters();
                true
            }
        }
    }

    /// Today's documents per instance, summed over every key.
    pub fn today_by_instance(&self) -> Option<Vec<(Instance, u64)>> {
        let counters = self.counters.value()?;
        // Saturating: the counts are the server's, and a wild one must not wrap or panic.
        let sum = |instance| {
            counters
                .iter()
                .filter(|c| c.instance == instance)
                .fold(0u64, |sum, c| sum.saturating_add(c.today))
        };
        Some(vec![
            (Instance::Dco, sum(Instance::Dco)),
            (Instance::Fe, sum(Instance::Fe)),
        ])
    }
}

/// The place of an instance in the counter index.
fn slot(instance: Instance) -> usize {
    match instance {
        Instance::Dco => 0,
        Instance::Fe => 1,
    }
}

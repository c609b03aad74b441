//! The fault rules of a server and the decision, request by request, of which one applies.
//!
//! A request is checked against the rules in the order they were added; the first whose
//! method and path match, and whose random draw (when it has a probability) says yes,
//! applies — one rule per request. A rule with the id of an existing one replaces it (its
//! count and random sequence start over). The HTTP layer never consults the rules for the
//! harness itself (`/__admin`, `/__health`).

use super::fault_rule::{Fault, FaultAction, FaultId, FaultRule};
use super::glob::Glob;
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// What the registry decided for one request.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    /// The rule that applied.
    pub(crate) id: FaultId,
    /// What it does.
    pub(crate) action: FaultAction,
    /// Wait first.
    pub(crate) delay: Option<Duration>,
    /// The answer's status, for [`FaultAction::Respond`].
    pub(crate) status: u16,
    /// The answer's body, instead of the envelope.
    pub(crate) body: Option<Value>,
    /// The answer's content type.
    pub(crate) content_type: Option<String>,
}

/// A rule in the registry.
struct Active {
    fault: Fault,
    /// The method, uppercase; any when absent.
    method: Option<String>,
    glob: Glob,
    rng: ChaCha8Rng,
}

impl Active {
    fn new(id: FaultId, mut rule: FaultRule) -> Active {
        let method = rule
            .method
            .as_deref()
            .map(|m| m.trim().to_ascii_uppercase());
        rule.method.clone_from(&method);
        rule.id = Some(id.clone());
        let seed: [u8; 32] = Sha256::digest(id.as_str().as_bytes()).into();
        Active {
            glob: Glob::new(&rule.path),
            method,
            rng: ChaCha8Rng::from_seed(seed),
            fault: Fault {
                id,
                remaining: rule.count,
                rule,
                applied: 0,
            },
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method) && self.glob.matches(path)
    }
}

/// The fault rules of a server.
#[derive(Default)]
pub(crate) struct Faults {
    inner: Mutex<Registry>,
    /// Whether there is any rule: set under the lock after every change, read without it.
    any: AtomicBool,
}

#[derive(Default)]
struct Registry {
    rules: Vec<Active>,
    /// The number of the last generated id.
    generated: u64,
}

impl Faults {
    fn registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether there is any rule (so that requests skip the lock when there is none).
    pub(crate) fn any(&self) -> bool {
        self.any.load(Ordering::Acquire)
    }

    /// Refreshes [`Faults::any`]; called with the lock held, after a change.
    fn changed(&self, registry: &Registry) {
        self.any
            .store(!registry.rules.is_empty(), Ordering::Release);
    }

    /// Adds `rule` (replacing the rule with its id, if any) and returns it as stored.
    pub(crate) fn add(&self, rule: FaultRule) -> Result<Fault, CatalogueError> {
        if let Some(reason) = rule.problem() {
            return Err(ErrorCode::AdminFaultInvalid.with(&[("reason", &reason)]));
        }
        let mut registry = self.registry();
        let id = match rule.id.clone() {
            Some(id) => id,
            None => loop {
                registry.generated += 1;
                let candidate = FaultId::generated(format!("fault-{}", registry.generated));
                if !registry.rules.iter().any(|a| a.fault.id == candidate) {
                    break candidate;
                }
            },
        };
        let active = Active::new(id, rule);
        let fault = active.fault.clone();
        match registry.rules.iter_mut().find(|a| a.fault.id == fault.id) {
            Some(slot) => *slot = active,
            None => registry.rules.push(active),
        }
        self.changed(&registry);
        Ok(fault)
    }

    /// The rules, in the order they are tried.
    pub(crate) fn list(&self) -> Vec<Fault> {
        self.registry()
            .rules
            .iter()
            .map(|a| a.fault.clone())
            .collect()
    }

    /// The rule `id`.
    pub(crate) fn get(&self, id: &str) -> Result<Fault, CatalogueError> {
        self.registry()
            .rules
            .iter()
            .find(|a| a.fault.id.as_str() == id)
            .map(|a| a.fault.clone())
            .ok_or_else(|| not_found(id))
    }

    /// Removes the rule `id` and returns it.
    pub(crate) fn remove(&self, id: &str) -> Result<Fault, CatalogueError> {
        let mut registry = self.registry();
        let at = registry
            .rules
            .iter()
            .position(|a| a.fault.id.as_str() == id)
            .ok_or_else(|| not_found(id))?;
        let removed = registry.rules.remove(at).fault;
        self.changed(&registry);
        Ok(removed)
    }

    /// Removes every rule; returns how many there were.
    pub(crate) fn clear(&self) -> usize {
        let mut registry = self.registry();
        let n = registry.rules.len();
        registry.rules.clear();
        self.changed(&registry);
        n
    }

    /// The rule that applies to a request (`method` as sent, e.g. `POST`), if any, counted
    /// as applied.
    pub(crate) fn hit(&self, method: &str, path: &str) -> Option<Hit> {
        let mut registry = self.registry();
        let rules = &mut registry.rules;
        let at = rules.iter_mut().position(|active| {
            if !active.matches(method, path) {
                return false;
            }
            match active.fault.rule.probability {
                Some(p) => active.rng.random::<f64>() < p,
                None => true,
            }
        })?;
        let active = &mut rules[at];
        active.fault.applied += 1;
        let rule = &active.fault.rule;
        let hit = Hit {
            id: active.fault.id.clone(),
            action: rule.action(),
            delay: rule.delay_ms.map(Duration::from_millis),
            status: rule.status.unwrap_or(500),
            body: rule.body.clone(),
            content_type: rule.content_type.clone(),
        };
        if let Some(remaining) = active.fault.remaining.as_mut() {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                rules.remove(at);
                self.changed(&registry);
            }
        }
        Some(hit)
    }
}

fn not_found(id: &str) -> CatalogueError {
    ErrorCode::AdminFaultNotFound.with(&[("id", id)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invalid_rules_are_refused_with_the_reason() {
        let base = || FaultRule::status("/api/dco/**", 503);
        let cases = [
            (base().with_id("a b"), "id \"a b\""),
            (base().with_id(&"x".repeat(65)), "1 to 64"),
            (base().with_method("PO ST"), "not an HTTP method"),
            (FaultRule::status("api/dco", 503), "must start with /"),
            (
                FaultRule {
                    path: "/x".into(),
                    ..FaultRule::default()
                },
                "give status, delayMs or drop",
            ),
            (FaultRule::status("/x", 99), "from 200 to 599"),
            (FaultRule::status("/x", 600), "from 200 to 599"),
            (
                FaultRule {
                    drop: true,
                    ..base()
                },
                "cannot have a status",
            ),
            (
                FaultRule::drop_connection("/x").with_body(json!("x")),
                "need a status",
            ),
            (base().with_content_type("a\nb"), "not a header value"),
            (
                base().with_delay(Duration::from_secs(301)),
                "over the limit",
            ),
            (base().with_probability(1.5), "from 0 to 1"),
            (base().with_probability(f64::NAN), "from 0 to 1"),
            (base().times(0), "at least 1"),
        ];
        let faults = Faults::default();
        for (rule, needle) in cases {
            let error = faults.add(rule.clone()).unwrap_err();
            assert_eq!(error.code, ErrorCode::AdminFaultInvalid);
            assert!(
                error.message.contains(needle),
                "{rule:?}: {}",
                error.message
            );
        }
        assert!(faults.list().is_empty());
    }

    #[test]
    fn ids_are_generated_or_kept_and_an_existing_id_is_replaced() {
        let faults = Faults::default();
        let a = faults.add(FaultRule::status("/a", 500)).unwrap();
        let named = faults
            .add(FaultRule::status("/b", 500).with_id("fault-2"))
            .unwrap();
        let c = faults.add(FaultRule::status("/c", 500)).unwrap();
        assert_eq!(
            (a.id.as_str(), named.id.as_str(), c.id.as_str()),
            ("fault-1", "fault-2", "fault-3")
        );
        faults
            .add(FaultRule::status("/b2", 502).with_id("fault-2"))
            .unwrap();
        let paths: Vec<String> = faults.list().into_iter().map(|f| f.rule.path).collect();
        assert_eq!(paths, ["/a", "/b2", "/c"]);
        assert_eq!(faults.remove("fault-1").unwrap().rule.path, "/a");
        assert_eq!(
            faults.remove("fault-1").unwrap_err().code,
            ErrorCode::AdminFaultNotFound
        );
        assert_eq!(faults.clear(), 2);
    }

    #[test]
    fn the_first_matching_rule_applies_and_counts_expire() {
        let faults = Faults::default();
        faults
            .add(
                FaultRule::status("/api/dco/*/", 503)
                    .with_method("post")
                    .times(2),
            )
            .unwrap();
        faults.add(FaultRule::drop_connection("/api/**")).unwrap();
        let post = "POST";
        let hits: Vec<Option<(String, FaultAction)>> = (0..3)
            .map(|_| {
                faults
                    .hit(post, "/api/dco/infoUser/")
                    .map(|h| (h.id.to_string(), h.action))
            })
            .collect();
        assert_eq!(
            hits,
            [
                Some(("fault-1".to_owned(), FaultAction::Respond)),
                Some(("fault-1".to_owned(), FaultAction::Respond)),
                Some(("fault-2".to_owned(), FaultAction::Drop)),
            ]
        );
        assert!(faults.hit("GET", "/portal/v1/keys").is_none());
        let listed = faults.list();
        assert_eq!(listed.len(), 1, "the counted rule expired");
        assert_eq!((listed[0].applied, listed[0].remaining), (1, None));
    }

    #[test]
    fn draws_are_reproducible_from_the_id() {
        let pattern = |id: &str| -> Vec<bool> {
            let faults = Faults::default();
            faults
                .add(
                    FaultRule::status("/x", 500)
                        .with_id(id)
                        .with_probability(0.5),
                )
                .unwrap();
            (0..64).map(|_| faults.hit("GET", "/x").is_some()).collect()
        };
        assert_eq!(pattern("flaky"), pattern("flaky"));
        assert_ne!(pattern("flaky"), pattern("other"));
        let hits = pattern("flaky").iter().filter(|h| **h).count();
        assert!((16..=48).contains(&hits), "{hits} of 64");
    }
}

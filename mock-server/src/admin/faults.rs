//! Fault rules: what to do instead of (or before) answering a request, and the registry that
//! decides, request by request, which rule applies.
//!
//! Routes (all under the admin token):
//!
//! * `GET /__admin/faults` — `{"faults": [Fault…]}`, in the order they are tried;
//! * `POST /__admin/faults` with a [`FaultRule`] — `201` and the stored [`Fault`]; a rule with
//!   the id of an existing one replaces it (its count and random sequence start over);
//! * `GET /__admin/faults/{id}` — one [`Fault`];
//! * `DELETE /__admin/faults/{id}` — removes it, answers it as it was;
//! * `DELETE /__admin/faults` — removes them all, answers `{"cleared": N}`.
//!
//! A request is checked against the rules in the order they were added; the first whose
//! method and path match, and whose random draw (when it has a probability) says yes,
//! applies — one rule per request. Rules never apply to the harness itself (`/__admin`,
//! `/__health`).

use super::glob::Glob;
use crate::http::path_params::PathParams;
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The longest delay a rule may add.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(300);

/// The longest id a rule may have.
const MAX_ID_CHARS: usize = 64;

/// The name of a fault rule: 1 to 64 letters, digits, `.`, `_` or `-`. Chosen by the client
/// or generated (`fault-1`, `fault-2`, …); it also seeds the rule's random draws, so the same
/// rule under the same id applies to the same requests of a sequence on every run.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FaultId(String);

impl FaultId {
    /// The id `text`, if it is one (see [`FaultId`] for the alphabet).
    pub fn new(text: &str) -> Option<FaultId> {
        let fine = !text.is_empty()
            && text.chars().count() <= MAX_ID_CHARS
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        fine.then(|| FaultId(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FaultId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a fault did to a request (shown in the journal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultAction {
    /// Answered with the rule's status (after its delay, if any).
    Respond,
    /// Waited, then let the request through.
    Delay,
    /// Closed the connection without an answer (after its delay, if any).
    Drop,
}

/// A fault rule, as `POST /__admin/faults` takes it (JSON in camelCase):
///
/// ```json
/// {"id": "flaky-send", "method": "POST", "path": "/api/dco/sendDocument/",
///  "status": 503, "delayMs": 250, "probability": 0.5, "count": 3}
/// ```
///
/// It needs a `path` and at least one of `status`, `delayMs` and `drop`:
/// * `status` (200–599) answers with that status and, unless `body` says otherwise, the
///   failure envelope of the API the path belongs to: DataCash `{esito:false, …, errori:
///   [{codice:"99", …}]}`, the WebService `{"result":"error","message":…}`, problem+json
///   elsewhere. `body` replaces it (a JSON string is sent as text, `text/plain`; any other
///   JSON value as `application/json`) and `contentType` replaces the content type.
/// * `delayMs` (at most 300 000) waits first; alone, the request then proceeds normally.
/// * `drop: true` closes the connection without an answer; not with `status`.
///
/// `method` (any when absent) and `path` (a pattern: `*` within a segment, `**` across
/// segments, `?` one character) select the requests; `probability` (0 to 1, default 1) makes
/// the rule apply to that share of them, drawn from a generator seeded by the rule's id;
/// `count` makes it expire after applying that many times.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FaultRule {
    /// The rule's id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<FaultId>,
    /// The method to match (case-insensitive); any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The path pattern to match (the query string is not part of it).
    pub path: String,
    /// Answer with this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The body of that answer, instead of the API's failure envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The content type of that answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Wait this many milliseconds first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Close the connection without an answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
    /// The share of matching requests the rule applies to, 0 to 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// Expire after applying this many times (at least 1); never when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl FaultRule {
    /// Answers requests to `path` with `status` in the API's failure envelope.
    pub fn status(path: impl Into<String>, status: u16) -> FaultRule {
        FaultRule {
            path: path.into(),
            status: Some(status),
            ..FaultRule::default()
        }
    }

    /// Delays requests to `path` by `delay`, then lets them through.
    pub fn delay(path: impl Into<String>, delay: Duration) -> FaultRule {
        FaultRule::default().with_path(path).with_delay(delay)
    }

    /// Closes the connection of requests to `path` without an answer.
    pub fn drop_connection(path: impl Into<String>) -> FaultRule {
        FaultRule {
            path: path.into(),
            drop: true,
            ..FaultRule::default()
        }
    }

    fn with_path(mut self, path: impl Into<String>) -> FaultRule {
        self.path = path.into();
        self
    }

    /// The same rule named `id` (see [`FaultId`] for what an id may hold).
    pub fn with_id(mut self, id: &str) -> FaultRule {
        // An invalid id is kept as given so that adding the rule reports it.
        self.id = Some(FaultId(id.to_owned()));
        self
    }

    /// The same rule for `method` only.
    pub fn with_method(mut self, method: impl Into<String>) -> FaultRule {
        self.method = Some(method.into());
        self
    }

    /// The same rule answering `body` (a JSON string is sent as text).
    pub fn with_body(mut self, body: Value) -> FaultRule {
        self.body = Some(body);
        self
    }

    /// The same rule answering with this content type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> FaultRule {
        self.content_type = Some(content_type.into());
        self
    }

    /// The same rule waiting `delay` first (rounded down to milliseconds).
    pub fn with_delay(mut self, delay: Duration) -> FaultRule {
        self.delay_ms = Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
        self
    }

    /// The same rule applying to this share of the matching requests.
    pub fn with_probability(mut self, probability: f64) -> FaultRule {
        self.probability = Some(probability);
        self
    }

    /// The same rule expiring after applying `count` times.
    pub fn times(mut self, count: u32) -> FaultRule {
        self.count = Some(count);
        self
    }

    /// What the rule does when it applies.
    pub fn action(&self) -> FaultAction {
        if self.drop {
            FaultAction::Drop
        } else if self.status.is_some() {
            FaultAction::Respond
        } else {
            FaultAction::Delay
        }
    }

    /// Why the rule cannot work, if it cannot.
    fn problem(&self) -> Option<String> {
        if let Some(id) = &self.id
            && FaultId::new(id.as_str()).is_none()
        {
            return Some(format!(
                "id {:?} must be 1 to {MAX_ID_CHARS} letters, digits, '.', '_' or '-'",
                id.as_str()
            ));
        }
        if let Some(method) = &self.method
            && Method::from_bytes(method.trim().as_bytes()).is_err()
        {
            return Some(format!("method {method:?} is not an HTTP method"));
        }
        if !(self.path.starts_with('/') || self.path.starts_with('*')) {
            return Some(format!(
                "path {:?} must start with / (or a wildcard), e.g. /api/dco/**",
                self.path
            ));
        }
        if self.status.is_none() && self.delay_ms.is_none() && !self.drop {
            return Some("give status, delayMs or drop: true".to_owned());
        }
        if let Some(status) = self.status {
            if !(200..=599).contains(&status) {
                return Some(format!("status {status} must be from 200 to 599"));
            }
            if self.drop {
                return Some("drop: true answers nothing, so it cannot have a status".to_owned());
            }
        } else if self.body.is_some() || self.content_type.is_some() {
            return Some("body and contentType need a status".to_owned());
        }
        if let Some(content_type) = &self.content_type
            && (content_type.trim().is_empty() || HeaderValue::from_str(content_type).is_err())
        {
            return Some(format!(
                "contentType {content_type:?} is not a header value"
            ));
        }
        if let Some(delay) = self.delay_ms
            && u128::from(delay) > MAX_DELAY.as_millis()
        {
            return Some(format!(
                "delayMs {delay} is over the limit of {}",
                MAX_DELAY.as_millis()
            ));
        }
        if let Some(p) = self.probability
            && !(0.0..=1.0).contains(&p)
        {
            return Some(format!("probability {p} must be from 0 to 1"));
        }
        if self.count == Some(0) {
            return Some("count must be at least 1 (leave it out for no limit)".to_owned());
        }
        None
    }
}

/// A stored rule, as the harness lists it: the rule's fields (with its `id`), plus
/// `applied` (how many requests it applied to) and `remaining` (how many more before it
/// expires; absent without a `count`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// The rule's id (also in `rule.id`).
    #[serde(skip)]
    pub id: FaultId,
    /// The rule as added, its id filled in.
    #[serde(flatten)]
    pub rule: FaultRule,
    /// How many requests it has applied to.
    pub applied: u64,
    /// How many more times it applies before it expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
}

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
    method: Option<Method>,
    glob: Glob,
    rng: ChaCha8Rng,
}

impl Active {
    fn new(id: FaultId, mut rule: FaultRule) -> Active {
        let method = rule
            .method
            .as_deref()
            .and_then(|m| Method::from_bytes(m.trim().to_ascii_uppercase().as_bytes()).ok());
        rule.method = method.as_ref().map(ToString::to_string);
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

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method) && self.glob.matches(path)
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
                let candidate = FaultId(format!("fault-{}", registry.generated));
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

    /// The rule that applies to a request, if any, counted as applied.
    pub(crate) fn hit(&self, method: &Method, path: &str) -> Option<Hit> {
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

/// `GET /__admin/faults`.
pub(crate) async fn list(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "faults": state.faults.list() }))
}

/// `POST /__admin/faults`.
pub(crate) async fn add(State(state): State<AppState>, body: Bytes) -> Result<Response, Problem> {
    let rule: FaultRule = serde_json::from_slice(&body)
        .map_err(|e| ErrorCode::AdminBodyInvalid.with(&[("detail", &e.to_string())]))?;
    let fault = state.faults.add(rule)?;
    Ok((StatusCode::CREATED, Json(fault)).into_response())
}

/// `GET /__admin/faults/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    id: PathParams,
) -> Result<Json<Fault>, Problem> {
    let id = id.nth(0);
    Ok(Json(state.faults.get(&id)?))
}

/// `DELETE /__admin/faults/{id}`.
pub(crate) async fn remove(
    State(state): State<AppState>,
    id: PathParams,
) -> Result<Json<Fault>, Problem> {
    let id = id.nth(0);
    Ok(Json(state.faults.remove(&id)?))
}

/// `DELETE /__admin/faults`.
pub(crate) async fn clear(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "cleared": state.faults.clear() }))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let post = Method::POST;
        let hits: Vec<Option<(String, FaultAction)>> = (0..3)
            .map(|_| {
                faults
                    .hit(&post, "/api/dco/infoUser/")
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
        assert!(faults.hit(&Method::GET, "/portal/v1/keys").is_none());
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
            (0..64)
                .map(|_| faults.hit(&Method::GET, "/x").is_some())
                .collect()
        };
        assert_eq!(pattern("flaky"), pattern("flaky"));
        assert_ne!(pattern("flaky"), pattern("other"));
        let hits = pattern("flaky").iter().filter(|h| **h).count();
        assert!((16..=48).contains(&hits), "{hits} of 64");
    }
}

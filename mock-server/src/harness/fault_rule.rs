//! A fault rule as clients write it ([`FaultRule`]), its id and action, the checks that make
//! it usable, and the rule as stored ([`Fault`]). The routes that manage rules are listed in
//! mock-server/HARNESS.md; which rule applies to a request is [`super::faults`]'s.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
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

    /// The id `text` as it is, unchecked: for ids the registry generates.
    pub(super) fn generated(text: String) -> FaultId {
        FaultId(text)
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
    pub(super) fn problem(&self) -> Option<String> {
        if let Some(id) = &self.id
            && FaultId::new(id.as_str()).is_none()
        {
            return Some(format!(
                "id {:?} must be 1 to {MAX_ID_CHARS} letters, digits, '.', '_' or '-'",
                id.as_str()
            ));
        }
        if let Some(method) = &self.method
            && !is_method(method.trim())
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
            && (content_type.trim().is_empty() || !is_header_value(content_type))
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

/// Whether `text` is an HTTP method: one or more token characters (RFC 9110 `tchar`).
fn is_method(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// Whether `text` may be a header value: no control character but the tab.
fn is_header_value(text: &str) -> bool {
    text.bytes().all(|b| (b >= 32 && b != 127) || b == b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_tokens_and_header_values_have_no_controls() {
        for (text, method) in [
            ("POST", true),
            ("post", true),
            ("M-SEARCH", true),
            ("PO ST", false),
            ("", false),
            ("GET\n", false),
            ("(GET)", false),
        ] {
            assert_eq!(is_method(text), method, "{text:?}");
        }
        for (text, value) in [
            ("text/html; charset=utf-8", true),
            ("a\tb", true),
            ("caffè", true),
            ("a\nb", false),
            ("a\u{7f}", false),
        ] {
            assert_eq!(is_header_value(text), value, "{text:?}");
        }
    }
}

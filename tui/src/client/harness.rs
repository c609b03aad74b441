//! [`HarnessClient`]: the mock's harness (`/__admin`) with the admin token — clock, reset,
//! fault rules, request journal, tax agency, webhook, expired credentials and the WebService
//! token. The answers are the mock's own serde types.

use chrono::{DateTime, FixedOffset};
use dckit_mock::{
    AgencyState, ClockState, CredentialsState, Fault, FaultId, FaultRule, JournalEntry,
    JournalFilter, WebhookState,
};
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::error::ClientError;
use super::http::{Http, Route, malformed, secret_header};
use super::options::ClientOptions;
use crate::secret::Secret;

/// The filters of `GET /__admin/requests` (`method`, `path`, `status`, `since`, `limit`,
/// each optional), sent as query parameters: the mock's own [`JournalFilter`].
pub type JournalQuery = JournalFilter;

/// A client of the mock's harness at one base URL, with the admin token. Cheap to clone.
/// Refusals are problem+json: [`ClientError::Unauthorized`] for a wrong token or a remote
/// client, [`ClientError::Refused`] with the problem's `detail` and `code` otherwise.
#[derive(Clone, Debug)]
pub struct HarnessClient {
    http: Http,
    auth: HeaderValue,
}

impl HarnessClient {
    /// A client of `/__admin` under `base_url`, sending `admin_token`. Nothing is sent yet.
    pub fn new(
        base_url: &str,
        admin_token: Secret,
        options: &ClientOptions,
    ) -> Result<HarnessClient, ClientError> {
        let http = Http::new(base_url, options)?;
        let auth = secret_header(&format!("Bearer {}", admin_token.expose()), "admin token")?;
        Ok(HarnessClient { http, auth })
    }

    fn route(&self, method: Method, segments: &[&str]) -> Result<Route, ClientError> {
        let mut full = vec!["__admin"];
        full.extend_from_slice(segments);
        self.http.route(method, &full)
    }

    /// Sends `method` to `/__admin/{segments}` (with `body` as JSON) and reads a `T`.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&Value>,
    ) -> Result<T, ClientError> {
        let route = self.route(method, segments)?;
        self.send_to(&route, body).await
    }

    async fn send_to<T: DeserializeOwned>(
        &self,
        route: &Route,
        body: Option<&Value>,
    ) -> Result<T, ClientError> {
        let mut request = self
            .http
            .request(route)
            .header(AUTHORIZATION, self.auth.clone());
        if let Some(body) = body {
            request = request.json(body);
        }
        self.http.call(route, request).await?.json()
    }

    /// `GET /__admin/clock`: the mock's now and today, and whether the clock is frozen.
    pub async fn clock(&self) -> Result<ClockState, ClientError> {
        self.send(Method::GET, &["clock"], None).await
    }

    /// `POST /__admin/clock {"freeze": …}`: stops the clock at `at`.
    pub async fn freeze_clock(&self, at: DateTime<FixedOffset>) -> Result<ClockState, ClientError> {
        let body = json!({"freeze": at.to_rfc3339()});
        self.send(Method::POST, &["clock"], Some(&body)).await
    }

    /// `POST /__admin/clock {"advance": …}`: moves the clock by a duration such as `1d`,
    /// `36h`, `-3d`, `90s`, `500ms` (frozen or not).
    pub async fn advance_clock(&self, by: &str) -> Result<ClockState, ClientError> {
        let body = json!({"advance": by});
        self.send(Method::POST, &["clock"], Some(&body)).await
    }

    /// `POST /__admin/clock {"unfreeze": true}`: the clock follows real time again.
    pub async fn unfreeze_clock(&self) -> Result<ClockState, ClientError> {
        let body = json!({"unfreeze": true});
        self.send(Method::POST, &["clock"], Some(&body)).await
    }

    /// `POST /__admin/reset`: regenerates all data from `seed` (the current seed when
    /// `None`); tokens, clock, fault rules and journal are kept. Returns the seed used.
    pub async fn reset(&self, seed: Option<u64>) -> Result<u64, ClientError> {
        #[derive(Deserialize)]
        struct Reset {
            seed: u64,
        }
        let body = match seed {
            Some(seed) => json!({"seed": seed}),
            None => json!({}),
        };
        let reset: Reset = self.send(Method::POST, &["reset"], Some(&body)).await?;
        Ok(reset.seed)
    }

    /// `GET /__admin/faults`: the fault rules in the order they are tried.
    pub async fn faults(&self) -> Result<Vec<Fault>, ClientError> {
        #[derive(Deserialize)]
        struct Faults {
            faults: Vec<Value>,
        }
        let route = self.route(Method::GET, &["faults"])?;
        let list: Faults = self.send_to(&route, None).await?;
        list.faults
            .into_iter()
            .map(|value| fault_from(&route, value))
            .collect()
    }

    /// `GET /__admin/faults/{id}`: one fault rule.
    pub async fn fault(&self, id: &FaultId) -> Result<Fault, ClientError> {
        let route = self.route(Method::GET, &["faults", id.as_str()])?;
        let value = self.send_to(&route, None).await?;
        fault_from(&route, value)
    }

    /// `POST /__admin/faults`: adds a rule (replacing the one with its id); returns it as
    /// stored, its id filled in.
    pub async fn add_fault(&self, rule: &FaultRule) -> Result<Fault, ClientError> {
        let route = self.route(Method::POST, &["faults"])?;
        let body = serde_json::to_value(rule).map_err(|e| ClientError::Invalid {
            message: format!("the fault rule cannot be written: {e}"),
        })?;
        let value = self.send_to(&route, Some(&body)).await?;
        fault_from(&route, value)
    }

    /// `DELETE /__admin/faults/{id}`: removes a rule; returns it as it was.
    pub async fn remove_fault(&self, id: &FaultId) -> Result<Fault, ClientError> {
        let route = self.route(Method::DELETE, &["faults", id.as_str()])?;
        let value = self.send_to(&route, None).await?;
        fault_from(&route, value)
    }

    /// `DELETE /__admin/faults`: removes every rule; returns how many there were.
    pub async fn clear_faults(&self) -> Result<usize, ClientError> {
        #[derive(Deserialize)]
        struct Cleared {
            cleared: usize,
        }
        let cleared: Cleared = self.send(Method::DELETE, &["faults"], None).await?;
        Ok(cleared.cleared)
    }

    /// `GET /__admin/requests?…`: the journal entries the query selects, oldest first.
    pub async fn journal(&self, query: &JournalQuery) -> Result<Vec<JournalEntry>, ClientError> {
        #[derive(Deserialize)]
        struct Requests {
            requests: Vec<JournalEntry>,
        }
        let mut route = self.route(Method::GET, &["requests"])?;
        {
            let mut pairs = route.url.query_pairs_mut();
            if let Some(method) = &query.method {
                pairs.append_pair("method", method);
            }
            if let Some(path) = &query.path {
                pairs.append_pair("path", path);
            }
            if let Some(status) = &query.status {
                pairs.append_pair("status", &status.to_string());
            }
            if let Some(since) = query.since {
                pairs.append_pair("since", &since.to_string());
            }
            if let Some(limit) = query.limit {
                pairs.append_pair("limit", &limit.to_string());
            }
        }
        if route.url.query() == Some("") {
            route.url.set_query(None);
        }
        let requests: Requests = self.send_to(&route, None).await?;
        Ok(requests.requests)
    }

    /// `DELETE /__admin/requests`: empties the journal; returns how many entries it had.
    pub async fn clear_journal(&self) -> Result<usize, ClientError> {
        #[derive(Deserialize)]
        struct Cleared {
            cleared: usize,
        }
        let cleared: Cleared = self.send(Method::DELETE, &["requests"], None).await?;
        Ok(cleared.cleared)
    }

    /// `GET /__admin/agency`: whether the tax agency is up, and the sales waiting for it.
    pub async fn agency(&self) -> Result<AgencyState, ClientError> {
        self.send(Method::GET, &["agency"], None).await
    }

    /// `POST /__admin/agency`: takes the tax agency down (`false`) or brings it back.
    pub async fn set_agency(&self, up: bool) -> Result<AgencyState, ClientError> {
        let body = json!({"up": up});
        self.send(Method::POST, &["agency"], Some(&body)).await
    }

    /// `GET /__admin/webhook`: the deferred-fiscalisation webhook and its deliveries.
    pub async fn webhook(&self) -> Result<WebhookState, ClientError> {
        self.send(Method::GET, &["webhook"], None).await
    }

    /// `POST /__admin/webhook`: sets the webhook URL, or removes it with `None`.
    pub async fn set_webhook(&self, url: Option<&str>) -> Result<WebhookState, ClientError> {
        let body = json!({"url": url});
        self.send(Method::POST, &["webhook"], Some(&body)).await
    }

    /// `POST /__admin/credentials/expire`: the seller's Fisconline password expires (code
    /// `03`) until `resetPassword`.
    pub async fn expire_credentials(
        &self,
        partita_iva: &str,
    ) -> Result<CredentialsState, ClientError> {
        let body = json!({"partitaIva": partita_iva, "expired": true});
        self.send(Method::POST, &["credentials", "expire"], Some(&body))
            .await
    }

    /// `POST /__admin/webservice/token`: a new WebService token (the old one stops working).
    pub async fn new_webservice_token(&self) -> Result<Secret, ClientError> {
        #[derive(Deserialize)]
        struct Token {
            token: String,
        }
        let token: Token = self
            .send(Method::POST, &["webservice", "token"], None)
            .await?;
        Ok(Secret::new(token.token))
    }
}

/// A [`Fault`] from its JSON (the rule's fields, `applied` and maybe `remaining`): the mock's
/// type is written, not read, so it is put together here.
fn fault_from(route: &Route, mut value: Value) -> Result<Fault, ClientError> {
    let bad = |reason: String| malformed(&route.what(), &reason);
    let object = value
        .as_object_mut()
        .ok_or_else(|| bad("a fault is not a JSON object".to_owned()))?;
    let applied = object
        .remove("applied")
        .map(serde_json::from_value::<u64>)
        .transpose()
        .map_err(|e| bad(format!("applied: {e}")))?
        .ok_or_else(|| bad("missing field `applied`".to_owned()))?;
    let remaining = object
        .remove("remaining")
        .map(serde_json::from_value::<Option<u32>>)
        .transpose()
        .map_err(|e| bad(format!("remaining: {e}")))?
        .flatten();
    let rule: FaultRule = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
    let id = rule
        .id
        .clone()
        .ok_or_else(|| bad("missing field `id`".to_owned()))?;
    Ok(Fault {
        id,
        rule,
        applied,
        remaining,
    })
}

//! [`PortalClient`]: the account area (`/portal/v1`) with a bearer token — account, contract,
//! licences, API keys, add-ons, counters and their exports, stores and devices, statistics
//! and the live counter stream.

use std::time::Duration;

use chrono::NaiveDate;
use dckit_contracts::model::portal::{
    Account, AddonType, ApiKey, BuyAddonRequest, CatalogueEntry, Contract, Counter,
    CreateKeyRequest, CreatedKey, Device, DocumentsFormat, Instance, LabelRequest, Licence,
    MoveDeviceRequest, Purchase, RenewRequest, Stats, StatsTarget, Store,
};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::download::Download;
use super::error::ClientError;
use super::events::{DEFAULT_IDLE_TIMEOUT, EventStream};
use super::http::{Http, Route, content_type, malformed, secret_header, status_error};
use super::options::ClientOptions;
use crate::secret::Secret;

/// A client of the account area at one base URL, with one portal token. Cheap to clone (the
/// connection pool is shared).
///
/// Every call answers the typed body of its route, or a [`ClientError`]: a refusal is
/// [`ClientError::Refused`] (or [`ClientError::Unauthorized`] for `401`/`403`) carrying the
/// problem's `detail` and `code`.
#[derive(Clone, Debug)]
pub struct PortalClient {
    http: Http,
    auth: HeaderValue,
}

impl PortalClient {
    /// A client of the account area under `base_url` (`http://127.0.0.1:8080`, or a root
    /// with a prefix, `https://host/prefix`). Fails when the URL cannot be used or the token
    /// cannot be sent in a header; nothing is sent yet.
    pub fn new(
        base_url: &str,
        token: Secret,
        options: &ClientOptions,
    ) -> Result<PortalClient, ClientError> {
        let http = Http::new(base_url, options)?;
        let auth = secret_header(&format!("Bearer {}", token.expose()), "portal token")?;
        Ok(PortalClient { http, auth })
    }

    /// The base URL every route is joined to (its path ends with `/`).
    pub fn base_url(&self) -> &url::Url {
        self.http.base()
    }

    fn route(&self, method: Method, segments: &[&str]) -> Result<Route, ClientError> {
        let mut full = vec!["portal", "v1"];
        full.extend_from_slice(segments);
        self.http.route(method, &full)
    }

    fn request(&self, route: &Route) -> RequestBuilder {
        self.http
            .request(route)
            .header(AUTHORIZATION, self.auth.clone())
    }

    async fn get<T: DeserializeOwned>(&self, segments: &[&str]) -> Result<T, ClientError> {
        let route = self.route(Method::GET, segments)?;
        let request = self.request(&route);
        self.http.call(&route, request).await?.json()
    }

    async fn post<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T, ClientError> {
        let route = self.route(Method::POST, segments)?;
        let mut request = self.request(&route);
        if let Some(body) = body {
            request = request.json(body);
        }
        self.http.call(&route, request).await?.json()
    }

    /// `GET /portal/v1/account`: the account, its contract, current licence and key slots.
    pub async fn account(&self) -> Result<Account, ClientError> {
        self.get(&["account"]).await
    }

    /// `POST /portal/v1/contract/sign`: signs the contract (again: the first date stays).
    pub async fn sign_contract(&self) -> Result<Contract, ClientError> {
        self.post(&["contract", "sign"], None::<&()>).await
    }

    /// `GET /portal/v1/licences`: every licence, latest expiry first.
    pub async fn licences(&self) -> Result<Vec<Licence>, ClientError> {
        self.get(&["licences"]).await
    }

    /// `POST /portal/v1/licences/{id}/renew`: adds `months` (1–36) to the licence.
    pub async fn renew_licence(&self, id: &str, months: i64) -> Result<Licence, ClientError> {
        self.post(&["licences", id, "renew"], Some(&RenewRequest { months }))
            .await
    }

    /// `GET /portal/v1/keys`: every API key, masked.
    pub async fn keys(&self) -> Result<Vec<ApiKey>, ClientError> {
        self.get(&["keys"]).await
    }

    /// `POST /portal/v1/keys`: a new key bound to `partita_iva`; the answer holds the clear
    /// key, shown only this once. Refused with code `key-limit-reached` when every slot is
    /// in use.
    pub async fn create_key(
        &self,
        partita_iva: &str,
        label: &str,
    ) -> Result<CreatedKey, ClientError> {
        let body = CreateKeyRequest {
            partita_iva: partita_iva.to_owned(),
            label: label.to_owned(),
        };
        self.post(&["keys"], Some(&body)).await
    }

    /// `POST /portal/v1/keys/{id}/label`: a new label for a key.
    pub async fn rename_key(&self, id: &str, label: &str) -> Result<ApiKey, ClientError> {
        let body = LabelRequest {
            label: label.to_owned(),
        };
        self.post(&["keys", id, "label"], Some(&body)).await
    }

    /// `POST /portal/v1/keys/{id}/deactivate`: switches a key off for good, freeing its slot.
    pub async fn deactivate_key(&self, id: &str) -> Result<ApiKey, ClientError> {
        self.post(&["keys", id, "deactivate"], None::<&()>).await
    }

    /// `GET /portal/v1/addons/catalogue`: the add-ons on sale.
    pub async fn catalogue(&self) -> Result<Vec<CatalogueEntry>, ClientError> {
        self.get(&["addons", "catalogue"]).await
    }

    /// `GET /portal/v1/addons`: the add-ons bought, oldest first.
    pub async fn purchases(&self) -> Result<Vec<Purchase>, ClientError> {
        self.get(&["addons"]).await
    }

    /// `POST /portal/v1/addons`: buys `quantity` (1–100) units of an add-on. Refused with
    /// code `contract-unsigned` before the contract is signed.
    pub async fn buy_addon(
        &self,
        addon: AddonType,
        quantity: i64,
    ) -> Result<Purchase, ClientError> {
        let body = BuyAddonRequest {
            addon_type: addon,
            quantity,
        };
        self.post(&["addons"], Some(&body)).await
    }

    /// `GET /portal/v1/counters`: two counters (`dco`, `fe`) per key.
    pub async fn counters(&self) -> Result<Vec<Counter>, ClientError> {
        self.get(&["counters"]).await
    }

    /// `GET /portal/v1/stores`.
    pub async fn stores(&self) -> Result<Vec<Store>, ClientError> {
        self.get(&["stores"]).await
    }

    /// `GET /portal/v1/devices`: every device; each API key is one.
    pub async fn devices(&self) -> Result<Vec<Device>, ClientError> {
        self.get(&["devices"]).await
    }

    /// `POST /portal/v1/devices/{id}/store`: moves a device (and its future takings) to a
    /// store.
    pub async fn move_device(&self, id: &str, store_id: &str) -> Result<Device, ClientError> {
        let body = MoveDeviceRequest {
            store_id: store_id.to_owned(),
        };
        self.post(&["devices", id, "store"], Some(&body)).await
    }

    /// The route of a statistics page or export, with `device=`/`store=`, `from=`, `to=`.
    fn stats_route(
        &self,
        segments: &[&str],
        target: &StatsTarget,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Route, ClientError> {
        let mut route = self.route(Method::GET, segments)?;
        let (name, id) = target.param();
        route
            .url
            .query_pairs_mut()
            .append_pair(name, id)
            .append_pair("from", &from.format("%Y-%m-%d").to_string())
            .append_pair("to", &to.format("%Y-%m-%d").to_string());
        Ok(route)
    }

    /// `GET /portal/v1/stats`: the statistics of a device or store from `from` to `to`, both
    /// included (at most three months).
    pub async fn stats(
        &self,
        target: StatsTarget,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Stats, ClientError> {
        let route = self.stats_route(&["stats"], &target, from, to)?;
        let request = self.request(&route);
        self.http.call(&route, request).await?.json()
    }

    /// Opens a download; a refusal comes back as its error before any file is touched.
    async fn download(&self, route: Route) -> Result<Download, ClientError> {
        let request = self.request(&route);
        let response = self.http.open(request, status_error).await?;
        Ok(Download::new(response, self.http.options().timeout))
    }

    /// `GET /portal/v1/counters/{keyId}/{instance}/documents.{csv,xlsx}`: the documents
    /// behind a counter.
    pub async fn counter_documents(
        &self,
        key_id: &str,
        instance: Instance,
        format: DocumentsFormat,
    ) -> Result<Download, ClientError> {
        let file = format!("documents.{}", format.extension());
        let route = self.route(Method::GET, &["counters", key_id, instance.as_str(), &file])?;
        self.download(route).await
    }

    /// `GET /portal/v1/stats/export.csv`: "Esporta statistiche", the four sections as CSV.
    pub async fn stats_export_csv(
        &self,
        target: StatsTarget,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Download, ClientError> {
        let route = self.stats_route(&["stats", "export.csv"], &target, from, to)?;
        self.download(route).await
    }

    /// `GET /portal/v1/stats/daily.csv`: "Aggregati giornalieri" (at least two days).
    pub async fn stats_daily_csv(
        &self,
        target: StatsTarget,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Download, ClientError> {
        let route = self.stats_route(&["stats", "daily.csv"], &target, from, to)?;
        self.download(route).await
    }

    /// `GET /portal/v1/events`: the live counter stream, given up after 45 s without any
    /// data (see [`EventStream`]). A refusal of the opening request (`401`) is the error of
    /// this call.
    pub async fn events(&self) -> Result<EventStream, ClientError> {
        self.events_with_idle_timeout(DEFAULT_IDLE_TIMEOUT).await
    }

    /// [`PortalClient::events`] given up after `idle` without any data instead of 45 s.
    pub async fn events_with_idle_timeout(
        &self,
        idle: Duration,
    ) -> Result<EventStream, ClientError> {
        let route = self.route(Method::GET, &["events"])?;
        let request = self
            .request(&route)
            .header(ACCEPT, HeaderValue::from_static("text/event-stream"));
        let response = self.http.open(request, status_error).await?;
        let kind = content_type(&response).unwrap_or_default();
        if !kind.starts_with("text/event-stream") {
            let shown = if kind.is_empty() { "none" } else { &kind };
            return Err(malformed(
                &route.what(),
                &format!("expected an event stream (text/event-stream), got content type {shown}"),
            ));
        }
        Ok(EventStream::new(
            response.bytes_stream(),
            idle,
            route.what(),
        ))
    }
}

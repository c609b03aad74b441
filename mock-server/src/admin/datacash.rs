//! The DataCash switches of the harness:
//!
//! * `GET|POST /__admin/agency` — `{"up": false}` takes the tax agency down (sales are accepted
//!   as pending), `{"up": true}` brings it back (pending sales are fiscalised in order);
//!   answers [`AgencyState`] `{"up", "pending"}`.
//! * `GET|POST /__admin/webhook` — `{"url": "http://…"}` sets where deferred fiscalisations
//!   are reported (`null` or `""` removes it); answers [`WebhookState`] `{"url",
//!   "deliveries": {"pending", "delivered", "failed"}}`.
//! * `POST /__admin/credentials/expire` — `{"partitaIva": "…"}` makes that seller's Fisconline
//!   password expired (code `03`) until `resetPassword`; `"expired": false` renews it; answers
//!   [`CredentialsState`] `{"partitaIva", "expired"}`.

use super::internal;
use super::json_body;
use crate::datacash::deferred;
use crate::datacash::service::setting;
use crate::db::{DbError, set_setting};
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::fiscal::PartitaIva;
use serde::{Deserialize, Serialize};

fn body_invalid(detail: &str) -> CatalogueError {
    ErrorCode::AdminBodyInvalid.with(&[("detail", detail)])
}

/// Whether the tax agency answers, and how many sales wait for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyState {
    /// `false` while the harness keeps the agency down.
    pub up: bool,
    /// Sales accepted as pending, not yet fiscalised.
    pub pending: u64,
}

/// Where deferred fiscalisations are reported, and how the deliveries went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookState {
    /// The webhook URL; `null` when none is set.
    pub url: Option<String>,
    /// Deliveries by outcome.
    pub deliveries: Deliveries,
}

/// Webhook deliveries by outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    /// Waiting to be sent (or retried).
    pub pending: u64,
    /// Acknowledged with a 2xx.
    pub delivered: u64,
    /// Given up on.
    pub failed: u64,
}

/// Whether a seller's Fisconline password is expired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsState {
    /// The seller.
    pub partita_iva: String,
    /// `true`: DataCash calls are refused with code `03` until `resetPassword`.
    pub expired: bool,
}

/// The tax agency's state.
pub(crate) async fn agency(state: &AppState) -> Result<AgencyState, CatalogueError> {
    let pending = deferred::pending_count(&state.datacash)
        .await
        .map_err(internal)?;
    Ok(AgencyState {
        up: state.datacash.agency_up(),
        pending,
    })
}

/// Takes the tax agency down or brings it back.
pub(crate) async fn set_agency_up(
    state: &AppState,
    up: bool,
) -> Result<AgencyState, CatalogueError> {
    state.datacash.set_agency_up(up);
    agency(state).await
}

/// The webhook's state.
pub(crate) async fn webhook(state: &AppState) -> Result<WebhookState, CatalogueError> {
    let (pending, delivered, failed) = deferred::outbox_counts(&state.datacash)
        .await
        .map_err(internal)?;
    Ok(WebhookState {
        url: state.datacash.webhook_url(),
        deliveries: Deliveries {
            pending,
            delivered,
            failed,
        },
    })
}

/// Sets (or, with `None` or a blank URL, removes) the webhook URL.
pub(crate) async fn set_webhook(
    state: &AppState,
    url: Option<&str>,
) -> Result<WebhookState, CatalogueError> {
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    if let Some(text) = url {
        let parsed = reqwest::Url::parse(text);
        let fine = parsed
            .as_ref()
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !fine {
            return Err(ErrorCode::AdminWebhookInvalid.with(&[("value", text)]));
        }
    }
    let stored = url.unwrap_or_default().to_owned();
    state
        .db
        .write(move |conn| set_setting(conn, setting::WEBHOOK_URL, &stored))
        .await
        .map_err(internal)?;
    state.datacash.set_webhook_url(url.map(str::to_owned));
    state.datacash.wake();
    webhook(state).await
}

/// Marks the Fisconline password of the seller `partita_iva` expired (or renewed).
pub(crate) async fn set_credentials_expired(
    state: &AppState,
    partita_iva: &str,
    expired: bool,
) -> Result<CredentialsState, CatalogueError> {
    let piva = PartitaIva::parse(partita_iva).map_err(|e| body_invalid(&e.to_string()))?;
    let now = crate::db::time::format(state.clock.now().naive_local());
    let stored = piva.as_str().to_owned();
    state
        .db
        .write(move |conn| {
            if expired {
                conn.execute(
                    "INSERT INTO dc_expired_credentials (partita_iva, expired_at) VALUES (?1, ?2)
                     ON CONFLICT (partita_iva) DO UPDATE SET expired_at = excluded.expired_at",
                    [&stored, &now],
                )?;
            } else {
                conn.execute(
                    "DELETE FROM dc_expired_credentials WHERE partita_iva = ?1",
                    [&stored],
                )?;
            }
            Ok::<_, DbError>(())
        })
        .await
        .map_err(internal)?;
    state.datacash.set_expired(piva.as_str(), expired);
    Ok(CredentialsState {
        partita_iva: piva.as_str().to_owned(),
        expired,
    })
}

/// Body of `POST /__admin/agency`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgencyRequest {
    up: Option<bool>,
}

/// Shows whether the tax agency is up and how many sales wait for it.
pub(crate) async fn show_agency(
    State(state): State<AppState>,
) -> Result<Json<AgencyState>, Problem> {
    Ok(Json(agency(&state).await?))
}

/// Takes the tax agency down or brings it back.
pub(crate) async fn post_agency(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<AgencyState>, Problem> {
    let req: AgencyRequest = json_body(&body)?;
    let up = req.up.ok_or_else(|| {
        body_invalid("give up: true (the agency answers) or up: false (it is down)")
    })?;
    Ok(Json(set_agency_up(&state, up).await?))
}

/// Body of `POST /__admin/webhook`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookRequest {
    #[serde(default)]
    url: Option<String>,
}

/// Shows the webhook URL and its deliveries.
pub(crate) async fn show_webhook(
    State(state): State<AppState>,
) -> Result<Json<WebhookState>, Problem> {
    Ok(Json(webhook(&state).await?))
}

/// Sets or removes the webhook URL.
pub(crate) async fn post_webhook(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<WebhookState>, Problem> {
    let req: WebhookRequest = json_body(&body)?;
    Ok(Json(set_webhook(&state, req.url.as_deref()).await?))
}

/// Body of `POST /__admin/credentials/expire`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ExpireRequest {
    partita_iva: Option<String>,
    expired: Option<bool>,
}

/// Marks a seller's Fisconline password expired (or renewed).
pub(crate) async fn expire_credentials(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<CredentialsState>, Problem> {
    let req: ExpireRequest = json_body(&body)?;
    let piva = req
        .partita_iva
        .ok_or_else(|| body_invalid("give partitaIva, the seller whose password expires"))?;
    let expired = req.expired.unwrap_or(true);
    Ok(Json(set_credentials_expired(&state, &piva, expired).await?))
}

//! The DataCash switches of the harness:
//!
//! * `GET|POST /__admin/agency` — `{"up": false}` takes the tax agency down (sales are accepted
//!   as pending), `{"up": true}` brings it back (pending sales are fiscalised in order);
//!   answers `{"up", "pending"}`.
//! * `GET|POST /__admin/webhook` — `{"url": "http://…"}` sets where deferred fiscalisations
//!   are reported (`null` or `""` removes it); answers `{"url", "deliveries": {"pending",
//!   "delivered", "failed"}}`.
//! * `POST /__admin/credentials/expire` — `{"partitaIva": "…"}` makes that seller's Fisconline
//!   password expired (code `03`) until `resetPassword`; `"expired": false` renews it.

use super::json_body;
use crate::datacash::deferred;
use crate::datacash::shared::setting;
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::{StoreError, set_setting};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::fiscal::PartitaIva;
use serde::Deserialize;
use serde_json::{Value, json};

fn internal(e: StoreError) -> Problem {
    tracing::error!("admin operation failed: {e}");
    Problem(ErrorCode::AdminInternal.with(&[("detail", &e.to_string())]))
}

fn body_invalid(detail: &str) -> Problem {
    Problem(ErrorCode::AdminBodyInvalid.with(&[("detail", detail)]))
}

/// Body of `POST /__admin/agency`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgencyRequest {
    up: Option<bool>,
}

async fn agency_report(state: &AppState) -> Result<Json<Value>, Problem> {
    let pending = deferred::pending_count(state).await.map_err(internal)?;
    Ok(Json(
        json!({"up": state.datacash.agency_up(), "pending": pending}),
    ))
}

/// Shows whether the tax agency is up and how many sales wait for it.
pub(crate) async fn show_agency(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    agency_report(&state).await
}

/// Takes the tax agency down or brings it back.
pub(crate) async fn set_agency(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    let req: AgencyRequest = json_body(&body)?;
    let up = req.up.ok_or_else(|| {
        body_invalid("give up: true (the agency answers) or up: false (it is down)")
    })?;
    state.datacash.set_agency_up(up);
    agency_report(&state).await
}

/// Body of `POST /__admin/webhook`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookRequest {
    #[serde(default)]
    url: Option<String>,
}

async fn webhook_report(state: &AppState) -> Result<Json<Value>, Problem> {
    let (pending, delivered, failed) = deferred::outbox_counts(state).await.map_err(internal)?;
    Ok(Json(json!({
        "url": state.datacash.webhook_url(),
        "deliveries": {"pending": pending, "delivered": delivered, "failed": failed},
    })))
}

/// Shows the webhook URL and its deliveries.
pub(crate) async fn show_webhook(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    webhook_report(&state).await
}

/// Sets or removes the webhook URL.
pub(crate) async fn set_webhook(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    let req: WebhookRequest = json_body(&body)?;
    let url = req
        .url
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    if let Some(text) = &url {
        let parsed = reqwest::Url::parse(text);
        let fine = parsed
            .as_ref()
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !fine {
            return Err(Problem(
                ErrorCode::AdminWebhookInvalid.with(&[("value", text)]),
            ));
        }
    }
    let stored = url.clone().unwrap_or_default();
    state
        .store
        .write(move |conn| set_setting(conn, setting::WEBHOOK_URL, &stored))
        .await
        .map_err(internal)?;
    state.datacash.set_webhook_url(url);
    state.datacash.wake();
    webhook_report(&state).await
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
) -> Result<Json<Value>, Problem> {
    let req: ExpireRequest = json_body(&body)?;
    let text = req
        .partita_iva
        .ok_or_else(|| body_invalid("give partitaIva, the seller whose password expires"))?;
    let piva = PartitaIva::parse(&text).map_err(|e| body_invalid(&e.to_string()))?;
    let expired = req.expired.unwrap_or(true);
    let now = state.clock.now().to_rfc3339();
    let stored = piva.as_str().to_owned();
    state
        .store
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
            Ok::<_, StoreError>(())
        })
        .await
        .map_err(internal)?;
    state.datacash.set_expired(piva.as_str(), expired);
    Ok(Json(
        json!({"partitaIva": piva.as_str(), "expired": expired}),
    ))
}

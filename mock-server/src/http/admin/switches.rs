//! `GET|POST /__admin/agency`, `GET|POST /__admin/webhook` and
//! `POST /__admin/credentials/expire`: the DataCash switches of the harness.

use super::{harness, json_body};
use crate::harness::{AgencyState, CredentialsState, WebhookState, body_invalid};
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::Deserialize;

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
    Ok(Json(harness(&state).agency().await?))
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
    Ok(Json(harness(&state).set_agency_up(up).await?))
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
    Ok(Json(harness(&state).webhook().await?))
}

/// Sets or removes the webhook URL.
pub(crate) async fn post_webhook(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<WebhookState>, Problem> {
    let req: WebhookRequest = json_body(&body)?;
    Ok(Json(harness(&state).set_webhook(req.url.as_deref()).await?))
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
    Ok(Json(
        harness(&state)
            .set_credentials_expired(&piva, expired)
            .await?,
    ))
}

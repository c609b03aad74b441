//! `POST /__admin/reset` and the WebService token's regeneration.

use super::internal;
use super::json_body;
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use dckit_contracts::errors::CatalogueError;
use serde::{Deserialize, Serialize};

/// Body of a reset: another seed, or the current one.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResetRequest {
    seed: Option<u64>,
}

/// Answer to a reset.
#[derive(Debug, Serialize)]
pub(crate) struct ResetResponse {
    seed: u64,
}

/// Replaces all data with data generated from `seed` (or the current seed); tokens, the
/// clock, fault rules and the journal are kept. Returns the seed used.
pub(crate) async fn reset_to(state: &AppState, seed: Option<u64>) -> Result<u64, CatalogueError> {
    state.reset(seed).await.map_err(internal)
}

/// Replaces all data with freshly generated data (tokens are kept).
pub(crate) async fn reset(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<ResetResponse>, Problem> {
    let req: ResetRequest = json_body(&body)?;
    let seed = reset_to(&state, req.seed).await?;
    Ok(Json(ResetResponse { seed }))
}

/// Answer to a token regeneration.
#[derive(Debug, Serialize)]
pub(crate) struct TokenResponse {
    token: String,
}

/// Generates a new WebService token; the old one stops working at once.
pub(crate) async fn regenerate_token(
    State(state): State<AppState>,
) -> Result<Json<TokenResponse>, Problem> {
    let token = state
        .regenerate_webservice_token()
        .await
        .map_err(internal)?;
    Ok(Json(TokenResponse { token }))
}

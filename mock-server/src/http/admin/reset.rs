//! `POST /__admin/reset` and `POST /__admin/webservice/token`.

use super::{harness, json_body};
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
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

/// Replaces all data with freshly generated data (tokens are kept).
pub(crate) async fn reset(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<ResetResponse>, Problem> {
    let req: ResetRequest = json_body(&body)?;
    let seed = harness(&state).reset(req.seed).await?;
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
    let token = harness(&state).regenerate_webservice_token().await?;
    Ok(Json(TokenResponse { token }))
}

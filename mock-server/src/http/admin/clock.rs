//! `GET|POST /__admin/clock`: read, freeze, advance or unfreeze the mock's clock.

use super::{harness, json_body};
use crate::harness::{ClockChange, ClockState};
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use dckit_contracts::errors::ErrorCode;
use serde::Deserialize;

/// What to do with the clock; exactly one field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClockRequest {
    /// Stop the clock at this RFC 3339 instant.
    freeze: Option<String>,
    /// Move the clock by a duration such as `90s`, `15m`, `2h`, `3d` (negative allowed).
    advance: Option<String>,
    /// `true` returns to real time.
    unfreeze: Option<bool>,
}

/// Shows the clock.
pub(crate) async fn show(State(state): State<AppState>) -> Json<ClockState> {
    Json(harness(&state).clock())
}

/// Changes the clock.
pub(crate) async fn change(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<ClockState>, Problem> {
    let req: ClockRequest = json_body(&body)?;
    let chosen = [
        req.freeze.is_some(),
        req.advance.is_some(),
        req.unfreeze == Some(true),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if chosen != 1 {
        return Err(ErrorCode::AdminBodyInvalid
            .with(&[(
                "detail",
                "give exactly one of freeze (an RFC 3339 time), advance (a duration) or unfreeze: true",
            )])
            .into());
    }
    let change = match (req.freeze, req.advance) {
        (Some(at), _) => ClockChange::Freeze(at),
        (None, Some(by)) => ClockChange::Advance(by),
        (None, None) => ClockChange::Unfreeze,
    };
    Ok(Json(harness(&state).change_clock(change)?))
}

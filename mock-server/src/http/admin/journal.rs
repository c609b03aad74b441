//! `GET|DELETE /__admin/requests`: the request journal.

use super::harness;
use crate::harness::JournalFilter;
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::{RawQuery, State};
use serde_json::{Value, json};

/// `GET /__admin/requests`.
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, Problem> {
    let filter = JournalFilter::from_query(query.as_deref().unwrap_or(""))?;
    Ok(Json(
        json!({ "requests": harness(&state).journal(&filter) }),
    ))
}

/// `DELETE /__admin/requests`.
pub(crate) async fn clear(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "cleared": harness(&state).clear_journal() }))
}

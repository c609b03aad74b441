//! `GET /__health`: `{"status":"ok"}` once the server answers, without a token — for scripts
//! waiting for the mock to start. While shutting down the server answers `503` instead.

use axum::Json;
use serde_json::{Value, json};

/// Says the server is up.
pub(crate) async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

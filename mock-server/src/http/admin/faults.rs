//! `GET|POST|DELETE /__admin/faults` and `GET|DELETE /__admin/faults/{id}`: the fault rules.

use super::harness;
use crate::harness::{Fault, FaultRule};
use crate::http::path_params::PathParams;
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::ErrorCode;
use serde_json::{Value, json};

/// `GET /__admin/faults`.
pub(crate) async fn list(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "faults": harness(&state).faults() }))
}

/// `POST /__admin/faults`.
pub(crate) async fn add(State(state): State<AppState>, body: Bytes) -> Result<Response, Problem> {
    let rule: FaultRule = serde_json::from_slice(&body)
        .map_err(|e| ErrorCode::AdminBodyInvalid.with(&[("detail", &e.to_string())]))?;
    let fault = harness(&state).add_fault(rule)?;
    Ok((StatusCode::CREATED, Json(fault)).into_response())
}

/// `GET /__admin/faults/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    id: PathParams,
) -> Result<Json<Fault>, Problem> {
    let id = id.nth(0);
    Ok(Json(harness(&state).fault(&id)?))
}

/// `DELETE /__admin/faults/{id}`.
pub(crate) async fn remove(
    State(state): State<AppState>,
    id: PathParams,
) -> Result<Json<Fault>, Problem> {
    let id = id.nth(0);
    Ok(Json(harness(&state).remove_fault(&id)?))
}

/// `DELETE /__admin/faults`.
pub(crate) async fn clear(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "cleared": harness(&state).clear_faults() }))
}

#[cfg(test)]
mod tests {
    use crate::harness::{FaultRule, Faults};
    use axum::http::{HeaderValue, Method};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn rules_take_the_methods_and_content_types_http_takes(text in "[ -~\t\n\u{7f}àé]{0,10}") {
            let faults = Faults::default();
            let method = faults.add(FaultRule::status("/x", 503).with_method(text.clone()));
            prop_assert_eq!(
                method.is_ok(),
                Method::from_bytes(text.trim().as_bytes()).is_ok(),
                "method {:?}", text
            );
            let content_type =
                faults.add(FaultRule::status("/x", 503).with_content_type(text.clone()));
            prop_assert_eq!(
                content_type.is_ok(),
                !text.trim().is_empty() && HeaderValue::from_str(&text).is_ok(),
                "content type {:?}", text
            );
        }
    }
}

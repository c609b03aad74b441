//! API keys: `keys` (list, create), `keys/{id}/deactivate`, `keys/{id}/label`.

use super::auth::Authorized;
use super::body;
use super::error::PortalResult;
use crate::account::{Error, check_label};
use crate::http::path_params::PathParams;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::fiscal::PartitaIva;
use dckit_contracts::model::portal::{ApiKey, CreateKeyRequest, CreatedKey, LabelRequest};

/// `GET /portal/v1/keys`.
pub(super) async fn list(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<ApiKey>>> {
    Ok(Json(state.account.keys().await?))
}

/// What `POST /portal/v1/keys` shows as an example body.
pub(crate) const CREATE_EXAMPLE: &str = r#"{"partitaIva": "01234560017", "label": "Cassa 2"}"#;

/// What `POST /portal/v1/keys/{id}/label` shows as an example body.
pub(crate) const LABEL_EXAMPLE: &str = r#"{"label": "Cassa 2"}"#;

/// The partita IVA and the label a create body asks for, checked.
pub(crate) fn create_request(
    map: serde_json::Map<String, serde_json::Value>,
) -> PortalResult<(PartitaIva, String)> {
    let request: CreateKeyRequest = body::typed(map)?;
    let partita_iva = PartitaIva::parse(&request.partita_iva).map_err(|e| {
        Error::new(
            ErrorCode::PortalPartitaIvaInvalid,
            &[("value", &request.partita_iva), ("reason", &e.to_string())],
        )
    })?;
    let label = label_value(&request.label)?;
    Ok((partita_iva, label))
}

/// The label a label body asks for, checked.
pub(crate) fn label_request(
    map: serde_json::Map<String, serde_json::Value>,
) -> PortalResult<String> {
    let request: LabelRequest = body::typed(map)?;
    label_value(&request.label)
}

fn label_value(label: &str) -> PortalResult<String> {
    check_label(label)
        .map_err(|reason| Error::new(ErrorCode::PortalLabelInvalid, &[("reason", &reason)]))
}

/// `POST /portal/v1/keys {partitaIva, label}`: `201` with the clear key.
pub(super) async fn create(
    _: Authorized,
    State(state): State<AppState>,
    body: Body,
) -> PortalResult<(StatusCode, Json<CreatedKey>)> {
    let (partita_iva, label) = create_request(body::object(body, CREATE_EXAMPLE).await?)?;
    let created = state.account.create_key(partita_iva, label).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `POST /portal/v1/keys/{id}/deactivate`.
pub(super) async fn deactivate(
    _: Authorized,
    State(state): State<AppState>,
    id: PathParams,
) -> PortalResult<Json<ApiKey>> {
    Ok(Json(state.account.deactivate_key(&id.nth(0)).await?))
}

/// `POST /portal/v1/keys/{id}/label {label}`: an unknown key is refused before the body is
/// read.
pub(super) async fn label(
    _: Authorized,
    State(state): State<AppState>,
    id: PathParams,
    body: Body,
) -> PortalResult<Json<ApiKey>> {
    let id = id.nth(0);
    state.account.require_key(&id).await?;
    let label = label_request(body::object(body, LABEL_EXAMPLE).await?)?;
    Ok(Json(state.account.relabel_key(&id, label).await?))
}

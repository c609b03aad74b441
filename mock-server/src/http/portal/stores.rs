//! Stores and devices: `stores`, `devices`, `devices/{id}/store`.

use super::auth::Authorized;
use super::body;
use super::error::PortalResult;
use crate::account::{Error, ids};
use crate::http::path_params::PathParams;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::{Device, MoveDeviceRequest, Store};

/// `GET /portal/v1/stores`.
pub(super) async fn stores(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<Store>>> {
    Ok(Json(state.account.stores().await?))
}

/// `GET /portal/v1/devices`.
pub(super) async fn devices(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<Device>>> {
    Ok(Json(state.account.devices().await?))
}

/// What `POST /portal/v1/devices/{id}/store` shows as an example body.
pub(crate) const MOVE_EXAMPLE: &str = r#"{"storeId": "store-2"}"#;

/// The store a move body names, as sent, or `PortalStoreNotFound` when the id cannot name a
/// store.
pub(crate) fn move_request(
    map: serde_json::Map<String, serde_json::Value>,
) -> PortalResult<String> {
    let request: MoveDeviceRequest = body::typed(map)?;
    match ids::parse(ids::STORE, &request.store_id) {
        Some(_) => Ok(request.store_id),
        None => Err(Error::new(
            ErrorCode::PortalStoreNotFound,
            &[("id", &request.store_id)],
        )),
    }
}

/// `POST /portal/v1/devices/{id}/store {storeId}`: an unknown device is refused before the
/// body is read.
pub(super) async fn move_device(
    _: Authorized,
    State(state): State<AppState>,
    id: PathParams,
    body: Body,
) -> PortalResult<Json<Device>> {
    let id = id.nth(0);
    state.account.require_device(&id).await?;
    let store = move_request(body::object(body, MOVE_EXAMPLE).await?)?;
    Ok(Json(state.account.move_device(&id, &store).await?))
}

//! Stores (*negozi*) and devices:
//!
//! * `GET /portal/v1/stores` — every store, in id order (`address` is `null` when empty);
//! * `GET /portal/v1/devices` — every device, in id order: cash registers, and one device per
//!   API key (`kind: "api-key"`, `keyId` set), created with the key;
//! * `POST /portal/v1/devices/{id}/store {storeId}` — moves a device to a store. Documents
//!   issued from then on count for the new store; those issued before stay with the store
//!   they were issued in (statistics by store follow where a sale happened).

use super::account::account_id;
use super::auth::Authorized;
use super::body;
use super::error::{PortalError, PortalResult};
use super::ids;
use crate::db::DbError;
use crate::http::path_params::PathParams;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::{Device, DeviceKind, MoveDeviceRequest, Store};
use rusqlite::{Connection, OptionalExtension, params};

/// `GET /portal/v1/stores`.
pub(super) async fn stores(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<Store>>> {
    let list = state
        .db
        .read(|conn| {
            let account = account_id(conn)?;
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, address FROM dc_stores WHERE account_id = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([account], |r| {
                let address: String = r.get(2)?;
                Ok(Store {
                    id: ids::wire(ids::STORE, r.get(0)?),
                    name: r.get(1)?,
                    address: (!address.is_empty()).then_some(address),
                })
            })?;
            Ok::<_, DbError>(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(list))
}

const DEVICE_COLUMNS: &str = "id, name, kind, store_id, key_id";

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String, i64, Option<i64>)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn device(
    (id, name, kind, store, key): (i64, String, String, i64, Option<i64>),
) -> Result<Device, DbError> {
    Ok(Device {
        id: ids::wire(ids::DEVICE, id),
        name,
        kind: DeviceKind::parse(&kind)
            .ok_or_else(|| DbError::Corrupt(format!("device kind {kind:?}")))?,
        store_id: ids::wire(ids::STORE, store),
        key_id: key.map(|k| ids::wire(ids::KEY, k)),
    })
}

/// `GET /portal/v1/devices`.
pub(super) async fn devices(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<Device>>> {
    let list = state
        .db
        .read(|conn| {
            let account = account_id(conn)?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {DEVICE_COLUMNS} FROM dc_devices WHERE account_id = ?1 ORDER BY id"
            ))?;
            let rows = stmt.query_map([account], device_row)?;
            let mut out = Vec::new();
            for row in rows {
                out.push(device(row?)?);
            }
            Ok::<_, DbError>(out)
        })
        .await?;
    Ok(Json(list))
}

/// Whether the account has the device `id`.
pub(super) fn device_exists(conn: &Connection, id: i64) -> Result<bool, DbError> {
    let account = account_id(conn)?;
    Ok(conn
        .prepare_cached("SELECT 1 FROM dc_devices WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![id, account], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the account has the store `id`.
pub(super) fn store_exists(conn: &Connection, id: i64) -> Result<bool, DbError> {
    let account = account_id(conn)?;
    Ok(conn
        .prepare_cached("SELECT 1 FROM dc_stores WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![id, account], |_| Ok(()))
        .optional()?
        .is_some())
}

/// What `POST /portal/v1/devices/{id}/store` shows as an example body.
pub(crate) const MOVE_EXAMPLE: &str = r#"{"storeId": "store-2"}"#;

/// The store a move body names: its id as sent and its row id, or `PortalStoreNotFound` when
/// the id cannot name a store.
pub(crate) fn move_request(
    map: serde_json::Map<String, serde_json::Value>,
) -> PortalResult<(String, i64)> {
    let request: MoveDeviceRequest = body::typed(map)?;
    match ids::parse(ids::STORE, &request.store_id) {
        Some(id) => Ok((request.store_id, id)),
        None => Err(PortalError::new(
            ErrorCode::PortalStoreNotFound,
            &[("id", &request.store_id)],
        )),
    }
}

/// `POST /portal/v1/devices/{id}/store {storeId}`.
pub(super) async fn move_device(
    _: Authorized,
    State(state): State<AppState>,
    id: PathParams,
    body: Body,
) -> PortalResult<Json<Device>> {
    let id = id.nth(0);
    let device_not_found = || PortalError::new(ErrorCode::PortalDeviceNotFound, &[("id", &id)]);
    let device_id = ids::parse(ids::DEVICE, &id).ok_or_else(device_not_found)?;
    if !state
        .db
        .read(move |conn| device_exists(conn, device_id))
        .await?
    {
        return Err(device_not_found());
    }
    let (named, store_id) = move_request(body::object(body, MOVE_EXAMPLE).await?)?;
    let store_not_found = || PortalError::new(ErrorCode::PortalStoreNotFound, &[("id", &named)]);
    let moved = state
        .db
        .write(move |conn| {
            if !store_exists(conn, store_id)? {
                return Ok(None);
            }
            conn.prepare_cached("UPDATE dc_devices SET store_id = ?2 WHERE id = ?1")?
                .execute(params![device_id, store_id])?;
            let row = conn
                .prepare_cached(&format!(
                    "SELECT {DEVICE_COLUMNS} FROM dc_devices WHERE id = ?1"
                ))?
                .query_row([device_id], device_row)?;
            Ok::<_, DbError>(Some(device(row)?))
        })
        .await?
        .ok_or_else(store_not_found)?;
    Ok(Json(moved))
}

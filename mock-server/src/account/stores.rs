//! Stores (*negozi*) and devices:
//!
//! * `GET /portal/v1/stores` — every store, in id order (`address` is `null` when empty);
//! * `GET /portal/v1/devices` — every device, in id order: cash registers, and one device per
//!   API key (`kind: "api-key"`, `keyId` set), created with the key;
//! * `POST /portal/v1/devices/{id}/store {storeId}` — moves a device to a store. Documents
//!   issued from then on count for the new store; those issued before stay with the store
//!   they were issued in (statistics by store follow where a sale happened).

use super::licences::account_id;
use super::{Account, Error, ids};
use crate::db::DbError;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::{Device, DeviceKind, Store};
use rusqlite::{Connection, OptionalExtension, params};

impl Account {
    /// Every store, in id order.
    pub(crate) async fn stores(&self) -> super::Result<Vec<Store>> {
        let list = self
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
        Ok(list)
    }

    /// Every device, in id order.
    pub(crate) async fn devices(&self) -> super::Result<Vec<Device>> {
        let list = self
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
        Ok(list)
    }

    /// The row id of the account's device `id` (its wire form), or `PortalDeviceNotFound`.
    pub(crate) async fn require_device(&self, id: &str) -> super::Result<i64> {
        let not_found = || Error::new(ErrorCode::PortalDeviceNotFound, &[("id", id)]);
        let row_id = ids::parse(ids::DEVICE, id).ok_or_else(not_found)?;
        if self
            .db
            .read(move |conn| device_exists(conn, row_id))
            .await?
        {
            Ok(row_id)
        } else {
            Err(not_found())
        }
    }

    /// Moves the device `id` to the store `store` (both wire ids): documents issued from now
    /// on count for the new store. `PortalDeviceNotFound`, `PortalStoreNotFound`.
    pub(crate) async fn move_device(&self, id: &str, store: &str) -> super::Result<Device> {
        let device_id = self.require_device(id).await?;
        let store_not_found = || Error::new(ErrorCode::PortalStoreNotFound, &[("id", store)]);
        let store_id = ids::parse(ids::STORE, store).ok_or_else(store_not_found)?;
        let moved = self
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
        Ok(moved)
    }
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

/// Whether the account has the device `id`.
pub(crate) fn device_exists(conn: &Connection, id: i64) -> Result<bool, DbError> {
    let account = account_id(conn)?;
    Ok(conn
        .prepare_cached("SELECT 1 FROM dc_devices WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![id, account], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the account has the store `id`.
pub(crate) fn store_exists(conn: &Connection, id: i64) -> Result<bool, DbError> {
    let account = account_id(conn)?;
    Ok(conn
        .prepare_cached("SELECT 1 FROM dc_stores WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![id, account], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The account's first store, made (`Sede`, no address) when it has none.
pub(crate) fn first_store(conn: &Connection, account: i64) -> Result<i64, DbError> {
    let store: Option<i64> = conn
        .prepare_cached("SELECT MIN(id) FROM dc_stores WHERE account_id = ?1")?
        .query_row([account], |r| r.get(0))?;
    if let Some(id) = store {
        return Ok(id);
    }
    conn.prepare_cached(
        "INSERT INTO dc_stores (account_id, name, address) VALUES (?1, 'Sede', '')",
    )?
    .execute([account])?;
    Ok(conn.last_insert_rowid())
}

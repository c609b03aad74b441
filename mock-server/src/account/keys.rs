//! API keys:
//!
//! * `GET /portal/v1/keys` — every key, oldest first, masked (`dk_live_ab12…wxyz`: never the
//!   key, never its hash);
//! * `POST /portal/v1/keys {partitaIva, label}` — `201` with the clear `key`, shown this once:
//!   only its SHA-256 is stored. Refused when every slot is taken (`used` active keys of
//!   `allowed`, see [`super::licences::slots`]); the new key gets its device (named after the
//!   label) in the account's first store and works on `/api/dco` at once;
//! * `POST /portal/v1/keys/{id}/deactivate` — for good: the slot is free again and the key is
//!   refused by `/api/dco` at once;
//! * `POST /portal/v1/keys/{id}/label {label}` — renames a key (its device keeps its name).
//!
//! A label has at most [`MAX_LABEL`] characters and no control characters; surrounding spaces
//! are dropped.

use super::licences::{account_id, current_licence, slots};
use super::{Account, Error, ids, stores, time};
use crate::db::DbError;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::fiscal::PartitaIva;
use dckit_contracts::model::portal::{ApiKey, CreatedKey, Instance, KeyState, mask_key};
use rusqlite::{Connection, OptionalExtension, params};

/// The longest label, in characters.
pub(crate) const MAX_LABEL: usize = 64;

/// The prefix of every key made here, as the seeded ones.
const KEY_PREFIX: &str = "dk_live_";

/// The label to store, or why it cannot be one.
pub(crate) fn check_label(label: &str) -> Result<String, String> {
    let label = label.trim();
    let count = label.chars().count();
    if count > MAX_LABEL {
        return Err(format!(
            "it is longer than {MAX_LABEL} characters (it has {count})"
        ));
    }
    if let Some((i, c)) = label.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(format!(
            "it contains the control character U+{:04X} at position {}; use printable characters only",
            u32::from(c),
            i + 1
        ));
    }
    Ok(label.to_owned())
}

const KEY_COLUMNS: &str = "id, label, partita_iva, key_hint, created_at, deactivated_at";

fn key_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KeyRow> {
    Ok(KeyRow {
        id: r.get(0)?,
        label: r.get(1)?,
        partita_iva: r.get(2)?,
        hint: r.get(3)?,
        created_at: r.get(4)?,
        deactivated_at: r.get(5)?,
    })
}

struct KeyRow {
    id: i64,
    label: String,
    partita_iva: String,
    hint: String,
    created_at: String,
    deactivated_at: Option<String>,
}

impl KeyRow {
    fn wire(self) -> Result<ApiKey, DbError> {
        Ok(ApiKey {
            id: ids::wire(ids::KEY, self.id),
            label: self.label,
            partita_iva: self.partita_iva,
            masked_key: self.hint,
            state: if self.deactivated_at.is_some() {
                KeyState::Deactivated
            } else {
                KeyState::Active
            },
            created_at: time::parse(&self.created_at)?,
            deactivated_at: self
                .deactivated_at
                .as_deref()
                .map(time::parse)
                .transpose()?,
        })
    }
}

/// The key `id` of the account, if it exists.
fn find(conn: &Connection, id: i64) -> Result<Option<KeyRow>, DbError> {
    let account = account_id(conn)?;
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM dc_keys WHERE id = ?1 AND account_id = ?2"
        ))?
        .query_row(params![id, account], key_row)
        .optional()?)
}

/// A key to store with [`insert`].
pub(crate) struct NewKey<'a> {
    /// Its row id (`None`: the next one).
    pub(crate) id: Option<i64>,
    /// The account it belongs to.
    pub(crate) account: i64,
    /// The licence it is bound to for its whole life.
    pub(crate) licence: i64,
    /// The key in clear: only its SHA-256 and its masked form are stored.
    pub(crate) key: &'a str,
    /// The partita IVA its documents are issued for.
    pub(crate) partita_iva: &'a str,
    /// Its label, already checked ([`check_label`]).
    pub(crate) label: &'a str,
    /// When it was created, as stored.
    pub(crate) created_at: &'a str,
    /// When it was deactivated, as stored (`None`: it is active).
    pub(crate) deactivated_at: Option<&'a str>,
    /// The first closure number of its document numbers, minus one.
    pub(crate) closure_base: i64,
    /// Its device (API keys count as devices).
    pub(crate) device: NewDevice<'a>,
}

/// The device made with a key.
pub(crate) struct NewDevice<'a> {
    /// Its row id (`None`: the next one).
    pub(crate) id: Option<i64>,
    /// Its store (`None`: the account's first, made if there is none).
    pub(crate) store: Option<i64>,
    /// Its name (`None`: `API` and the masked key).
    pub(crate) name: Option<&'a str>,
}

/// The rows [`insert`] made.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Inserted {
    /// The key's row id.
    pub(crate) key: i64,
    /// Its device's row id.
    pub(crate) device: i64,
}

/// Stores a key with what every key has from its first day: its device (`kind` `api-key`,
/// model `API`, serial `API-` and the key's id on six digits) and one counter per instance
/// (`dco` and `fe`) at zero. The one place `dc_keys` rows are made: the routes and the seeds
/// all call it (the caller reloads the key directory).
pub(crate) fn insert(conn: &Connection, new: &NewKey<'_>) -> Result<Inserted, DbError> {
    let hint = mask_key(new.key);
    conn.prepare_cached(
        "INSERT INTO dc_keys (id, account_id, licence_id, key_hash, key_hint, partita_iva,
             label, created_at, deactivated_at, closure_base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        new.id,
        new.account,
        new.licence,
        crate::secrets::hash_hex(new.key),
        hint,
        new.partita_iva,
        new.label,
        new.created_at,
        new.deactivated_at,
        new.closure_base
    ])?;
    let id = conn.last_insert_rowid();
    let store = match new.device.store {
        Some(store) => store,
        None => stores::first_store(conn, new.account)?,
    };
    let name = new
        .device
        .name
        .map_or_else(|| format!("API {hint}"), str::to_owned);
    conn.prepare_cached(
        "INSERT INTO dc_devices (id, account_id, store_id, kind, key_id, name, model, serial)
         VALUES (?1, ?2, ?3, 'api-key', ?4, ?5, 'API', ?6)",
    )?
    .execute(params![
        new.device.id,
        new.account,
        store,
        id,
        name,
        format!("API-{id:06}")
    ])?;
    let device = conn.last_insert_rowid();
    for instance in Instance::ALL {
        conn.prepare_cached(
            "INSERT INTO dc_counters (key_id, instance, total) VALUES (?1, ?2, 0)",
        )?
        .execute(params![id, instance.as_str()])?;
    }
    Ok(Inserted { key: id, device })
}

impl Account {
    /// Every key, oldest first, masked.
    pub(crate) async fn keys(&self) -> super::Result<Vec<ApiKey>> {
        let keys = self
            .db
            .read(|conn| {
                let account = account_id(conn)?;
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {KEY_COLUMNS} FROM dc_keys WHERE account_id = ?1 ORDER BY id"
                ))?;
                let rows = stmt.query_map([account], key_row)?;
                let mut out = Vec::new();
                for row in rows {
                    out.push(row?.wire()?);
                }
                Ok::<_, DbError>(out)
            })
            .await?;
        Ok(keys)
    }

    /// A new key for `partita_iva` labelled `label` (checked), with its device (named after
    /// the label) in the account's first store; `/api/dco` takes it at once. The clear key is
    /// in the answer only. `PortalKeyLimitReached` when every slot is taken.
    pub(crate) async fn create_key(
        &self,
        partita_iva: PartitaIva,
        label: String,
    ) -> super::Result<CreatedKey> {
        let key = crate::secrets::generate(KEY_PREFIX, 32);
        let now = time::stored_now(&self.clock);
        let today = self.clock.today();
        let clear = key.clone();
        let created = self
            .db
            .write(move |conn| {
                let account = account_id(conn)?;
                let (licence_id, licence) = current_licence(conn, account, today)?;
                let slots = slots(conn, account, &licence)?;
                if slots.free() == 0 {
                    return Err(Error::new(
                        ErrorCode::PortalKeyLimitReached,
                        &[
                            ("used", &slots.used.to_string()),
                            ("allowed", &slots.allowed.to_string()),
                        ],
                    ));
                }
                let id = insert(
                    conn,
                    &NewKey {
                        id: None,
                        account,
                        licence: licence_id,
                        key: &clear,
                        partita_iva: partita_iva.as_str(),
                        label: &label,
                        created_at: &now,
                        deactivated_at: None,
                        closure_base: 0,
                        device: NewDevice {
                            id: None,
                            store: None,
                            name: (!label.is_empty()).then_some(label.as_str()),
                        },
                    },
                )?
                .key;
                let row = find(conn, id)?
                    .ok_or_else(|| DbError::Corrupt(format!("key {id} vanished")))?;
                Ok(row.wire()?)
            })
            .await?;
        self.keys_changed().await?;
        Ok(CreatedKey {
            api_key: created,
            key,
        })
    }

    /// The row id of the account's key `id` (its wire form), or `PortalKeyNotFound`.
    pub(crate) async fn require_key(&self, id: &str) -> super::Result<i64> {
        let not_found = || Error::new(ErrorCode::PortalKeyNotFound, &[("id", id)]);
        let row_id = ids::parse(ids::KEY, id).ok_or_else(not_found)?;
        match self.db.read(move |conn| find(conn, row_id)).await? {
            Some(_) => Ok(row_id),
            None => Err(not_found()),
        }
    }

    /// Deactivates the key `id` for good: its slot is free again and `/api/dco` refuses it at
    /// once. `PortalKeyNotFound`, or `PortalKeyAlreadyDeactivated`.
    pub(crate) async fn deactivate_key(&self, id: &str) -> super::Result<ApiKey> {
        let id = id.to_owned();
        let Some(row_id) = ids::parse(ids::KEY, &id) else {
            return Err(Error::new(ErrorCode::PortalKeyNotFound, &[("id", &id)]));
        };
        let now = time::stored_now(&self.clock);
        let key = self
            .db
            .write(move |conn| {
                let Some(row) = find(conn, row_id)? else {
                    return Err(Error::new(ErrorCode::PortalKeyNotFound, &[("id", &id)]));
                };
                if row.deactivated_at.is_some() {
                    return Err(Error::new(
                        ErrorCode::PortalKeyAlreadyDeactivated,
                        &[("id", &id)],
                    ));
                }
                conn.prepare_cached("UPDATE dc_keys SET deactivated_at = ?2 WHERE id = ?1")?
                    .execute(params![row_id, now])?;
                let row = find(conn, row_id)?
                    .ok_or_else(|| DbError::Corrupt(format!("key {row_id} vanished")))?;
                Ok(row.wire()?)
            })
            .await?;
        self.keys_changed().await?;
        Ok(key)
    }

    /// Renames the key `id` to `label` (checked; its device keeps its name).
    /// `PortalKeyNotFound`.
    pub(crate) async fn relabel_key(&self, id: &str, label: String) -> super::Result<ApiKey> {
        let row_id = self.require_key(id).await?;
        let key = self
            .db
            .write(move |conn| {
                conn.prepare_cached("UPDATE dc_keys SET label = ?2 WHERE id = ?1")?
                    .execute(params![row_id, label])?;
                let row = find(conn, row_id)?
                    .ok_or_else(|| DbError::Corrupt(format!("key {row_id} vanished")))?;
                row.wire()
            })
            .await?;
        self.keys_changed().await?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let long = "x".repeat(MAX_LABEL);
        let cases: [(&str, Result<&str, &str>); 6] = [
            ("Cassa 2", Ok("Cassa 2")),
            ("  Cassa 2 ", Ok("Cassa 2")),
            ("", Ok("")),
            (&long, Ok(&long)),
            (
                "Cassa\n2",
                Err(
                    "it contains the control character U+000A at position 6; use printable characters only",
                ),
            ),
            ("Caffè ☕", Ok("Caffè ☕")),
        ];
        for (label, expected) in cases {
            assert_eq!(
                check_label(label),
                expected.map(str::to_owned).map_err(str::to_owned),
                "{label:?}"
            );
        }
        assert_eq!(
            check_label(&"è".repeat(MAX_LABEL + 1)),
            Err(format!(
                "it is longer than {MAX_LABEL} characters (it has {})",
                MAX_LABEL + 1
            ))
        );
    }
}

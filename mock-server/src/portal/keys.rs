//! API keys:
//!
//! * `GET /portal/v1/keys` — every key, oldest first, masked (`dk_live_ab12…wxyz`: never the
//!   key, never its hash);
//! * `POST /portal/v1/keys {partitaIva, label}` — `201` with the clear `key`, shown this once:
//!   only its SHA-256 is stored. Refused when every slot is taken (`used` active keys of
//!   `allowed`, see [`super::account::slots`]); the new key gets its device (named after the
//!   label) in the account's first store and works on `/api/dco` at once;
//! * `POST /portal/v1/keys/{id}/deactivate` — for good: the slot is free again and the key is
//!   refused by `/api/dco` at once;
//! * `POST /portal/v1/keys/{id}/label {label}` — renames a key (its device keeps its name).
//!
//! A label has at most [`MAX_LABEL`] characters and no control characters; surrounding spaces
//! are dropped.

use super::account::{account_id, current_licence, slots};
use super::auth::Authorized;
use super::body;
use super::error::{PortalError, PortalResult};
use super::ids;
use super::time;
use crate::datacash::records;
use crate::db::DbError;
use crate::http::path_params::PathParams;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::fiscal::PartitaIva;
use dckit_contracts::model::portal::{
    ApiKey, CreateKeyRequest, CreatedKey, KeyState, LabelRequest, mask_key,
};
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

/// `GET /portal/v1/keys`.
pub(super) async fn list(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<ApiKey>>> {
    let keys = state
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
    Ok(Json(keys))
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
        PortalError::new(
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
        .map_err(|reason| PortalError::new(ErrorCode::PortalLabelInvalid, &[("reason", &reason)]))
}

/// `POST /portal/v1/keys {partitaIva, label}`.
pub(super) async fn create(
    _: Authorized,
    State(state): State<AppState>,
    body: Body,
) -> PortalResult<(StatusCode, Json<CreatedKey>)> {
    let (partita_iva, label) = create_request(body::object(body, CREATE_EXAMPLE).await?)?;
    let key = crate::secrets::generate(KEY_PREFIX, 32);
    let (hash, hint) = (crate::secrets::hash_hex(&key), mask_key(&key));
    let now = time::stored_now(&state.clock);
    let today = state.clock.today();
    let created = state
        .db
        .write(move |conn| {
            let account = account_id(conn)?;
            let (licence_id, licence) = current_licence(conn, account, today)?;
            let slots = slots(conn, account, &licence)?;
            if slots.free() == 0 {
                return Err(PortalError::new(
                    ErrorCode::PortalKeyLimitReached,
                    &[
                        ("used", &slots.used.to_string()),
                        ("allowed", &slots.allowed.to_string()),
                    ],
                ));
            }
            conn.prepare_cached(
                "INSERT INTO dc_keys (account_id, licence_id, key_hash, key_hint, partita_iva,
                     label, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                account,
                licence_id,
                hash,
                hint,
                partita_iva.as_str(),
                label,
                now
            ])?;
            let id = conn.last_insert_rowid();
            // API keys count as devices: the key's device, named after its label.
            let (device, _) = records::device_of_key(conn, id)?;
            if !label.is_empty() {
                conn.prepare_cached("UPDATE dc_devices SET name = ?2 WHERE id = ?1")?
                    .execute(params![device, label])?;
            }
            for instance in ["dco", "fe"] {
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO dc_counters (key_id, instance, total) VALUES (?1, ?2, 0)",
                )?
                .execute(params![id, instance])?;
            }
            let row = find(conn, id)?
                .ok_or_else(|| DbError::Corrupt(format!("key {id} vanished")))?;
            Ok(row.wire()?)
        })
        .await?;
    state.datacash.reload_keys(&state.db).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedKey {
            api_key: created,
            key,
        }),
    ))
}

/// `POST /portal/v1/keys/{id}/deactivate`.
pub(super) async fn deactivate(
    _: Authorized,
    State(state): State<AppState>,
    id: PathParams,
) -> PortalResult<Json<ApiKey>> {
    let id = id.nth(0);
    let Some(row_id) = ids::parse(ids::KEY, &id) else {
        return Err(PortalError::new(
            ErrorCode::PortalKeyNotFound,
            &[("id", &id)],
        ));
    };
    let now = time::stored_now(&state.clock);
    let key = state
        .db
        .write(move |conn| {
            let Some(row) = find(conn, row_id)? else {
                return Err(PortalError::new(
                    ErrorCode::PortalKeyNotFound,
                    &[("id", &id)],
                ));
            };
            if row.deactivated_at.is_some() {
                return Err(PortalError::new(
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
    state.datacash.reload_keys(&state.db).await?;
    Ok(Json(key))
}

/// `POST /portal/v1/keys/{id}/label {label}`.
pub(super) async fn label(
    _: Authorized,
    State(state): State<AppState>,
    id: PathParams,
    body: Body,
) -> PortalResult<Json<ApiKey>> {
    let id = id.nth(0);
    let not_found = || PortalError::new(ErrorCode::PortalKeyNotFound, &[("id", &id)]);
    let row_id = ids::parse(ids::KEY, &id).ok_or_else(not_found)?;
    if state
        .db
        .read(move |conn| find(conn, row_id))
        .await?
        .is_none()
    {
        return Err(not_found());
    }
    let label = label_request(body::object(body, LABEL_EXAMPLE).await?)?;
    let key = state
        .db
        .write(move |conn| {
            conn.prepare_cached("UPDATE dc_keys SET label = ?2 WHERE id = ?1")?
                .execute(params![row_id, label])?;
            let row = find(conn, row_id)?
                .ok_or_else(|| DbError::Corrupt(format!("key {row_id} vanished")))?;
            row.wire()
        })
        .await?;
    Ok(Json(key))
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

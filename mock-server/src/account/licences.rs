//! The account, its contract and its licences:
//!
//! * `GET /portal/v1/account` — who the account is, the contract, the current licence and the
//!   key slots (`used` active keys of `allowed` = the licence's keys plus paid add-ons);
//! * `POST /portal/v1/contract/sign` — signs the contract; signing again changes nothing and
//!   keeps the first `signedAt`;
//! * `GET /portal/v1/licences` — every licence, newest first;
//! * `POST /portal/v1/licences/{id}/renew {months}` — 1 to 36 months added to the later of
//!   today and the current expiry (an expired licence restarts from today); its keys work
//!   again at once (deactivated keys stay deactivated).
//!
//! The *current* licence is the one that expires last: new keys are bound to it, and its
//! `keysIncluded` is the base of the key allowance.

use super::{Account, Error, ids, time};
use crate::db::DbError;
use chrono::{Months, NaiveDate};
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::{
    Account as AccountView, Contract, KeySlots, Licence, LicenceState,
};
use rusqlite::{Connection, OptionalExtension, params};

/// The months a licence can be renewed for at once.
pub(crate) const RENEW_MONTHS: std::ops::RangeInclusive<i64> = 1..=36;

/// The account of the mock (the first one: seeding makes exactly one).
pub(crate) fn account_id(conn: &Connection) -> Result<i64, DbError> {
    conn.prepare_cached("SELECT MIN(id) FROM dc_accounts")?
        .query_row([], |r| r.get::<_, Option<i64>>(0))?
        .ok_or_else(|| DbError::Corrupt("there is no DataCash account".into()))
}

/// When the contract was signed, as stored.
fn signed_at(conn: &Connection, account: i64) -> Result<Option<String>, DbError> {
    Ok(conn
        .prepare_cached("SELECT contract_signed_at FROM dc_accounts WHERE id = ?1")?
        .query_row([account], |r| r.get(0))?)
}

fn contract(signed_at: Option<String>) -> Result<Contract, DbError> {
    Ok(Contract {
        signed: signed_at.is_some(),
        signed_at: signed_at.as_deref().map(time::parse).transpose()?,
    })
}

/// Whether the account's contract is signed.
pub(crate) fn is_signed(conn: &Connection, account: i64) -> Result<bool, DbError> {
    Ok(signed_at(conn, account)?.is_some())
}

const LICENCE_COLUMNS: &str = "id, tier, starts_on, expires_on, keys_allowed";

fn licence_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String, String, i64)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn day(text: &str) -> Result<NaiveDate, DbError> {
    text.parse()
        .map_err(|e| DbError::Corrupt(format!("stored day {text:?}: {e}")))
}

fn licence(
    (id, tier, starts, expires, keys): (i64, String, String, String, i64),
    today: NaiveDate,
) -> Result<Licence, DbError> {
    let expires_at = day(&expires)?;
    Ok(Licence {
        id: ids::wire(ids::LICENCE, id),
        tier,
        state: if expires_at >= today {
            LicenceState::Active
        } else {
            LicenceState::Expired
        },
        starts_at: day(&starts)?,
        expires_at,
        keys_included: u32::try_from(keys).unwrap_or(0),
    })
}

/// The account's current licence (the one that expires last) and its row id.
pub(crate) fn current_licence(
    conn: &Connection,
    account: i64,
    today: NaiveDate,
) -> Result<(i64, Licence), DbError> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {LICENCE_COLUMNS} FROM dc_licences WHERE account_id = ?1
             ORDER BY expires_on DESC, id DESC LIMIT 1"
        ))?
        .query_row([account], licence_row)
        .optional()?
        .ok_or_else(|| DbError::Corrupt("the account has no licence".into()))?;
    Ok((row.0, licence(row, today)?))
}

/// Key slots: active keys, and the current licence's keys plus every paid add-on's.
pub(crate) fn slots(
    conn: &Connection,
    account: i64,
    licence: &Licence,
) -> Result<KeySlots, DbError> {
    let (used, added): (i64, i64) = conn
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM dc_keys WHERE account_id = ?1 AND deactivated_at IS NULL),
                    (SELECT COALESCE(SUM(keys_each * quantity), 0) FROM dc_addons
                     WHERE account_id = ?1 AND paid_at IS NOT NULL)",
        )?
        .query_row([account], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(KeySlots {
        used: u32::try_from(used).unwrap_or(u32::MAX),
        allowed: licence
            .keys_included
            .saturating_add(u32::try_from(added).unwrap_or(u32::MAX)),
    })
}

/// The expiry after renewing a licence that expires on `expires` by `months`, on `today`:
/// the months are added to the later of the two days (`None` past the calendar's end).
pub(crate) fn renewed_expiry(
    expires: NaiveDate,
    today: NaiveDate,
    months: u32,
) -> Option<NaiveDate> {
    expires.max(today).checked_add_months(Months::new(months))
}

impl Account {
    /// Who the account is, its contract, its current licence and its key slots.
    pub(crate) async fn show(&self) -> super::Result<AccountView> {
        let today = self.clock.today();
        let account = self
            .db
            .read(move |conn| {
                let id = account_id(conn)?;
                let (name, partita_iva, signed): (String, String, Option<String>) = conn
                    .prepare_cached(
                        "SELECT name, partita_iva, contract_signed_at FROM dc_accounts WHERE id = ?1",
                    )?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                let (_, licence) = current_licence(conn, id, today)?;
                let keys = slots(conn, id, &licence)?;
                Ok::<_, DbError>(AccountView {
                    id: ids::wire(ids::ACCOUNT, id),
                    name,
                    partita_iva,
                    contract: contract(signed)?,
                    licence,
                    keys,
                })
            })
            .await?;
        Ok(account)
    }

    /// Signs the contract: idempotent, the first signature's time stays.
    pub(crate) async fn sign(&self) -> super::Result<Contract> {
        let now = time::stored_now(&self.clock);
        let signed = self
            .db
            .write(move |conn| {
                let id = account_id(conn)?;
                conn.prepare_cached(
                    "UPDATE dc_accounts SET contract_signed_at = COALESCE(contract_signed_at, ?2)
                     WHERE id = ?1",
                )?
                .execute(params![id, now])?;
                contract(signed_at(conn, id)?)
            })
            .await?;
        Ok(signed)
    }

    /// Every licence, newest (latest expiry) first.
    pub(crate) async fn licences(&self) -> super::Result<Vec<Licence>> {
        let today = self.clock.today();
        let list = self
            .db
            .read(move |conn| {
                let id = account_id(conn)?;
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {LICENCE_COLUMNS} FROM dc_licences WHERE account_id = ?1
                     ORDER BY expires_on DESC, id DESC"
                ))?;
                let rows = stmt.query_map([id], licence_row)?;
                let mut out = Vec::new();
                for row in rows {
                    out.push(licence(row?, today)?);
                }
                Ok::<_, DbError>(out)
            })
            .await?;
        Ok(list)
    }

    /// The row id of the account's licence `id` (its wire form), or
    /// `PortalLicenceNotFound`.
    pub(crate) async fn require_licence(&self, id: &str) -> super::Result<i64> {
        let not_found = || Error::new(ErrorCode::PortalLicenceNotFound, &[("id", id)]);
        let row_id = ids::parse(ids::LICENCE, id).ok_or_else(not_found)?;
        let exists = self
            .db
            .read(move |conn| {
                let account = account_id(conn)?;
                Ok::<_, DbError>(
                    conn.prepare_cached(
                        "SELECT 1 FROM dc_licences WHERE id = ?1 AND account_id = ?2",
                    )?
                    .query_row(params![row_id, account], |_| Ok(()))
                    .optional()?
                    .is_some(),
                )
            })
            .await?;
        if exists { Ok(row_id) } else { Err(not_found()) }
    }

    /// Renews the licence `id` (its wire form) by `months` ([`RENEW_MONTHS`], checked by the
    /// caller), from the later of today and its expiry; its keys work again at once.
    /// `PortalLicenceNotFound` for a licence the account does not have,
    /// `PortalRenewMonthsInvalid` when the expiry would be past the calendar's end.
    pub(crate) async fn renew(&self, id: &str, months: u32) -> super::Result<Licence> {
        let row_id = self.require_licence(id).await?;
        let today = self.clock.today();
        let invalid = || {
            Error::new(
                ErrorCode::PortalRenewMonthsInvalid,
                &[("value", &months.to_string())],
            )
        };
        let renewed = self
            .db
            .write(move |conn| {
                let row = conn
                    .prepare_cached(&format!(
                        "SELECT {LICENCE_COLUMNS} FROM dc_licences WHERE id = ?1"
                    ))?
                    .query_row([row_id], licence_row)?;
                let current = licence(row, today)?;
                let Some(expires) = renewed_expiry(current.expires_at, today, months) else {
                    return Ok(None);
                };
                conn.prepare_cached("UPDATE dc_licences SET expires_on = ?2 WHERE id = ?1")?
                    .execute(params![row_id, expires.to_string()])?;
                let row = conn
                    .prepare_cached(&format!(
                        "SELECT {LICENCE_COLUMNS} FROM dc_licences WHERE id = ?1"
                    ))?
                    .query_row([row_id], licence_row)?;
                Ok::<_, DbError>(Some(licence(row, today)?))
            })
            .await?
            .ok_or_else(invalid)?;
        // The keys of the licence answer /api/dco again at once.
        self.keys_changed().await?;
        Ok(renewed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn renewals_start_from_the_later_of_today_and_the_expiry() {
        let today = d("2026-02-15");
        let cases = [
            // Still valid: extended from its expiry.
            ("2026-04-21", 12, "2027-04-21"),
            // Expired: restarts from today.
            ("2025-12-31", 1, "2026-03-15"),
            // Expires today: from today.
            ("2026-02-15", 36, "2029-02-15"),
            // Month ends are clamped.
            ("2026-08-31", 6, "2027-02-28"),
        ];
        for (expires, months, expected) in cases {
            assert_eq!(
                renewed_expiry(d(expires), today, months),
                Some(d(expected)),
                "{expires} + {months}"
            );
        }
    }
}

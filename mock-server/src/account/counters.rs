//! The counters (`GET /portal/v1/counters`): documents counted per key and instance.
//!
//! Every key of the account (deactivated ones too: their documents still count) has two
//! counters, `dco` (documento commerciale online, `/api/dco`) and `fe` (fatturazione
//! elettronica, `/api/fe`), listed by key then instance:
//!
//! * `total` — every document issued with the key on that instance since the key was created.
//!   A key belongs to one licence for its whole life and a renewal extends that licence rather
//!   than starting another, so this is also the count of the current licence period. It is the
//!   `documentiEmessi` of `infoUser` and the `total` of the live events;
//! * `today` — those issued today (Europe/Rome), `documentiOggi` of `infoUser`.
//!
//! Sales, voids and returns count alike: each is a document.

use super::Account;
use super::ids;
use super::licences::account_id;
use crate::db::DbError;
use dckit_contracts::model::portal::{Counter, Instance};
use rusqlite::params;

impl Account {
    /// Every counter: each key of the account (deactivated ones too), `dco` then `fe`.
    pub(crate) async fn counters(&self) -> super::Result<Vec<Counter>> {
        let today = self.clock.today().to_string();
        let counters = self
            .db
            .read(move |conn| {
                let account = account_id(conn)?;
                let mut stmt = conn.prepare_cached(
                    "SELECT k.id, i.instance, COALESCE(c.total, 0), COALESCE(d.count, 0)
                     FROM dc_keys k
                     CROSS JOIN (SELECT 'dco' AS instance UNION ALL SELECT 'fe') i
                     LEFT JOIN dc_counters c ON c.key_id = k.id AND c.instance = i.instance
                     LEFT JOIN dc_counter_days d
                            ON d.key_id = k.id AND d.instance = i.instance AND d.day = ?2
                     WHERE k.account_id = ?1
                     ORDER BY k.id, i.instance",
                )?;
                let rows = stmt.query_map(params![account, today], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })?;
                let mut out = Vec::new();
                for row in rows {
                    let (key, instance, total, on_day) = row?;
                    out.push(Counter {
                        key_id: ids::wire(ids::KEY, key),
                        instance: Instance::parse(&instance).ok_or_else(|| {
                            DbError::Corrupt(format!("counter instance {instance:?}"))
                        })?,
                        total: u64::try_from(total).unwrap_or(0),
                        today: u64::try_from(on_day).unwrap_or(0),
                    });
                }
                Ok::<_, DbError>(out)
            })
            .await?;
        Ok(counters)
    }
}

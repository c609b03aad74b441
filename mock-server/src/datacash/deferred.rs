//! Deferred fiscalisation: while the harness keeps the tax agency down
//! (`POST /__admin/agency {"up": false}`), `sendDocument` accepts a valid sale as pending with a
//! temporary id. When the agency comes back, a background worker fiscalises the pending sales
//! in the order they came (numbering them at that moment) and reports each to the webhook set
//! with `POST /__admin/webhook`, as a [`DeferredWebhook`].
//!
//! Deliveries are kept in the store (`dc_webhook_outbox`) and retried with exponential back-off
//! (0.5 s, 1 s, 2 s, … up to 30 s between tries, [`MAX_ATTEMPTS`] tries at most); a 2xx answer
//! is a delivery. The worker never holds up requests and stops when the server stops.

use super::DataCash;
use super::Refusal;
use super::issue::issue_sale;
use super::sale::Sale;
use crate::db::{Db, DbError};
use crate::lifecycle::Lifecycle;
use chrono::Timelike;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::datacash::DeferredWebhook;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// How many times a webhook delivery is tried before it is given up.
pub(crate) const MAX_ATTEMPTS: i64 = 8;

/// The agency's outcome code for an accepted document.
const ACCEPTED: &str = "00";

/// How long one webhook call may take.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the worker sleeps when nothing is scheduled (a wake-up cuts it short).
const IDLE: Duration = Duration::from_secs(60);

/// Stores `sale` as pending for `key_id` and returns its temporary id (`T{yyyymmdd}-{n:06}`).
pub(crate) async fn hold(dc: &DataCash, key_id: i64, sale: &Sale) -> Result<String, Refusal> {
    let json = serde_json::to_string(sale).map_err(|e| {
        tracing::error!("cannot serialise a pending sale: {e}");
        Refusal::new(ErrorCode::DcInternal, &[])
    })?;
    let now = dc.clock().now().naive_local();
    let linked = sale.linked;
    dc.db()
        .write(move |conn| {
            if let Some(linked) = linked
                && !super::records::exists(conn, key_id, linked)?
            {
                return Err(Refusal::new(
                    ErrorCode::DcDocumentUnknown,
                    &[("idtrx", &linked.to_string())],
                ));
            }
            let id: i64 = conn
                .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM dc_pending", [], |r| {
                    r.get(0)
                })
                .map_err(DbError::from)?;
            let temp_id = format!("T{}-{id:06}", now.format("%Y%m%d"));
            conn.execute(
                "INSERT INTO dc_pending (id, temp_id, key_id, received_at, document)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, temp_id, key_id, crate::db::time::format(now), json],
            )
            .map_err(DbError::from)?;
            Ok(temp_id)
        })
        .await
}

/// How many sales wait for the agency.
pub(crate) async fn pending_count(db: &Db) -> Result<u64, DbError> {
    db.read(|conn| {
        Ok(conn.query_row("SELECT COUNT(*) FROM dc_pending", [], |r| {
            r.get::<_, i64>(0)
        })?)
    })
    .await
    .map(|n| u64::try_from(n).unwrap_or(0))
}

/// Webhook deliveries by state: `(pending, delivered, failed)`.
pub(crate) async fn outbox_counts(db: &Db) -> Result<(u64, u64, u64), DbError> {
    db.read(|conn| {
        let mut out = (0, 0, 0);
        let mut stmt =
            conn.prepare("SELECT state, COUNT(*) FROM dc_webhook_outbox GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (s, n) = row?;
            let n = u64::try_from(n).unwrap_or(0);
            match s.as_str() {
                "pending" => out.0 = n,
                "delivered" => out.1 = n,
                _ => out.2 = n,
            }
        }
        Ok(out)
    })
    .await
}

/// The worker: fiscalises pending sales while the agency is up and delivers webhooks, until
/// the server stops.
pub(crate) async fn run(dc: Arc<DataCash>, lifecycle: Lifecycle) {
    let client = match reqwest::Client::builder()
        .timeout(DELIVERY_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            tracing::error!("deferred fiscalisation is off: cannot build an HTTP client: {e}");
            return;
        }
    };
    let mut schedule: HashMap<i64, Instant> = HashMap::new();
    loop {
        let wait = tokio::select! {
            () = lifecycle.stopped() => break,
            wait = work(&dc, &client, &mut schedule) => wait,
        };
        tokio::select! {
            () = lifecycle.stopped() => break,
            () = dc.woken() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
    tracing::debug!("deferred fiscalisation worker stopped");
}

/// One round: fiscalise, deliver what is due; returns how long until the next delivery.
async fn work(
    dc: &DataCash,
    client: &reqwest::Client,
    schedule: &mut HashMap<i64, Instant>,
) -> Duration {
    while dc.agency_up() {
        match fiscalise_next(dc).await {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                tracing::error!("cannot fiscalise a pending sale: {e}");
                break;
            }
        }
    }
    deliver_due(dc, client, schedule).await
}

/// Fiscalises the oldest pending sale; `false` when there is none.
async fn fiscalise_next(dc: &DataCash) -> Result<bool, DbError> {
    let generation = dc.generation();
    let clock = dc.clock().clone();
    let url = dc.webhook_url();
    let outcome = dc
        .db()
        .write(move |conn| {
            let next: Option<(i64, String, i64, String)> = conn
                .query_row(
                    "SELECT id, temp_id, key_id, document FROM dc_pending ORDER BY id LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((id, temp_id, key_id, json)) = next else {
                return Ok(None);
            };
            conn.execute("DELETE FROM dc_pending WHERE id = ?1", [id])?;
            let sale: Sale = match serde_json::from_str(&json) {
                Ok(sale) => sale,
                Err(e) => {
                    tracing::error!("dropping unreadable pending sale {temp_id}: {e}");
                    return Ok(Some(None));
                }
            };
            let issued = match issue_sale(conn, &clock, key_id, &sale, Some(temp_id.clone())) {
                Ok(issued) => issued,
                Err(Refusal { error, .. }) => {
                    tracing::error!("dropping pending sale {temp_id}: {}", error.message);
                    return Ok(Some(None));
                }
            };
            if let Some(url) = url {
                let payload = DeferredWebhook {
                    id_temporaneo: temp_id,
                    idtrx: issued.idtrx.to_string(),
                    progressivo: issued.progressivo.clone(),
                    data: issued
                        .issued_at
                        .with_nanosecond(0)
                        .unwrap_or(issued.issued_at),
                    codice_esito_agenzia: ACCEPTED.to_owned(),
                };
                let payload =
                    serde_json::to_string(&payload).map_err(|e| DbError::Corrupt(e.to_string()))?;
                conn.execute(
                    "INSERT INTO dc_webhook_outbox (url, payload) VALUES (?1, ?2)",
                    params![url, payload],
                )?;
            }
            Ok::<_, DbError>(Some(Some(issued)))
        })
        .await?;
    match outcome {
        None => Ok(false),
        Some(None) => Ok(true),
        Some(Some(issued)) => {
            if let Some(counted) = &issued.counted {
                dc.counted(dc.db(), counted, generation).await;
            }
            Ok(true)
        }
    }
}

/// Tries every pending delivery that is due; returns the time until the next one.
async fn deliver_due(
    dc: &DataCash,
    client: &reqwest::Client,
    schedule: &mut HashMap<i64, Instant>,
) -> Duration {
    let rows = match dc
        .db()
        .read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, url, payload, attempts FROM dc_webhook_outbox
                 WHERE state = 'pending' ORDER BY id",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<Vec<(i64, String, String, i64)>, _>>()?;
            Ok::<_, DbError>(rows)
        })
        .await
    {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!("cannot read the webhook outbox: {e}");
            return IDLE;
        }
    };
    schedule.retain(|id, _| rows.iter().any(|r| r.0 == *id));
    let mut next = IDLE;
    for (id, url, payload, attempts) in rows {
        let now = Instant::now();
        if let Some(at) = schedule.get(&id)
            && *at > now
        {
            next = next.min(*at - now);
            continue;
        }
        let result = client
            .post(&url)
            .header("content-type", "application/json")
            .body(payload)
            .send()
            .await;
        let error = match result {
            Ok(response) if response.status().is_success() => None,
            Ok(response) => Some(format!("HTTP {}", response.status())),
            Err(e) => Some(e.to_string()),
        };
        let attempts = attempts + 1;
        let new_state = match (&error, attempts >= MAX_ATTEMPTS) {
            (None, _) => "delivered",
            (Some(_), true) => "failed",
            (Some(_), false) => "pending",
        };
        if let Some(e) = &error {
            tracing::warn!("webhook delivery {id} to {url} failed (try {attempts}): {e}");
        }
        let stored = error.clone();
        if let Err(e) = dc
            .db()
            .write(move |conn| {
                conn.execute(
                    "UPDATE dc_webhook_outbox SET attempts = ?2, state = ?3, last_error = ?4
                     WHERE id = ?1",
                    params![id, attempts, new_state, stored],
                )
                .map_err(DbError::from)
            })
            .await
        {
            tracing::error!("cannot record webhook delivery {id}: {e}");
        }
        if new_state == "pending" {
            let delay = backoff(attempts);
            schedule.insert(id, Instant::now() + delay);
            next = next.min(delay);
        } else {
            schedule.remove(&id);
        }
    }
    next
}

/// The wait after `attempts` failed tries: 0.5 s doubling, at most 30 s.
pub(crate) fn backoff(attempts: i64) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 16) - 1).unwrap_or(0);
    Duration::from_millis(500u64.saturating_mul(1u64 << exp)).min(Duration::from_secs(30))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_limit() {
        let got: Vec<u64> = (1..=9).map(|a| backoff(a).as_millis() as u64).collect();
        assert_eq!(
            got,
            vec![500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
        );
    }
}

//! `POST /api/dco/findDocuments/`: the key's documents issued between two days, at most 31
//! days (both included), oldest first.

use super::answer;
use super::request::Operation;
use crate::datacash::fields::{self, required};
use crate::datacash::{Refusal, money, records};
use crate::http::reply;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use chrono::NaiveDate;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::datacash::{FindDocumentsResponse, FoundDocument};
use dckit_contracts::model::money::Amount;
use serde_json::{Map, Value};

/// The longest range, in days, both ends included.
pub(crate) const MAX_DAYS: i64 = 31;

/// Handles `findDocuments`.
pub(crate) async fn find_documents(State(state): State<AppState>, request: Request) -> Response {
    answer(
        state,
        request,
        Operation::FindDocuments,
        |state, call| async move {
            let (start, end) = range(&call.body)?;
            let key_id = call.key.id;
            let found = state
                .db
                .read(move |conn| records::list(conn, key_id, start, end))
                .await?;
            let results = found
                .into_iter()
                .map(|d| FoundDocument {
                    idtrx: d.idtrx.to_string(),
                    numero_progressivo: d.progressivo,
                    data: d.issued_at,
                    ammontare_complessivo: Amount(money::from_cents(d.total_cents)),
                    tipo_operazione: d.kind,
                    annulli: d.annulli,
                    resi: d.resi,
                })
                .collect();
            Ok(reply::ok(&FindDocumentsResponse { results }))
        },
    )
    .await
}

/// `start` and `end` as days, checked: well formed, in order, at most [`MAX_DAYS`] apart.
pub(crate) fn range(body: &Map<String, Value>) -> Result<(NaiveDate, NaiveDate), Refusal> {
    let day = |name: &str| -> Result<NaiveDate, Refusal> {
        let text = fields::string(required(body, "", name)?, name)?;
        parse_day(text.trim()).ok_or_else(|| {
            Refusal::new(
                ErrorCode::DcDateInvalid,
                &[("value", text), ("field", name)],
            )
        })
    };
    let (start, end) = (day("start")?, day("end")?);
    if end < start {
        return Err(Refusal::new(
            ErrorCode::DcRangeInverted,
            &[("start", &start.to_string()), ("end", &end.to_string())],
        ));
    }
    let days = (end - start).num_days() + 1;
    if days > MAX_DAYS {
        return Err(Refusal::new(
            ErrorCode::DcRangeTooLong,
            &[("days", &days.to_string())],
        ));
    }
    Ok((start, end))
}

/// A strict `YYYY-MM-DD` day.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranges() {
        type Case = (Value, Result<(&'static str, &'static str), &'static str>);
        let cases: &[Case] = &[
            (
                json!({"start": "2026-01-01", "end": "2026-01-31"}),
                Ok(("2026-01-01", "2026-01-31")),
            ),
            (
                json!({"start": "2026-02-15", "end": "2026-02-15"}),
                Ok(("2026-02-15", "2026-02-15")),
            ),
            (
                json!({"start": "2026-01-01", "end": "2026-02-01"}),
                Err("52"),
            ),
            (
                json!({"start": "2026-02-02", "end": "2026-02-01"}),
                Err("51"),
            ),
            (
                json!({"start": "2026-02-30", "end": "2026-03-01"}),
                Err("50"),
            ),
            (json!({"start": "2026-2-1", "end": "2026-03-01"}), Err("50")),
            (
                json!({"start": "01/02/2026", "end": "2026-03-01"}),
                Err("50"),
            ),
            (
                json!({"start": "+2026-01-01", "end": "2026-03-01"}),
                Err("50"),
            ),
            (json!({"end": "2026-03-01"}), Err("22")),
            (json!({"start": 20260101, "end": "2026-03-01"}), Err("23")),
        ];
        for (body, expected) in cases {
            let got = range(body.as_object().unwrap());
            match (got, expected) {
                (Ok((s, e)), Ok((ws, we))) => {
                    assert_eq!(
                        (s.to_string(), e.to_string()),
                        (ws.to_string(), we.to_string())
                    )
                }
                (Err(r), Err(code)) => {
                    assert_eq!(r.error.code.code(), *code, "{body}: {}", r.error.message)
                }
                (got, _) => panic!("{body}: {got:?}"),
            }
        }
    }
}

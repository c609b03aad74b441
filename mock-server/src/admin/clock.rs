//! `GET|POST /__admin/clock`: read, freeze, advance or unfreeze the mock's clock.

use super::json_body;
use crate::clock::ClockMode;
use crate::http::reply::Problem;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use dckit_contracts::errors::ErrorCode;
use serde::{Deserialize, Serialize};

/// What to do with the clock; exactly one field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClockRequest {
    /// Stop the clock at this RFC 3339 instant.
    freeze: Option<String>,
    /// Move the clock by a duration such as `90s`, `15m`, `2h`, `3d` (negative allowed).
    advance: Option<String>,
    /// `true` returns to real time.
    unfreeze: Option<bool>,
}

/// The clock as the harness reports it: `{"now", "today", "frozen"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    /// The mock's "now", in Europe/Rome (RFC 3339).
    pub now: DateTime<FixedOffset>,
    /// The mock's today, in Europe/Rome.
    pub today: NaiveDate,
    /// Whether the clock is stopped.
    pub frozen: bool,
}

/// Shows the clock.
pub(crate) async fn show(State(state): State<AppState>) -> Json<ClockState> {
    Json(report(&state))
}

/// Changes the clock.
pub(crate) async fn change(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<ClockState>, Problem> {
    let req: ClockRequest = json_body(&body)?;
    let chosen = [
        req.freeze.is_some(),
        req.advance.is_some(),
        req.unfreeze == Some(true),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if chosen != 1 {
        return Err(ErrorCode::AdminBodyInvalid
            .with(&[(
                "detail",
                "give exactly one of freeze (an RFC 3339 time), advance (a duration) or unfreeze: true",
            )])
            .into());
    }
    if let Some(at) = req.freeze {
        let parsed = DateTime::parse_from_rfc3339(at.trim())
            .map_err(|_| ErrorCode::AdminClockInvalid.with(&[("value", &at)]))?;
        state.clock.freeze(parsed.with_timezone(&Utc));
    } else if let Some(by) = req.advance {
        let moved = parse_duration(&by).is_some_and(|delta| state.clock.advance(delta));
        if !moved {
            return Err(ErrorCode::AdminDurationInvalid
                .with(&[("value", &by)])
                .into());
        }
    } else {
        state.clock.unfreeze();
    }
    Ok(Json(report(&state)))
}

/// The clock's state now.
pub(crate) fn report(state: &AppState) -> ClockState {
    let now = state.clock.now();
    ClockState {
        now: now.fixed_offset(),
        today: now.date_naive(),
        frozen: matches!(state.clock.mode(), ClockMode::Frozen { .. }),
    }
}

/// Parses `90s`, `15m`, `2h`, `3d`, `-1d`, `500ms`.
pub(crate) fn parse_duration(text: &str) -> Option<TimeDelta> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().ok()?;
    let delta = match unit {
        "ms" => TimeDelta::try_milliseconds(n)?,
        "s" => TimeDelta::try_seconds(n)?,
        "m" => TimeDelta::try_minutes(n)?,
        "h" => TimeDelta::try_hours(n)?,
        "d" => TimeDelta::try_days(n)?,
        _ => return None,
    };
    Some(if negative { -delta } else { delta })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let cases = [
            ("90s", Some(TimeDelta::seconds(90))),
            ("15m", Some(TimeDelta::minutes(15))),
            ("2h", Some(TimeDelta::hours(2))),
            ("3d", Some(TimeDelta::days(3))),
            ("-1d", Some(TimeDelta::days(-1))),
            ("500ms", Some(TimeDelta::milliseconds(500))),
            (" 1d ", Some(TimeDelta::days(1))),
            ("1", None),
            ("d", None),
            ("1w", None),
            ("1.5h", None),
            ("99999999999999999999d", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_duration(text), expected, "{text:?}");
        }
    }
}

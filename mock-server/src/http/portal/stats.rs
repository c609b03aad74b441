//! Statistics: `stats`, `stats/export.csv`, `stats/daily.csv` (the query and the files are
//! described in [`crate::account::stats`]).

use super::auth::Authorized;
use super::counters::attachment;
use super::error::PortalResult;
use crate::account::stats::{daily_csv_bytes, export_csv_bytes};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use dckit_contracts::model::portal::Stats;

/// `GET /portal/v1/stats`.
pub(super) async fn show(
    _: Authorized,
    State(state): State<AppState>,
    uri: Uri,
) -> PortalResult<Json<Stats>> {
    let (stats, _) = state
        .account
        .stats(uri.query().unwrap_or(""), false)
        .await?;
    Ok(Json(stats))
}

/// `GET /portal/v1/stats/export.csv` ("Esporta statistiche").
pub(super) async fn export_csv(
    _: Authorized,
    State(state): State<AppState>,
    uri: Uri,
) -> PortalResult<Response> {
    let (stats, name) = state
        .account
        .stats(uri.query().unwrap_or(""), false)
        .await?;
    Ok(attachment(
        export_csv_bytes(&stats)?.into_response(),
        "text/csv; charset=utf-8",
        &format!("statistiche-{name}.csv"),
    ))
}

/// `GET /portal/v1/stats/daily.csv` ("Aggregati giornalieri").
pub(super) async fn daily_csv(
    _: Authorized,
    State(state): State<AppState>,
    uri: Uri,
) -> PortalResult<Response> {
    let (stats, name) = state.account.stats(uri.query().unwrap_or(""), true).await?;
    Ok(attachment(
        daily_csv_bytes(&stats)?.into_response(),
        "text/csv; charset=utf-8",
        &format!("aggregati-giornalieri-{name}.csv"),
    ))
}

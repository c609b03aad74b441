//! The counters and the documents behind one: `counters`, and the counter's
//! `documents.csv` (streamed) and `documents.xlsx`.

use super::auth::Authorized;
use super::error::PortalResult;
use crate::account::Export;
use crate::http::path_params::PathParams;
use crate::state::AppState;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dckit_contracts::model::portal::Counter;
use futures::StreamExt;

/// The content type of the workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /portal/v1/counters`.
pub(super) async fn list(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<Counter>>> {
    Ok(Json(state.account.counters().await?))
}

/// `response` as a download: its content type, and `Content-Disposition: attachment` naming
/// `file`.
pub(super) fn attachment(
    mut response: Response,
    content_type: &'static str,
    file: &str,
) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `GET /portal/v1/counters/{keyId}/{instance}/documents.csv`: a chunked body; a failure of
/// the store mid-way breaks the transfer.
pub(super) async fn csv(
    _: Authorized,
    State(state): State<AppState>,
    params: PathParams,
) -> PortalResult<Response> {
    let (_, export, file) = counter_file(&state, &params, "csv").await?;
    let pieces = tokio_stream::wrappers::ReceiverStream::new(state.account.export_csv(export))
        .map(|piece| piece.map(Bytes::from));
    Ok(attachment(
        Body::from_stream(pieces).into_response(),
        "text/csv; charset=utf-8",
        &file,
    ))
}

/// `GET /portal/v1/counters/{keyId}/{instance}/documents.xlsx`.
pub(super) async fn xlsx(
    _: Authorized,
    State(state): State<AppState>,
    params: PathParams,
) -> PortalResult<Response> {
    let (key, export, file) = counter_file(&state, &params, "xlsx").await?;
    let bytes = state.account.export_xlsx(export, &key).await?;
    Ok(attachment(Body::from(bytes).into_response(), XLSX, &file))
}

/// The export of the counter the path names (`{keyId}/{instance}`), with the path's key and
/// the export's file name ending in `extension`.
async fn counter_file(
    state: &AppState,
    params: &PathParams,
    extension: &str,
) -> PortalResult<(String, Export, String)> {
    let (key, instance) = (params.nth(0), params.nth(1));
    let export = state.account.counter_export(&key, &instance).await?;
    let file = format!("{}.{extension}", export.name());
    Ok((key, export, file))
}

//! `POST /api/dco/downloadDocument/{idtrx}/`: the PDF of one of the key's documents;
//! `{"regalo": true}` gives the gift copy, without prices.

use super::request::Operation;
use super::{answer, idtrx_segment};
use crate::datacash::{Refusal, fields, parse_idtrx, pdf, records};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::ErrorCode;

/// Handles `downloadDocument`.
pub(crate) async fn download_document(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    answer(
        state,
        request,
        Operation::DownloadDocument,
        |state, call| async move {
            let idtrx = parse_idtrx(idtrx_segment(&path))?;
            let gift = fields::flag(&call.body, "", "regalo")?;
            let key_id = call.key.id;
            let found = state
                .db
                .read(move |conn| {
                    Ok::<_, crate::db::DbError>(match records::load(conn, Some(key_id), idtrx)? {
                        Some(doc) => Some((records::seller(conn, key_id)?, doc)),
                        None => None,
                    })
                })
                .await?;
            let (seller, doc) = found.ok_or_else(|| {
                Refusal::new(
                    ErrorCode::DcDocumentUnknown,
                    &[("idtrx", &idtrx.to_string())],
                )
            })?;
            let bytes = pdf::render(&seller, &doc, gift);
            let name = format!(
                "attachment; filename=\"{}{}.pdf\"",
                doc.progressivo.replace('/', "-"),
                if gift { "-regalo" } else { "" }
            );
            let disposition = HeaderValue::from_str(&name)
                .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            Ok((
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/pdf"),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response())
        },
    )
    .await
}

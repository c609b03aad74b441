//! `POST /api/dco/resetPassword/`: renews Fisconline credentials the agency reports expired.
//!
//! In the mock, the harness marks a partita IVA's credentials expired
//! (`POST /__admin/credentials/expire`); until this call, every other operation answers code
//! `03`. The same credentials keep working afterwards. The call needs the tax agency.

use super::answer;
use super::request::Operation;
use crate::datacash::Refusal;
use crate::http::reply;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::datacash::Envelope;

/// Handles `resetPassword`.
pub(crate) async fn reset_password(State(state): State<AppState>, request: Request) -> Response {
    answer(
        state,
        request,
        Operation::ResetPassword,
        |state, call| async move {
            if !state.datacash.agency_up() {
                return Err(Refusal::new(ErrorCode::DcAgencyUnavailable, &[]));
            }
            let piva = call.key.partita_iva.clone();
            let stored = piva.clone();
            state
                .db
                .write(move |conn| {
                    conn.execute(
                        "DELETE FROM dc_expired_credentials WHERE partita_iva = ?1",
                        [&stored],
                    )
                    .map_err(crate::db::DbError::from)
                })
                .await?;
            state.datacash.set_expired(&piva, false);
            Ok(reply::ok(&Envelope::ok()))
        },
    )
    .await
}

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
            state
                .datacash
                .set_expired(&call.key.partita_iva, false)
                .await?;
            Ok(reply::ok(&Envelope::ok()))
        },
    )
    .await
}

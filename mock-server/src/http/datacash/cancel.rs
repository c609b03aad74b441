//! `POST /api/dco/voidDocument/{idtrx}/` (annullo) and `POST /api/dco/returnDocument/{idtrx}/`
//! (reso): the handlers; what a void or a return gives back is in [`crate::datacash::cancel`].

use super::request::{Call, Operation};
use super::{answer, idtrx_segment};
use crate::datacash::cancel::{self, Cancel};
use crate::datacash::{Refusal, parse_idtrx};
use crate::http::reply;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use dckit_contracts::model::datacash::Envelope;

/// Handles `voidDocument`.
pub(crate) async fn void_document(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    answer(
        state,
        request,
        Operation::VoidDocument,
        |state, call| async move { cancel(state, call, &path, |_| Ok(Cancel::Void)).await },
    )
    .await
}

/// Handles `returnDocument`.
pub(crate) async fn return_document(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    answer(
        state,
        request,
        Operation::ReturnDocument,
        |state, call| async move {
            cancel(state, call, &path, |call| {
                cancel::parse_return(&call.body).map(Cancel::Return)
            })
            .await
        },
    )
    .await
}

async fn cancel(
    state: AppState,
    call: Call,
    path: &str,
    what: impl FnOnce(&Call) -> Result<Cancel, Refusal>,
) -> Result<Response, Refusal> {
    let idtrx = parse_idtrx(idtrx_segment(path))?;
    let what = what(&call)?;
    let issued = cancel::cancel(&state.datacash, call.key.id, idtrx, what).await?;
    Ok(reply::ok(&Envelope::document(
        issued.idtrx.to_string(),
        issued.progressivo,
    )))
}

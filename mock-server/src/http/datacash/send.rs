//! `POST /api/dco/sendDocument/`: the handler; what sending does is in
//! [`crate::datacash::issue`].

use super::answer;
use super::request::Operation;
use crate::datacash::issue::{self, Sent};
use crate::datacash::sale;
use crate::http::reply;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use dckit_contracts::model::datacash::Envelope;

/// Handles `sendDocument`.
pub(crate) async fn send_document(State(state): State<AppState>, request: Request) -> Response {
    answer(
        state,
        request,
        Operation::SendDocument,
        |state, call| async move {
            let sale = sale::parse(&call.body)?;
            Ok(
                match issue::send(&state.datacash, call.key.id, sale).await? {
                    Sent::Pending(temp_id) => reply::ok(&Envelope::deferred(temp_id)),
                    Sent::Issued(issued) => reply::ok(&Envelope::document(
                        issued.idtrx.to_string(),
                        issued.progressivo,
                    )),
                },
            )
        },
    )
    .await
}

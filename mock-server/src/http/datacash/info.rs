//! `POST /api/dco/infoUser/`: what the key is bound to, its licence and its document count.
//!
//! Served from memory (key directory, counters, credential cache): no SQLite, no OpenPGP once
//! the credentials blob has been seen.

use super::answer;
use super::request::Operation;
use crate::http::reply;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use dckit_contracts::model::datacash::{DcLicenceState, Envelope, InfoUser};
use dckit_contracts::model::portal::Instance;

/// Handles `infoUser`. An expired licence is reported (`statoLicenza: "scaduta"`), not
/// refused.
pub(crate) async fn info_user(State(state): State<AppState>, request: Request) -> Response {
    answer(
        state,
        request,
        Operation::InfoUser,
        |state, call| async move {
            let today = state.clock.today();
            let key = &call.key;
            let (total, on_day) = state.datacash.counts(key.id, Instance::Dco, today);
            Ok(reply::ok(&InfoUser {
                envelope: Envelope::ok(),
                partita_iva: key.partita_iva.clone(),
                stato_licenza: if key.licence_expires < today {
                    DcLicenceState::Expired
                } else {
                    DcLicenceState::Active
                },
                scadenza_licenza: key.licence_expires,
                documenti_emessi: total,
                documenti_oggi: on_day,
            }))
        },
    )
    .await
}

//! The account, its contract and its licences: `account`, `contract/sign`, `licences`,
//! `licences/{id}/renew`.

use super::auth::Authorized;
use super::body;
use super::error::PortalResult;
use crate::account::{Error, RENEW_MONTHS};
use crate::http::path_params::PathParams;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::{Account, Contract, Licence, RenewRequest};

/// `GET /portal/v1/account`.
pub(super) async fn show(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Account>> {
    Ok(Json(state.account.show().await?))
}

/// `POST /portal/v1/contract/sign`.
pub(super) async fn sign(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Contract>> {
    Ok(Json(state.account.sign().await?))
}

/// `GET /portal/v1/licences`.
pub(super) async fn licences(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<Licence>>> {
    Ok(Json(state.account.licences().await?))
}

/// What `POST /portal/v1/licences/{id}/renew` shows as an example body.
pub(crate) const RENEW_EXAMPLE: &str = r#"{"months": 12}"#;

/// The months a renew body asks for, checked.
pub(crate) fn renew_request(map: serde_json::Map<String, serde_json::Value>) -> PortalResult<u32> {
    let request: RenewRequest = body::typed(map)?;
    let invalid = || {
        Error::new(
            ErrorCode::PortalRenewMonthsInvalid,
            &[("value", &request.months.to_string())],
        )
    };
    if !RENEW_MONTHS.contains(&request.months) {
        return Err(invalid());
    }
    u32::try_from(request.months).map_err(|_| invalid())
}

/// `POST /portal/v1/licences/{id}/renew {months}`: an unknown licence is refused before the
/// body is read.
pub(super) async fn renew(
    _: Authorized,
    State(state): State<AppState>,
    id: PathParams,
    body: Body,
) -> PortalResult<Json<Licence>> {
    let id = id.nth(0);
    state.account.require_licence(&id).await?;
    let months = renew_request(body::object(body, RENEW_EXAMPLE).await?)?;
    Ok(Json(state.account.renew(&id, months).await?))
}

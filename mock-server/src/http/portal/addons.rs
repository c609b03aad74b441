//! API key add-ons: `addons/catalogue`, `addons` (list, buy).

use super::auth::Authorized;
use super::body;
use super::error::PortalResult;
use crate::account::{Error, QUANTITY};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::{AddonType, BuyAddonRequest, CatalogueEntry, Purchase};
use serde_json::Value;

/// `GET /portal/v1/addons/catalogue`.
pub(super) async fn catalogue(_: Authorized) -> Json<Vec<CatalogueEntry>> {
    Json(crate::account::catalogue())
}

/// `GET /portal/v1/addons`.
pub(super) async fn list(
    _: Authorized,
    State(state): State<AppState>,
) -> PortalResult<Json<Vec<Purchase>>> {
    Ok(Json(state.account.purchases().await?))
}

/// What `POST /portal/v1/addons` shows as an example body.
pub(crate) const BUY_EXAMPLE: &str = r#"{"type": "api-key-light", "quantity": 1}"#;

/// The add-on and the quantity a buy body asks for, checked.
pub(crate) fn buy_request(map: serde_json::Map<String, Value>) -> PortalResult<BuyAddonRequest> {
    // An unknown type has its own refusal, naming the types on sale.
    if let Some(Value::String(kind)) = map.get("type")
        && AddonType::parse(kind).is_none()
    {
        return Err(Error::new(
            ErrorCode::PortalAddonTypeUnknown,
            &[("value", kind)],
        ));
    }
    let request: BuyAddonRequest = body::typed(map)?;
    if !QUANTITY.contains(&request.quantity) {
        return Err(Error::new(
            ErrorCode::PortalAddonQuantityInvalid,
            &[("value", &request.quantity.to_string())],
        ));
    }
    Ok(request)
}

/// `POST /portal/v1/addons {type, quantity}`: `201` with the purchase.
pub(super) async fn buy(
    _: Authorized,
    State(state): State<AppState>,
    body: Body,
) -> PortalResult<(StatusCode, Json<Purchase>)> {
    let request = buy_request(body::object(body, BUY_EXAMPLE).await?)?;
    Ok((
        StatusCode::CREATED,
        Json(state.account.buy_addon(request).await?),
    ))
}

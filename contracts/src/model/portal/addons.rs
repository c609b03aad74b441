//! Add-ons: more API key slots, bought once the contract is signed.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::model::money::Money2;
use crate::model::wire_enum;

wire_enum! {
    /// The API key add-ons (other kinds of add-on are out of scope).
    pub enum AddonType {
        /// Add-on API key, light.
        ApiKeyLight = "api-key-light",
        /// Add-on API key, standard.
        ApiKeyStandard = "api-key-standard",
        /// Add-on API key, premium.
        ApiKeyPremium = "api-key-premium",
    }
}

/// One entry of `GET /portal/v1/addons/catalogue`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueEntry {
    /// Which add-on.
    #[serde(rename = "type")]
    pub addon_type: AddonType,
    /// Its display name (e.g. `"Add-on API Key Light"`).
    pub name: String,
    /// API key slots one unit adds.
    pub keys_added: u32,
    /// The price of one unit.
    pub price: Money2,
}

/// A purchase (`GET /portal/v1/addons`, and the `201` answer of `POST /portal/v1/addons`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Purchase {
    /// The purchase id.
    pub id: String,
    /// Which add-on.
    #[serde(rename = "type")]
    pub addon_type: AddonType,
    /// Units bought.
    pub quantity: u32,
    /// Key slots added in all: `quantity` × the catalogue's `keysAdded`.
    pub keys_added: u32,
    /// Always `"paid"`: the mock takes payment at once.
    pub state: PurchaseState,
    /// When it was bought.
    pub purchased_at: Timestamp,
    /// What was paid in all: `quantity` × the catalogue's `price`.
    pub amount: Money2,
}

wire_enum! {
    /// The state of a purchase.
    pub enum PurchaseState {
        /// Paid: its key slots are available.
        Paid = "paid",
    }
}

/// `POST /portal/v1/addons`: buy `quantity` units of an add-on.
///
/// `quantity` is an `i64` so that out-of-range values still parse and the server can answer
/// `PortalAddonQuantityInvalid` with the value. An unknown `type` does not deserialize: a
/// server answering `PortalAddonTypeUnknown` reads it from the raw JSON with
/// [`AddonType::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyAddonRequest {
    /// Which add-on.
    #[serde(rename = "type")]
    pub addon_type: AddonType,
    /// How many units (the mock accepts 1 to 100).
    pub quantity: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::json;

    #[test]
    fn addon_types_round_trip() {
        assert_round_trip::<Vec<CatalogueEntry>>(
            "catalogue",
            &json!([
            {"type": "api-key-light", "name": "Add-on API Key Light", "keysAdded": 1, "price": "5.00"},
            {"type": "api-key-standard", "name": "Add-on API Key Standard", "keysAdded": 5, "price": "20.00"},
            {"type": "api-key-premium", "name": "Add-on API Key Premium", "keysAdded": 20, "price": "60.00"}]),
        );
        assert_round_trip::<Purchase>(
            "purchase",
            &json!({"id": "pur-1", "type": "api-key-standard", "quantity": 2,
            "keysAdded": 10, "state": "paid", "purchasedAt": "2026-02-15T10:31:07+01:00", "amount": "40.00"}),
        );
        assert_round_trip::<BuyAddonRequest>(
            "buy",
            &json!({"type": "api-key-light", "quantity": 3}),
        );
        assert_round_trip::<BuyAddonRequest>(
            "zero still parses",
            &json!({"type": "api-key-light", "quantity": 0}),
        );
        assert_refused::<BuyAddonRequest>(
            "unknown type",
            &json!({"type": "api-key-gold", "quantity": 1}),
        );
        assert_refused::<Purchase>(
            "amount not a decimal",
            &json!({"id": "p", "type": "api-key-light", "quantity": 1,
            "keysAdded": 1, "state": "paid", "purchasedAt": "2026-02-15T10:31:07+01:00", "amount": "5,00"}),
        );
        assert_eq!(
            AddonType::parse("api-key-premium"),
            Some(AddonType::ApiKeyPremium)
        );
        assert_eq!(AddonType::parse("premium"), None);
    }
}

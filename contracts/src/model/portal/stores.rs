//! Stores (*negozi*) and the devices they group; API keys count as devices.

use serde::{Deserialize, Serialize};

use crate::model::wire_enum;

/// A store (`GET /portal/v1/stores`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Store {
    /// The store id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its address; `null` when unknown.
    pub address: Option<String>,
}

wire_enum! {
    /// What a device is.
    pub enum DeviceKind {
        /// An API key used by a management program (one device per key).
        ApiKey = "api-key",
        /// A cash register or tablet till.
        Register = "register",
    }
}

/// A device (`GET /portal/v1/devices`, the answer of a move).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// The device id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: DeviceKind,
    /// The store it belongs to.
    pub store_id: String,
    /// The API key behind it; `null` for devices that are not keys.
    pub key_id: Option<String>,
}

/// `POST /portal/v1/devices/{id}/store`: move a device to a store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoveDeviceRequest {
    /// The store to move it to.
    pub store_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::json;

    #[test]
    fn store_types_round_trip() {
        assert_round_trip::<Vec<Store>>(
            "stores",
            &json!([
            {"id": "store-1", "name": "Centro", "address": "Via Roma 1, 00184 Roma"},
            {"id": "store-2", "name": "Magazzino", "address": null}]),
        );
        assert_round_trip::<Vec<Device>>(
            "devices",
            &json!([
            {"id": "dev-1", "name": "Cassa 1", "kind": "api-key", "storeId": "store-1", "keyId": "key-2"},
            {"id": "dev-4", "name": "Tablet sala", "kind": "register", "storeId": "store-2", "keyId": null}]),
        );
        assert_round_trip::<MoveDeviceRequest>("move", &json!({"storeId": "store-2"}));
        assert_refused::<Device>(
            "kind",
            &json!({"id": "d", "name": "n", "kind": "printer", "storeId": "s", "keyId": null}),
        );
        let no_address: Store = serde_json::from_value(json!({"id": "s", "name": "n"})).unwrap();
        assert_eq!(no_address.address, None);
    }
}

//! The account, its contract and its licences.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::model::wire_enum;

/// `GET /portal/v1/account`: who the account is and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The account id.
    pub id: String,
    /// The business name (*ragione sociale*).
    pub name: String,
    /// The account holder's partita IVA.
    pub partita_iva: String,
    /// Whether the contract is signed (needed before buying add-ons).
    pub contract: Contract,
    /// The current licence.
    pub licence: Licence,
    /// API key slots in use and allowed.
    pub keys: KeySlots,
}

/// The contract: `{signed, signedAt}`; also the answer of `POST /portal/v1/contract/sign`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    /// Whether the contract is signed.
    pub signed: bool,
    /// When it was signed; `null` while unsigned.
    pub signed_at: Option<Timestamp>,
}

/// API key slots: `used` active keys of `allowed` (licence keys plus add-on keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySlots {
    /// Active keys (deactivated keys free their slot).
    pub used: u32,
    /// Keys the licence and the paid add-ons allow together.
    pub allowed: u32,
}

impl KeySlots {
    /// Slots still free (0 when over the limit).
    pub fn free(self) -> u32 {
        self.allowed.saturating_sub(self.used)
    }
}

/// A licence (`GET /portal/v1/licences`, the answer of a renewal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Licence {
    /// The licence id.
    pub id: String,
    /// The subscription tier, as the service names it (e.g. `"developer"`).
    pub tier: String,
    /// Whether it is valid today.
    pub state: LicenceState,
    /// Its first day.
    pub starts_at: NaiveDate,
    /// Its last valid day.
    pub expires_at: NaiveDate,
    /// API keys included, before add-ons.
    pub keys_included: u32,
}

wire_enum! {
    /// Whether a licence is valid.
    pub enum LicenceState {
        /// Valid: its keys work.
        Active = "active",
        /// Past its last day: its keys are inactive until it is renewed.
        Expired = "expired",
    }
}

/// `POST /portal/v1/licences/{id}/renew`: extend by `months`.
///
/// `months` is an `i64` so that out-of-range values (0, -1, 400) still parse and the server can
/// answer `PortalRenewMonthsInvalid` with the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewRequest {
    /// How many months to add (the mock accepts 1 to 36).
    pub months: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::json;

    fn licence() -> serde_json::Value {
        json!({"id": "lic-1", "tier": "developer", "state": "active", "startsAt": "2026-01-01",
            "expiresAt": "2026-12-31", "keysIncluded": 3})
    }

    #[test]
    fn account_types_round_trip() {
        let cases = [
            (
                "seeded account, unsigned",
                json!({"id": "acc-1", "name": "Pizzeria Da Mario S.r.l.",
                "partitaIva": "01234567897", "contract": {"signed": false, "signedAt": null},
                "licence": licence(), "keys": {"used": 2, "allowed": 3}}),
            ),
            (
                "signed",
                json!({"id": "acc-1", "name": "Pizzeria Da Mario S.r.l.",
                "partitaIva": "01234567897", "contract": {"signed": true, "signedAt": "2026-02-15T10:31:07+01:00"},
                "licence": licence(), "keys": {"used": 3, "allowed": 8}}),
            ),
        ];
        for (name, json) in &cases {
            assert_round_trip::<Account>(name, json);
        }
        let expired = json!({"id": "lic-0", "tier": "developer", "state": "expired", "startsAt": "2025-01-01",
            "expiresAt": "2025-12-31", "keysIncluded": 3});
        assert_round_trip::<Licence>("expired", &expired);
        assert_round_trip::<RenewRequest>("renew", &json!({"months": 12}));
        assert_round_trip::<RenewRequest>(
            "renew out of range still parses",
            &json!({"months": -1}),
        );
        assert_refused::<Licence>(
            "state",
            &json!({"id": "x", "tier": "t", "state": "attiva",
            "startsAt": "2026-01-01", "expiresAt": "2026-12-31", "keysIncluded": 1}),
        );
        assert_refused::<Contract>(
            "not RFC 3339",
            &json!({"signed": true, "signedAt": "2026-02-15 10:31:07"}),
        );
    }

    #[test]
    fn missing_signed_at_reads_as_unsigned() {
        let c: Contract = serde_json::from_value(json!({"signed": false})).unwrap();
        assert_eq!(c.signed_at, None);
        let slots = KeySlots {
            used: 4,
            allowed: 3,
        };
        assert_eq!(
            (
                slots.free(),
                KeySlots {
                    used: 2,
                    allowed: 3
                }
                .free()
            ),
            (0, 1)
        );
    }
}

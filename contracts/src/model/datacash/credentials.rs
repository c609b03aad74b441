//! The plaintext inside `ade_credentials_encrypted`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The seller's Fisconline credentials, as JSON before OpenPGP encryption:
/// `{"codiceFiscale":…, "password":…, "pin":…, "partitaIva":…}`.
///
/// `Debug` hides the password and the PIN.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// The codice fiscale of the Fisconline user.
    pub codice_fiscale: String,
    /// The Fisconline password.
    pub password: String,
    /// The Fisconline PIN.
    pub pin: String,
    /// The partita IVA the documents are issued for; must equal the API key's.
    pub partita_iva: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("codice_fiscale", &self.codice_fiscale)
            .field("password", &"<redacted>")
            .field("pin", &"<redacted>")
            .field("partita_iva", &self.partita_iva)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::assert_round_trip;
    use serde_json::json;

    #[test]
    fn credentials_round_trip_and_hide_secrets() {
        let creds = assert_round_trip::<Credentials>(
            "credentials",
            &json!({"codiceFiscale": "RSSMRA80A01H501U",
            "password": "Segreta!2026", "pin": "1234567890", "partitaIva": "01234567897"}),
        );
        let debug = format!("{creds:?}");
        assert!(
            !debug.contains("Segreta") && !debug.contains("1234567890"),
            "{debug}"
        );
        assert!(debug.contains("RSSMRA80A01H501U"), "{debug}");
    }
}

//! The webhook that reports a sale fiscalised late (*inferred*, our design).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::datetime;

/// POSTed as JSON to the configured webhook URL when a sale accepted while the tax agency was
/// down (`idTemporaneo`) has been fiscalised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeferredWebhook {
    /// The temporary id `sendDocument` answered with.
    pub id_temporaneo: String,
    /// The transaction id the sale finally got.
    pub idtrx: String,
    /// The document number it finally got.
    pub progressivo: String,
    /// When the agency accepted it, Europe/Rome local time, `dd/MM/yyyy HH:mm:ss`.
    #[serde(with = "datetime")]
    pub data: NaiveDateTime,
    /// The agency's outcome code (`"00"` accepted).
    pub codice_esito_agenzia: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::assert_round_trip;
    use serde_json::json;

    #[test]
    fn webhook_round_trips() {
        assert_round_trip::<DeferredWebhook>(
            "webhook",
            &json!({"idTemporaneo": "T20260215-000001",
            "idtrx": "1001234580", "progressivo": "DCW2026/5111-2200", "data": "15/02/2026 11:05:00",
            "codiceEsitoAgenzia": "00"}),
        );
    }
}

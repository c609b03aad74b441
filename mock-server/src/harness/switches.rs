//! The DataCash switches of the harness: the tax agency up or down (down, sales are accepted
//! as pending and fiscalised in order once it is back), the webhook where deferred
//! fiscalisations are reported, and a seller's Fisconline password expired (code `03` until
//! `resetPassword`).

use super::{Harness, internal};
use crate::datacash::deferred;
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::fiscal::PartitaIva;
use serde::{Deserialize, Serialize};

/// The harness's refusal of a request body, with what is wrong with it.
pub(crate) fn body_invalid(detail: &str) -> CatalogueError {
    ErrorCode::AdminBodyInvalid.with(&[("detail", detail)])
}

/// Whether the tax agency answers, and how many sales wait for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyState {
    /// `false` while the harness keeps the agency down.
    pub up: bool,
    /// Sales accepted as pending, not yet fiscalised.
    pub pending: u64,
}

/// Where deferred fiscalisations are reported, and how the deliveries went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookState {
    /// The webhook URL; `null` when none is set.
    pub url: Option<String>,
    /// Deliveries by outcome.
    pub deliveries: Deliveries,
}

/// Webhook deliveries by outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    /// Waiting to be sent (or retried).
    pub pending: u64,
    /// Acknowledged with a 2xx.
    pub delivered: u64,
    /// Given up on.
    pub failed: u64,
}

/// Whether a seller's Fisconline password is expired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsState {
    /// The seller.
    pub partita_iva: String,
    /// `true`: DataCash calls are refused with code `03` until `resetPassword`.
    pub expired: bool,
}

impl Harness {
    /// The tax agency's state.
    pub(crate) async fn agency(&self) -> Result<AgencyState, CatalogueError> {
        let pending = deferred::pending_count(&self.db).await.map_err(internal)?;
        Ok(AgencyState {
            up: self.datacash.agency_up(),
            pending,
        })
    }

    /// Takes the tax agency down or brings it back.
    pub(crate) async fn set_agency_up(&self, up: bool) -> Result<AgencyState, CatalogueError> {
        self.datacash.set_agency_up(up);
        self.agency().await
    }

    /// The webhook's state.
    pub(crate) async fn webhook(&self) -> Result<WebhookState, CatalogueError> {
        let (pending, delivered, failed) =
            deferred::outbox_counts(&self.db).await.map_err(internal)?;
        Ok(WebhookState {
            url: self.datacash.webhook_url(),
            deliveries: Deliveries {
                pending,
                delivered,
                failed,
            },
        })
    }

    /// Sets (or, with `None` or a blank URL, removes) the webhook URL; a URL that is not
    /// `http(s)://host…` is `AdminWebhookInvalid`.
    pub(crate) async fn set_webhook(
        &self,
        url: Option<&str>,
    ) -> Result<WebhookState, CatalogueError> {
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(text) = url {
            let parsed = reqwest::Url::parse(text);
            let fine = parsed
                .as_ref()
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if !fine {
                return Err(ErrorCode::AdminWebhookInvalid.with(&[("value", text)]));
            }
        }
        self.datacash
            .set_webhook_url(url.map(str::to_owned))
            .await
            .map_err(internal)?;
        self.webhook().await
    }

    /// Marks the Fisconline password of the seller `partita_iva` expired (or renewed); a
    /// partita IVA that does not parse is `AdminBodyInvalid`.
    pub(crate) async fn set_credentials_expired(
        &self,
        partita_iva: &str,
        expired: bool,
    ) -> Result<CredentialsState, CatalogueError> {
        let piva = PartitaIva::parse(partita_iva).map_err(|e| body_invalid(&e.to_string()))?;
        self.datacash
            .set_expired(piva.as_str(), expired)
            .await
            .map_err(internal)?;
        Ok(CredentialsState {
            partita_iva: piva.as_str().to_owned(),
            expired,
        })
    }
}

//! The requests behind each [`Request`] and [`Change`]: which client answers, and how its
//! answer becomes a [`Payload`] or an [`Outcome`].

use super::executor::to_api_error;
use super::profiles::Clients;
use crate::app::{ApiError, Change, DayTakings, NewKey, Outcome, Payload, Request, ServerClock};
use crate::client::{StatsTarget, WsQuery};
use crate::secret::Secret;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The error of a request the profile has no endpoint for (the UI does not ask those).
fn missing(endpoint: &str) -> ApiError {
    ApiError::message(format!("this profile has no {endpoint}"))
}

/// The account-area client, or the error of a profile without one.
fn portal(clients: &Clients) -> Result<&crate::client::PortalClient, ApiError> {
    clients
        .portal
        .as_ref()
        .ok_or_else(|| missing("account area"))
}

/// Reads something.
pub(super) async fn load(clients: &Clients, request: Request) -> Result<Payload, ApiError> {
    let e = |e: crate::client::ClientError| to_api_error(&e);
    Ok(match request {
        Request::Account => Payload::Account(portal(clients)?.account().await.map_err(e)?),
        Request::Licences => Payload::Licences(portal(clients)?.licences().await.map_err(e)?),
        Request::Keys => Payload::Keys(portal(clients)?.keys().await.map_err(e)?),
        Request::Catalogue => Payload::Catalogue(portal(clients)?.catalogue().await.map_err(e)?),
        Request::Purchases => Payload::Purchases(portal(clients)?.purchases().await.map_err(e)?),
        Request::Counters => Payload::Counters(portal(clients)?.counters().await.map_err(e)?),
        Request::Takings { from, to } => {
            Payload::Takings(takings(portal(clients)?, from, to).await?)
        }
        Request::InfoUser => {
            let datacash = clients
                .datacash
                .as_ref()
                .ok_or_else(|| missing("DataCash endpoint"))?;
            Payload::InfoUser(datacash.info_user().await.map_err(e)?)
        }
        Request::ServerClock => {
            let harness = clients.harness.as_ref().ok_or_else(|| missing("harness"))?;
            let clock = harness.clock().await.map_err(e)?;
            Payload::ServerClock(ServerClock {
                today: clock.today,
                frozen: clock.frozen,
            })
        }
        Request::WebServiceToday => {
            let ws = clients
                .webservice
                .as_ref()
                .ok_or_else(|| missing("WebService"))?;
            let documents = ws.get(&WsQuery::start("Today")).await.map_err(e)?;
            Payload::WebServiceToday(documents.0.len())
        }
    })
}

/// The account's net takings per day, every day from `from` to `to`: the statistics of each
/// store, added up.
async fn takings(
    portal: &crate::client::PortalClient,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayTakings>, ApiError> {
    let e = |e: crate::client::ClientError| to_api_error(&e);
    let stores = portal.stores().await.map_err(e)?;
    let answers = futures::future::join_all(
        stores
            .iter()
            .map(|store| portal.stats(StatsTarget::Store(store.id.clone()), from, to)),
    )
    .await;
    let mut days: BTreeMap<NaiveDate, Decimal> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, Decimal::ZERO))
        .collect();
    for stats in answers {
        for day in stats.map_err(e)?.daily {
            let sum = days.entry(day.date).or_default();
            *sum = sum.checked_add(day.total.0).ok_or_else(|| {
                ApiError::message(format!(
                    "the takings of {} are too large to add up",
                    day.date
                ))
            })?;
        }
    }
    Ok(days
        .into_iter()
        .map(|(date, total)| DayTakings { date, total })
        .collect())
}

/// Changes something.
pub(super) async fn change(clients: &Clients, change: Change) -> Result<Outcome, ApiError> {
    let e = |e: crate::client::ClientError| to_api_error(&e);
    let portal = clients
        .portal
        .as_ref()
        .ok_or_else(|| missing("account area"))?;
    Ok(match change {
        Change::CreateKey { partita_iva, label } => {
            let created = portal.create_key(&partita_iva, &label).await.map_err(e)?;
            Outcome::KeyCreated(NewKey {
                key: created.api_key,
                secret: Secret::new(created.key),
            })
        }
        Change::RenameKey { id, label } => {
            Outcome::KeyRenamed(portal.rename_key(&id, &label).await.map_err(e)?)
        }
        Change::DeactivateKey { id } => {
            Outcome::KeyDeactivated(portal.deactivate_key(&id).await.map_err(e)?)
        }
        Change::SignContract => Outcome::ContractSigned(portal.sign_contract().await.map_err(e)?),
        Change::RenewLicence { id, months } => {
            Outcome::LicenceRenewed(portal.renew_licence(&id, months).await.map_err(e)?)
        }
        Change::BuyAddon { addon, quantity } => {
            Outcome::AddonBought(portal.buy_addon(addon, quantity).await.map_err(e)?)
        }
    })
}

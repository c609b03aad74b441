//! The jobs of the statistics screen: the stores and devices, and the statistics of one.

use super::Reply;
use crate::runtime::profiles::Clients;
use crate::screens::Msg as ScreenMsg;
use crate::screens::statistics::{Job, Msg, Targets};

/// Runs one job.
pub(super) async fn run(clients: &Clients, job: Job, reply: &Reply) {
    let Some(portal) = clients.portal.as_ref() else {
        let none = "this profile has no account area".to_owned();
        let msg = match job {
            Job::Targets => Msg::Targets(Err(none)),
            Job::Stats {
                asked,
                target,
                range,
            } => Msg::Stats {
                asked,
                target,
                range,
                result: Err(none),
            },
        };
        reply.send(ScreenMsg::Statistics(msg));
        return;
    };
    let msg = match job {
        Job::Targets => {
            let (stores, devices) = futures::join!(portal.stores(), portal.devices());
            Msg::Targets(match (stores, devices) {
                (Ok(stores), Ok(devices)) => Ok(Targets { stores, devices }),
                (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
            })
        }
        Job::Stats {
            asked,
            target,
            range,
        } => {
            let result = portal
                .stats(target.clone(), range.from, range.to)
                .await
                .map_err(|e| e.to_string());
            Msg::Stats {
                asked,
                target,
                range,
                result,
            }
        }
    };
    reply.send(ScreenMsg::Statistics(msg));
}

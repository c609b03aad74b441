//! The jobs of the harness screen: journal polls, the side panel's reads, and changes.

use super::Reply;
use crate::runtime::profiles::Clients;
use crate::screens::Msg as ScreenMsg;
use crate::screens::harness::{Job, Msg, Op, POLL_LIMIT, Side};
use dckit_mock::JournalFilter;

/// Runs one job.
pub(super) async fn run(clients: &Clients, job: Job, reply: &Reply) {
    let Some(harness) = clients.harness.as_ref() else {
        let none = "this profile has no admin token for the harness".to_owned();
        let msg = match job {
            Job::Poll { .. } => Msg::Journal(Err(none)),
            Job::Side => Msg::Side(Err(none)),
            Job::Change { counted, .. } => Msg::Done {
                counted,
                result: Err(none),
            },
        };
        reply.send(ScreenMsg::Harness(msg));
        return;
    };
    let msg = match job {
        Job::Poll { since } => {
            let query = JournalFilter {
                since,
                limit: Some(POLL_LIMIT),
                ..JournalFilter::default()
            };
            Msg::Journal(harness.journal(&query).await.map_err(|e| e.to_string()))
        }
        Job::Side => {
            let (clock, agency, webhook, faults) = futures::join!(
                harness.clock(),
                harness.agency(),
                harness.webhook(),
                harness.faults()
            );
            // The clock and the faults are the harness's core; agency and webhook may be
            // missing on a harness that does not offer them.
            Msg::Side(match (clock, faults) {
                (Ok(clock), Ok(faults)) => Ok(Box::new(Side {
                    clock: Some(clock),
                    agency: agency.ok(),
                    webhook: webhook.ok(),
                    faults,
                })),
                (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
            })
        }
        Job::Change { op, counted } => {
            let result = match op {
                Op::AddFault(rule) => harness
                    .add_fault(&rule)
                    .await
                    .map(|f| format!("fault rule {} added", f.id.as_str())),
                Op::RemoveFault(id) => harness
                    .remove_fault(&id)
                    .await
                    .map(|f| format!("fault rule {} removed", f.id.as_str())),
                Op::ClearFaults => harness
                    .clear_faults()
                    .await
                    .map(|n| format!("{n} fault rules removed")),
                Op::Freeze(at) => harness
                    .freeze_clock(at)
                    .await
                    .map(|c| format!("clock frozen at {}", c.now.to_rfc3339())),
                Op::Advance(by) => harness
                    .advance_clock(&by)
                    .await
                    .map(|c| format!("clock moved by {by}: {}", c.now.to_rfc3339())),
                Op::Unfreeze => harness
                    .unfreeze_clock()
                    .await
                    .map(|c| format!("clock running from {}", c.now.to_rfc3339())),
                Op::Agency(up) => harness.set_agency(up).await.map(|a| {
                    if a.up {
                        format!("tax agency up ({} pending)", a.pending)
                    } else {
                        "tax agency down: sales are accepted as pending".to_owned()
                    }
                }),
                Op::Webhook(url) => harness.set_webhook(url.as_deref()).await.map(|w| {
                    w.url.map_or_else(
                        || "webhook removed".to_owned(),
                        |u| format!("webhook set to {u}"),
                    )
                }),
                Op::Expire(piva) => harness
                    .expire_credentials(&piva)
                    .await
                    .map(|c| format!("credentials of {} expired", c.partita_iva)),
                Op::Reset(seed) => harness
                    .reset(Some(seed))
                    .await
                    .map(|s| format!("mock reset from seed {s}")),
            };
            Msg::Done {
                counted,
                result: result.map_err(|e| e.to_string()),
            }
        }
    };
    reply.send(ScreenMsg::Harness(msg));
}

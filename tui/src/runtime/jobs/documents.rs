//! The jobs of the documents screen: a search window by window (one message each, for the
//! progress), a test sale, a void, a return.

use super::Reply;
use crate::runtime::profiles::Clients;
use crate::screens::Msg as ScreenMsg;
use crate::screens::documents::{Job, Msg, words};

/// Runs one job.
pub(super) async fn run(clients: &Clients, job: Job, reply: &Reply) {
    let send = |msg: Msg| reply.send(ScreenMsg::Documents(msg));
    let Some(datacash) = clients.datacash.as_ref() else {
        let none = "this profile has no DataCash endpoint".to_owned();
        send(match job {
            Job::Find { asked, windows } => Msg::Window {
                asked,
                index: 1,
                total: windows.len(),
                result: Err(none),
            },
            Job::Send(document) => Msg::Sent {
                lines: document.elementi_contabili,
                result: Err(vec![none]),
            },
            Job::Void { idtrx } => Msg::Voided {
                idtrx,
                result: Err(vec![none]),
            },
            Job::Return { idtrx, .. } => Msg::Returned {
                idtrx,
                result: Err(vec![none]),
            },
        });
        return;
    };
    match job {
        Job::Find { asked, windows } => {
            let total = windows.len();
            for (i, (start, end)) in windows.into_iter().enumerate() {
                let result = datacash
                    .find_documents(start, end)
                    .await
                    .map_err(|e| words(&e).join(" · "));
                let failed = result.is_err();
                send(Msg::Window {
                    asked,
                    index: i + 1,
                    total,
                    result,
                });
                if failed {
                    return;
                }
            }
        }
        Job::Send(document) => {
            let result = datacash
                .send_document(&document)
                .await
                .map_err(|e| words(&e));
            send(Msg::Sent {
                lines: document.elementi_contabili,
                result,
            });
        }
        Job::Void { idtrx } => {
            let result = datacash.void_document(&idtrx).await.map_err(|e| words(&e));
            send(Msg::Voided { idtrx, result });
        }
        Job::Return { idtrx, lines } => {
            let result = datacash
                .return_document(&idtrx, &lines)
                .await
                .map_err(|e| words(&e));
            send(Msg::Returned { idtrx, result });
        }
    }
}

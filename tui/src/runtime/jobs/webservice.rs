//! The jobs of the webservice screen: one `Get`.

use super::Reply;
use crate::runtime::profiles::Clients;
use crate::screens::Msg as ScreenMsg;
use crate::screens::webservice::{Job, Msg};

/// Runs one job.
pub(super) async fn run(clients: &Clients, job: Job, reply: &Reply) {
    let Job::Get { asked, query } = job;
    let result = match clients.webservice.as_ref() {
        // The WebService's own message, as is (`ClientError::WebService` shows only it).
        Some(ws) => ws.get(&query).await.map_err(|e| e.to_string()),
        None => Err("this profile has no WebService".to_owned()),
    };
    reply.send(ScreenMsg::WebService(Msg::Got {
        asked,
        query,
        result,
    }));
}

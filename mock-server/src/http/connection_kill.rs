//! [`ConnectionKill`]: the switch the accept loop puts in every request, with which the fault
//! layer drops a connection on purpose (the harness's "dropped connection" fault).

use std::sync::Arc;
use tokio::sync::Notify;

/// Closes the connection a request came on, without an answer. Present in every request's
/// extensions.
#[derive(Clone, Debug)]
pub struct ConnectionKill(pub(crate) Arc<Notify>);

impl ConnectionKill {
    /// Drops the connection: the client sees it closed with no response.
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

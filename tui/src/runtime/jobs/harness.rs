//! The jobs of the harness screen.

use super::Reply;
use crate::runtime::profiles::Clients;
use crate::screens::harness::Job;

/// Runs one job.
pub(super) async fn run(clients: &Clients, job: Job, reply: &Reply) {
    let _ = (clients, reply);
    match job {}
}

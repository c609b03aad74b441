//! The jobs of the screens from 5 on: each screen's module here runs its `Job`s with the open
//! profile's clients and sends its `Msg`s back through a [`Reply`].

mod documents;
mod harness;
mod statistics;
mod webservice;

use super::profiles::Clients;
use crate::app::Action;
use crate::screens::{self, Job};
use tokio::sync::mpsc::UnboundedSender;

/// Where a job sends what it has to say: as actions of its connection's generation.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    tx: UnboundedSender<Action>,
    generation: u64,
}

impl Reply {
    /// A reply for the jobs of `generation`.
    pub(crate) fn new(tx: UnboundedSender<Action>, generation: u64) -> Reply {
        Reply { tx, generation }
    }

    /// Sends `msg`; false when the console is gone (the job may stop).
    pub(crate) fn send(&self, msg: screens::Msg) -> bool {
        self.tx
            .send(Action::Screen {
                generation: self.generation,
                msg,
            })
            .is_ok()
    }
}

/// Runs `job` to its end.
pub(crate) async fn run(clients: &Clients, job: Job, reply: Reply) {
    match job {
        Job::Statistics(job) => statistics::run(clients, job, &reply).await,
        Job::Documents(job) => documents::run(clients, job, &reply).await,
        Job::WebService(job) => webservice::run(clients, job, &reply).await,
        Job::Harness(job) => harness::run(clients, job, &reply).await,
    }
}

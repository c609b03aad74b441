//! # dckit-mock
//!
//! A stateful, offline mock of the DataCash document API, its account area, and the
//! WebService of Billing Extension for WHMCS — same paths, fields, status codes and error
//! messages as the contracts in `dckit-contracts`.
//!
//! Use it as the `dckit-mock` binary, or start one inside a test:
//!
//! ```no_run
//! # async fn demo() -> Result<(), dckit_mock::StartError> {
//! let server = dckit_mock::MockServer::start(dckit_mock::Config::ephemeral()).await?;
//! println!("{}", server.base_url());
//! # Ok(()) }
//! ```

mod admin;
#[cfg(test)]
mod bad_input;
mod case_vars;
pub mod clock;
pub mod config;
pub mod credentials;
mod datacash;
mod front;
#[doc(hidden)]
pub mod fuzzing;
mod handle;
pub mod logging;
mod openapi;
mod path_params;
mod portal;
mod problem;
mod routes;
pub mod secrets;
pub mod seed;
pub mod serve;
mod server;
pub mod shutdown;
pub mod state;
pub mod store;
mod webservice;

pub use admin::clock::ClockState;
pub use admin::datacash::{AgencyState, CredentialsState, Deliveries, WebhookState};
pub use admin::faults::{Fault, FaultAction, FaultId, FaultRule};
pub use admin::journal::{
    AppliedFault, JOURNAL_CAPACITY, JournalEntry, JournalFilter, StatusFilter, StatusFilterError,
};
pub use clock::Clock;
pub use config::Config;
pub use handle::{MockServer, StartError};

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

mod account;
mod admin;
#[cfg(test)]
mod bad_input;
pub mod clock;
pub mod config;
pub mod credentials;
mod datacash;
pub mod db;
#[doc(hidden)]
pub mod fuzzing;
mod http;
pub mod logging;
pub mod secrets;
pub mod seed;
pub mod server;
pub mod state;
mod surface;
mod webservice;

pub use admin::clock::ClockState;
pub use admin::datacash::{AgencyState, CredentialsState, Deliveries, WebhookState};
pub use admin::faults::{Fault, FaultAction, FaultId, FaultRule};
pub use admin::journal::{
    AppliedFault, JOURNAL_CAPACITY, JournalEntry, JournalFilter, StatusFilter, StatusFilterError,
};
pub use clock::Clock;
pub use config::Config;
pub use server::mock_server::{MockServer, StartError};

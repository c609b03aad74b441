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
#[cfg(test)]
mod bad_input;
mod case_vars;
pub mod clock;
pub mod config;
pub mod credentials;
mod datacash;
pub mod db;
#[doc(hidden)]
pub mod fuzzing;
mod harness;
mod http;
pub mod lifecycle;
pub mod logging;
pub mod secrets;
pub mod seed;
pub mod server;
pub mod state;
pub mod surface;
mod webservice;

pub use clock::Clock;
pub use config::Config;
pub use harness::{
    AgencyState, AppliedFault, ClockState, CredentialsState, Deliveries, Fault, FaultAction,
    FaultId, FaultRule, JOURNAL_CAPACITY, JournalEntry, JournalFilter, StatusFilter,
    StatusFilterError, WebhookState,
};
pub use server::mock_server::{MockServer, StartError};

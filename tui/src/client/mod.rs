//! The console's typed HTTP clients, kept apart from the UI: one client per API, each
//! answering the contracts' model types or a [`ClientError`] worded for a status line.
//!
//! * [`PortalClient`] — the account area (`/portal/v1`): account, contract, licences, keys,
//!   add-ons, counters, stores and devices, statistics, the exports as [`Download`]s and the
//!   live counter stream ([`EventStream`] of [`StreamEvent`]s).
//! * [`DataCashClient`] — the DataCash document API (`/api/dco`).
//! * [`WebServiceClient`] — the Billing Extension WebService for WHMCS.
//! * [`HarnessClient`] — the mock's harness (`/__admin`).
//!
//! Every client is built from a base URL (a root such as `http://127.0.0.1:8080`, or one with
//! a prefix, `https://host/prefix`, which every path keeps), its secret (a
//! [`Secret`](crate::secret::Secret), sent in a header marked sensitive) and
//! [`ClientOptions`]. Building one sends nothing; each call is one request. Clients are cheap
//! to clone and share one connection pool per client.
//!
//! ```no_run
//! # async fn demo() -> Result<(), dckit_tui::client::ClientError> {
//! use dckit_tui::client::{ClientOptions, PortalClient};
//! use dckit_tui::secret::Secret;
//!
//! let portal = PortalClient::new(
//!     "http://127.0.0.1:8080",
//!     Secret::new("pt_…"),
//!     &ClientOptions::default(),
//! )?;
//! match portal.create_key("01234567897", "Cassa 3").await {
//!     Ok(created) => println!("new key {}", created.api_key.id),
//!     Err(e) if e.code() == Some("key-limit-reached") => println!("{e} (buy an add-on?)"),
//!     Err(e) => println!("{e}"),
//! }
//! # Ok(()) }
//! ```

mod datacash;
mod download;
mod error;
mod events;
mod harness;
mod http;
mod options;
mod portal;
mod webservice;

pub use datacash::DataCashClient;
pub use dckit_contracts::model::portal::StatsTarget;
pub use download::Download;
pub use error::ClientError;
pub use events::{DEFAULT_IDLE_TIMEOUT, EventStream, SseItem, SseParser, StreamEvent};
pub use harness::{HarnessClient, JournalQuery};
pub use options::{ClientOptions, USER_AGENT, build_http_client};
pub use portal::PortalClient;
pub use webservice::{WebServiceClient, WsQuery};

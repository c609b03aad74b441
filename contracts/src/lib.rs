//! # dckit-contracts
//!
//! One source of truth for the two APIs dckit reproduces — the **DataCash** document API
//! (documento commerciale online) with its account area, and the **WebService** of Billing
//! Extension for WHMCS. Both sides build on it: the mock server answers with these models and
//! errors, the console parses them, and the recorded [`cases`] verify any server over HTTP.
//!
//! Invariant: apart from [`cases`] (which reads case files and replays them over HTTP), this
//! crate does no I/O.
//!
//! # Cargo features
//!
//! * `runner` (off by default): the case runner, `cases::Runner` and `cases::run_cases`, which
//!   replays cases over HTTP and so depends on an HTTP client (reqwest). Without it the crate
//!   has no HTTP client: the models, errors, keywords, fiscal validators, OpenAPI documents and
//!   the case files (load, check) are all there.

// Without the runner, the links of its docs to `Runner` have no target.
#[cfg_attr(not(feature = "runner"), allow(rustdoc::broken_intra_doc_links))]
pub mod cases;
pub mod errors;
pub mod fiscal;
pub mod keywords;
pub mod model;
pub mod openapi;

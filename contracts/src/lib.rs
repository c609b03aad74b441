//! # dckit-contracts
//!
//! One source of truth for the two APIs dckit reproduces — the **DataCash** document API
//! (documento commerciale online) with its account area, and the **WebService** of Billing
//! Extension for WHMCS. Both sides build on it: the mock server answers with these models and
//! errors, the console parses them, and the recorded [`cases`] verify any server over HTTP.
//!
//! Invariant: apart from [`cases`] (which reads case files and replays them over HTTP), this
//! crate does no I/O.

pub mod cases;
pub mod errors;
pub mod fiscal;
pub mod keywords;
pub mod model;
pub mod openapi;

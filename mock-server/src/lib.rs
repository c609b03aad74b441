//! # dckit-mock
//!
//! A stateful, offline mock of the DataCash and WebService APIs.

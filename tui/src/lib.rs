//! # dckit-tui
//!
//! The terminal admin console.

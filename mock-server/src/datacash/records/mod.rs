//! The documents in the store: issuing one (number, counters, lines, payments in one go),
//! loading one with what happened to it since, and listing them by day.
//!
//! Every function runs inside a store job, so a document and its counters are written in the
//! same transaction.

mod issue;
mod list;
mod load;
mod rows;

pub(crate) use issue::{Counted, IDTRX_BASE, Issued, device_of_key, issue, progressivo};
pub(crate) use list::{Seller, list, seller};
#[cfg(test)]
pub(crate) use load::Returns;
pub(crate) use load::{StoredDocument, exists, load};
pub(crate) use rows::{NewDocument, StoredLine};

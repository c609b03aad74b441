//! The harness: what tests and scripts use to drive the mock (mock-server/HARNESS.md) — the
//! clock's changes, the fault rules and which one applies to a request, the journal of the
//! requests answered (headers redacted), the DataCash switches (tax agency, webhook, expired
//! credentials), regenerating the data and the WebService token.
//!
//! [`Harness`] is the one handle on these operations; the `/__admin` routes of the HTTP
//! layer and the helpers of [`crate::MockServer`] both call it, so they behave alike. Nothing
//! here knows about HTTP: the request layers that apply the rules and fill the journal are
//! the HTTP layer's.

mod clock;
mod fault_rule;
mod faults;
mod glob;
mod journal;
mod journal_filter;
mod redact;
mod service;
mod switches;

pub(crate) use clock::ClockChange;
pub use clock::ClockState;
pub use fault_rule::{Fault, FaultAction, FaultId, FaultRule};
pub(crate) use faults::{Faults, Hit};
pub use journal::{AppliedFault, JOURNAL_CAPACITY, JournalEntry};
pub(crate) use journal::{Journal, Record};
pub use journal_filter::{JournalFilter, StatusFilter, StatusFilterError};
pub(crate) use redact::{RedactedHeaders, redact_query};
pub(crate) use service::{Harness, ServerData};
pub(crate) use switches::body_invalid;
pub use switches::{AgencyState, CredentialsState, Deliveries, WebhookState};

/// The harness's answer when the database fails: `AdminInternal` with the cause, logged.
fn internal(e: crate::db::DbError) -> dckit_contracts::errors::CatalogueError {
    tracing::error!("admin operation failed: {e}");
    dckit_contracts::errors::ErrorCode::AdminInternal.with(&[("detail", &e.to_string())])
}

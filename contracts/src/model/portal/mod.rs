//! The account area under `/portal/v1` (`mock-server/PORTAL.md`): account, contract and licences, API
//! keys, add-ons, document counters, stores and devices, statistics.
//!
//! Wire conventions, the same for every type here:
//! * field names in English camelCase;
//! * amounts are [`Money2`](crate::model::money::Money2) strings with 2 decimals (`"12.50"`);
//! * days are `YYYY-MM-DD` ([`chrono::NaiveDate`]), instants RFC 3339 with the offset
//!   ([`Timestamp`], e.g. `2026-02-15T10:31:07+01:00`);
//! * an absent optional value is written as `null`, never left out (and read as absent when
//!   left out);
//! * refusals are [`Problem`](crate::model::problem::Problem)s (`application/problem+json`).

mod account;
mod addons;
mod counters;
mod keys;
mod stats;
mod stores;

pub use account::{Account, Contract, KeySlots, Licence, LicenceState, RenewRequest};
pub use addons::{AddonType, BuyAddonRequest, CatalogueEntry, Purchase, PurchaseState};
pub use counters::{
    Counter, CounterDocumentRow, CounterEvent, DocumentKind, DocumentsFormat, Instance,
};
pub use keys::{ApiKey, CreateKeyRequest, CreatedKey, KeyState, LabelRequest, mask_key};
pub use stats::{
    DailyTotal, ItemTotal, PaymentTotal, Stats, StatsQuery, StatsTarget, VatTotal, latest_to,
};
pub use stores::{Device, DeviceKind, MoveDeviceRequest, Store};

/// An instant on the wire: RFC 3339 with the offset it was taken in (Europe/Rome for the mock).
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;

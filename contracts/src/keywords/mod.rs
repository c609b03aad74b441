//! The date selection of the WebService's `action=Get`: turns its `start` and `end` parameters
//! into the days they select, given today's date.
//!
//! `start` is a strict `YYYY-MM-DD` date, a whole number of days N (today−N … today), or one of
//! the [`Keyword`]s, case-insensitive; left empty it selects everything. `end` narrows a date
//! `start` to a range and is refused with any other `start`. Monday is the first day of the
//! week. [`resolve`] does the whole job and reports mistakes as [`KeywordError`]s whose messages
//! are the catalogue's (`WsStartInvalid`, `WsEndInvalid`, `WsEndWithoutDateStart`,
//! `WsEndBeforeStart`).
//!
//! *Rationale:* today is a parameter, never read from a clock, so the mock can freeze time and the
//! tests can walk the calendar's corners.

mod keyword;
mod range;
mod resolve;

pub use keyword::Keyword;
pub use range::{DateRange, Selection};
pub use resolve::{KeywordError, resolve};

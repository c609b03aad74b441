//! Italian tax identifiers — the partita IVA and the codice fiscale — validated by the rules of
//! the Agenzia delle Entrate's own checking program (Sogei's `UCheckNum` and `UCheckDigit`),
//! with error messages in Italian.
//!
//! * [`PartitaIva`]: 11 digits, a valid provincial office code and a correct check digit.
//! * [`CodiceFiscale`]: 16 characters for a person (omocodia included), or 11 digits for
//!   companies and other bodies, checked like a partita IVA.
//!
//! Both parse from text ([`PartitaIva::parse`], [`CodiceFiscale::parse`], or `FromStr`), print
//! as their canonical form and travel through serde as plain strings that are validated when
//! read. Every mistake is a [`FiscalError`] whose message is one Italian sentence naming the
//! value and what is expected.

mod codice_fiscale;
mod error;
mod partita_iva;

pub use codice_fiscale::{CodiceFiscale, CodiceFiscaleKind};
pub use error::{FiscalError, Identifier, Part};
pub use partita_iva::PartitaIva;

//! The partita IVA and codice fiscale validators: never panic, what they accept parses back to
//! itself, and every message is one sentence that fits the catalogue entries quoting it.
#![no_main]

use dckit_contracts::errors::{Api, ErrorCode};
use dckit_contracts::fiscal::{CodiceFiscale, FiscalError, PartitaIva};
use libfuzzer_sys::fuzz_target;

fn check_message(error: &FiscalError, text: &str) {
    let message = error.to_string();
    assert!(message.ends_with('.'), "{message:?}");
    // As the account area quotes it when a key is created.
    let refused = ErrorCode::PortalPartitaIvaInvalid.with(&[("value", text), ("reason", &message)]);
    dckit_fuzz::assert_catalogue(Api::Portal, &refused, text.as_bytes());
}

fuzz_target!(|text: &str| {
    match PartitaIva::parse(text) {
        Ok(piva) => {
            assert_eq!(piva.as_str().len(), 11);
            assert_eq!(PartitaIva::parse(piva.as_str()), Ok(piva.clone()));
        }
        Err(error) => check_message(&error, text),
    }
    match CodiceFiscale::parse(text) {
        Ok(cf) => assert_eq!(CodiceFiscale::parse(cf.as_str()), Ok(cf.clone())),
        Err(error) => check_message(&error, text),
    }
});

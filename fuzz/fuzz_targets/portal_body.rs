//! The account area's JSON bodies (the first byte picks the route, the rest is the body): never
//! a panic, every rejection an account-area catalogue error.
#![no_main]

use dckit_contracts::errors::Api;
use dckit_mock::fuzzing::{PortalBody, portal_body};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let which = PortalBody::ALL[usize::from(pick) % PortalBody::ALL.len()];
    if let Err(error) = portal_body(which, body) {
        dckit_fuzz::assert_catalogue(Api::Portal, &error, body);
    }
});

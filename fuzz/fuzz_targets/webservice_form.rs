//! The WebService form (the first byte picks the content type, the rest is the body): never a
//! panic, every rejection a WebService catalogue error.
#![no_main]

use dckit_contracts::errors::Api;
use dckit_mock::fuzzing::webservice_form;
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&[u8]>; 4] = [
    None,
    Some(b"application/x-www-form-urlencoded"),
    Some(b"application/x-www-form-urlencoded; charset=UTF-8"),
    Some(b"application/json"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(pick) % CONTENT_TYPES.len()];
    if let Err(error) = webservice_form(content_type, body) {
        dckit_fuzz::assert_catalogue(Api::WebService, &error, body);
    }
});

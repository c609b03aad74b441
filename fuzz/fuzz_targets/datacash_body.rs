//! DataCash bodies (`sendDocument` above all; the first byte picks the body, the rest is the
//! body): never a panic, every rejection a DataCash catalogue error.
#![no_main]

use dckit_contracts::errors::Api;
use dckit_mock::fuzzing::{DataCashBody, datacash_body, datacash_credentials};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let outcome = match pick % 8 {
        0 => datacash_body(DataCashBody::ReturnDocument, body),
        1 => datacash_body(DataCashBody::FindDocuments, body),
        2 => datacash_credentials(body),
        _ => datacash_body(DataCashBody::SendDocument, body),
    };
    if let Err(error) = outcome {
        dckit_fuzz::assert_catalogue(Api::DataCash, &error, body);
    }
});

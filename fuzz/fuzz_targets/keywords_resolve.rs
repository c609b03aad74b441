//! The WebService's `start`/`end` resolver: never panics, ranges are ordered, and every
//! rejection is a WebService catalogue error.
#![no_main]

use chrono::NaiveDate;
use dckit_contracts::errors::Api;
use dckit_contracts::keywords::{Selection, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Option<&str>, Option<&str>, i32)| {
    let (start, end, days) = input;
    let today = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
    match resolve(start, end, today) {
        Ok(Selection::Range(range)) => assert!(range.start <= range.end, "{range:?}"),
        Ok(Selection::All) => {}
        Err(error) => {
            let catalogue = error.catalogue();
            assert_eq!(catalogue.message, error.to_string());
            let sent = format!("{start:?}{end:?}");
            dckit_fuzz::assert_catalogue(Api::WebService, &catalogue, sent.as_bytes());
        }
    }
});

//! What every fuzz target asserts about a rejection: an error of the right API whose message is
//! its catalogue template with every placeholder filled.

use dckit_contracts::errors::{Api, CatalogueError};

/// Panics (a crash for libFuzzer) unless `error` belongs to `api` and its message is its
/// template filled in. A value that is itself a placeholder (`{value}` sent as the value, maybe
/// percent- or JSON-escaped) cannot be told from an unfilled one, so an error is not judged on a
/// placeholder whose name the `input` holds.
pub fn assert_catalogue(api: Api, error: &CatalogueError, input: &[u8]) {
    assert_eq!(error.code.api(), api, "{error:?}");
    if error.code.values_in(&error.message).is_none() {
        let echoed = error
            .code
            .spec()
            .placeholders()
            .iter()
            .any(|name| contains(input, name.as_bytes()));
        assert!(echoed, "not the catalogue's message: {error:?}");
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

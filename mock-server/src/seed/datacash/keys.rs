//! The seeded keys' values and partite IVA, drawn from the seed.

use crate::db::DbError;
use dckit_contracts::fiscal::PartitaIva;
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

/// The alphabet of API keys (as `secrets::generate`).
const KEY_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/// The clear values of the seeded keys other than the demo key: `[active, deactivated]`.
pub(crate) fn other_keys(seed: u64) -> [String; 2] {
    draw_keys(&mut crate::seed::rng(seed, "datacash"))
}

/// Two API keys drawn from `rng`.
pub(super) fn draw_keys(rng: &mut ChaCha8Rng) -> [String; 2] {
    let mut key = || {
        let body: String = (0..32)
            .map(|_| char::from(*KEY_ALPHABET.choose(rng).unwrap_or(&b'A')))
            .collect();
        format!("dk_live_{body}")
    };
    [key(), key()]
}

/// A fresh demo key value (random, not from the seed): the one made for a new data directory.
pub(crate) fn new_demo_key() -> String {
    crate::secrets::generate("dk_live_", 32)
}

/// The `dc_keys` id of the demo key.
pub(crate) const DEMO_KEY_ID: i64 = 1;

/// A partita IVA drawn at random, with a valid office code and check digit.
pub(super) fn partita_iva(rng: &mut ChaCha8Rng) -> Result<String, DbError> {
    let number: u32 = rng.random_range(1_000_000..9_999_999);
    let office: u32 = rng.random_range(1..=100);
    let first10 = format!("{number:07}{office:03}");
    PartitaIva::with_check_digit(&first10)
        .map(|p| p.as_str().to_owned())
        .map_err(|e| DbError::Corrupt(format!("generated partita IVA {first10}: {e}")))
}

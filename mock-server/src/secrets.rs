//! Secrets: random tokens and keys, their hashes, and constant-time comparison.
//!
//! API keys are stored as SHA-256 hashes: they are 160-bit random strings, so a fast hash is
//! enough (there is nothing to brute-force). Presented secrets are compared in constant time.

use rand::Rng;
use sha2::{Digest, Sha256};
use std::sync::{PoisonError, RwLock};
use subtle::ConstantTimeEq;

/// The alphabet of generated secrets: unambiguous to read aloud and URL-safe.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/// A fresh random secret: `prefix` followed by `len` characters from a 57-letter alphabet.
pub fn generate(prefix: &str, len: usize) -> String {
    // `rand::rng()` is a ChaCha-based CSPRNG seeded and periodically reseeded from the OS.
    let mut rng = rand::rng();
    let mut out = String::with_capacity(prefix.len() + len);
    out.push_str(prefix);
    for _ in 0..len {
        let i = rng.random_range(0..ALPHABET.len());
        out.push(char::from(ALPHABET[i]));
    }
    out
}

/// The SHA-256 hash of a secret, as stored.
pub fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// The stored hash as lowercase hex.
pub fn hash_hex(secret: &str) -> String {
    hex::encode(hash(secret))
}

/// Whether `presented` equals `expected`, in time independent of where they differ.
pub fn equal(presented: &str, expected: &str) -> bool {
    // Hashing first makes the comparison independent of the lengths too.
    hash(presented).ct_eq(&hash(expected)).into()
}

/// Whether `presented` hashes to `stored`, in constant time.
pub fn matches_hash(presented: &str, stored: &[u8; 32]) -> bool {
    hash(presented).ct_eq(stored).into()
}

/// The form in which a key may be shown after creation: a short prefix and the last 4
/// characters, e.g. `dk_live_Ab…xY9z`.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 12 {
        return "…".to_owned();
    }
    let head: String = chars[..10].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_have_prefix_length_and_alphabet() {
        let a = generate("dk_live_", 32);
        let b = generate("dk_live_", 32);
        assert!(a.starts_with("dk_live_"));
        assert_eq!(a.len(), 8 + 32);
        assert_ne!(a, b);
        assert!(a[8..].bytes().all(|c| ALPHABET.contains(&c)));
    }

    #[test]
    fn comparison_table() {
        let cases = [
            ("abc", "abc", true),
            ("abc", "abd", false),
            ("abc", "abcd", false),
            ("", "", true),
            ("", "x", false),
        ];
        for (a, b, expected) in cases {
            assert_eq!(equal(a, b), expected, "{a:?} vs {b:?}");
            assert_eq!(
                matches_hash(a, &hash(b)),
                expected,
                "{a:?} vs hash of {b:?}"
            );
        }
    }

    #[test]
    fn mask_keeps_only_prefix_and_last_four() {
        let key = "dk_live_ABCDEFGHJKLMNPQRSTUVWXYZabcd";
        let masked = mask(key);
        assert_eq!(masked, "dk_live_AB…abcd");
        assert!(!masked.contains("CDEFGH"));
        assert_eq!(mask("short"), "…");
    }
}

/// The server's secrets. Printed once in the start banner, never logged.
#[derive(Debug)]
pub struct Tokens {
    webservice: RwLock<String>,
    /// The bearer token of the account area (`/portal/v1`).
    pub portal: String,
    /// The bearer token of the harness (`/__admin`).
    pub admin: String,
}

impl Tokens {
    /// Tokens from their stored values.
    pub fn new(webservice: String, portal: String, admin: String) -> Tokens {
        Tokens {
            webservice: RwLock::new(webservice),
            portal,
            admin,
        }
    }

    /// The current WebService token.
    pub fn webservice(&self) -> String {
        self.webservice
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether `presented` is the WebService token, compared in constant time.
    pub fn is_webservice(&self, presented: &str) -> bool {
        let current = self
            .webservice
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        equal(presented, &current)
    }

    pub(crate) fn set_webservice(&self, token: String) {
        *self
            .webservice
            .write()
            .unwrap_or_else(PoisonError::into_inner) = token;
    }
}

//! Producing `ade_credentials_encrypted`: Fisconline credentials as JSON, OpenPGP-encrypted
//! to the service's public key and ASCII-armored — what `dckit-mock credentials` prints, so
//! integrators can make a blob without writing OpenPGP code.
//!
//! ```no_run
//! # async fn demo() -> Result<(), dckit_mock::credentials::CredentialsError> {
//! use dckit_contracts::model::datacash::Credentials;
//! let key = dckit_mock::credentials::fetch_public_key("http://127.0.0.1:8080").await?;
//! let blob = dckit_mock::credentials::encrypt(&key, &Credentials {
//!     codice_fiscale: "RSSMRA80A01H501U".into(),
//!     password: "Segreta!2026".into(),
//!     pin: "1234567890".into(),
//!     partita_iva: "01234567897".into(),
//! })?;
//! assert!(blob.starts_with("-----BEGIN PGP MESSAGE-----"));
//! # Ok(()) }
//! ```

use dckit_contracts::model::datacash::Credentials;
use pgp::composed::{ArmorOptions, MessageBuilder};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::KeyDetails;
use std::time::Duration;

/// The path of the armored public key on a running mock.
pub const PUBLIC_KEY_PATH: &str = "/api/dco/pgp-key";

/// Why credentials could not be encrypted.
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// The public key cannot be read or has no encryption subkey.
    #[error("unusable public key: {0}")]
    PublicKey(String),
    /// Encryption failed.
    #[error("cannot encrypt the credentials: {0}")]
    Encrypt(String),
    /// The public key could not be fetched from the server.
    #[error("cannot fetch the public key from {url}: {detail}")]
    Fetch {
        /// The URL asked.
        url: String,
        /// What went wrong.
        detail: String,
    },
}

/// Encrypts `credentials` (as `{"codiceFiscale","password","pin","partitaIva"}`) to the armored
/// public key `public_key` and returns the armored message.
pub fn encrypt(public_key: &str, credentials: &Credentials) -> Result<String, CredentialsError> {
    let json =
        serde_json::to_vec(credentials).map_err(|e| CredentialsError::Encrypt(e.to_string()))?;
    encrypt_bytes(public_key, json)
}

/// Encrypts any plaintext to the armored public key `public_key` (SEIPD v1, AES-256).
pub(crate) fn encrypt_bytes(
    public_key: &str,
    plaintext: Vec<u8>,
) -> Result<String, CredentialsError> {
    let key = crate::datacash::pgp::parse_public_key(public_key)
        .map_err(|e| CredentialsError::PublicKey(e.to_string()))?;
    let subkey = key
        .public_subkeys
        .iter()
        .find(|k| k.algorithm().can_encrypt())
        .ok_or_else(|| CredentialsError::PublicKey("no encryption subkey".into()))?;
    let rng = rand08::rngs::OsRng;
    let mut builder =
        MessageBuilder::from_bytes("", plaintext).seipd_v1(rng, SymmetricKeyAlgorithm::AES256);
    builder
        .encrypt_to_key(rng, &subkey)
        .map_err(|e| CredentialsError::Encrypt(e.to_string()))?;
    builder
        .to_armored_string(rng, ArmorOptions::default())
        .map_err(|e| CredentialsError::Encrypt(e.to_string()))
}

/// Fetches the armored public key of the mock at `base_url` (e.g. `http://127.0.0.1:8080`).
pub async fn fetch_public_key(base_url: &str) -> Result<String, CredentialsError> {
    let url = format!("{}{PUBLIC_KEY_PATH}", base_url.trim_end_matches('/'));
    let fail = |detail: String| CredentialsError::Fetch {
        url: url.clone(),
        detail,
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let response = client
        .get(&url)
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| fail(e.to_string()))?;
    if !status.is_success() {
        return Err(fail(format!("HTTP {status}")));
    }
    if !text.contains("BEGIN PGP PUBLIC KEY BLOCK") {
        return Err(fail("the answer is not an armored public key".into()));
    }
    Ok(text)
}

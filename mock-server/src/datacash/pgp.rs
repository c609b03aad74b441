//! The service's OpenPGP key pair: generated at first start, kept in the store, and used to
//! read `ade_credentials_encrypted`.
//!
//! The key is an Ed25519 primary key (certification only) with a Curve25519 ECDH subkey for
//! encryption — the shape `gpg --quick-gen-key` makes by default, so `gpg --encrypt` works
//! with the served public key too.
//!
//! Rationale: Curve25519 keys are generated in milliseconds even in debug builds; RSA takes
//! seconds.

use pgp::composed::{
    ArmorOptions, Deserializable, EncryptionCaps, KeyType, Message, SecretKeyParamsBuilder,
    SignedPublicKey, SignedSecretKey, SubkeyParamsBuilder,
};
use pgp::crypto::ecc_curve::ECCCurve;
use pgp::types::Password;
use std::io::Read;

/// The most plaintext a credentials message may hold; more is refused unread.
const MAX_PLAINTEXT: u64 = 64 * 1024;

/// Why the service key could not be made or read, or a message not decrypted.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PgpError {
    /// Key generation or (de)serialisation failed.
    #[error("OpenPGP key: {0}")]
    Key(String),
    /// The text is not an armored OpenPGP message.
    #[error("non è un messaggio OpenPGP in formato ASCII armor")]
    NotAMessage,
    /// The message is not encrypted to the service's key.
    #[error("il messaggio non è cifrato con la chiave pubblica del servizio")]
    WrongKey,
    /// The message could not be decrypted or read.
    #[error("il messaggio OpenPGP non si decifra")]
    Undecryptable,
    /// The plaintext is larger than credentials can be.
    #[error("il contenuto decifrato supera {MAX_PLAINTEXT} byte")]
    TooLarge,
}

/// The service's key pair, with the armored public key as served.
pub(crate) struct ServiceKey {
    secret: SignedSecretKey,
    public_armored: String,
}

impl ServiceKey {
    /// A fresh key pair.
    pub(crate) fn generate() -> Result<ServiceKey, PgpError> {
        let key_err = |e: &dyn std::fmt::Display| PgpError::Key(e.to_string());
        let mut encrypt = SubkeyParamsBuilder::default();
        encrypt
            .key_type(KeyType::ECDH(ECCCurve::Curve25519Legacy))
            .can_sign(false)
            .can_encrypt(EncryptionCaps::All)
            .can_authenticate(false);
        let mut params = SecretKeyParamsBuilder::default();
        params
            .key_type(KeyType::Ed25519Legacy)
            .can_certify(true)
            .can_sign(false)
            .can_encrypt(EncryptionCaps::None)
            .primary_user_id("dckit-mock DataCash <datacash@dckit.invalid>".into())
            .subkeys(vec![encrypt.build().map_err(|e| key_err(&e))?]);
        let secret = params
            .build()
            .map_err(|e| key_err(&e))?
            .generate(rand08::rngs::OsRng)
            .map_err(|e| key_err(&e))?;
        Self::from_secret(secret)
    }

    /// The key pair stored as an armored secret key.
    pub(crate) fn from_armored(text: &str) -> Result<ServiceKey, PgpError> {
        let (secret, _) =
            SignedSecretKey::from_string(text).map_err(|e| PgpError::Key(e.to_string()))?;
        Self::from_secret(secret)
    }

    fn from_secret(secret: SignedSecretKey) -> Result<ServiceKey, PgpError> {
        let public_armored = secret
            .to_public_key()
            .to_armored_string(ArmorOptions::default())
            .map_err(|e| PgpError::Key(e.to_string()))?;
        Ok(ServiceKey {
            secret,
            public_armored,
        })
    }

    /// The secret key, armored, for the store.
    pub(crate) fn secret_armored(&self) -> Result<String, PgpError> {
        self.secret
            .to_armored_string(ArmorOptions::default())
            .map_err(|e| PgpError::Key(e.to_string()))
    }

    /// The public key, armored (`-----BEGIN PGP PUBLIC KEY BLOCK-----`).
    pub(crate) fn public_armored(&self) -> &str {
        &self.public_armored
    }

    /// The public key.
    #[cfg(test)]
    pub(crate) fn public_key(&self) -> SignedPublicKey {
        self.secret.to_public_key()
    }

    /// Decrypts an armored message encrypted to this key (compressed or not) and returns its
    /// plaintext. Never panics on malformed input.
    pub(crate) fn decrypt(&self, armored: &str) -> Result<Vec<u8>, PgpError> {
        // The parser is fuzzed upstream; the guard keeps a bug there from taking a worker down.
        std::panic::catch_unwind(|| self.decrypt_inner(armored))
            .unwrap_or(Err(PgpError::Undecryptable))
    }

    fn decrypt_inner(&self, armored: &str) -> Result<Vec<u8>, PgpError> {
        let (message, _) = Message::from_string(armored).map_err(|_| PgpError::NotAMessage)?;
        if !message.is_encrypted() {
            return Err(PgpError::WrongKey);
        }
        let mut message =
            message
                .decrypt(&Password::empty(), &self.secret)
                .map_err(|e| match e {
                    pgp::errors::Error::MissingKey => PgpError::WrongKey,
                    _ => PgpError::Undecryptable,
                })?;
        if message.is_compressed() {
            message = message.decompress().map_err(|_| PgpError::Undecryptable)?;
        }
        let mut out = Vec::new();
        message
            .by_ref()
            .take(MAX_PLAINTEXT + 1)
            .read_to_end(&mut out)
            .map_err(|_| PgpError::Undecryptable)?;
        if out.len() as u64 > MAX_PLAINTEXT {
            return Err(PgpError::TooLarge);
        }
        Ok(out)
    }
}

/// Reads an armored public key (`GET /api/dco/pgp-key`).
pub(crate) fn parse_public_key(armored: &str) -> Result<SignedPublicKey, PgpError> {
    SignedPublicKey::from_string(armored)
        .map(|(key, _)| key)
        .map_err(|e| PgpError::Key(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_encrypted_to_the_public_key_decrypts_and_others_do_not() {
        let key = ServiceKey::generate().unwrap();
        let stored = ServiceKey::from_armored(&key.secret_armored().unwrap()).unwrap();
        assert_eq!(stored.public_armored(), key.public_armored());
        assert!(
            key.public_armored()
                .starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----")
        );
        let blob =
            crate::credentials::encrypt_bytes(key.public_armored(), b"{\"a\":1}".to_vec()).unwrap();
        assert!(blob.starts_with("-----BEGIN PGP MESSAGE-----"));
        assert_eq!(stored.decrypt(&blob).unwrap(), b"{\"a\":1}");
        let _ = key.public_key();

        let other = ServiceKey::generate().unwrap();
        let foreign =
            crate::credentials::encrypt_bytes(other.public_armored(), b"{}".to_vec()).unwrap();
        let cases: &[(&str, &str)] = &[
            (&foreign, "non è cifrato con la chiave"),
            ("not pgp at all", "ASCII armor"),
            ("", "ASCII armor"),
            (
                "-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----\n",
                "",
            ),
            (key.public_armored(), ""),
        ];
        for (text, needle) in cases {
            let err = key.decrypt(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{text:.40}: {err}");
        }
    }
}

//! API keys: listed masked, shown in clear once at creation.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::model::wire_enum;

/// An API key as listed (`GET /portal/v1/keys`): never the key itself, only its mask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    /// The key's id (not the key).
    pub id: String,
    /// A label chosen by the user.
    pub label: String,
    /// The one partita IVA the key works for.
    pub partita_iva: String,
    /// The key with its secret part hidden, as made by [`mask_key`] (`dk_live_ab12…wxyz`).
    pub masked_key: String,
    /// Whether the key is active or deactivated.
    pub state: KeyState,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was deactivated; `null` while active.
    pub deactivated_at: Option<Timestamp>,
}

wire_enum! {
    /// Whether a key takes a slot.
    pub enum KeyState {
        /// Usable (while the licence is valid) and counted against the limit.
        Active = "active",
        /// Switched off for good; its slot is free.
        Deactivated = "deactivated",
    }
}

/// `POST /portal/v1/keys`: a new key for one partita IVA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateKeyRequest {
    /// The partita IVA (11 digits with a valid check digit).
    pub partita_iva: String,
    /// A label for the user; empty when left out.
    #[serde(default)]
    pub label: String,
}

/// `POST /portal/v1/keys/{id}/label`: a new label for a key (at most 64 characters, no
/// control characters; surrounding spaces are trimmed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelRequest {
    /// The new label.
    pub label: String,
}

/// The `201` answer of `POST /portal/v1/keys`: the listed fields plus the key in clear, which
/// is never shown again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedKey {
    /// The key as it will be listed.
    #[serde(flatten)]
    pub api_key: ApiKey,
    /// The full key, for the `Datacash-Key` header.
    pub key: String,
}

/// Hides the secret part of a key, keeping what tells keys apart: the prefix up to the last
/// `_`, the first 4 and the last 4 characters of the rest (`dk_live_ab12cd34ef56gh78ij90wxyz`
/// gives `dk_live_ab12…wxyz`). When the rest has fewer than 16 characters nothing of it is
/// shown (`dk_live_…`).
pub fn mask_key(key: &str) -> String {
    let (prefix, secret) = match key.rfind('_') {
        Some(i) => key.split_at(i + 1),
        None => ("", key),
    };
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 16 {
        return format!("{prefix}…");
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::json;

    #[test]
    fn key_types_round_trip() {
        let active = json!({"id": "key-3", "label": "Cassa 1", "partitaIva": "01234567897",
            "maskedKey": "dk_live_ab12…wxyz", "state": "active", "createdAt": "2026-02-15T10:31:07+01:00",
            "deactivatedAt": null});
        let deactivated = json!({"id": "key-1", "label": "Vecchio gestionale", "partitaIva": "01234567897",
            "maskedKey": "dk_live_9f3a…0c1d", "state": "deactivated", "createdAt": "2025-03-01T09:00:00+01:00",
            "deactivatedAt": "2025-11-30T18:45:00+01:00"});
        assert_round_trip::<ApiKey>("active", &active);
        assert_round_trip::<ApiKey>("deactivated", &deactivated);
        let mut created = active.clone();
        created["key"] = json!("dk_live_ab12cd34ef56gh78ij90kl12wxyz");
        let c = assert_round_trip::<CreatedKey>("created", &created);
        assert_eq!(c.api_key.masked_key, mask_key(&c.key));
        assert_round_trip::<CreateKeyRequest>(
            "create",
            &json!({"partitaIva": "01234567897", "label": "Cassa 2"}),
        );
        let no_label: CreateKeyRequest =
            serde_json::from_value(json!({"partitaIva": "01234567897"})).unwrap();
        assert_eq!(no_label.label, "");
        assert_refused::<ApiKey>(
            "state",
            &json!({"id": "k", "label": "", "partitaIva": "1", "maskedKey": "…",
            "state": "revoked", "createdAt": "2026-02-15T10:31:07+01:00", "deactivatedAt": null}),
        );
    }

    #[test]
    fn keys_are_masked() {
        let cases = [
            ("dk_live_ab12cd34ef56gh78ij90kl12wxyz", "dk_live_ab12…wxyz"),
            ("dk_live_0123456789abcdef", "dk_live_0123…cdef"),
            ("dk_live_0123456789abcde", "dk_live_…"),
            ("dk_live_", "dk_live_…"),
            ("abcdefghijklmnopqrst", "abcd…qrst"),
            ("short", "…"),
            ("", "…"),
            ("dk_test_àèìòùàèìòùàèìòùàèìòù", "dk_test_àèìò…èìòù"),
        ];
        for (key, masked) in cases {
            assert_eq!(mask_key(key), masked, "{key}");
        }
    }
}

//! The serde shape of the config file, as written: every key the file may hold, with the
//! spans later checks need. [`super::file`] turns it into a [`ConfigFile`](super::ConfigFile).

use crate::secret::Secret;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) default_profile: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) read_only: bool,
    pub(super) timeout_secs: Option<Spanned<u64>>,
    #[serde(default)]
    pub(super) marker: super::file::ChartMarker,
    #[serde(default)]
    pub(super) theme: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(super) keys: BTreeMap<String, Spanned<RawKeys>>,
    #[serde(default)]
    pub(super) profiles: BTreeMap<String, Spanned<RawProfile>>,
}

/// `[profiles.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    #[serde(default)]
    pub(super) read_only: bool,
    pub(super) portal: Option<Spanned<RawEndpoint>>,
    pub(super) datacash: Option<Spanned<RawDataCash>>,
    pub(super) webservice: Option<Spanned<RawEndpoint>>,
    pub(super) harness: Option<Spanned<RawEndpoint>>,
}

/// `[profiles.NAME.portal]`, `.webservice`, `.harness`: a URL and a token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEndpoint {
    pub(super) url: Spanned<String>,
    pub(super) token: Option<Spanned<InlineSecret>>,
    pub(super) token_env: Option<Spanned<String>>,
    pub(super) token_file: Option<Spanned<String>>,
}

/// `[profiles.NAME.datacash]`: a URL, an API key and the encrypted credentials.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDataCash {
    pub(super) url: Spanned<String>,
    pub(super) key: Option<Spanned<InlineSecret>>,
    pub(super) key_env: Option<Spanned<String>>,
    pub(super) key_file: Option<Spanned<String>>,
    pub(super) credentials: Option<Spanned<InlineSecret>>,
    pub(super) credentials_env: Option<Spanned<String>>,
    pub(super) credentials_file: Option<Spanned<String>>,
}

/// A secret written in the file. Its deserializer never puts the value in an error: a number
/// or a table where a string belongs is reported by its type alone.
#[derive(Debug)]
pub(super) struct InlineSecret(pub(super) Secret);

impl<'de> Deserialize<'de> for InlineSecret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(value) => Ok(InlineSecret(Secret::new(value))),
            other => Err(de::Error::custom(format_args!(
                "invalid type: {}, expected a string",
                other.type_str()
            ))),
        }
    }
}

/// A `[keys]` value: one key (`quit = "q"`) or a list (`add = ["a", "insert"]`).
#[derive(Debug)]
pub(super) enum RawKeys {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = RawKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key (\"q\") or a list of keys ([\"a\", \"insert\"])")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawKeys, E> {
        Ok(RawKeys::One(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<RawKeys, E> {
        Ok(RawKeys::One(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawKeys, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = seq.next_element::<Spanned<String>>()? {
            keys.push(key);
        }
        Ok(RawKeys::Many(keys))
    }
}

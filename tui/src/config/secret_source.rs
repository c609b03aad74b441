//! [`SecretSource`]: how the file gives one secret — inline, by environment variable or by
//! file — and how it is read when a profile is opened.

use super::error::ConfigError;
use super::file::ConfigFile;
use super::paths::{expand, home_from};
use super::permissions::open_to_others;
use crate::secret::Secret;
use std::fs::File;
use std::io::{ErrorKind, Read};
use toml::Spanned;

/// The most a secret file may hold: far more than a token or armored credentials need.
const MAX_SECRET_FILE: u64 = 1024 * 1024;

/// Where a secret comes from: exactly one of `X`, `X_env`, `X_file` in the file.
#[derive(Clone, Debug)]
pub enum SecretSource {
    /// `X = "…"`: the value itself (the config file must then be private, mode 600).
    Inline(Spanned<Secret>),
    /// `X_env = "VARIABLE"`: the name of an environment variable, read when the profile is
    /// opened.
    Env(Spanned<String>),
    /// `X_file = "PATH"`: a file, as written (`~/` is the home directory, a relative path is
    /// relative to the config file's folder), read when the profile is opened; it must be
    /// private (mode 600).
    File(Spanned<String>),
}

/// Which secret is read, for messages and checks.
pub(super) struct SecretField<'a> {
    /// The profile.
    pub(super) profile: &'a str,
    /// The endpoint's key: `portal`, `datacash`, `webservice`, `harness`.
    pub(super) endpoint: &'static str,
    /// The secret's key: `token`, `key`, `credentials`.
    pub(super) base: &'static str,
    /// Whether line breaks may stay inside (the armored credentials); tokens and keys are one
    /// line.
    pub(super) multiline: bool,
}

impl SecretField<'_> {
    /// `profiles.prod.portal.token_env`, with `suffix` `""`, `"_env"` or `"_file"`.
    fn key(&self, suffix: &str) -> String {
        format!(
            "profiles.{}.{}.{}{suffix}",
            self.profile, self.endpoint, self.base
        )
    }
}

impl SecretSource {
    /// Reads the secret: the inline value, the variable through `env`, or the file (checking
    /// its mode on unix). Surrounding whitespace is trimmed; an empty result is an error, and
    /// so is a line break inside a one-line secret.
    pub(super) fn read(
        &self,
        field: &SecretField<'_>,
        file: &ConfigFile,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Secret, ConfigError> {
        let (value, key, span) = match self {
            SecretSource::Inline(secret) => {
                let key = field.key("");
                let value = secret.get_ref().expose().trim().to_owned();
                if value.is_empty() {
                    return Err(ConfigError::EmptySecret {
                        location: file.location(secret.span()),
                        profile: field.profile.to_owned(),
                        field: key,
                    });
                }
                (value, key, secret.span())
            }
            SecretSource::Env(var) => {
                let key = field.key("_env");
                let name = var.get_ref();
                let value = env(name).map(|value| value.trim().to_owned());
                match value {
                    None => {
                        return Err(ConfigError::EnvUnset {
                            location: file.location(var.span()),
                            profile: field.profile.to_owned(),
                            field: key,
                            var: name.clone(),
                        });
                    }
                    Some(value) if value.is_empty() => {
                        return Err(ConfigError::EnvEmpty {
                            location: file.location(var.span()),
                            profile: field.profile.to_owned(),
                            field: key,
                            var: name.clone(),
                        });
                    }
                    Some(value) => (value, key, var.span()),
                }
            }
            SecretSource::File(written) => {
                let key = field.key("_file");
                let value = read_secret_file(written, field, &key, file, env)?;
                (value, key, written.span())
            }
        };
        if !field.multiline && value.chars().any(char::is_control) {
            return Err(ConfigError::SecretNotOneLine {
                location: file.location(span),
                profile: field.profile.to_owned(),
                field: key,
                base: field.base,
            });
        }
        Ok(Secret::new(value))
    }

    /// Whether the value is written in the config file itself.
    pub fn is_inline(&self) -> bool {
        matches!(self, SecretSource::Inline(_))
    }
}

/// Reads and trims a `X_file`, refusing it when missing, unreadable, open to others, empty or
/// too large.
fn read_secret_file(
    written: &Spanned<String>,
    field: &SecretField<'_>,
    key: &str,
    file: &ConfigFile,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ConfigError> {
    let location = || file.location(written.span());
    let config_dir = file.path.parent().unwrap_or(std::path::Path::new(""));
    let path = expand(written.get_ref(), config_dir, || home_from(env)).map_err(|_| {
        ConfigError::NoHomeDirectory {
            location: location(),
            profile: field.profile.to_owned(),
            field: key.to_owned(),
        }
    })?;
    let unreadable = |source: std::io::Error| ConfigError::SecretFileUnreadable {
        location: location(),
        profile: field.profile.to_owned(),
        field: key.to_owned(),
        file: path.clone(),
        source,
    };
    let handle = match File::open(&path) {
        Ok(handle) => handle,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Err(ConfigError::SecretFileMissing {
                location: location(),
                profile: field.profile.to_owned(),
                field: key.to_owned(),
                file: path.clone(),
            });
        }
        Err(error) => return Err(unreadable(error)),
    };
    let metadata = handle.metadata().map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(unreadable(std::io::Error::other(
            "it is a directory, not a file",
        )));
    }
    if let Some(mode) = open_to_others(&metadata) {
        return Err(ConfigError::InsecureSecretFile {
            profile: field.profile.to_owned(),
            field: key.to_owned(),
            file: path.clone(),
            mode,
        });
    }
    let mut bytes = Vec::new();
    handle
        .take(MAX_SECRET_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_SECRET_FILE {
        return Err(ConfigError::SecretFileTooLarge {
            location: location(),
            profile: field.profile.to_owned(),
            field: key.to_owned(),
            file: path.clone(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        unreadable(std::io::Error::new(
            ErrorKind::InvalidData,
            "it is not UTF-8 text",
        ))
    })?;
    let value = text.trim();
    if value.is_empty() {
        return Err(ConfigError::SecretFileEmpty {
            location: location(),
            profile: field.profile.to_owned(),
            field: key.to_owned(),
            file: path.clone(),
        });
    }
    Ok(value.to_owned())
}

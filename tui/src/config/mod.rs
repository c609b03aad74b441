//! The console's configuration: profiles, their secrets, and the config file.
//!
//! A **profile** is a named connection with up to four endpoints, each optional: the account
//! area (URL and portal token), the DataCash document API (URL, API key and the encrypted
//! credentials blob), the WHMCS WebService (the WHMCS root URL and its token) and the harness
//! (the mock's `/__admin`: URL and admin token).
//!
//! Profiles live in `$XDG_CONFIG_HOME/dckit/config.toml` (`~/.config/dckit/config.toml` when
//! `XDG_CONFIG_HOME` is unset or empty: [`default_path`]); `--config FILE` names another.
//!
//! # The file
//!
//! ```toml
//! # Which profile `dckit` opens without --profile (else the embedded mock).
//! # "embedded" names the embedded mock explicitly.
//! default_profile = "prod"
//! # Global options.
//! read_only = false          # true: every profile read-only
//! timeout_secs = 15          # per request, 1..=300
//! marker = "braille"         # charts: "braille" or "block" (fonts without braille)
//!
//! [theme]                    # colours by role; names ("yellow", "light-red") or "#rrggbb"
//! accent = "cyan"
//! warning = "#ffaf00"
//!
//! [keys]                     # key overrides by command name: a key or a list of keys
//! quit = "q"
//! add = ["a", "insert"]
//!
//! [profiles.prod]
//! read_only = true           # this profile only
//!
//! [profiles.prod.portal]     # the account area
//! url = "https://portal.example.it"
//! token_env = "DCKIT_PORTAL_TOKEN"
//!
//! [profiles.prod.datacash]   # the DataCash document API
//! url = "https://datacash.example.it"
//! key_file = "~/.config/dckit/prod.key"
//! credentials_file = "prod.credentials"   # relative: next to this file
//!
//! [profiles.prod.webservice] # the WHMCS WebService
//! url = "https://billing.example.com"     # the WHMCS root
//! token_env = "WHMCS_WS_TOKEN"
//!
//! [profiles.local.harness]   # the mock's /__admin
//! url = "http://127.0.0.1:8080"
//! token = "adm_…"            # inline: this file must then be mode 600
//! ```
//!
//! Every key is optional except an endpoint's `url` and its secrets; a key not listed here is
//! an error. A profile needs at least one endpoint table.
//!
//! - **Secrets** — `token` (portal, WebService, harness), `key` and `credentials` (DataCash) —
//!   are each given exactly one way: `X = "…"` (inline), `X_env = "VARIABLE"` or
//!   `X_file = "PATH"` (`~/` is the home directory; a relative path is relative to the config
//!   file's folder). Files are read, and variables looked up, when the profile is opened, so
//!   one broken profile does not stop the others; their value is trimmed of surrounding
//!   whitespace (the credentials keep their inner line breaks). An unset or empty variable, a
//!   missing or empty file, a token or key with a line break inside, is an error then.
//! - **Permissions** (unix), as ssh does with keys: a config file holding an inline secret,
//!   and any secret file, must not be open to its group or others (`chmod 600`).
//! - **Profile names** are 1 to 64 of `A-Z a-z 0-9 _ -`; `embedded` is reserved for the
//!   in-process mock. `default_profile` names a profile of the file, or `embedded`.
//! - **URLs** are absolute `http` or `https`, with no user, password, query or fragment; their
//!   path is made to end with `/`.
//! - `[theme]` and `[keys]` values are kept as written, with their place in the file
//!   ([`ConfigFile::location`]), for the theme and the key map to check.
//!
//! Every error names the file, the line and column, and the key (see [`ConfigError`]), and
//! never shows a secret.

mod endpoint_url;
mod error;
mod file;
mod format;
mod location;
mod paths;
mod permissions;
mod profile;
mod secret_source;

pub use error::ConfigError;
pub use file::{ChartMarker, ConfigFile, EMBEDDED_PROFILE, KeyBinding};
pub use location::Location;
pub use profile::{
    COMMAND_LINE_PROFILE, DataCashConfig, DataCashEndpoint, Endpoint, EndpointConfig, Profile,
    ProfileConfig,
};
pub use secret_source::SecretSource;
pub use toml::Spanned;

use permissions::open_to_others;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

/// The config file used without `--config`: `$XDG_CONFIG_HOME/dckit/config.toml`, or
/// `~/.config/dckit/config.toml` when `XDG_CONFIG_HOME` is unset, empty or relative. `None`
/// when the home directory is unknown too.
pub fn default_path() -> Option<PathBuf> {
    paths::default_path_from(&process_env)
}

/// The process environment as [`ProfileConfig::resolve`] takes it: a variable's value, `None`
/// when unset (or not Unicode).
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Reads, parses and checks the config file at `path` ([`ConfigFile::parse`]), and on unix
/// refuses it when it holds an inline secret and its group or others have any right on it.
/// The path is made absolute (not canonical) so messages name it fully.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let read_error = |source| ConfigError::Read {
        path: path.clone(),
        source,
    };
    let mut handle = match File::open(&path) {
        Ok(handle) => handle,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Err(ConfigError::Missing { path });
        }
        Err(error) => return Err(read_error(error)),
    };
    let metadata = handle.metadata().map_err(read_error)?;
    if metadata.is_dir() {
        return Err(read_error(std::io::Error::other(
            "it is a directory, not a file",
        )));
    }
    let mut text = String::new();
    handle.read_to_string(&mut text).map_err(read_error)?;
    let config = ConfigFile::parse(path.clone(), &text)?;
    if let Some(mode) = open_to_others(&metadata)
        && let Some((field, base)) = config.first_inline_secret()
    {
        return Err(ConfigError::InsecureConfigFile {
            path,
            field,
            base,
            mode,
        });
    }
    Ok(config)
}

/// The config file to use: with `Some(path)` (`--config`), that file, which must exist; with
/// `None`, the [`default_path`] when a file is there, else `Ok(None)` (no config is fine: the
/// console then opens the embedded mock).
pub fn load_optional(path: Option<&Path>) -> Result<Option<ConfigFile>, ConfigError> {
    load_optional_with(path, &process_env)
}

/// [`load_optional`] with the environment (for [`default_path`]) read through `env`.
fn load_optional_with(
    path: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ConfigFile>, ConfigError> {
    match path {
        Some(path) => load(path).map(Some),
        None => match paths::default_path_from(env) {
            // A default file that cannot even be looked at is reported by `load`.
            Some(path) if !matches!(path.try_exists(), Ok(false)) => load(&path).map(Some),
            _ => Ok(None),
        },
    }
}

#[cfg(test)]
mod tests;

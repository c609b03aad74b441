//! [`ConfigFile`]: a config file parsed and checked — its global options, the raw theme and
//! key entries with their places, and the profiles, not yet resolved.

use super::endpoint_url::parse_endpoint_url;
use super::error::ConfigError;
use super::format::{InlineSecret, RawConfig, RawDataCash, RawEndpoint, RawKeys, RawProfile};
use super::location::{LineIndex, Location};
use super::profile::{DataCashConfig, EndpointConfig, Profile, ProfileConfig};
use super::secret_source::SecretSource;
use serde_path_to_error::Segment;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;
use toml::Spanned;

/// The longest a profile name may be.
const MAX_PROFILE_NAME: usize = 64;

/// The name that means the in-process mock, which no profile of the file may take.
pub const EMBEDDED_PROFILE: &str = "embedded";

/// How charts draw their bars: `marker = "braille"` (fine, the default) or `"block"` (for SSH
/// clients whose fonts lack braille).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartMarker {
    /// Braille dots: four times the resolution of a cell.
    #[default]
    Braille,
    /// Half blocks: every font has them.
    Block,
}

/// A config file, parsed and checked. Secrets given by variable or file are not read yet:
/// that happens when a profile is opened ([`ConfigFile::resolve`]).
#[derive(Clone, Debug)]
pub struct ConfigFile {
    /// The file (made absolute by [`load`](super::load)).
    pub path: PathBuf,
    /// The profile `dckit` opens without `--profile`: one of [`ConfigFile::profiles`], or
    /// `embedded`.
    pub default_profile: Option<String>,
    /// `read_only = true`: every profile is read-only.
    pub read_only: bool,
    /// `timeout_secs`: the time allowed to each request (1 to 300 s).
    pub timeout: Option<Duration>,
    /// `marker`: how charts draw their bars.
    pub marker: ChartMarker,
    /// `[theme]`: colour by role, as written (`"cyan"`, `"#ffaf00"`), for the theme module to
    /// check; [`ConfigFile::location`] places a value.
    pub theme: BTreeMap<String, Spanned<String>>,
    /// `[keys]`: keys by command name, as written, for the key map to check.
    pub keys: BTreeMap<String, KeyBinding>,
    /// `[profiles.NAME]`, by name.
    pub profiles: BTreeMap<String, ProfileConfig>,
    /// Turns spans into lines and columns.
    lines: LineIndex,
}

/// One `[keys]` entry: `quit = "q"` or `add = ["a", "insert"]`.
#[derive(Clone, Debug)]
pub struct KeyBinding {
    /// The keys as written, each with its span (for `quit = "q"`, the one key's span is the
    /// value's). May be empty (`quit = []`).
    pub keys: Vec<Spanned<String>>,
    /// The span of the whole value.
    pub span: Range<usize>,
}

impl ConfigFile {
    /// Parses and checks `text` as the config file `path`: the TOML, the format (unknown keys
    /// are errors), the profile names, URLs and secret sources, `timeout_secs` and
    /// `default_profile`. Reads nothing from disk and checks no permissions (that is
    /// [`load`](super::load)'s part).
    pub fn parse(path: impl Into<PathBuf>, text: &str) -> Result<ConfigFile, ConfigError> {
        let path = path.into();
        let lines = LineIndex::new(text);
        let at = |span: Range<usize>| location(&path, &lines, span);

        let deserializer = toml::Deserializer::parse(text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            ConfigError::Syntax {
                message: syntax_message(error.message(), text, &span),
                location: at(span),
            }
        })?;
        let raw: RawConfig = serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let inner = error.inner();
            ConfigError::Invalid {
                location: at(inner.span().unwrap_or(0..0)),
                field: field_path(error.path(), inner.message()),
                message: clean_message(inner.message()),
            }
        })?;

        let timeout = match raw.timeout_secs {
            None => None,
            Some(secs) => {
                let value = *secs.get_ref();
                if !(1..=300).contains(&value) {
                    return Err(ConfigError::BadTimeout {
                        location: at(secs.span()),
                        value,
                    });
                }
                Some(Duration::from_secs(value))
            }
        };

        let mut raw_profiles: Vec<(String, Spanned<RawProfile>)> =
            raw.profiles.into_iter().collect();
        raw_profiles.sort_by_key(|(_, profile)| profile.span().start);
        let mut profiles = BTreeMap::new();
        for (name, profile) in raw_profiles {
            let config = profile_config(&name, profile, &at)?;
            profiles.insert(name, config);
        }

        let default_profile = match raw.default_profile {
            None => None,
            Some(name) => {
                if name.get_ref() != EMBEDDED_PROFILE && !profiles.contains_key(name.get_ref()) {
                    return Err(ConfigError::UnknownDefaultProfile {
                        location: at(name.span()),
                        name: name.into_inner(),
                        known: profiles.keys().cloned().collect(),
                    });
                }
                Some(name.into_inner())
            }
        };

        let keys = raw
            .keys
            .into_iter()
            .map(|(command, value)| {
                let span = value.span();
                let keys = match value.into_inner() {
                    RawKeys::One(key) => vec![Spanned::new(span.clone(), key)],
                    RawKeys::Many(keys) => keys,
                };
                (command, KeyBinding { keys, span })
            })
            .collect();

        Ok(ConfigFile {
            path,
            default_profile,
            read_only: raw.read_only,
            timeout,
            marker: raw.marker,
            theme: raw.theme,
            keys,
            profiles,
            lines,
        })
    }

    /// Where `span` (a [`Spanned`] value's span) is in the file, for a message.
    pub fn location(&self, span: Range<usize>) -> Location {
        location(&self.path, &self.lines, span)
    }

    /// The profiles' names, sorted.
    pub fn profile_names(&self) -> Vec<&str> {
        self.profiles.keys().map(String::as_str).collect()
    }

    /// The profile called `name`, or an error listing the file's profiles.
    pub fn profile(&self, name: &str) -> Result<&ProfileConfig, ConfigError> {
        self.profiles
            .get(name)
            .ok_or_else(|| ConfigError::UnknownProfile {
                path: self.path.clone(),
                name: name.to_owned(),
                known: self.profiles.keys().cloned().collect(),
            })
    }

    /// Opens the profile called `name`: [`ConfigFile::profile`], then
    /// [`ProfileConfig::resolve`].
    pub fn resolve(
        &self,
        name: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Profile, ConfigError> {
        self.profile(name)?.resolve(name, self, env)
    }

    /// The first secret written in the file itself, as `(profiles.prod.portal.token, token)`.
    pub(super) fn first_inline_secret(&self) -> Option<(String, &'static str)> {
        self.profiles.iter().find_map(|(name, profile)| {
            profile
                .secret_sources()
                .into_iter()
                .find(|(_, _, source)| source.is_inline())
                .map(|(endpoint, base, _)| (format!("profiles.{name}.{endpoint}.{base}"), base))
        })
    }
}

/// `path:line:column` of `span`.
fn location(path: &std::path::Path, lines: &LineIndex, span: Range<usize>) -> Location {
    let (line, column) = lines.line_column(&span);
    Location {
        path: path.to_path_buf(),
        line,
        column,
    }
}

/// Checks one `[profiles.NAME]` and turns it into a [`ProfileConfig`].
fn profile_config(
    name: &str,
    raw: Spanned<RawProfile>,
    at: &dyn Fn(Range<usize>) -> Location,
) -> Result<ProfileConfig, ConfigError> {
    let span = raw.span();
    if name == EMBEDDED_PROFILE {
        return Err(ConfigError::ReservedProfileName { location: at(span) });
    }
    if !is_profile_name(name) {
        return Err(ConfigError::BadProfileName {
            location: at(span),
            name: name.to_owned(),
        });
    }
    let raw = raw.into_inner();
    if raw.portal.is_none()
        && raw.datacash.is_none()
        && raw.webservice.is_none()
        && raw.harness.is_none()
    {
        return Err(ConfigError::NoEndpoint {
            location: at(span),
            name: name.to_owned(),
        });
    }
    let endpoint = |key: &str, raw: Option<Spanned<RawEndpoint>>| {
        raw.map(|raw| endpoint_config(&format!("profiles.{name}.{key}"), raw, at))
            .transpose()
    };
    Ok(ProfileConfig {
        read_only: raw.read_only,
        portal: endpoint("portal", raw.portal)?,
        datacash: raw
            .datacash
            .map(|raw| datacash_config(&format!("profiles.{name}.datacash"), raw, at))
            .transpose()?,
        webservice: endpoint("webservice", raw.webservice)?,
        harness: endpoint("harness", raw.harness)?,
        span,
    })
}

/// Whether `name` is 1 to 64 of `A-Z a-z 0-9 _ -`.
fn is_profile_name(name: &str) -> bool {
    (1..=MAX_PROFILE_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Checks a portal, WebService or harness table.
fn endpoint_config(
    table: &str,
    raw: Spanned<RawEndpoint>,
    at: &dyn Fn(Range<usize>) -> Location,
) -> Result<EndpointConfig, ConfigError> {
    let span = raw.span();
    let raw = raw.into_inner();
    Ok(EndpointConfig {
        url: endpoint_url(table, raw.url, at)?,
        token: secret_source(
            table,
            "token",
            (raw.token, raw.token_env, raw.token_file),
            span,
            at,
        )?,
    })
}

/// Checks the DataCash table.
fn datacash_config(
    table: &str,
    raw: Spanned<RawDataCash>,
    at: &dyn Fn(Range<usize>) -> Location,
) -> Result<DataCashConfig, ConfigError> {
    let span = raw.span();
    let raw = raw.into_inner();
    Ok(DataCashConfig {
        url: endpoint_url(table, raw.url, at)?,
        key: secret_source(
            table,
            "key",
            (raw.key, raw.key_env, raw.key_file),
            span.clone(),
            at,
        )?,
        credentials: secret_source(
            table,
            "credentials",
            (raw.credentials, raw.credentials_env, raw.credentials_file),
            span,
            at,
        )?,
    })
}

/// The three ways a secret may be given: `X`, `X_env`, `X_file`.
type SecretKeys = (
    Option<Spanned<InlineSecret>>,
    Option<Spanned<String>>,
    Option<Spanned<String>>,
);

/// Checks that exactly one of `X`, `X_env`, `X_file` is given, and that a variable name or a
/// path is not empty.
fn secret_source(
    table: &str,
    base: &'static str,
    (value, env, file): SecretKeys,
    table_span: Range<usize>,
    at: &dyn Fn(Range<usize>) -> Location,
) -> Result<SecretSource, ConfigError> {
    let mut given: Vec<(String, Range<usize>)> = Vec::new();
    if let Some(value) = &value {
        given.push((base.to_owned(), value.span()));
    }
    if let Some(env) = &env {
        given.push((format!("{base}_env"), env.span()));
    }
    if let Some(file) = &file {
        given.push((format!("{base}_file"), file.span()));
    }
    given.sort_by_key(|(_, span)| span.start);
    if given.len() > 1 {
        return Err(ConfigError::SecretGivenTwice {
            location: at(given[1].1.clone()),
            field: format!("{table}.{base}"),
            base,
            given: given.into_iter().map(|(key, _)| key).collect(),
        });
    }
    if let Some(value) = value {
        let span = value.span();
        return Ok(SecretSource::Inline(Spanned::new(
            span,
            value.into_inner().0,
        )));
    }
    if let Some(env) = env {
        let problem = if env.get_ref().is_empty() {
            Some("the name is empty; give the name of an environment variable".to_owned())
        } else if env
            .get_ref()
            .contains(|c: char| c == '=' || c == '\0' || c.is_whitespace())
        {
            Some(format!(
                "\"{}\" is not an environment variable name",
                env.get_ref().escape_debug()
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(ConfigError::BadSecretReference {
                location: at(env.span()),
                field: format!("{table}.{base}_env"),
                problem,
            });
        }
        return Ok(SecretSource::Env(env));
    }
    if let Some(file) = file {
        if file.get_ref().trim().is_empty() || file.get_ref().contains('\0') {
            return Err(ConfigError::BadSecretReference {
                location: at(file.span()),
                field: format!("{table}.{base}_file"),
                problem: format!("give the path of the file holding the {base}"),
            });
        }
        return Ok(SecretSource::File(file));
    }
    Err(ConfigError::SecretMissing {
        location: at(table_span),
        table: table.to_owned(),
        base,
    })
}

/// Checks an endpoint's `url`.
fn endpoint_url(
    table: &str,
    url: Spanned<String>,
    at: &dyn Fn(Range<usize>) -> Location,
) -> Result<url::Url, ConfigError> {
    parse_endpoint_url(url.get_ref()).map_err(|problem| ConfigError::BadUrl {
        location: at(url.span()),
        field: format!("{table}.url"),
        problem,
    })
}

/// toml's syntax message on one line; for a duplicate key, with the key (the span covers the
/// key, never a value).
fn syntax_message(message: &str, text: &str, span: &Range<usize>) -> String {
    let message = message.replace('\n', "; ");
    if message == "duplicate key"
        && let Some(key) = text
            .get(span.clone())
            .filter(|key| !key.is_empty() && key.len() <= 100 && !key.contains(['\n', '=']))
    {
        return format!("duplicate key {}", key.trim());
    }
    message
}

/// The dotted path of a format error: `profiles.prod.portal` for an unknown field of that
/// table (the message names the field), `profiles.prod.portal.token` for a wrong type.
fn field_path(path: &serde_path_to_error::Path, message: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Map { key } if key.starts_with("$__serde_spanned_private") => {}
            Segment::Map { key } => parts.push(key_text(key)),
            Segment::Enum { variant } => parts.push(key_text(variant)),
            Segment::Seq { index } => match parts.last_mut() {
                Some(last) => last.push_str(&format!("[{index}]")),
                None => parts.push(format!("[{index}]")),
            },
            Segment::Unknown => parts.push("?".to_owned()),
        }
    }
    if message.starts_with("unknown field") {
        parts.pop();
    }
    parts.join(".")
}

/// A key as TOML would write it: bare when it can be, else quoted.
fn key_text(key: &str) -> String {
    if !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        key.to_owned()
    } else {
        format!("\"{}\"", key.escape_debug())
    }
}

/// serde's message for a format error, on one line, in the file's words, and without the
/// value of a wrongly typed string (which may be a secret written in the wrong place).
fn clean_message(message: &str) -> String {
    let message = message.replace('\n', "; ");
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return tidy_expected(&message);
    };
    let Some(split) = rest.rfind(", expected ") else {
        return message;
    };
    let (unexpected, expected) = rest.split_at(split);
    let kind = [
        ("string", "a string"),
        ("integer", "an integer"),
        ("floating point", "a float"),
        ("float", "a float"),
        ("boolean", "a boolean"),
        ("character", "a character"),
        ("sequence", "an array"),
        ("array", "an array"),
        ("map", "a table"),
        ("table", "a table"),
        ("datetime", "a date-time"),
    ]
    .into_iter()
    .find(|(prefix, _)| unexpected.starts_with(prefix))
    .map_or(unexpected, |(_, kind)| kind);
    tidy_expected(&format!("invalid type: {kind}{expected}"))
}

/// "expected struct RawEndpoint" is "expected a table", "expected u64" "expected a whole
/// number".
fn tidy_expected(message: &str) -> String {
    let mut message = message.to_owned();
    if let Some(at) = message.find("expected struct ") {
        let end = message[at + 16..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(message.len(), |n| at + 16 + n);
        message.replace_range(at..end, "expected a table");
    }
    message
        .replace("expected a map", "expected a table")
        .replace("expected u64", "expected a whole number")
}

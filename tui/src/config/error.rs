//! [`ConfigError`]: everything that can be wrong with a config file or a profile, each a
//! sentence a sysadmin can act on. No variant holds a secret value.

use super::location::Location;
use std::path::PathBuf;

/// A config file that cannot be used, or a profile that cannot be opened.
///
/// Errors found while *loading* ([`load`](super::load)) stop the whole file; errors found while
/// *resolving* a profile ([`ProfileConfig::resolve`](super::ProfileConfig::resolve)) concern
/// that profile only. Every `Display` names the file, and the line and column where there is
/// one; none shows a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file named by `--config` (or given to [`load`](super::load)) is not there.
    #[error("config file {} does not exist; check the path given to --config", .path.display())]
    Missing {
        /// The file.
        path: PathBuf,
    },

    /// The file exists but cannot be read.
    #[error("cannot read config file {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// The file is not valid TOML.
    #[error("{location}: invalid TOML: {message}")]
    Syntax {
        /// Where toml stopped.
        location: Location,
        /// toml's message.
        message: String,
    },

    /// Valid TOML that does not fit the format: an unknown key, a wrong type, a missing `url`.
    #[error("{location}: {}{message}", field_prefix(.field))]
    Invalid {
        /// Where.
        location: Location,
        /// The dotted path of the table or field, e.g. `profiles.prod.portal` (empty at the
        /// top level).
        field: String,
        /// What is wrong (serde's and toml's message, with any value left out).
        message: String,
    },

    /// A secret given in two or three ways.
    #[error(
        "{location}: {field} is given {} ways ({}); keep exactly one of {base}, {base}_env or {base}_file",
        .given.len(),
        .given.join(", ")
    )]
    SecretGivenTwice {
        /// Where the second one is.
        location: Location,
        /// The secret, e.g. `profiles.prod.portal.token`.
        field: String,
        /// Its last part, e.g. `token`.
        base: &'static str,
        /// The keys used, e.g. `token`, `token_env`.
        given: Vec<String>,
    },

    /// A secret given in no way.
    #[error(
        "{location}: {table} has no {base}; add {base}_env = \"VARIABLE\", {base}_file = \"PATH\" or {base} = \"…\""
    )]
    SecretMissing {
        /// Where the endpoint's table is.
        location: Location,
        /// The endpoint's table, e.g. `profiles.prod.portal`.
        table: String,
        /// The secret, e.g. `token`.
        base: &'static str,
    },

    /// `{base}_env = ""` or `{base}_file = ""`, or a variable name with `=` in it.
    #[error("{location}: {field}: {problem}")]
    BadSecretReference {
        /// Where.
        location: Location,
        /// The key, e.g. `profiles.prod.portal.token_env`.
        field: String,
        /// What is wrong with it.
        problem: String,
    },

    /// A profile called `embedded`.
    #[error(
        "{location}: profiles.embedded: the profile name \"embedded\" is reserved for the console's built-in mock server; rename the profile"
    )]
    ReservedProfileName {
        /// Where the profile is.
        location: Location,
    },

    /// A profile name with characters outside `A-Z a-z 0-9 _ -`, empty or too long.
    #[error(
        "{location}: invalid profile name \"{}\": a name is 1 to 64 letters, digits, '_' or '-'",
        .name.escape_debug()
    )]
    BadProfileName {
        /// Where the profile is.
        location: Location,
        /// The name as written.
        name: String,
    },

    /// A profile without any endpoint table.
    #[error(
        "{location}: profiles.{name} has no endpoint; add at least one of [profiles.{name}.portal], [profiles.{name}.datacash], [profiles.{name}.webservice] or [profiles.{name}.harness]"
    )]
    NoEndpoint {
        /// Where the profile is.
        location: Location,
        /// The profile.
        name: String,
    },

    /// A `url` that is not an absolute http(s) URL fit to be a base.
    #[error("{location}: {field}: {problem}")]
    BadUrl {
        /// Where the URL is.
        location: Location,
        /// The key, e.g. `profiles.prod.portal.url`.
        field: String,
        /// What is wrong, without the URL itself.
        problem: String,
    },

    /// `timeout_secs` outside 1..=300.
    #[error(
        "{location}: timeout_secs: {value} is out of range; give a number of seconds from 1 to 300"
    )]
    BadTimeout {
        /// Where.
        location: Location,
        /// The value written.
        value: u64,
    },

    /// `default_profile` names no profile of the file.
    #[error(
        "{location}: default_profile: there is no profile \"{}\" in this file; {}",
        .name.escape_debug(),
        known_profiles(.known)
    )]
    UnknownDefaultProfile {
        /// Where.
        location: Location,
        /// The name written.
        name: String,
        /// The profiles the file defines.
        known: Vec<String>,
    },

    /// An inline secret in a file others can read (unix).
    #[error(
        "{} holds an inline secret ({field}) and can be read by others (mode {mode:o}): run chmod 600 {}, or move the secret to {base}_env or {base}_file",
        .path.display(),
        .path.display()
    )]
    InsecureConfigFile {
        /// The config file.
        path: PathBuf,
        /// The first inline secret, e.g. `profiles.prod.portal.token`.
        field: String,
        /// Its last part, e.g. `token`.
        base: &'static str,
        /// The file's permission bits (`0o644`).
        mode: u32,
    },

    /// A profile asked for by name that the file does not define.
    #[error(
        "there is no profile \"{}\" in {}; {}",
        .name.escape_debug(),
        .path.display(),
        known_profiles(.known)
    )]
    UnknownProfile {
        /// The config file.
        path: PathBuf,
        /// The name asked for.
        name: String,
        /// The profiles the file defines.
        known: Vec<String>,
    },

    /// `{base}_env` names a variable that is not set.
    #[error(
        "{location}: profile \"{profile}\": the environment variable {var} named by {field} is not set; export it before starting dckit"
    )]
    EnvUnset {
        /// Where the `_env` key is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key, e.g. `profiles.prod.portal.token_env`.
        field: String,
        /// The variable.
        var: String,
    },

    /// `{base}_env` names a variable that is empty.
    #[error(
        "{location}: profile \"{profile}\": the environment variable {var} named by {field} is empty; give it the value"
    )]
    EnvEmpty {
        /// Where the `_env` key is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key, e.g. `profiles.prod.portal.token_env`.
        field: String,
        /// The variable.
        var: String,
    },

    /// `{base}_file` names a file that is not there.
    #[error(
        "{location}: profile \"{profile}\": the file {} named by {field} does not exist",
        .file.display()
    )]
    SecretFileMissing {
        /// Where the `_file` key is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key, e.g. `profiles.prod.datacash.key_file`.
        field: String,
        /// The file, `~/` expanded and made relative to the config file's folder.
        file: PathBuf,
    },

    /// `{base}_file` names a file that cannot be read.
    #[error(
        "{location}: profile \"{profile}\": the file {} named by {field} cannot be read: {source}",
        .file.display()
    )]
    SecretFileUnreadable {
        /// Where the `_file` key is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key.
        field: String,
        /// The file.
        file: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// `{base}_file` names an empty file (or one of whitespace only).
    #[error(
        "{location}: profile \"{profile}\": the file {} named by {field} is empty",
        .file.display()
    )]
    SecretFileEmpty {
        /// Where the `_file` key is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key.
        field: String,
        /// The file.
        file: PathBuf,
    },

    /// `{base}_file` names a file over 1 MiB, which cannot be a token, a key or credentials.
    #[error(
        "{location}: profile \"{profile}\": the file {} named by {field} is larger than 1 MiB; is it the right file?",
        .file.display()
    )]
    SecretFileTooLarge {
        /// Where the `_file` key is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key.
        field: String,
        /// The file.
        file: PathBuf,
    },

    /// A secret file others can read (unix).
    #[error(
        "{} ({field} of profile \"{profile}\") can be read by others (mode {mode:o}): run chmod 600 {}",
        .file.display(),
        .file.display()
    )]
    InsecureSecretFile {
        /// The profile.
        profile: String,
        /// The key, e.g. `profiles.prod.datacash.key_file`.
        field: String,
        /// The file.
        file: PathBuf,
        /// Its permission bits (`0o644`).
        mode: u32,
    },

    /// `{base}_file = "~/…"` with no known home directory.
    #[error(
        "{location}: profile \"{profile}\": {field} starts with ~/ but the home directory is unknown; set HOME or write the full path"
    )]
    NoHomeDirectory {
        /// Where the `_file` key is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key.
        field: String,
    },

    /// An inline secret that is empty.
    #[error("{location}: profile \"{profile}\": {field} is empty")]
    EmptySecret {
        /// Where the secret is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key, e.g. `profiles.prod.portal.token`.
        field: String,
    },

    /// A token or key with a line break or another control character inside (a file of two
    /// lines, say), which no HTTP header can carry.
    #[error(
        "{location}: profile \"{profile}\": the {base} given by {field} contains a line break or another control character; a {base} is a single line"
    )]
    SecretNotOneLine {
        /// Where the secret (or the key naming it) is.
        location: Location,
        /// The profile.
        profile: String,
        /// The key, e.g. `profiles.prod.portal.token_file`.
        field: String,
        /// The secret, e.g. `token`.
        base: &'static str,
    },

    /// `--url` on the command line is not an absolute http(s) URL fit to be a base.
    #[error("--url: {problem}")]
    BadCommandLineUrl {
        /// What is wrong, without the URL itself.
        problem: String,
    },
}

/// `"profiles.prod.portal: "`, or nothing at the top level.
fn field_prefix(field: &str) -> String {
    if field.is_empty() {
        String::new()
    } else {
        format!("{field}: ")
    }
}

/// The end of a sentence listing the profiles a file defines.
fn known_profiles(known: &[String]) -> String {
    if known.is_empty() {
        "the file defines no profile".to_owned()
    } else {
        format!("its profiles are: {}", known.join(", "))
    }
}

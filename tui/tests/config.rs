//! The console's config file: parsing, checks, permissions, secret resolution, and that no
//! secret ever reaches a message. Files are written to temporary folders; the environment is
//! injected, never set.

use dckit_tui::config::{self, ConfigError, ConfigFile, Profile, SecretSource};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Writes `text` to `dir/name` with `mode` (unix), and gives its path.
fn write(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, text).unwrap();
    set_mode(&path, mode);
    path
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

/// An environment of the given variables only.
fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|&(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

/// The README's example, with every way of giving a secret.
const FULL: &str = r##"# Which profile `dckit` opens without --profile (else the embedded mock).
default_profile = "prod"
# Global options.
read_only = false          # true: every profile read-only
timeout_secs = 15          # per request, 1..=300

[theme]                    # colours by role
accent = "cyan"
warning = "#ffaf00"

[keys]                     # key overrides by command name
quit = "q"
add = ["a", "insert"]

[profiles.prod]
read_only = true

[profiles.prod.portal]
url = "https://portal.example.it"
token_env = "DCKIT_PORTAL_TOKEN"

[profiles.prod.datacash]
url = "https://datacash.example.it"
key_file = "~/.config/dckit/prod.key"
credentials_file = "prod.credentials"

[profiles.prod.webservice]
url = "https://billing.example.com/whmcs"    # the WHMCS root
token_env = "WHMCS_WS_TOKEN"

[profiles.local.harness]
url = "http://127.0.0.1:8080"
token = "adm_local"
"##;

const CREDENTIALS: &str =
    "-----BEGIN PGP MESSAGE-----\n\nwcBMA1234\nabcd==\n=XyZ1\n-----END PGP MESSAGE-----";

#[test]
fn a_full_file_parses_into_its_structure() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "config.toml", FULL, 0o600);
    let config = config::load(&path).unwrap();

    assert_eq!(config.path, path);
    assert_eq!(config.default_profile.as_deref(), Some("prod"));
    assert!(!config.read_only);
    assert_eq!(config.timeout, Some(Duration::from_secs(15)));
    assert_eq!(config.profile_names(), ["local", "prod"]);

    let accent = &config.theme["accent"];
    assert_eq!(accent.get_ref(), "cyan");
    assert_eq!(
        config.location(accent.span()).to_string(),
        format!("{}:8:10", path.display())
    );
    assert_eq!(config.theme["warning"].get_ref(), "#ffaf00");

    let quit = &config.keys["quit"];
    assert_eq!(quit.keys.len(), 1);
    assert_eq!(quit.keys[0].get_ref(), "q");
    assert_eq!(config.location(quit.span.clone()).line, 12);
    let add = &config.keys["add"];
    let add_keys: Vec<&str> = add.keys.iter().map(|k| k.get_ref().as_str()).collect();
    assert_eq!(add_keys, ["a", "insert"]);
    let insert = config.location(add.keys[1].span());
    assert_eq!((insert.line, insert.column), (13, 13));

    let prod = &config.profiles["prod"];
    assert!(prod.read_only);
    let portal = prod.portal.as_ref().unwrap();
    assert_eq!(portal.url.as_str(), "https://portal.example.it/");
    assert!(
        matches!(&portal.token, SecretSource::Env(var) if var.get_ref() == "DCKIT_PORTAL_TOKEN")
    );
    let datacash = prod.datacash.as_ref().unwrap();
    assert!(
        matches!(&datacash.key, SecretSource::File(f) if f.get_ref() == "~/.config/dckit/prod.key")
    );
    assert!(
        matches!(&datacash.credentials, SecretSource::File(f) if f.get_ref() == "prod.credentials")
    );
    assert_eq!(
        prod.webservice.as_ref().unwrap().url.as_str(),
        "https://billing.example.com/whmcs/"
    );
    assert!(prod.harness.is_none());
    assert_eq!(config.location(prod.span.clone()).line, 15);

    let local = &config.profiles["local"];
    assert!(!local.read_only);
    assert!(local.portal.is_none() && local.datacash.is_none() && local.webservice.is_none());
    let harness = local.harness.as_ref().unwrap();
    assert!(harness.token.is_inline());

    // Opening the profiles reads the variables and files.
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".config/dckit/prod.key",
        "dk_prod_key\n",
        0o600,
    );
    write(
        dir.path(),
        "prod.credentials",
        &format!("\n{CREDENTIALS}\n\n"),
        0o600,
    );
    let env = env_of(&[
        ("HOME", home.path().to_str().unwrap()),
        ("DCKIT_PORTAL_TOKEN", " pt_prod \n"),
        ("WHMCS_WS_TOKEN", "ws_prod"),
    ]);
    let prod = config.resolve("prod", &env).unwrap();
    assert_eq!(prod.name, "prod");
    assert!(prod.read_only);
    assert_eq!(prod.portal.as_ref().unwrap().token.expose(), "pt_prod");
    let datacash = prod.datacash.as_ref().unwrap();
    assert_eq!(datacash.key.expose(), "dk_prod_key");
    assert_eq!(
        datacash.credentials.expose(),
        CREDENTIALS,
        "inner line breaks kept"
    );
    assert_eq!(prod.webservice.as_ref().unwrap().token.expose(), "ws_prod");
    assert_eq!(
        prod.summary(),
        vec![
            ("account area", Some("portal.example.it".to_owned())),
            ("DataCash", Some("datacash.example.it".to_owned())),
            ("WebService", Some("billing.example.com".to_owned())),
            ("harness", None),
        ]
    );

    let local = config.profiles["local"]
        .resolve("local", &config, &env_of(&[]))
        .unwrap();
    assert!(!local.read_only);
    assert_eq!(local.harness.as_ref().unwrap().token.expose(), "adm_local");
    assert_eq!(
        local.summary()[3],
        ("harness", Some("127.0.0.1:8080".to_owned()))
    );

    let unknown = config.resolve("staging", &env).unwrap_err();
    assert_eq!(
        unknown.to_string(),
        format!(
            "there is no profile \"staging\" in {}; its profiles are: local, prod",
            path.display()
        )
    );
}

#[test]
fn global_read_only_makes_every_profile_read_only_and_embedded_may_be_the_default() {
    let text = "default_profile = \"embedded\"\nread_only = true\n\
                [profiles.a.portal]\nurl = \"http://a.example\"\ntoken_env = \"A\"\n";
    let config = ConfigFile::parse("/tmp/c.toml", text).unwrap();
    assert_eq!(config.default_profile.as_deref(), Some("embedded"));
    let profile = config.resolve("a", &env_of(&[("A", "t")])).unwrap();
    assert!(profile.read_only);
    assert_eq!(config.timeout, None);
}

/// Load-time mistakes: the file text, and the message (`FILE` is the file's path).
const LOAD_ERRORS: &[(&str, &str)] = &[
    (
        "[profiles.prod.portal]\nurl = \"https://p.example\"\ntokn = \"x\"\n",
        "FILE:3:1: profiles.prod.portal: unknown field `tokn`, expected one of `url`, `token`, `token_env`, `token_file`",
    ),
    (
        "colour = \"red\"\n",
        "FILE:1:1: unknown field `colour`, expected one of `default_profile`, `read_only`, `timeout_secs`, `marker`, `theme`, `keys`, `profiles`",
    ),
    (
        "[profiles.prod.admin]\nurl = \"https://p.example\"\n",
        "FILE:1:16: profiles.prod: unknown field `admin`, expected one of `read_only`, `portal`, `datacash`, `webservice`, `harness`",
    ),
    (
        "timeout_secs = \"15\"\n",
        "FILE:1:16: timeout_secs: invalid type: a string, expected a whole number",
    ),
    (
        "[profiles.prod]\nread_only = 1\n[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_env = \"T\"\n",
        "FILE:2:13: profiles.prod.read_only: invalid type: an integer, expected a boolean",
    ),
    (
        "[theme]\naccent = 3\n",
        "FILE:2:10: theme.accent: invalid type: an integer, expected a string",
    ),
    (
        "[theme]\naccent = [\"red\"]\n",
        "FILE:2:10: theme.accent: invalid type: an array, expected a string",
    ),
    (
        "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken = { value = \"t\" }\n",
        "FILE:3:9: profiles.prod.portal.token: invalid type: a table, expected a string",
    ),
    (
        "[profiles.prod\nurl = 1\n",
        "FILE:1:15: invalid TOML: unclosed table, expected `]`",
    ),
    (
        "read_only = true\nread_only = false\n",
        "FILE:2:1: invalid TOML: duplicate key read_only",
    ),
    (
        "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_env = \"A\"\ntoken_file = \"t\"\n",
        "FILE:4:14: profiles.prod.portal.token is given 2 ways (token_env, token_file); keep exactly one of token, token_env or token_file",
    ),
    (
        "[profiles.prod.portal]\ntoken = \"t\"\nurl = \"https://p.example\"\ntoken_env = \"A\"\ntoken_file = \"t\"\n",
        "FILE:4:13: profiles.prod.portal.token is given 3 ways (token, token_env, token_file); keep exactly one of token, token_env or token_file",
    ),
    (
        "[profiles.prod.datacash]\nurl = \"https://d.example\"\nkey_env = \"K\"\n",
        "FILE:1:1: profiles.prod.datacash has no credentials; add credentials_env = \"VARIABLE\", credentials_file = \"PATH\" or credentials = \"…\"",
    ),
    (
        "[profiles.prod.harness]\nurl = \"https://h.example\"\n",
        "FILE:1:1: profiles.prod.harness has no token; add token_env = \"VARIABLE\", token_file = \"PATH\" or token = \"…\"",
    ),
    (
        "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_env = \"\"\n",
        "FILE:3:13: profiles.prod.portal.token_env: the name is empty; give the name of an environment variable",
    ),
    (
        "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_env = \"A=B\"\n",
        "FILE:3:13: profiles.prod.portal.token_env: \"A=B\" is not an environment variable name",
    ),
    (
        "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_file = \" \"\n",
        "FILE:3:14: profiles.prod.portal.token_file: give the path of the file holding the token",
    ),
    (
        "[profiles.embedded.portal]\nurl = \"https://p.example\"\ntoken_env = \"A\"\n",
        "FILE:1:11: profiles.embedded: the profile name \"embedded\" is reserved for the console's built-in mock server; rename the profile",
    ),
    (
        "[profiles.\"pro d\".portal]\nurl = \"https://p.example\"\ntoken_env = \"A\"\n",
        "FILE:1:11: invalid profile name \"pro d\": a name is 1 to 64 letters, digits, '_' or '-'",
    ),
    (
        "[profiles.\"\".portal]\nurl = \"https://p.example\"\ntoken_env = \"A\"\n",
        "FILE:1:11: invalid profile name \"\": a name is 1 to 64 letters, digits, '_' or '-'",
    ),
    (
        "[profiles.prod]\nread_only = true\n",
        "FILE:1:1: profiles.prod has no endpoint; add at least one of [profiles.prod.portal], [profiles.prod.datacash], [profiles.prod.webservice] or [profiles.prod.harness]",
    ),
    (
        "[profiles.prod.portal]\nurl = \"portal.example.it\"\ntoken_env = \"A\"\n",
        "FILE:2:7: profiles.prod.portal.url: not a valid URL (relative URL without a base); write it as https://host[:port][/path]",
    ),
    (
        "[profiles.prod.webservice]\nurl = \"ftp://billing.example.com\"\ntoken_env = \"A\"\n",
        "FILE:2:7: profiles.prod.webservice.url: the scheme must be http or https, not ftp",
    ),
    (
        "[profiles.prod.portal]\ntoken_env = \"A\"\n",
        "FILE:1:1: profiles.prod.portal: missing field `url`",
    ),
    (
        "default_profile = \"staging\"\n[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_env = \"A\"\n",
        "FILE:1:19: default_profile: there is no profile \"staging\" in this file; its profiles are: prod",
    ),
    (
        "default_profile = \"prod\"\n",
        "FILE:1:19: default_profile: there is no profile \"prod\" in this file; the file defines no profile",
    ),
    (
        "timeout_secs = 0\n",
        "FILE:1:16: timeout_secs: 0 is out of range; give a number of seconds from 1 to 300",
    ),
    (
        "timeout_secs = 301\n",
        "FILE:1:16: timeout_secs: 301 is out of range; give a number of seconds from 1 to 300",
    ),
];

#[test]
fn load_time_mistakes_name_the_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let long_name = "p".repeat(65);
    let long =
        format!("[profiles.{long_name}.portal]\nurl = \"https://p.example\"\ntoken_env = \"A\"\n");
    let long_expected = format!(
        "FILE:1:11: invalid profile name \"{long_name}\": a name is 1 to 64 letters, digits, '_' or '-'"
    );
    let cases = LOAD_ERRORS
        .iter()
        .map(|&(text, expected)| (text, expected))
        .chain([(long.as_str(), long_expected.as_str())]);
    for (i, (text, expected)) in cases.enumerate() {
        let path = write(dir.path(), &format!("c{i}.toml"), text, 0o600);
        let error = config::load(&path).unwrap_err().to_string();
        let expected = expected.replace("FILE", &path.display().to_string());
        assert_eq!(error, expected, "for:\n{text}");
    }
    // 64 characters is fine.
    let name = "a".repeat(64);
    let text =
        format!("[profiles.{name}.portal]\nurl = \"https://p.example\"\ntoken_env = \"A\"\n");
    assert_eq!(
        ConfigFile::parse("c.toml", &text).unwrap().profile_names(),
        [name]
    );
}

#[test]
fn a_named_config_file_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.toml");
    for error in [
        config::load(&path).unwrap_err(),
        config::load_optional(Some(&path)).unwrap_err(),
    ] {
        assert!(matches!(error, ConfigError::Missing { .. }));
        assert_eq!(
            error.to_string(),
            format!(
                "config file {} does not exist; check the path given to --config",
                path.display()
            )
        );
    }
    let path = write(dir.path(), "there.toml", "", 0o600);
    let config = config::load_optional(Some(&path)).unwrap().unwrap();
    assert!(config.profiles.is_empty());
}

const INLINE: &str = "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken = \"pt_inline\"\n";

#[cfg(unix)]
#[test]
fn an_inline_secret_needs_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o644, 0o640, 0o604, 0o660] {
        let path = write(dir.path(), "config.toml", INLINE, mode);
        let error = config::load(&path).unwrap_err();
        assert!(matches!(error, ConfigError::InsecureConfigFile { .. }));
        let p = path.display();
        assert_eq!(
            error.to_string(),
            format!(
                "{p} holds an inline secret (profiles.prod.portal.token) and can be read by others (mode {mode:o}): run chmod 600 {p}, or move the secret to token_env or token_file"
            )
        );
    }
    for mode in [0o600, 0o400] {
        let path = write(dir.path(), "config.toml", INLINE, mode);
        let config = config::load(&path).unwrap();
        let profile = config.resolve("prod", &env_of(&[])).unwrap();
        assert_eq!(profile.portal.unwrap().token.expose(), "pt_inline");
    }
    // Without inline secrets, a readable file is fine.
    let text = "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_env = \"T\"\n";
    let path = write(dir.path(), "config.toml", text, 0o644);
    config::load(&path).unwrap();
    // The field named is the file's first inline secret.
    let text = "[profiles.b.datacash]\nurl = \"https://d.example\"\nkey_env = \"K\"\ncredentials = \"c\"\n";
    let path = write(dir.path(), "config.toml", text, 0o644);
    let error = config::load(&path).unwrap_err().to_string();
    assert!(
        error.contains("(profiles.b.datacash.credentials)")
            && error.contains("credentials_env or credentials_file"),
        "{error}"
    );
}

/// A profile reading its token from `file`, written next to `config.toml`.
fn profile_with_token_file(dir: &Path, file: &str) -> ConfigFile {
    let text =
        format!("[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_file = \"{file}\"\n");
    let path = write(dir, "config.toml", &text, 0o644);
    config::load(&path).unwrap()
}

#[cfg(unix)]
#[test]
fn a_secret_file_must_be_private_and_is_checked_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let config = profile_with_token_file(dir.path(), "prod.token");
    let token = write(dir.path(), "prod.token", "pt_from_file\n", 0o644);
    let error = config.resolve("prod", &env_of(&[])).unwrap_err();
    assert!(matches!(error, ConfigError::InsecureSecretFile { .. }));
    let t = token.display();
    assert_eq!(
        error.to_string(),
        format!(
            "{t} (profiles.prod.portal.token_file of profile \"prod\") can be read by others (mode 644): run chmod 600 {t}"
        )
    );
    set_mode(&token, 0o600);
    let profile = config.resolve("prod", &env_of(&[])).unwrap();
    assert_eq!(profile.portal.unwrap().token.expose(), "pt_from_file");
}

#[test]
fn secret_files_are_found_relative_to_the_config_and_under_home() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let home_env = env_of(&[("HOME", home.path().to_str().unwrap())]);
    write(dir.path(), "secrets/prod.token", "  pt_relative \n", 0o600);
    write(home.path(), ".config/dckit/prod.token", "pt_home", 0o600);
    let absolute = write(dir.path(), "abs.token", "pt_absolute", 0o600);
    let cases = [
        ("secrets/prod.token", "pt_relative"),
        ("./secrets/prod.token", "pt_relative"),
        ("~/.config/dckit/prod.token", "pt_home"),
        (absolute.to_str().unwrap(), "pt_absolute"),
    ];
    for (written, expected) in cases {
        let config = profile_with_token_file(dir.path(), written);
        let profile = config.resolve("prod", &home_env).unwrap();
        assert_eq!(
            profile.portal.unwrap().token.expose(),
            expected,
            "{written}"
        );
    }
}

#[cfg(unix)]
#[test]
fn secret_files_missing_empty_or_of_two_lines_are_refused_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.token", " \n\n", 0o600);
    write(dir.path(), "two.token", "pt_line_one\npt_line_two\n", 0o600);
    fs::create_dir(dir.path().join("folder")).unwrap();
    let d = dir.path().display();
    let cases = [
        (
            "missing.token",
            format!(
                "{d}/config.toml:3:14: profile \"prod\": the file {d}/missing.token named by profiles.prod.portal.token_file does not exist"
            ),
        ),
        (
            "empty.token",
            format!(
                "{d}/config.toml:3:14: profile \"prod\": the file {d}/empty.token named by profiles.prod.portal.token_file is empty"
            ),
        ),
        (
            "two.token",
            format!(
                "{d}/config.toml:3:14: profile \"prod\": the token given by profiles.prod.portal.token_file contains a line break or another control character; a token is a single line"
            ),
        ),
        (
            "folder",
            format!(
                "{d}/config.toml:3:14: profile \"prod\": the file {d}/folder named by profiles.prod.portal.token_file cannot be read: it is a directory, not a file"
            ),
        ),
    ];
    for (file, expected) in cases {
        let config = profile_with_token_file(dir.path(), file);
        let error = config.resolve("prod", &env_of(&[])).unwrap_err();
        assert_eq!(error.to_string(), expected);
        assert!(!format!("{error:?}").contains("pt_line"));
    }
}

#[test]
fn variables_unset_or_empty_are_refused_when_opened_naming_them() {
    let text = "[profiles.prod.portal]\nurl = \"https://p.example\"\ntoken_env = \"DCKIT_PORTAL_TOKEN\"\n\
                [profiles.other.portal]\nurl = \"https://o.example\"\ntoken_env = \"OTHER\"\n";
    let config = ConfigFile::parse("/etc/dckit.toml", text).unwrap();
    let cases = [
        (
            env_of(&[("OTHER", "x")]),
            "/etc/dckit.toml:3:13: profile \"prod\": the environment variable DCKIT_PORTAL_TOKEN named by profiles.prod.portal.token_env is not set; export it before starting dckit",
        ),
        (
            env_of(&[("DCKIT_PORTAL_TOKEN", " \n"), ("OTHER", "x")]),
            "/etc/dckit.toml:3:13: profile \"prod\": the environment variable DCKIT_PORTAL_TOKEN named by profiles.prod.portal.token_env is empty; give it the value",
        ),
    ];
    for (env, expected) in cases {
        assert_eq!(
            config.resolve("prod", &env).unwrap_err().to_string(),
            expected
        );
        // The other profile still opens.
        assert_eq!(
            config
                .resolve("other", &env)
                .unwrap()
                .portal
                .unwrap()
                .token
                .expose(),
            "x"
        );
    }
}

#[test]
fn credentials_keep_their_inner_line_breaks_from_every_source() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "c.pgp",
        &format!("\r\n  {CREDENTIALS}\n\n"),
        0o600,
    );
    let text = format!(
        "[profiles.file.datacash]\nurl = \"https://d.example\"\nkey = \"k\"\ncredentials_file = \"c.pgp\"\n\
         [profiles.env.datacash]\nurl = \"https://d.example\"\nkey = \"k\"\ncredentials_env = \"CRED\"\n\
         [profiles.inline.datacash]\nurl = \"https://d.example\"\nkey = \"k\"\ncredentials = \"\"\"\n{CREDENTIALS}\n\"\"\"\n"
    );
    let path = write(dir.path(), "config.toml", &text, 0o600);
    let config = config::load(&path).unwrap();
    let env = env_of(&[("CRED", &format!("{CREDENTIALS}\n"))]);
    for name in ["file", "env", "inline"] {
        let profile = config.resolve(name, &env).unwrap();
        let datacash = profile.datacash.unwrap();
        assert_eq!(datacash.credentials.expose(), CREDENTIALS, "{name}");
        assert_eq!(datacash.key.expose(), "k");
    }
}

/// Distinctive secret values: none may appear in any message or `Debug` output.
const SECRETS: &[&str] = &[
    "ZZpt_inline_portal_7f3a",
    "ZZdk_inline_key_91c2",
    "ZZcred_inline_blob_44e0",
    "ZZws_inline_token_b7d1",
    "ZZadm_inline_token_0c9e",
    "ZZfile_token_5a5a",
    "ZZfile_two_lines_6b6b",
    "ZZenv_value_8d8d",
    "ZZwrong_place_3e3e",
];

/// A file whose every secret is inline and distinctive.
fn secret_file() -> String {
    format!(
        "default_profile = \"prod\"\n\
         [profiles.prod.portal]\nurl = \"https://p.example\"\ntoken = \"{}\"\n\
         [profiles.prod.datacash]\nurl = \"https://d.example\"\nkey = \"{}\"\ncredentials = \"\"\"\n{}\n\"\"\"\n\
         [profiles.prod.webservice]\nurl = \"https://w.example\"\ntoken = \"{}\"\n\
         [profiles.prod.harness]\nurl = \"http://127.0.0.1:8080\"\ntoken = \"{}\"\n",
        SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3], SECRETS[4]
    )
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

fn check_error(error: &ConfigError) {
    assert_no_secret("Display", &error.to_string());
    assert_no_secret("Debug", &format!("{error:?}"));
    assert_no_secret("Debug (pretty)", &format!("{error:#?}"));
}

#[test]
fn no_secret_reaches_a_message_or_debug_output() {
    let dir = tempfile::tempdir().unwrap();
    let base = secret_file();
    let wrong = SECRETS[8];

    // Every load-time mistake, made in a file full of secrets.
    let broken: Vec<String> = vec![
        base.replace("url = \"https://p.example\"", "url = \"nope\""),
        base.replace("default_profile = \"prod\"", "default_profile = \"nope\""),
        base.replace("token = \"ZZpt", "tokn = \"ZZpt"),
        base.replace(
            "[profiles.prod.portal]",
            "[profiles.prod.portal]\ntoken_env = \"X\"",
        ),
        base.replace(&format!("token = \"{}\"", SECRETS[0]), ""),
        base.replace(
            &format!("token = \"{}\"", SECRETS[0]),
            &format!("token = {}", SECRETS[0]),
        ),
        base.replace(
            &format!("token = \"{}\"", SECRETS[0]),
            &format!("token = \"{}", SECRETS[0]),
        ),
        base.replace(
            &format!("token = \"{}\"", SECRETS[0]),
            &format!("token = [\"{}\"]", SECRETS[0]),
        ),
        base.replace(
            &format!("token = \"{}\"", SECRETS[0]),
            &format!("token = {{ v = \"{}\" }}", SECRETS[0]),
        ),
        base.replace(
            &format!("token = \"{}\"", SECRETS[0]),
            &format!("token = '{}' x", SECRETS[0]),
        ),
        format!("{base}[profiles.prod.portal]\ntoken = \"{wrong}\"\n"),
        format!("{base}[profiles.other]\nportal = \"{wrong}\"\n"),
        format!("{base}[profiles.other.portal]\nurl = \"{wrong}\"\ntoken_env = \"X\"\n"),
        format!(
            "{base}[profiles.other.portal]\nurl = \"https://x:{wrong}@o.example\"\ntoken_env = \"X\"\n"
        ),
        format!(
            "{base}[profiles.embedded.portal]\nurl = \"https://o.example\"\ntoken = \"{wrong}\"\n"
        ),
        format!("{base}[profiles.other]\nread_only = \"{wrong}\"\n"),
        format!("read_only = \"{wrong}\"\n{base}"),
        format!("timeout_secs = \"{wrong}\"\n{base}"),
        format!("timeout_secs = 0\n{base}"),
        format!("[theme]\naccent = [\"{wrong}\"]\n{base}"),
        format!("{base}[profiles.other]\nread_only = true\n"),
    ];
    for (i, text) in broken.iter().enumerate() {
        let path = write(dir.path(), &format!("broken{i}.toml"), text, 0o600);
        let error = config::load(&path).expect_err(text);
        check_error(&error);
    }

    // The file itself, open to others.
    let path = write(dir.path(), "config.toml", &base, 0o644);
    if cfg!(unix) {
        check_error(&config::load(&path).unwrap_err());
    }

    // Loaded and resolved: no Debug shows a secret.
    set_mode(&path, 0o600);
    let config = config::load(&path).unwrap();
    assert_no_secret("ConfigFile", &format!("{config:?} {config:#?}"));
    let profile = config.resolve("prod", &env_of(&[])).unwrap();
    assert_no_secret("Profile", &format!("{profile:?} {profile:#?}"));
    assert_no_secret("ProfileConfig", &format!("{:?}", config.profiles["prod"]));
    assert_no_secret("summary", &format!("{:?}", profile.summary()));
    let portal = profile.portal.clone().unwrap();
    assert_no_secret("Endpoint", &format!("{portal:?}"));
    assert_no_secret("DataCashEndpoint", &format!("{:?}", profile.datacash));
    // …though the values are there, for the wire.
    assert_eq!(portal.token.expose(), SECRETS[0]);
    assert_eq!(
        profile.datacash.as_ref().unwrap().credentials.expose(),
        SECRETS[2]
    );

    // Resolve-time mistakes with secrets in files and variables.
    write(dir.path(), "token.ok", SECRETS[5], 0o600);
    write(dir.path(), "token.open", SECRETS[5], 0o644);
    write(
        dir.path(),
        "token.two",
        &format!("{}\n{}", SECRETS[6], SECRETS[6]),
        0o600,
    );
    let env = env_of(&[("GOOD", SECRETS[7]), ("EMPTY", "")]);
    let sources = [
        "token_file = \"token.ok\"",
        "token_file = \"token.open\"",
        "token_file = \"token.two\"",
        "token_file = \"missing\"",
        "token_env = \"GOOD\"",
        "token_env = \"EMPTY\"",
        "token_env = \"UNSET\"",
        "token = \"\"",
        &format!("token = \"{}\\n{}\"", SECRETS[0], SECRETS[0]),
    ];
    for source in sources {
        let text = format!("[profiles.p.portal]\nurl = \"https://p.example\"\n{source}\n");
        let path = write(dir.path(), "resolve.toml", &text, 0o600);
        let config = config::load(&path).unwrap();
        assert_no_secret("ConfigFile", &format!("{config:?}"));
        match config.resolve("p", &env) {
            Ok(profile) => assert_no_secret("Profile", &format!("{profile:?}")),
            Err(error) => check_error(&error),
        }
    }

    // The command line's profile.
    let one_off = Profile::one_off("https://p.example", SECRETS[0]).unwrap();
    assert_no_secret("one-off Profile", &format!("{one_off:?}"));
    check_error(
        &Profile::one_off(&format!("https://u:{wrong}@p.example"), SECRETS[0]).unwrap_err(),
    );
    check_error(&Profile::one_off(wrong, SECRETS[0]).unwrap_err());
}

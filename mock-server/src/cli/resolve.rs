//! Stage two of the command line: the raw flags, the environment and the TOML file layered
//! into one resolved setting set per command. Precedence: flags > environment (`DCKIT_*`) >
//! file > defaults, setting by setting.
//!
//! The file is the one given by `--config FILE` or `DCKIT_CONFIG`; none is read otherwise.
//! *Rationale:* as ripgrep, no file is picked up implicitly, so a run depends only on what
//! its command line and environment say. The file has a `[serve]` and a `[verify]` table whose
//! keys are the long flags' names (`admin-addr`, `data-dir`, …); an unknown key is an error
//! naming it, and relative paths in it are relative to the file's folder.
//!
//! Nothing here touches the process: the environment comes in as a map, so tests can give
//! their own.

use super::{ServeArgs, Suite, VerifyArgs};
use anyhow::{Context, anyhow, bail};
use chrono::{DateTime, FixedOffset};
use dckit_mock::config::{self, Config, DEFAULT_ADDR, DEFAULT_SEED, Storage};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The `DCKIT_*` variables of the environment.
pub(crate) type Env = BTreeMap<String, String>;

/// The variable naming the config file.
const CONFIG_VAR: &str = "DCKIT_CONFIG";

/// The `DCKIT_*` variables of this process; a variable that is not UTF-8 is an error.
pub(crate) fn process_env() -> anyhow::Result<Env> {
    let mut env = Env::new();
    for (name, value) in std::env::vars_os() {
        let Some(name) = name.to_str().filter(|n| n.starts_with("DCKIT_")) else {
            continue;
        };
        let value = value
            .into_string()
            .map_err(|_| anyhow!("the environment variable {name} is not valid UTF-8"))?;
        env.insert(name.to_owned(), value);
    }
    Ok(env)
}

/// The `serve` settings one source gives; `None` where it says nothing.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ServeLayer {
    addr: Option<SocketAddr>,
    admin_addr: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    ephemeral: Option<bool>,
    seed: Option<u64>,
    #[serde(default, deserialize_with = "clock_value")]
    clock: Option<DateTime<FixedOffset>>,
}

/// The `verify` settings one source gives.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct VerifyLayer {
    url: Option<String>,
    cases: Option<PathBuf>,
    api: Option<Vec<Suite>>,
    admin_token: Option<String>,
    #[serde(default)]
    vars: BTreeMap<String, String>,
}

/// The config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayers {
    #[serde(default)]
    serve: ServeLayer,
    #[serde(default)]
    verify: VerifyLayer,
}

/// A clock in the file: an RFC 3339 string, or a TOML offset date-time.
fn clock_value<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    let text = match toml::Value::deserialize(deserializer)? {
        toml::Value::String(text) => text,
        toml::Value::Datetime(datetime) => datetime.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected an RFC 3339 time, found {}",
                other.type_str()
            )));
        }
    };
    super::parse_clock(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// Reads the config file named by `flag` or `DCKIT_CONFIG`, if any; relative paths in it
/// become relative to its folder.
fn load_file(flag: Option<&Path>, env: &Env) -> anyhow::Result<Option<(PathBuf, FileLayers)>> {
    let path = match flag {
        Some(path) => path.to_path_buf(),
        None => match env.get(CONFIG_VAR).filter(|v| !v.is_empty()) {
            Some(path) => PathBuf::from(path),
            None => return Ok(None),
        },
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    let mut layers: FileLayers = toml::from_str(&text)
        .map_err(|e| anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
    let folder = path.parent().unwrap_or(Path::new(""));
    for dir in [&mut layers.serve.data_dir, &mut layers.verify.cases]
        .into_iter()
        .flatten()
    {
        if dir.is_relative() {
            *dir = folder.join(&*dir);
        }
    }
    Ok(Some((path, layers)))
}

/// The value of `name`, parsed; an empty variable counts as unset.
fn var<T>(
    env: &Env,
    name: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> anyhow::Result<Option<T>> {
    match env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        Some(value) => parse(value)
            .map(Some)
            .map_err(|reason| anyhow!("{name}={value:?}: {reason}")),
        None => Ok(None),
    }
}

fn from_str<T: FromStr>(text: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| e.to_string())
}

fn boolean(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err("use true or false".to_owned()),
    }
}

fn text(value: &str) -> Result<String, String> {
    Ok(value.to_owned())
}

fn suites(text: &str) -> Result<Vec<Suite>, String> {
    use clap::ValueEnum;
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            Suite::from_str(s, true).map_err(|_| {
                format!("unknown suite {s:?}: use webservice, datacash, portal or admin")
            })
        })
        .collect()
}

impl ServeLayer {
    fn from_flags(flags: &ServeArgs) -> ServeLayer {
        ServeLayer {
            addr: flags.addr,
            admin_addr: flags.admin_addr,
            data_dir: flags.data_dir.clone(),
            ephemeral: flags.ephemeral.then_some(true),
            seed: flags.seed,
            clock: flags.clock,
        }
    }

    fn from_env(env: &Env) -> anyhow::Result<ServeLayer> {
        Ok(ServeLayer {
            addr: var(env, "DCKIT_ADDR", from_str)?,
            admin_addr: var(env, "DCKIT_ADMIN_ADDR", from_str)?,
            data_dir: var(env, "DCKIT_DATA_DIR", |v| Ok(PathBuf::from(v)))?,
            ephemeral: var(env, "DCKIT_EPHEMERAL", boolean)?,
            seed: var(env, "DCKIT_SEED", from_str)?,
            clock: var(env, "DCKIT_CLOCK", super::parse_clock)?,
        })
    }

    /// The storage this layer asks for: `Some(None)` is the default data directory.
    fn storage(&self, source: &str) -> anyhow::Result<Option<Option<Storage>>> {
        match (self.ephemeral, &self.data_dir) {
            (Some(true), Some(_)) => {
                bail!("{source}: data-dir and ephemeral cannot be used together")
            }
            (Some(true), None) => Ok(Some(Some(Storage::Ephemeral))),
            (_, Some(dir)) => Ok(Some(Some(Storage::DataDir(dir.clone())))),
            (Some(false), None) => Ok(Some(None)),
            (None, None) => Ok(None),
        }
    }
}

/// The server's configuration from `flags`, `env` and the config file; does not create the
/// data directory.
pub(crate) fn serve_config(flags: &ServeArgs, env: &Env) -> anyhow::Result<Config> {
    let file = load_file(flags.config.as_deref(), env)?;
    let (file_name, file_layer) = match file {
        Some((path, layers)) => (path.display().to_string(), layers.serve),
        None => (String::new(), ServeLayer::default()),
    };
    let layers = [
        ("the flags".to_owned(), ServeLayer::from_flags(flags)),
        ("the environment".to_owned(), ServeLayer::from_env(env)?),
        (file_name, file_layer),
    ];
    let first =
        |pick: &dyn Fn(&ServeLayer) -> bool| layers.iter().map(|(_, l)| l).find(|l| pick(l));
    let mut storage = None;
    for (source, layer) in &layers {
        if let Some(chosen) = layer.storage(source)? {
            storage = Some(chosen);
            break;
        }
    }
    let storage = match storage.flatten() {
        Some(storage) => storage,
        None => match config::default_data_dir() {
            Some(dir) => Storage::DataDir(dir),
            None => {
                bail!("this platform has no data directory: pass --data-dir DIR or --ephemeral")
            }
        },
    };
    let default_addr: SocketAddr = DEFAULT_ADDR
        .parse()
        .context("the default address does not parse")?;
    Ok(Config {
        addr: first(&|l| l.addr.is_some())
            .and_then(|l| l.addr)
            .unwrap_or(default_addr),
        admin_addr: first(&|l| l.admin_addr.is_some()).and_then(|l| l.admin_addr),
        storage,
        seed: first(&|l| l.seed.is_some())
            .and_then(|l| l.seed)
            .unwrap_or(DEFAULT_SEED),
        clock: first(&|l| l.clock.is_some()).and_then(|l| l.clock),
        header_read_timeout: dckit_mock::config::HEADER_READ_TIMEOUT,
    })
}

/// What `verify` runs with.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct VerifySettings {
    /// The server's base URL.
    pub(crate) url: String,
    /// A folder of cases, or `None` for the built-in suites.
    pub(crate) cases: Option<PathBuf>,
    /// The suites to run; empty means all.
    pub(crate) suites: Vec<Suite>,
    /// The admin token, if given.
    pub(crate) admin_token: Option<String>,
    /// The variables of the cases.
    pub(crate) vars: BTreeMap<String, String>,
}

impl VerifyLayer {
    /// The conveniences that are variables, from `(variable, value)`.
    fn with_vars(mut self, vars: [(&str, Option<String>); 3]) -> VerifyLayer {
        for (name, value) in vars {
            if let Some(value) = value {
                self.vars.insert(name.to_owned(), value);
            }
        }
        self
    }

    fn from_flags(flags: &VerifyArgs) -> VerifyLayer {
        let layer = VerifyLayer {
            url: flags.url.clone(),
            cases: flags.cases.clone(),
            api: (!flags.api.is_empty()).then(|| flags.api.clone()),
            admin_token: flags.admin_token.clone(),
            vars: flags.vars.iter().cloned().collect(),
        };
        layer.with_vars([
            ("webservice_token", flags.webservice_token.clone()),
            ("datacash_key", flags.datacash_key.clone()),
            ("portal_token", flags.portal_token.clone()),
        ])
    }

    fn from_env(env: &Env) -> anyhow::Result<VerifyLayer> {
        let layer = VerifyLayer {
            url: var(env, "DCKIT_URL", text)?,
            cases: var(env, "DCKIT_CASES", |v| Ok(PathBuf::from(v)))?,
            api: var(env, "DCKIT_API", suites)?,
            admin_token: var(env, "DCKIT_ADMIN_TOKEN", text)?,
            vars: BTreeMap::new(),
        };
        Ok(layer.with_vars([
            (
                "webservice_token",
                var(env, "DCKIT_WEBSERVICE_TOKEN", text)?,
            ),
            ("datacash_key", var(env, "DCKIT_DATACASH_KEY", text)?),
            ("portal_token", var(env, "DCKIT_PORTAL_TOKEN", text)?),
        ]))
    }
}

/// What `verify` runs with, from `flags`, `env` and the config file.
pub(crate) fn verify_settings(flags: &VerifyArgs, env: &Env) -> anyhow::Result<VerifySettings> {
    let file = load_file(flags.config.as_deref(), env)?
        .map(|(_, layers)| layers.verify)
        .unwrap_or_default();
    let layers = [
        VerifyLayer::from_flags(flags),
        VerifyLayer::from_env(env)?,
        file,
    ];
    let url = layers
        .iter()
        .find_map(|l| l.url.clone())
        .ok_or_else(|| {
            anyhow!("give the URL of the server to verify: dckit-mock verify URL (or DCKIT_URL, or url in [verify])")
        })?;
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|e| anyhow!("invalid URL {url:?}: {e}; use e.g. http://127.0.0.1:8080"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        bail!("invalid URL {url:?}: use an http or https URL, e.g. http://127.0.0.1:8080");
    }
    let admin_token = layers.iter().find_map(|l| l.admin_token.clone());
    let mut vars = BTreeMap::new();
    for layer in layers.iter().rev() {
        vars.extend(layer.vars.clone());
    }
    if let Some(token) = &admin_token {
        vars.entry("admin_token".to_owned())
            .or_insert_with(|| token.clone());
    }
    let mut suites = layers
        .iter()
        .find_map(|l| l.api.clone())
        .unwrap_or_default();
    suites.sort();
    suites.dedup();
    Ok(VerifySettings {
        url: url.trim().to_owned(),
        cases: layers.iter().find_map(|l| l.cases.clone()),
        suites,
        admin_token,
        vars,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Cli;
    use super::*;
    use clap::Parser;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A config file with `text` in a fresh folder; removed on drop.
    struct ConfigFile(PathBuf);

    impl ConfigFile {
        fn new(text: &str) -> ConfigFile {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "dckit-cli-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("mock.toml");
            std::fs::write(&path, text).unwrap();
            ConfigFile(path)
        }
    }

    impl Drop for ConfigFile {
        fn drop(&mut self) {
            if let Some(dir) = self.0.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }

    /// The config of `serve` from flags, an environment and an optional file.
    fn serve(args: &[&str], env: &[(&str, &str)], file: Option<&str>) -> anyhow::Result<Config> {
        let file = file.map(ConfigFile::new);
        let mut argv = vec!["dckit-mock".to_owned(), "serve".to_owned()];
        argv.extend(args.iter().map(|a| a.to_string()));
        if let Some(file) = &file {
            argv.extend(["--config".to_owned(), file.0.display().to_string()]);
        }
        let cli = Cli::try_parse_from(argv)?;
        let Some(super::super::Command::Serve(flags)) = cli.command else {
            panic!("not serve");
        };
        let env: Env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        serve_config(&flags, &env)
    }

    /// What a test compares: address, seed, storage (ephemeral or the directory's last
    /// component), clock.
    fn summary(config: &Config) -> (String, u64, String, Option<String>) {
        let storage = match &config.storage {
            Storage::Ephemeral => "memory".to_owned(),
            Storage::DataDir(dir) => dir.file_name().unwrap().to_string_lossy().into_owned(),
        };
        (
            config.addr.to_string(),
            config.seed,
            storage,
            config.clock.map(|c| c.to_rfc3339()),
        )
    }

    #[test]
    fn flags_beat_the_environment_which_beats_the_file() {
        let file = r#"
            [serve]
            addr = "127.0.0.1:3000"
            seed = 3
            data-dir = "file-data"
            clock = 2019-06-15T12:00:00+02:00
        "#;
        type Case<'a> = (
            &'a [&'a str],
            &'a [(&'a str, &'a str)],
            Option<&'a str>,
            (&'a str, u64, &'a str, Option<&'a str>),
        );
        let cases: &[Case] = &[
            // Defaults.
            (
                &["--ephemeral"],
                &[],
                None,
                ("127.0.0.1:8080", 42, "memory", None),
            ),
            // The file alone.
            (
                &[],
                &[],
                Some(file),
                (
                    "127.0.0.1:3000",
                    3,
                    "file-data",
                    Some("2019-06-15T12:00:00+02:00"),
                ),
            ),
            // The environment over the file, setting by setting.
            (
                &[],
                &[("DCKIT_SEED", "2"), ("DCKIT_EPHEMERAL", "true")],
                Some(file),
                (
                    "127.0.0.1:3000",
                    2,
                    "memory",
                    Some("2019-06-15T12:00:00+02:00"),
                ),
            ),
            // Flags over both.
            (
                &[
                    "--seed",
                    "1",
                    "--data-dir",
                    "/tmp/flag-data",
                    "--addr",
                    "127.0.0.1:1",
                ],
                &[
                    ("DCKIT_SEED", "2"),
                    ("DCKIT_EPHEMERAL", "1"),
                    ("DCKIT_ADDR", "127.0.0.1:2"),
                ],
                Some(file),
                (
                    "127.0.0.1:1",
                    1,
                    "flag-data",
                    Some("2019-06-15T12:00:00+02:00"),
                ),
            ),
            (
                &["--clock", "2020-01-01T00:00:00+01:00", "--ephemeral"],
                &[("DCKIT_CLOCK", "2021-01-01T00:00:00Z")],
                Some(file),
                (
                    "127.0.0.1:3000",
                    3,
                    "memory",
                    Some("2020-01-01T00:00:00+01:00"),
                ),
            ),
            // An empty variable is unset; a false DCKIT_EPHEMERAL wins over the file's memory.
            (
                &[],
                &[
                    ("DCKIT_SEED", ""),
                    ("DCKIT_EPHEMERAL", "false"),
                    ("DCKIT_DATA_DIR", "/tmp/env-data"),
                ],
                Some("[serve]\nephemeral = true\nclock = \"2019-06-15T12:00:00Z\""),
                (
                    "127.0.0.1:8080",
                    42,
                    "env-data",
                    Some("2019-06-15T12:00:00+00:00"),
                ),
            ),
        ];
        for (args, env, file, expected) in cases {
            let config =
                serve(args, env, *file).unwrap_or_else(|e| panic!("{args:?} {env:?}: {e:#}"));
            let (addr, seed, storage, clock) = summary(&config);
            assert_eq!(
                (addr.as_str(), seed, storage.as_str(), clock.as_deref()),
                *expected,
                "{args:?} {env:?} {file:?}"
            );
        }
    }

    #[test]
    fn relative_paths_in_the_file_are_relative_to_it_and_dckit_config_names_it() {
        let file = ConfigFile::new("[serve]\ndata-dir = \"state\"\n");
        let env: Env = [(CONFIG_VAR.to_owned(), file.0.display().to_string())].into();
        let config = serve_config(&ServeArgs::default(), &env).unwrap();
        assert_eq!(
            config.storage,
            Storage::DataDir(file.0.parent().unwrap().join("state"))
        );
    }

    #[test]
    fn bad_settings_are_refused_naming_where_they_are() {
        /// Environment, file, and what the error must say.
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<&'a str>, &'a [&'a str]);
        let cases: &[Case] = &[
            (
                &[("DCKIT_SEED", "many")],
                None,
                &["DCKIT_SEED=\"many\"", "invalid digit"],
            ),
            (
                &[("DCKIT_ADDR", "localhost")],
                None,
                &["DCKIT_ADDR", "invalid socket address"],
            ),
            (
                &[("DCKIT_EPHEMERAL", "maybe")],
                None,
                &["DCKIT_EPHEMERAL", "true or false"],
            ),
            (
                &[("DCKIT_CLOCK", "noon")],
                None,
                &["DCKIT_CLOCK", "RFC 3339"],
            ),
            (
                &[("DCKIT_EPHEMERAL", "1"), ("DCKIT_DATA_DIR", "/tmp/x")],
                None,
                &["the environment", "cannot be used together"],
            ),
            (
                &[],
                Some("[serve]\nadress = \"127.0.0.1:1\""),
                &["mock.toml", "unknown field `adress`"],
            ),
            (
                &[],
                Some("[server]\naddr = \"127.0.0.1:1\""),
                &["mock.toml", "unknown field `server`"],
            ),
            (&[], Some("[serve]\nseed = \"x\""), &["mock.toml", "seed"]),
            (&[], Some("[serve]\nclock = 3"), &["mock.toml", "RFC 3339"]),
            (&[], Some("[serve\n"), &["mock.toml"]),
            (
                &[("DCKIT_CONFIG", "/nonexistent/dckit.toml")],
                None,
                &["cannot read the config file /nonexistent/dckit.toml"],
            ),
        ];
        for (env, file, needles) in cases {
            let error = format!("{:#}", serve(&[], env, *file).unwrap_err());
            for needle in *needles {
                assert!(error.contains(needle), "{env:?} {file:?}: {error}");
            }
        }
    }

    fn verify(
        args: &[&str],
        env: &[(&str, &str)],
        file: Option<&str>,
    ) -> anyhow::Result<VerifySettings> {
        let file = file.map(ConfigFile::new);
        let mut argv = vec!["dckit-mock".to_owned(), "verify".to_owned()];
        argv.extend(args.iter().map(|a| a.to_string()));
        if let Some(file) = &file {
            argv.extend(["--config".to_owned(), file.0.display().to_string()]);
        }
        let cli = Cli::try_parse_from(argv)?;
        let Some(super::super::Command::Verify(flags)) = cli.command else {
            panic!("not verify");
        };
        let env: Env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        verify_settings(&flags, &env)
    }

    #[test]
    fn verify_settings_layer_the_same_way() {
        let file = r#"
            [verify]
            url = "http://file:1"
            api = ["portal"]
            admin-token = "adm_file"
            [verify.vars]
            a = "file"
            b = "file"
            c = "file"
        "#;
        let settings = verify(
            &["--var", "a=flag", "--token", "ws_flag"],
            &[
                ("DCKIT_URL", "http://env:2"),
                ("DCKIT_API", "datacash, admin"),
                ("DCKIT_DATACASH_KEY", "dk_env"),
            ],
            Some(file),
        )
        .unwrap();
        assert_eq!(settings.url, "http://env:2");
        assert_eq!(settings.suites, [Suite::Datacash, Suite::Admin]);
        assert_eq!(settings.admin_token.as_deref(), Some("adm_file"));
        let vars: Vec<(&str, &str)> = settings
            .vars
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            vars,
            [
                ("a", "flag"),
                ("admin_token", "adm_file"),
                ("b", "file"),
                ("c", "file"),
                ("datacash_key", "dk_env"),
                ("webservice_token", "ws_flag"),
            ]
        );
        let flag_url = verify(&["http://flag:3"], &[("DCKIT_URL", "http://env:2")], None).unwrap();
        assert_eq!(
            (flag_url.url.as_str(), flag_url.cases, flag_url.suites),
            ("http://flag:3", None, vec![])
        );

        let errors = [
            (verify(&[], &[], None), "give the URL"),
            (verify(&["ftp://x"], &[], None), "http or https"),
            (verify(&["not a url"], &[], None), "invalid URL"),
            (
                verify(&["http://x"], &[("DCKIT_API", "soap")], None),
                "DCKIT_API=\"soap\": unknown suite",
            ),
            (
                verify(&["http://x"], &[], Some("[verify]\ntoken = \"x\"")),
                "unknown field `token`",
            ),
        ];
        for (result, needle) in errors {
            let error = format!("{:#}", result.unwrap_err());
            assert!(error.contains(needle), "{error}");
        }
    }
}

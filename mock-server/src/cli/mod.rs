//! The command line of `dckit-mock`, in two stages as ripgrep's: the raw flags here (every
//! setting optional, nothing read from the environment), then [`resolve`], which layers them
//! over the environment (`DCKIT_*`) and the optional TOML file into one resolved setting set.
//!
//! Rationale: only a raw `Option` tells "not given" from "given the default", which the
//! precedence flags > environment > file > defaults needs.

pub(crate) mod resolve;
pub(crate) mod verify;

use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// An offline, stateful mock of the DataCash and WebService (Billing Extension for WHMCS) APIs.
///
/// Settings come from flags, then the environment (DCKIT_*), then the TOML file given by
/// --config or DCKIT_CONFIG (tables [serve] and [verify], keys named as the flags), then the
/// defaults.
#[derive(Debug, Parser)]
#[command(name = "dckit-mock", version, args_conflicts_with_subcommands = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    #[command(flatten)]
    pub(crate) serve: ServeArgs,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the mock server (the default).
    Serve(ServeArgs),
    /// Print an `ade_credentials_encrypted` value: Fisconline credentials encrypted to the
    /// public key of a running mock (GET URL/api/dco/pgp-key).
    Credentials(CredentialsArgs),
    /// Replay the contract cases against a server and print a pass/fail table; exits 1 when
    /// any case fails.
    Verify(VerifyArgs),
}

/// Flags of `credentials`.
#[derive(Debug, Args)]
pub(crate) struct CredentialsArgs {
    /// Codice fiscale of the Fisconline user (16 characters, or 11 digits for a company).
    #[arg(long, value_name = "CF")]
    pub(crate) cf: String,
    /// Fisconline password.
    #[arg(long)]
    pub(crate) password: String,
    /// Fisconline PIN.
    #[arg(long)]
    pub(crate) pin: String,
    /// Partita IVA of the seller; must be the one the API key is bound to.
    #[arg(long, value_name = "PIVA")]
    pub(crate) piva: String,
    /// Base URL of the running mock whose public key to use.
    #[arg(
        long,
        env = "DCKIT_URL",
        default_value = "http://127.0.0.1:8080",
        value_name = "URL"
    )]
    pub(crate) url: String,
    /// Print a JSON body `{"ade_credentials_encrypted": "…"}` instead of the bare armored
    /// message.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Flags of `serve`, as given.
#[derive(Debug, Default, Args)]
pub(crate) struct ServeArgs {
    /// Read settings from the [serve] table of this TOML file [env: DCKIT_CONFIG].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free port [env: DCKIT_ADDR] [default:
    /// 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    pub(crate) addr: Option<SocketAddr>,
    /// Also serve the admin API alone on this address, to any client (on --addr it answers
    /// loopback clients only) [env: DCKIT_ADMIN_ADDR].
    #[arg(long, value_name = "ADDR")]
    pub(crate) admin_addr: Option<SocketAddr>,
    /// Keep state in this directory [env: DCKIT_DATA_DIR] [default: the platform data
    /// directory, e.g. ~/.local/share/dckit/mock].
    #[arg(long, value_name = "DIR", conflicts_with = "ephemeral")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Keep no state: a private temporary database, deleted at exit [env: DCKIT_EPHEMERAL=true].
    #[arg(long)]
    pub(crate) ephemeral: bool,
    /// Seed of the generated demo data (used when the store is new) [env: DCKIT_SEED]
    /// [default: 42].
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,
    /// Freeze the clock at this RFC 3339 time, e.g. 2019-06-15T12:00:00+02:00 [env:
    /// DCKIT_CLOCK].
    #[arg(long, value_name = "RFC3339", value_parser = parse_clock)]
    pub(crate) clock: Option<DateTime<FixedOffset>>,
}

/// The suites of contract cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Suite {
    /// The Billing Extension WebService.
    Webservice,
    /// The DataCash document API.
    Datacash,
    /// The account area.
    Portal,
    /// The mock's harness (`/__admin`): needs a dckit mock and --admin-token.
    Admin,
}

impl Suite {
    /// The folder of the suite's cases.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            Suite::Webservice => "webservice",
            Suite::Datacash => "datacash",
            Suite::Portal => "portal",
            Suite::Admin => "admin",
        }
    }
}

/// Flags of `verify`, as given.
#[derive(Debug, Default, Args)]
#[command(after_long_help = VERIFY_HELP)]
pub(crate) struct VerifyArgs {
    /// Base URL of the server to verify, e.g. http://127.0.0.1:8080 [env: DCKIT_URL].
    #[arg(value_name = "URL")]
    pub(crate) url: Option<String>,
    /// Read settings from the [verify] table of this TOML file [env: DCKIT_CONFIG].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Read the cases from this folder (recursively) instead of the suites built into the
    /// binary [env: DCKIT_CASES].
    #[arg(long, value_name = "DIR")]
    pub(crate) cases: Option<PathBuf>,
    /// Only the cases of this suite (a folder of the cases); repeat for several [env:
    /// DCKIT_API, comma-separated] [default: all].
    #[arg(long, value_name = "API", value_enum)]
    pub(crate) api: Vec<Suite>,
    /// A variable the cases use as {{NAME}}, e.g. --var seller_piva=01234567897; repeatable.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub(crate) vars: Vec<(String, String)>,
    /// The mock's admin token: lets the runner reset and freeze the server for each case
    /// (without it, cases that need a clock or seed are reported "state not verified");
    /// also the variable admin_token [env: DCKIT_ADMIN_TOKEN].
    #[arg(long, value_name = "TOKEN")]
    pub(crate) admin_token: Option<String>,
    /// The WebService token: the variable webservice_token [env: DCKIT_WEBSERVICE_TOKEN].
    #[arg(long, visible_alias = "token", value_name = "TOKEN")]
    pub(crate) webservice_token: Option<String>,
    /// The DataCash API key: the variable datacash_key [env: DCKIT_DATACASH_KEY].
    #[arg(long, visible_alias = "key", value_name = "KEY")]
    pub(crate) datacash_key: Option<String>,
    /// The account area's bearer token: the variable portal_token [env: DCKIT_PORTAL_TOKEN].
    #[arg(long, value_name = "TOKEN")]
    pub(crate) portal_token: Option<String>,
}

/// The end of `verify --help`.
const VERIFY_HELP: &str = "\
Variables the suites use (see contracts/cases/*/README.md):
  webservice  webservice_token
  datacash    datacash_key, credentials, seller_piva, datacash_key_other,
              datacash_key_deactivated, credentials_bad_cf, credentials_empty_password
  portal      portal_token, admin_token, datacash_key, datacash_key_other,
              credentials, seller_piva
  admin       admin_token, datacash_key, webservice_token

The values come from the mock's start banner; `dckit-mock credentials` makes the
credentials. Exit status: 0 when every case passed, 1 when one failed, 2 on a usage error.

Config file example (dckit-mock verify --config mock.toml):
  [verify]
  url = \"http://127.0.0.1:8080\"
  api = [\"webservice\", \"admin\"]
  admin-token = \"adm_…\"
  [verify.vars]
  webservice_token = \"…\"";

fn parse_clock(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| format!("{e}: use RFC 3339 with an offset, e.g. 2019-06-15T12:00:00+02:00"))
}

fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("{text:?} is not NAME=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_flags_parse() {
        let cli = Cli::try_parse_from([
            "dckit-mock",
            "credentials",
            "--cf",
            "RSSMRA80A01H501U",
            "--password",
            "p",
            "--pin",
            "1",
            "--piva",
            "01234567897",
        ])
        .unwrap();
        match cli.command {
            Some(Command::Credentials(args)) => {
                assert_eq!((args.cf.as_str(), args.json), ("RSSMRA80A01H501U", false));
            }
            other => panic!("{other:?}"),
        }
        let missing = Cli::try_parse_from(["dckit-mock", "credentials", "--cf", "X"]).unwrap_err();
        assert!(missing.to_string().contains("--password"), "{missing}");
    }

    #[test]
    fn verify_flags_parse() {
        let cli = Cli::try_parse_from([
            "dckit-mock",
            "verify",
            "http://127.0.0.1:9",
            "--api",
            "datacash",
            "--api",
            "admin",
            "--var",
            "seller_piva=01234567897",
            "--var",
            "x==y",
            "--key",
            "dk_1",
            "--token",
            "ws_1",
        ])
        .unwrap();
        match cli.command {
            Some(Command::Verify(args)) => {
                assert_eq!(args.url.as_deref(), Some("http://127.0.0.1:9"));
                assert_eq!(args.api, [Suite::Datacash, Suite::Admin]);
                assert_eq!(
                    args.vars,
                    [
                        ("seller_piva".to_owned(), "01234567897".to_owned()),
                        ("x".to_owned(), "=y".to_owned())
                    ]
                );
                assert_eq!(args.datacash_key.as_deref(), Some("dk_1"));
                assert_eq!(args.webservice_token.as_deref(), Some("ws_1"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_flags_are_refused_with_a_reason() {
        let cases: &[(&[&str], &str)] = &[
            (&["--clock", "yesterday"], "RFC 3339"),
            (
                &["--ephemeral", "--data-dir", "/tmp/x"],
                "cannot be used with",
            ),
            (&["--addr", "localhost"], "invalid socket address"),
            (&["--seed", "-1"], "-1"),
            (&["verify", "--api", "soap"], "possible values"),
            (&["verify", "--var", "novalue"], "NAME=VALUE"),
            (&["verify", "--var", "=v"], "NAME=VALUE"),
        ];
        for (args, needle) in cases {
            let argv = std::iter::once("dckit-mock").chain(args.iter().copied());
            let err = Cli::try_parse_from(argv).unwrap_err().to_string();
            assert!(err.contains(needle), "{args:?}: {err}");
        }
    }
}

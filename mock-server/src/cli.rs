//! The command line of `dckit-mock`: raw flags, then one resolved [`Config`].

use anyhow::{Context, bail};
use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand};
use dckit_mock::config::{self, Config, DEFAULT_ADDR, DEFAULT_SEED, Storage};
use std::net::SocketAddr;
use std::path::PathBuf;

/// An offline, stateful mock of the DataCash and WebService (Billing Extension for WHMCS) APIs.
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

/// Flags of `serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "DCKIT_ADDR", default_value = DEFAULT_ADDR, value_name = "ADDR")]
    addr: SocketAddr,
    /// Serve the admin API on this extra address to any client (otherwise it answers
    /// loopback clients only, on --addr).
    #[arg(long, env = "DCKIT_ADMIN_ADDR", value_name = "ADDR")]
    admin_addr: Option<SocketAddr>,
    /// Keep state in this directory [default: the platform data directory, e.g.
    /// ~/.local/share/dckit/mock].
    #[arg(
        long,
        env = "DCKIT_DATA_DIR",
        value_name = "DIR",
        conflicts_with = "ephemeral"
    )]
    data_dir: Option<PathBuf>,
    /// Keep state in memory only: nothing survives the process.
    #[arg(long, env = "DCKIT_EPHEMERAL")]
    ephemeral: bool,
    /// Seed of the generated demo data (used when the store is new).
    #[arg(long, env = "DCKIT_SEED", default_value_t = DEFAULT_SEED, value_name = "N")]
    seed: u64,
    /// Freeze the clock at this RFC 3339 time, e.g. 2019-06-15T12:00:00+02:00.
    #[arg(long, env = "DCKIT_CLOCK", value_name = "RFC3339", value_parser = parse_clock)]
    clock: Option<DateTime<FixedOffset>>,
}

impl ServeArgs {
    /// The configuration these flags describe.
    pub(crate) fn resolve(self) -> anyhow::Result<Config> {
        let storage = if self.ephemeral {
            Storage::Ephemeral
        } else {
            match self.data_dir {
                Some(dir) => Storage::DataDir(dir),
                None => match config::default_data_dir() {
                    Some(dir) => Storage::DataDir(dir),
                    None => bail!(
                        "this platform has no data directory: pass --data-dir DIR or --ephemeral"
                    ),
                },
            }
        };
        if let Storage::DataDir(dir) = &storage {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        }
        Ok(Config {
            addr: self.addr,
            admin_addr: self.admin_addr,
            storage,
            seed: self.seed,
            clock: self.clock,
        })
    }
}

fn parse_clock(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| format!("{e}: use RFC 3339 with an offset, e.g. 2019-06-15T12:00:00+02:00"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_resolve_to_a_config() {
        let cli = Cli::try_parse_from([
            "dckit-mock",
            "--ephemeral",
            "--addr",
            "127.0.0.1:0",
            "--seed",
            "7",
            "--clock",
            "2019-06-15T12:00:00+02:00",
        ])
        .unwrap();
        let config = cli.serve.resolve().unwrap();
        assert_eq!(config.storage, Storage::Ephemeral);
        assert_eq!(config.seed, 7);
        assert_eq!(config.addr.port(), 0);
        assert_eq!(
            config.clock.unwrap().to_rfc3339(),
            "2019-06-15T12:00:00+02:00"
        );
    }

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
                assert_eq!(args.url, "http://127.0.0.1:8080");
                assert_eq!((args.cf.as_str(), args.json), ("RSSMRA80A01H501U", false));
            }
            other => panic!("{other:?}"),
        }
        let missing = Cli::try_parse_from(["dckit-mock", "credentials", "--cf", "X"]).unwrap_err();
        assert!(missing.to_string().contains("--password"), "{missing}");
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
        ];
        for (args, needle) in cases {
            let argv = std::iter::once("dckit-mock").chain(args.iter().copied());
            let err = Cli::try_parse_from(argv).unwrap_err().to_string();
            assert!(err.contains(needle), "{args:?}: {err}");
        }
    }
}

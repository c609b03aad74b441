//! The command line of `dckit`, and its long help: what the console connects to, profiles
//! with an example, secrets, read-only, and the names `[keys]` and `[theme]` accept.

use crate::keymap::KeyMap;
use crate::ui::theme::ROLES;
use chrono::{DateTime, FixedOffset};
use clap::{CommandFactory, FromArgMatches, Parser};
use std::path::PathBuf;

/// The flags, as typed.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "dckit",
    version,
    about = "Terminal admin console for DataCash (keys, licences, add-ons, live counters) and the Billing Extension WebService",
    long_about = LONG_ABOUT
)]
pub struct Cli {
    /// Open this profile of the config file ("embedded": the in-process mock)
    #[arg(long, short = 'p', value_name = "NAME")]
    pub profile: Option<String>,

    /// Read the profiles from FILE instead of $XDG_CONFIG_HOME/dckit/config.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A one-off connection to an account area: the server's root URL (with --token)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The portal token for --url; DCKIT_TOKEN is read when it is not given (a flag shows in
    /// `ps`, a variable does not)
    #[arg(long, value_name = "TOKEN", requires = "url")]
    pub token: Option<String>,

    /// Change nothing: adding, renaming and deactivating keys, renewing, signing and buying
    /// are disabled
    #[arg(long)]
    pub read_only: bool,

    /// The seed of the embedded mock's demo data
    #[arg(long, value_name = "N", default_value_t = dckit_mock::config::DEFAULT_SEED)]
    pub seed: u64,

    /// Freeze the embedded mock's clock at this instant (RFC 3339, e.g.
    /// 2026-02-15T10:31:07+01:00); real time otherwise
    #[arg(long, value_name = "TIME")]
    pub clock: Option<DateTime<FixedOffset>>,
}

const LONG_ABOUT: &str = "\
dckit is a keyboard-driven console for the DataCash account area (API keys, licences, add-ons,
live document counters) that works over SSH at 80x24.

With no profile and no --url it starts the dckit mock in-process, on seeded demo data, and
connects to everything the mock offers: nothing to configure, no network needed.

A profile names up to four endpoints, each optional: the account area (url + token), the
DataCash document API (url + key + credentials, the encrypted blob DataCash's panel gives),
the WHMCS WebService (the WHMCS root url + token) and the mock's harness (url + token). A
screen whose endpoint the profile lacks says which setting to add. Switch profiles at run time
with P or :profile NAME.";

/// The long help's closing part: the config file, with the names the key map and the theme
/// accept generated from the same tables the console uses.
fn after_long_help() -> String {
    let mut text = String::from(
        "\
CONFIG FILE ($XDG_CONFIG_HOME/dckit/config.toml, or --config FILE):

    default_profile = \"prod\"        # opened without --profile (else the embedded mock)
    read_only = false               # true: every profile read-only
    timeout_secs = 15               # per request

    [profiles.prod]
    read_only = true                # this profile only

    [profiles.prod.portal]          # the account area
    url = \"https://portal.example.it\"
    token_env = \"DCKIT_PORTAL_TOKEN\"

    [profiles.prod.datacash]        # the DataCash document API
    url = \"https://datacash.example.it\"
    key_file = \"~/.config/dckit/prod.key\"
    credentials_file = \"prod.credentials\"   # relative: next to the config file

    [profiles.prod.webservice]      # the WHMCS WebService
    url = \"https://billing.example.com\"     # the WHMCS root
    token_env = \"WHMCS_WS_TOKEN\"

    [profiles.local.harness]        # the mock's /__admin
    url = \"http://127.0.0.1:8080\"
    token = \"adm_...\"               # inline: the file must then be chmod 600

    [theme]                         # colours by role: a name, an index 0-255 or \"#rrggbb\"
    accent = \"cyan\"

    [keys]                          # keys by command: a key or a list
    add-key = [\"a\", \"insert\"]

SECRETS: every token, key and credentials blob is given one way: inline (X = \"...\"), from a
variable (X_env = \"NAME\") or from a file (X_file = \"PATH\"). A config file that holds an
inline secret, or a secret file, readable by group or others is refused (run chmod 600).
Secrets never appear on screen, in messages or in logs; a new API key is shown once, when it
is created, with a copy to the clipboard (OSC 52: works through SSH; in tmux set
set-clipboard on).

NO_COLOR set to anything: a mono theme (reverse video and bold instead of colours).

THEME ROLES:
",
    );
    for (role, what) in ROLES {
        text.push_str(&format!("    {role:<12} {what}\n"));
    }
    text.push_str("\nKEY COMMANDS (for [keys]; also typed after :):\n");
    for (name, what) in KeyMap::default().names() {
        text.push_str(&format!("    {name:<16} {what}\n"));
    }
    text.push_str(
        "\nEXAMPLES:\n    dckit                                    the embedded mock\n    dckit --profile prod --read-only\n    DCKIT_TOKEN=pt_... dckit --url http://127.0.0.1:8080\n",
    );
    text
}

impl Cli {
    /// Parses the process's arguments (exits with the help, the version or a usage error).
    pub fn parse_args() -> Cli {
        let matches = Cli::command()
            .after_long_help(after_long_help())
            .get_matches();
        match Cli::from_arg_matches(&matches) {
            Ok(cli) => cli,
            Err(e) => e.exit(),
        }
    }

    /// The long help, as `--help` prints it.
    pub fn long_help() -> String {
        Cli::command()
            .after_long_help(after_long_help())
            .render_long_help()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_explains_profiles_secrets_and_the_key_names() {
        let help = Cli::long_help();
        for part in [
            "--profile",
            "--url",
            "--read-only",
            "[profiles.prod.portal]",
            "token_env",
            "chmod 600",
            "add-key",
            "export-xlsx",
            "NO_COLOR",
            "accent",
        ] {
            assert!(help.contains(part), "{part} missing from --help");
        }
    }

    #[test]
    fn token_needs_url() {
        assert!(Cli::try_parse_from(["dckit", "--token", "x"]).is_err());
        let cli =
            Cli::try_parse_from(["dckit", "--url", "http://127.0.0.1:1", "--token", "x"]).unwrap();
        assert_eq!(cli.url.as_deref(), Some("http://127.0.0.1:1"));
    }
}

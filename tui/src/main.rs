//! `dckit`: the terminal admin console. See `dckit --help`.

use anyhow::{Context, bail};
use dckit_tui::app::Settings;
use dckit_tui::cli::Cli;
use dckit_tui::config::{self, ConfigFile, EMBEDDED_PROFILE, Profile};
use dckit_tui::keymap::KeyMap;
use dckit_tui::runtime::{Embedded, Osc52, Profiles, Runtime};
use dckit_tui::secret::Secret;
use dckit_tui::terminal;
use dckit_tui::ui::theme::{Palette, Theme};
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dckit: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let file = config::load_optional(cli.config.as_deref())?;
    let theme = theme(file.as_ref())?;
    let keymap = keymap(file.as_ref())?;
    let one_off = match &cli.url {
        Some(url) => {
            let token = match &cli.token {
                Some(token) => token.clone(),
                None => std::env::var("DCKIT_TOKEN")
                    .ok()
                    .filter(|t| !t.is_empty())
                    .context("--url needs a portal token: give --token, or set DCKIT_TOKEN")?,
            };
            Some(Profile::one_off(url, Secret::new(token))?)
        }
        None => None,
    };
    let mut mock = dckit_mock::Config::ephemeral().with_seed(cli.seed);
    if let Some(clock) = cli.clock {
        mock = mock.with_clock(clock);
    }
    let read_only = cli.read_only || file.as_ref().is_some_and(|f| f.read_only);
    let marker = file.as_ref().map(|f| f.marker).unwrap_or_default();
    let first = cli
        .profile
        .clone()
        .or_else(|| one_off.as_ref().map(|p| p.name.clone()))
        .or_else(|| file.as_ref().and_then(|f| f.default_profile.clone()))
        .unwrap_or_else(|| EMBEDDED_PROFILE.to_owned());
    let profiles = Profiles::new(file, one_off, Embedded::new(mock), read_only);
    let names = profiles.names();
    if !names.contains(&first) {
        bail!(
            "there is no profile \"{first}\": the profiles are {}",
            names.join(", ")
        );
    }
    if !std::io::stdout().is_terminal() {
        bail!("dckit is an interactive console: run it in a terminal");
    }

    let tokio = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    tokio.block_on(async move {
        // The mono theme is drawn explicitly; crossterm must not drop attributes on its own.
        crossterm::style::force_color_output(true);
        let (term, guard) = terminal::enter().context("cannot set up the terminal")?;
        let size = term.size().context("cannot read the terminal's size")?;
        let settings = Settings {
            theme,
            keymap,
            profiles: names,
            profile: first,
            read_only,
            size: (size.width, size.height),
            now: chrono::Utc::now(),
            marker,
        };
        let clipboard = Osc52::new(std::io::stdout(), std::env::var_os("TMUX").is_some());
        let runtime = Runtime::new(
            term,
            settings,
            profiles,
            Box::new(clipboard),
            Box::new(chrono::Utc::now),
        )
        .context("cannot set up the terminal")?;
        let result = runtime
            .run(crossterm::event::EventStream::new())
            .await
            .context("the terminal failed");
        drop(guard);
        result
    })?;
    // The embedded mock and any requests still running stop with the runtime.
    tokio.shutdown_timeout(std::time::Duration::from_secs(2));
    Ok(())
}

/// The theme: mono under `NO_COLOR`, with the config file's `[theme]` colours.
fn theme(file: Option<&ConfigFile>) -> anyhow::Result<Theme> {
    let mut theme = Theme::new(Palette::from_no_color(
        std::env::var("NO_COLOR").ok().as_deref(),
    ));
    if let Some(file) = file {
        for (role, value) in &file.theme {
            theme = theme
                .with_overrides([(role.as_str(), value.get_ref().as_str())])
                .map_err(|e| {
                    anyhow::anyhow!("{}: [theme] {role}: {e}", file.location(value.span()))
                })?;
        }
    }
    Ok(theme)
}

/// The key map, with the config file's `[keys]` (applied together, so two commands can
/// swap keys); an error names the entry at fault.
fn keymap(file: Option<&ConfigFile>) -> anyhow::Result<KeyMap> {
    let Some(file) = file else {
        return Ok(KeyMap::default());
    };
    let entries: Vec<(&str, Vec<&str>)> = file
        .keys
        .iter()
        .map(|(name, binding)| {
            let keys = binding.keys.iter().map(|k| k.get_ref().as_str()).collect();
            (name.as_str(), keys)
        })
        .collect();
    KeyMap::default()
        .with_overrides(entries.clone())
        .map_err(|error| {
            // The entry that fails on its own, or else the last one (a clash between two).
            let culprit = entries
                .iter()
                .find(|entry| {
                    KeyMap::default()
                        .with_overrides([(*entry).clone()])
                        .is_err()
                })
                .or(entries.last())
                .map(|(name, _)| *name);
            match culprit.and_then(|name| file.keys.get(name).map(|b| (name, b))) {
                Some((name, binding)) => anyhow::anyhow!(
                    "{}: [keys] {name}: {error}",
                    file.location(binding.span.clone())
                ),
                None => anyhow::anyhow!("{}: [keys]: {error}", file.path.display()),
            }
        })
}

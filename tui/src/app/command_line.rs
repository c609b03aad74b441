//! The `:` command line: `:keys`, `:profile NAME`, `:quit`, and every command of the key map
//! by name (`:add-key`, `:export-csv`), with Tab completion.

use super::field::Field;
use crate::keymap::{Command, KeyMap};
use crate::screens::ScreenId;

/// The command line being typed.
#[derive(Clone, Debug)]
pub(crate) struct CommandLine {
    /// What was typed after the colon.
    pub(crate) field: Field,
}

impl Default for CommandLine {
    fn default() -> Self {
        CommandLine {
            field: Field::new("", 200),
        }
    }
}

/// What a command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Parsed {
    /// Run a command of the key map.
    Run(Command),
    /// Open a profile by name.
    Profile(String),
    /// Nothing was typed.
    Nothing,
    /// Not a command.
    Unknown(String),
}

/// Reads a command line.
pub(super) fn parse(text: &str, keymap: &KeyMap) -> Parsed {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return Parsed::Nothing;
    };
    let rest: Vec<&str> = words.collect();
    let word = first.to_ascii_lowercase();
    match word.as_str() {
        "q" | "q!" | "quit" | "exit" => return Parsed::Run(Command::Quit),
        "profile" | "profiles" | "ctx" | "context" => {
            return match rest.as_slice() {
                [] => Parsed::Run(Command::Profiles),
                [name] => Parsed::Profile((*name).to_owned()),
                _ => Parsed::Unknown(text.trim().to_owned()),
            };
        }
        _ => {}
    }
    if !rest.is_empty() {
        return Parsed::Unknown(text.trim().to_owned());
    }
    if let Some(screen) = ScreenId::from_command(&word) {
        return Parsed::Run(Command::Show(screen));
    }
    match keymap.command_named(&word) {
        Some(command) => Parsed::Run(command),
        None => Parsed::Unknown(first.to_owned()),
    }
}

/// The words the first position completes to.
fn words(keymap: &KeyMap) -> Vec<&'static str> {
    let mut words = vec!["quit", "profile"];
    words.extend(keymap.names().map(|(name, _)| name));
    words.sort_unstable();
    words.dedup();
    words
}

/// Completes what was typed: the longest common prefix of the matching commands (or profile
/// names after `profile `). Returns `None` when nothing matches.
pub(super) fn complete(text: &str, keymap: &KeyMap, profiles: &[String]) -> Option<String> {
    let (head, partial, candidates): (&str, &str, Vec<&str>) = match text.strip_prefix("profile ") {
        Some(partial) => (
            "profile ",
            partial,
            profiles.iter().map(String::as_str).collect(),
        ),
        None => ("", text, words(keymap)),
    };
    let matching: Vec<&str> = candidates
        .into_iter()
        .filter(|c| c.starts_with(partial))
        .collect();
    let first = *matching.first()?;
    let common = matching.iter().fold(first.len(), |len, m| {
        first
            .chars()
            .zip(m.chars())
            .take_while(|(a, b)| a == b)
            .count()
            .min(len)
    });
    let mut completed = format!("{head}{}", &first[..common]);
    if matching.len() == 1 && head.is_empty() && first == "profile" {
        completed.push(' ');
    }
    Some(completed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands() {
        let map = KeyMap::default();
        let cases = [
            ("", Parsed::Nothing),
            ("q", Parsed::Run(Command::Quit)),
            ("quit", Parsed::Run(Command::Quit)),
            ("keys", Parsed::Run(Command::Show(ScreenId::Keys))),
            ("cou", Parsed::Run(Command::Show(ScreenId::Counters))),
            ("3", Parsed::Run(Command::Show(ScreenId::Licences))),
            ("add-key", Parsed::Run(Command::AddKey)),
            ("export-xlsx", Parsed::Run(Command::ExportXlsx)),
            ("profile", Parsed::Run(Command::Profiles)),
            ("profile prod", Parsed::Profile("prod".into())),
            ("frobnicate", Parsed::Unknown("frobnicate".into())),
            ("keys now", Parsed::Unknown("keys now".into())),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text, &map), expected, "{text:?}");
        }
    }

    #[test]
    fn completes_words_and_profiles() {
        let map = KeyMap::default();
        let profiles = vec!["embedded".to_owned(), "prod".to_owned(), "prova".to_owned()];
        let cases = [
            ("ad", Some("add-key")),
            ("ex", Some("export-")),
            ("prof", Some("profile")),
            ("profile e", Some("profile embedded")),
            ("profile pr", Some("profile pro")),
            ("zz", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                complete(text, &map, &profiles).as_deref(),
                expected,
                "{text:?}"
            );
        }
    }
}

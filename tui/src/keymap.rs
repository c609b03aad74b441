//! The key map: every key the console answers to, what it does and where. Handlers look keys up
//! here, and the help overlay and the footer are generated from the same table, so what the
//! help says is what the keys do.

use crate::screens::ScreenId;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

/// What the user asks for with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    /// Leave the console.
    Quit,
    /// Show or hide the help overlay.
    Help,
    /// Open the `:` command line.
    CommandLine,
    /// Reload what the current screen shows.
    Refresh,
    /// The next screen.
    NextScreen,
    /// The previous screen.
    PrevScreen,
    /// Go to a screen.
    Show(ScreenId),
    /// Pick another profile.
    Profiles,
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Up one page.
    PageUp,
    /// Down one page.
    PageDown,
    /// The first row.
    Top,
    /// The last row.
    Bottom,
    /// Type a filter for the rows.
    Filter,
    /// Sort by the next column.
    Sort,
    /// Reverse the order of the sort.
    ReverseSort,
    /// Focus the next panel of the screen.
    FocusNext,
    /// Focus the previous panel of the screen.
    FocusPrev,
    /// Create an API key.
    AddKey,
    /// Change a key's label.
    RenameKey,
    /// Deactivate a key.
    DeactivateKey,
    /// Renew the selected licence.
    RenewLicence,
    /// Sign the contract.
    SignContract,
    /// Buy an add-on.
    BuyAddon,
    /// Export the selected counter's documents as CSV.
    ExportCsv,
    /// Export the selected counter's documents as an Excel workbook.
    ExportXlsx,
    /// A command of the statistics screen.
    Statistics(crate::screens::statistics::Cmd),
    /// A command of the documents screen.
    Documents(crate::screens::documents::Cmd),
    /// A command of the WebService screen.
    WebService(crate::screens::webservice::Cmd),
    /// A command of the harness screen.
    Harness(crate::screens::harness::Cmd),
}

impl Command {
    /// The name used in the config file's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::CommandLine => "command",
            Command::Refresh => "refresh",
            Command::NextScreen => "next-screen",
            Command::PrevScreen => "prev-screen",
            Command::Show(screen) => screen.command(),
            Command::Profiles => "profiles",
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page-up",
            Command::PageDown => "page-down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::Filter => "filter",
            Command::Sort => "sort",
            Command::ReverseSort => "reverse-sort",
            Command::FocusNext => "focus-next",
            Command::FocusPrev => "focus-prev",
            Command::AddKey => "add-key",
            Command::RenameKey => "rename-key",
            Command::DeactivateKey => "deactivate-key",
            Command::RenewLicence => "renew-licence",
            Command::SignContract => "sign-contract",
            Command::BuyAddon => "buy-addon",
            Command::ExportCsv => "export-csv",
            Command::ExportXlsx => "export-xlsx",
            Command::Statistics(cmd) => cmd.name(),
            Command::Documents(cmd) => cmd.name(),
            Command::WebService(cmd) => cmd.name(),
            Command::Harness(cmd) => cmd.name(),
        }
    }

    /// Whether the command changes something on the server (disabled when read-only).
    pub fn changes(self) -> bool {
        match self {
            Command::AddKey
            | Command::RenameKey
            | Command::DeactivateKey
            | Command::RenewLicence
            | Command::SignContract
            | Command::BuyAddon => true,
            Command::Statistics(cmd) => cmd.changes(),
            Command::Documents(cmd) => cmd.changes(),
            Command::WebService(cmd) => cmd.changes(),
            Command::Harness(cmd) => cmd.changes(),
            _ => false,
        }
    }
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere (when no dialog is open).
    Global,
    /// On screens with a table.
    Lists,
    /// On screens whose table filters and sorts.
    Tables,
    /// On one screen.
    Screen(ScreenId),
}

/// A key with its modifiers, as written in the config file (`q`, `ctrl-c`, `shift-tab`, `pgdn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    code: KeyCode,
    modifiers: KeyModifiers,
}

/// A key spec that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyMapError {
    /// The text names no key.
    #[error(
        "\"{0}\" is not a key: write a character (\"a\", \"?\"), a name (enter, esc, tab, backspace, up, down, left, right, home, end, pgup, pgdn, insert, delete, space, f1-f12), optionally after ctrl-, alt- or shift-"
    )]
    BadKey(String),
    /// The command name is unknown.
    #[error(
        "\"{0}\" is not a command that can be bound; the commands are listed by `dckit --help`"
    )]
    UnknownCommand(String),
    /// The key is taken by a command that is active at the same time.
    #[error("{key} is bound to both {first} and {second}")]
    Conflict {
        /// The key.
        key: String,
        /// The command that had it.
        first: &'static str,
        /// The command being given it.
        second: &'static str,
    },
    /// Ctrl-C and Esc cannot be rebound.
    #[error("{0} cannot be rebound: Ctrl-C always quits and Esc always closes")]
    Reserved(String),
    /// A command was given no key at all.
    #[error("{0} needs at least one key")]
    NoKey(&'static str),
}

impl KeyCombo {
    /// A plain key.
    pub const fn plain(code: KeyCode) -> KeyCombo {
        KeyCombo {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    /// A character key.
    pub const fn char(c: char) -> KeyCombo {
        KeyCombo::plain(KeyCode::Char(c))
    }

    /// A key with Ctrl.
    pub const fn ctrl(c: char) -> KeyCombo {
        KeyCombo {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// Reads a key spec: `a`, `G`, `?`, `ctrl-b`, `alt-x`, `shift-tab`, `pgdn`, `f5`.
    pub fn parse(text: &str) -> Result<KeyCombo, KeyMapError> {
        let bad = || KeyMapError::BadKey(text.to_owned());
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(bad());
        }
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, modifier) = if lower.starts_with("ctrl-") {
                ("ctrl-", KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") {
                ("alt-", KeyModifiers::ALT)
            } else if lower.starts_with("shift-") {
                ("shift-", KeyModifiers::SHIFT)
            } else {
                break;
            };
            if rest.len() == prefix.len() {
                return Err(bad());
            }
            modifiers |= modifier;
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if modifiers.contains(KeyModifiers::SHIFT) => {
                    modifiers.remove(KeyModifiers::SHIFT);
                    KeyCode::BackTab
                }
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" | "pgdown" => KeyCode::PageDown,
                "insert" | "ins" => KeyCode::Insert,
                "delete" | "del" => KeyCode::Delete,
                "space" => KeyCode::Char(' '),
                name => match name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(bad()),
                },
            },
        };
        Ok(KeyCombo::normalised(code, modifiers))
    }

    /// A character key's Shift is in the character itself (`G`), so it is not kept apart.
    fn normalised(code: KeyCode, mut modifiers: KeyModifiers) -> KeyCombo {
        if let KeyCode::Char(_) = code {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        if code == KeyCode::BackTab {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        KeyCombo { code, modifiers }
    }

    /// Whether a key event is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let pressed = KeyCombo::normalised(
            event.code,
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT),
        );
        pressed == *self
    }

    /// Whether this is Ctrl-C or Esc, which cannot be rebound.
    fn is_reserved(&self) -> bool {
        *self == KeyCombo::ctrl('c') || *self == KeyCombo::plain(KeyCode::Esc)
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Insert => f.write_str("Insert"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other}"),
        }
    }
}

/// One line of the key map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// What the keys do.
    pub command: Command,
    /// The keys, the first one shown in hints.
    pub keys: Vec<KeyCombo>,
    /// Where the binding applies.
    pub scope: Scope,
    /// What the help overlay says of it.
    pub help: &'static str,
    /// The short word the footer shows, when the footer shows it.
    pub footer: Option<&'static str>,
}

impl Binding {
    /// The keys as the help shows them: `j, ↓`.
    pub fn keys_text(&self) -> String {
        self.keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Every binding, in the order the help lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        use Command as C;
        use KeyCode as K;
        use Scope::{Global, Lists, Screen, Tables};
        let c = KeyCombo::char;
        let p = KeyCombo::plain;
        let b = |command, keys: Vec<KeyCombo>, scope, help, footer| Binding {
            command,
            keys,
            scope,
            help,
            footer,
        };
        let mut bindings = vec![];
        for screen in ScreenId::ALL {
            bindings.push(b(
                C::Show(screen),
                vec![c(screen.digit())],
                Global,
                screen.help(),
                None,
            ));
        }
        bindings.extend([
            b(C::NextScreen, vec![p(K::Tab)], Global, "next screen", None),
            b(
                C::PrevScreen,
                vec![p(K::BackTab)],
                Global,
                "previous screen",
                None,
            ),
            b(
                C::Refresh,
                vec![c('r')],
                Global,
                "reload this screen",
                Some("refresh"),
            ),
            b(
                C::CommandLine,
                vec![c(':')],
                Global,
                "command line (:keys, :profile NAME, :quit…)",
                None,
            ),
            b(C::Profiles, vec![c('P')], Global, "switch profile", None),
            b(
                C::Help,
                vec![c('?'), p(K::F(1))],
                Global,
                "show or hide this help",
                Some("help"),
            ),
            b(
                C::Quit,
                vec![c('q')],
                Global,
                "quit (Ctrl-C always quits)",
                Some("quit"),
            ),
            b(C::Up, vec![c('k'), p(K::Up)], Lists, "up", None),
            b(C::Down, vec![c('j'), p(K::Down)], Lists, "down", None),
            b(
                C::PageUp,
                vec![p(K::PageUp), KeyCombo::ctrl('b')],
                Lists,
                "page up",
                None,
            ),
            b(
                C::PageDown,
                vec![p(K::PageDown), KeyCombo::ctrl('f')],
                Lists,
                "page down",
                None,
            ),
            b(C::Top, vec![c('g'), p(K::Home)], Lists, "first row", None),
            b(C::Bottom, vec![c('G'), p(K::End)], Lists, "last row", None),
            b(
                C::Filter,
                vec![c('/')],
                Tables,
                "filter rows (Esc clears)",
                Some("filter"),
            ),
            b(
                C::Sort,
                vec![c('s')],
                Tables,
                "sort by the next column",
                Some("sort"),
            ),
            b(
                C::ReverseSort,
                vec![c('S')],
                Tables,
                "reverse the sort",
                None,
            ),
            b(
                C::AddKey,
                vec![c('a')],
                Screen(ScreenId::Keys),
                "add a key",
                Some("add"),
            ),
            b(
                C::RenameKey,
                vec![c('e')],
                Screen(ScreenId::Keys),
                "rename the selected key",
                Some("rename"),
            ),
            b(
                C::DeactivateKey,
                vec![c('d')],
                Screen(ScreenId::Keys),
                "deactivate the selected key",
                Some("deactivate"),
            ),
            b(
                C::FocusNext,
                vec![p(K::Right), c('l')],
                Screen(ScreenId::Licences),
                "next panel",
                Some("panel"),
            ),
            b(
                C::FocusPrev,
                vec![p(K::Left), c('h')],
                Screen(ScreenId::Licences),
                "previous panel",
                None,
            ),
            b(
                C::RenewLicence,
                vec![c('n')],
                Screen(ScreenId::Licences),
                "renew the selected licence",
                Some("renew"),
            ),
            b(
                C::SignContract,
                vec![c('c')],
                Screen(ScreenId::Licences),
                "sign the contract",
                Some("sign"),
            ),
            b(
                C::BuyAddon,
                vec![c('b')],
                Screen(ScreenId::Licences),
                "buy an add-on",
                Some("buy"),
            ),
            b(
                C::ExportCsv,
                vec![c('x')],
                Screen(ScreenId::Counters),
                "export the documents of the selected counter as CSV",
                Some("CSV"),
            ),
            b(
                C::ExportXlsx,
                vec![c('X')],
                Screen(ScreenId::Counters),
                "export them as an Excel workbook",
                Some("Excel"),
            ),
        ]);
        // The screens from 5 on bring their own.
        bindings.extend(crate::screens::statistics::bindings());
        bindings.extend(crate::screens::documents::bindings());
        bindings.extend(crate::screens::webservice::bindings());
        bindings.extend(crate::screens::harness::bindings());
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// The command of a key on `screen`: the screen's own bindings first, then the list keys
    /// (on screens with a table), then the global ones.
    pub fn lookup(&self, screen: ScreenId, event: &KeyEvent) -> Option<Command> {
        let pass = |wanted: fn(Scope, ScreenId) -> bool| {
            self.bindings
                .iter()
                .filter(|b| wanted(b.scope, screen))
                .find(|b| b.keys.iter().any(|k| k.matches(event)))
                .map(|b| b.command)
        };
        pass(|scope, screen| scope == Scope::Screen(screen))
            .or_else(|| pass(|scope, screen| scope == Scope::Lists && screen.has_lists()))
            .or_else(|| pass(|scope, screen| scope == Scope::Tables && screen.has_filter()))
            .or_else(|| pass(|scope, _| scope == Scope::Global))
    }

    /// The bindings that apply on `screen`, screen first, then lists, then global.
    pub fn for_screen(&self, screen: ScreenId) -> impl Iterator<Item = &Binding> {
        let own = self
            .bindings
            .iter()
            .filter(move |b| b.scope == Scope::Screen(screen));
        let lists = self
            .bindings
            .iter()
            .filter(move |b| b.scope == Scope::Lists && screen.has_lists());
        let tables = self
            .bindings
            .iter()
            .filter(move |b| b.scope == Scope::Tables && screen.has_filter());
        let global = self.bindings.iter().filter(|b| b.scope == Scope::Global);
        own.chain(tables).chain(lists).chain(global)
    }

    /// The binding of a command.
    pub fn binding(&self, command: Command) -> Option<&Binding> {
        self.bindings.iter().find(|b| b.command == command)
    }

    /// The first key of a command, as hints write it (`b`), or `?` when it has none.
    pub fn key_of(&self, command: Command) -> String {
        self.binding(command)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "?".to_owned(), ToString::to_string)
    }

    /// The same map with the keys of some commands replaced (the config file's `[keys]`):
    /// command name → key specs. Refuses unknown commands, bad keys, Ctrl-C and Esc, and a key
    /// given to two commands that are active at the same time.
    pub fn with_overrides<'a>(
        mut self,
        overrides: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    ) -> Result<KeyMap, KeyMapError> {
        for (name, specs) in overrides {
            let index = self
                .bindings
                .iter()
                .position(|b| b.command.name() == name)
                .ok_or_else(|| KeyMapError::UnknownCommand(name.to_owned()))?;
            let keys = specs
                .iter()
                .map(|spec| KeyCombo::parse(spec))
                .collect::<Result<Vec<_>, _>>()?;
            if keys.is_empty() {
                return Err(KeyMapError::NoKey(self.bindings[index].command.name()));
            }
            if let Some(reserved) = keys.iter().find(|k| k.is_reserved()) {
                return Err(KeyMapError::Reserved(reserved.to_string()));
            }
            self.bindings[index].keys = keys;
        }
        self.check_conflicts()?;
        Ok(self)
    }

    fn check_conflicts(&self) -> Result<(), KeyMapError> {
        let overlap = |a: Scope, b: Scope| match (a, b) {
            (Scope::Global, _) | (_, Scope::Global) => true,
            (Scope::Lists | Scope::Tables, Scope::Lists | Scope::Tables) => true,
            (Scope::Screen(x), Scope::Screen(y)) => x == y,
            (Scope::Lists, Scope::Screen(s)) | (Scope::Screen(s), Scope::Lists) => s.has_lists(),
            (Scope::Tables, Scope::Screen(s)) | (Scope::Screen(s), Scope::Tables) => s.has_filter(),
        };
        for (i, first) in self.bindings.iter().enumerate() {
            for second in &self.bindings[i + 1..] {
                if !overlap(first.scope, second.scope) {
                    continue;
                }
                if let Some(key) = first.keys.iter().find(|k| second.keys.contains(k)) {
                    return Err(KeyMapError::Conflict {
                        key: key.to_string(),
                        first: first.command.name(),
                        second: second.command.name(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The command a `[keys]` or `:` name stands for.
    pub fn command_named(&self, name: &str) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.command.name() == name)
            .map(|b| b.command)
    }

    /// Every command name that `[keys]` accepts, with its help, for `--help`.
    pub fn names(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.bindings.iter().map(|b| (b.command.name(), b.help))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    #[test]
    fn specs_parse() {
        let cases = [
            ("q", KeyCode::Char('q'), KeyModifiers::NONE),
            ("G", KeyCode::Char('G'), KeyModifiers::NONE),
            ("?", KeyCode::Char('?'), KeyModifiers::NONE),
            ("ctrl-b", KeyCode::Char('b'), KeyModifiers::CONTROL),
            (
                "Ctrl-Alt-x",
                KeyCode::Char('x'),
                KeyModifiers::CONTROL | KeyModifiers::ALT,
            ),
            ("shift-tab", KeyCode::BackTab, KeyModifiers::NONE),
            ("pgdn", KeyCode::PageDown, KeyModifiers::NONE),
            ("F5", KeyCode::F(5), KeyModifiers::NONE),
            ("space", KeyCode::Char(' '), KeyModifiers::NONE),
            ("-", KeyCode::Char('-'), KeyModifiers::NONE),
        ];
        for (spec, code, modifiers) in cases {
            assert_eq!(
                KeyCombo::parse(spec),
                Ok(KeyCombo { code, modifiers }),
                "{spec}"
            );
        }
        for bad in ["", "ctrl-", "f13", "page", "ctrl+c"] {
            assert!(KeyCombo::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shifted_characters_match_with_or_without_the_shift_flag() {
        let g = KeyCombo::parse("G").unwrap();
        assert!(g.matches(&key(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(g.matches(&key(KeyCode::Char('G'), KeyModifiers::NONE)));
        assert!(!g.matches(&key(KeyCode::Char('g'), KeyModifiers::NONE)));
        let back = KeyCombo::parse("shift-tab").unwrap();
        assert!(back.matches(&key(KeyCode::BackTab, KeyModifiers::SHIFT)));
    }

    #[test]
    fn lookup_prefers_the_screen_then_lists_then_global() {
        let map = KeyMap::default();
        let press = |c| key(KeyCode::Char(c), KeyModifiers::NONE);
        let cases = [
            (ScreenId::Keys, 'a', Some(Command::AddKey)),
            (ScreenId::Dashboard, 'a', None),
            (ScreenId::Keys, 'j', Some(Command::Down)),
            (ScreenId::Dashboard, 'j', None),
            (ScreenId::Counters, 'x', Some(Command::ExportCsv)),
            (ScreenId::Licences, 'b', Some(Command::BuyAddon)),
            (ScreenId::Licences, '2', Some(Command::Show(ScreenId::Keys))),
            (ScreenId::Counters, 'q', Some(Command::Quit)),
        ];
        for (screen, c, expected) in cases {
            assert_eq!(map.lookup(screen, &press(c)), expected, "{screen:?} {c}");
        }
    }

    #[test]
    fn overrides_replace_keys_and_refuse_mistakes() {
        let map = KeyMap::default()
            .with_overrides([("add-key", vec!["n", "insert"])])
            .unwrap();
        let n = key(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map.lookup(ScreenId::Keys, &n), Some(Command::AddKey));
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(map.lookup(ScreenId::Keys, &a), None);
        let errors = [
            (("nope", vec!["x"]), "\"nope\" is not a command"),
            (("quit", vec!["ctrl-c"]), "Ctrl-c cannot be rebound"),
            (("quit", vec!["esc"]), "Esc cannot be rebound"),
            (("quit", vec![]), "quit needs at least one key"),
            (
                ("add-key", vec!["j"]),
                "j is bound to both down and add-key",
            ),
            (("help", vec!["a"]), "a is bound to both help and add-key"),
            (("quit", vec!["page"]), "\"page\" is not a key"),
        ];
        for ((name, keys), expected) in errors {
            let error = KeyMap::default()
                .with_overrides([(name, keys)])
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{name}: {error}");
        }
    }

    #[test]
    fn the_default_map_has_no_conflicts() {
        KeyMap::default().check_conflicts().unwrap();
    }
}

//! Colours and emphasis by role, in a colour theme and a mono one (`NO_COLOR`).
//!
//! Views never name a colour: they ask the theme for a role (`theme.selection()`). The mono
//! theme sets every colour to the terminal's default and keeps the modifiers, so selection,
//! focus, warnings and errors stay visible through reverse video, bold and underline.

use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;
use std::str::FromStr;

/// Whether the theme may use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    /// Colours, as configured.
    Colour,
    /// No colour at all: `NO_COLOR` is set (any value).
    Mono,
}

impl Palette {
    /// `Mono` when `NO_COLOR` holds anything (even an empty string counts as set only when
    /// non-empty, as <https://no-color.org> asks), else `Colour`.
    pub fn from_no_color(no_color: Option<&str>) -> Palette {
        match no_color {
            Some(value) if !value.is_empty() => Palette::Mono,
            _ => Palette::Colour,
        }
    }
}

/// The colours a user may override in the config file's `[theme]` table, by role name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Colours {
    accent: Color,
    ok: Color,
    warning: Color,
    error: Color,
    dim: Color,
    selection: Color,
    changed: Color,
    border: Color,
}

impl Default for Colours {
    fn default() -> Self {
        Colours {
            accent: Color::Cyan,
            ok: Color::Green,
            warning: Color::Yellow,
            error: Color::LightRed,
            dim: Color::DarkGray,
            selection: Color::Blue,
            changed: Color::Magenta,
            border: Color::Gray,
        }
    }
}

/// The role names `[theme]` accepts, with what each colours.
pub const ROLES: &[(&str, &str)] = &[
    ("accent", "titles, the current tab, key names"),
    ("ok", "good states: active, signed, connected"),
    ("warning", "needs attention soon: a licence under 30 days"),
    ("error", "errors, expired, refused"),
    ("dim", "secondary text and disabled actions"),
    ("selection", "the background of the selected row"),
    ("changed", "a counter that just changed"),
    ("border", "panel borders"),
];

/// Styles by role. Cheap to copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    palette: Palette,
    colours: Colours,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(Palette::Colour)
    }
}

/// A `[theme]` entry that names no role or no colour.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    /// The role is not one of [`ROLES`].
    #[error(
        "unknown theme role \"{0}\" (roles: accent, ok, warning, error, dim, selection, changed, border)"
    )]
    UnknownRole(String),
    /// The value is not a colour name, index or `#rrggbb`.
    #[error(
        "\"{value}\" is not a colour for {role}: use a name such as \"yellow\" or \"light-red\", an index 0-255, or \"#rrggbb\""
    )]
    BadColour {
        /// The role.
        role: String,
        /// The value given.
        value: String,
    },
}

impl Theme {
    /// The default colours, or none at all with [`Palette::Mono`].
    pub fn new(palette: Palette) -> Theme {
        Theme {
            palette,
            colours: Colours::default(),
        }
    }

    /// The same theme with the colours of `overrides` (role → colour text) applied; the first
    /// bad entry is refused. In mono the colours are parsed (so mistakes still show) but unused.
    pub fn with_overrides<'a>(
        mut self,
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Theme, ThemeError> {
        for (role, value) in overrides {
            let colour = Color::from_str(value.trim()).map_err(|_| ThemeError::BadColour {
                role: role.to_owned(),
                value: value.to_owned(),
            })?;
            let slot = match role {
                "accent" => &mut self.colours.accent,
                "ok" => &mut self.colours.ok,
                "warning" => &mut self.colours.warning,
                "error" => &mut self.colours.error,
                "dim" => &mut self.colours.dim,
                "selection" => &mut self.colours.selection,
                "changed" => &mut self.colours.changed,
                "border" => &mut self.colours.border,
                _ => return Err(ThemeError::UnknownRole(role.to_owned())),
            };
            *slot = colour;
        }
        Ok(self)
    }

    /// Applies `[theme]` entries given as a map.
    pub fn with_map(self, overrides: &BTreeMap<String, String>) -> Result<Theme, ThemeError> {
        self.with_overrides(overrides.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Which palette this theme draws with.
    pub fn palette(&self) -> Palette {
        self.palette
    }

    fn fg(&self, colour: Color) -> Style {
        match self.palette {
            Palette::Colour => Style::new().fg(colour),
            Palette::Mono => Style::new(),
        }
    }

    /// Ordinary text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Secondary text: hints, units, timestamps.
    pub fn dim(&self) -> Style {
        match self.palette {
            Palette::Colour => Style::new().fg(self.colours.dim),
            Palette::Mono => Style::new().add_modifier(Modifier::DIM),
        }
    }

    /// An action the user cannot take here (read-only): dim, and crossed out in mono.
    pub fn disabled(&self) -> Style {
        match self.palette {
            Palette::Colour => Style::new().fg(self.colours.dim),
            Palette::Mono => Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
        }
    }

    /// Titles, the current tab and key names.
    pub fn accent(&self) -> Style {
        self.fg(self.colours.accent).add_modifier(Modifier::BOLD)
    }

    /// Key names in hints.
    pub fn key(&self) -> Style {
        self.fg(self.colours.accent).add_modifier(Modifier::BOLD)
    }

    /// A good state.
    pub fn ok(&self) -> Style {
        self.fg(self.colours.ok)
    }

    /// Needs attention soon.
    pub fn warning(&self) -> Style {
        self.fg(self.colours.warning).add_modifier(Modifier::BOLD)
    }

    /// An error or an expired state.
    pub fn error(&self) -> Style {
        match self.palette {
            Palette::Colour => Style::new()
                .fg(self.colours.error)
                .add_modifier(Modifier::BOLD),
            Palette::Mono => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// The selected row of a focused table.
    pub fn selection(&self) -> Style {
        match self.palette {
            Palette::Colour => Style::new()
                .bg(self.colours.selection)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            Palette::Mono => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// The selected row of a table without focus.
    pub fn selection_unfocused(&self) -> Style {
        match self.palette {
            Palette::Colour => Style::new().add_modifier(Modifier::REVERSED),
            Palette::Mono => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// A row whose counter just changed.
    pub fn changed(&self) -> Style {
        match self.palette {
            Palette::Colour => Style::new()
                .fg(self.colours.changed)
                .add_modifier(Modifier::BOLD),
            Palette::Mono => Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
        }
    }

    /// Table headers.
    pub fn header(&self) -> Style {
        self.fg(self.colours.accent).add_modifier(Modifier::BOLD)
    }

    /// Panel borders.
    pub fn border(&self) -> Style {
        self.fg(self.colours.border)
    }

    /// The border of the focused panel or dialog.
    pub fn focus_border(&self) -> Style {
        self.fg(self.colours.accent).add_modifier(Modifier::BOLD)
    }

    /// The colour of a gauge's filled part (a style, so mono keeps it visible).
    pub fn gauge(&self, level: Level) -> Style {
        match (self.palette, level) {
            (Palette::Colour, Level::Ok) => Style::new().fg(self.colours.ok),
            (Palette::Colour, Level::Warning) => Style::new().fg(self.colours.warning),
            (Palette::Colour, Level::Error) => Style::new().fg(self.colours.error),
            (Palette::Mono, _) => Style::new(),
        }
    }

    /// The style of a level (ok, warning, error).
    pub fn level(&self, level: Level) -> Style {
        match level {
            Level::Ok => self.ok(),
            Level::Warning => self.warning(),
            Level::Error => self.error(),
        }
    }
}

/// How good a state is, for the colour of its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Fine.
    Ok,
    /// Needs attention soon.
    Warning,
    /// Broken, expired, refused.
    Error,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_mono_when_set_and_not_empty() {
        for (value, palette) in [
            (None, Palette::Colour),
            (Some(""), Palette::Colour),
            (Some("1"), Palette::Mono),
            (Some("0"), Palette::Mono),
            (Some("yes"), Palette::Mono),
        ] {
            assert_eq!(Palette::from_no_color(value), palette, "{value:?}");
        }
    }

    #[test]
    fn mono_keeps_modifiers_and_drops_colours() {
        let mono = Theme::new(Palette::Mono);
        for style in [
            mono.selection(),
            mono.accent(),
            mono.warning(),
            mono.error(),
            mono.changed(),
            mono.header(),
            mono.ok(),
            mono.dim(),
        ] {
            assert_eq!(style.fg, None, "{style:?}");
            assert_eq!(style.bg, None, "{style:?}");
        }
        assert!(mono.selection().add_modifier.contains(Modifier::REVERSED));
        assert!(mono.warning().add_modifier.contains(Modifier::BOLD));
        assert!(mono.error().add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn overrides_are_checked() {
        let theme = Theme::default()
            .with_overrides([("accent", "#ffaf00"), ("warning", "light-red")])
            .unwrap();
        assert_eq!(theme.accent().fg, Some(Color::Rgb(0xff, 0xaf, 0x00)));
        assert_eq!(theme.warning().fg, Some(Color::LightRed));
        assert_eq!(
            Theme::default()
                .with_overrides([("acent", "red")])
                .unwrap_err()
                .to_string(),
            "unknown theme role \"acent\" (roles: accent, ok, warning, error, dim, selection, changed, border)"
        );
        assert!(matches!(
            Theme::default().with_overrides([("ok", "grean")]),
            Err(ThemeError::BadColour { .. })
        ));
    }
}

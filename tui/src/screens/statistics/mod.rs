//! Screen 5, statistics by device or store: the takings per day (with the detail of sales,
//! voids and returns), by payment method, by VAT rate and by item, as charts; the two CSV
//! exports ("Esporta statistiche", "Aggregati giornalieri").

mod dialogs;
mod range;
mod view;

pub use dialogs::Dialog;
pub use range::{Preset, Range, check};
pub use view::{payment_label, vat_label, view};

use crate::app::{App, Effect, Remote};
use crate::config::ChartMarker;
use crate::dialogs::{Dialog as AnyDialog, ExportDialog, ScreenDialog};
use crate::keymap::{Binding, Command, KeyCombo, Scope};
use crate::screens::ScreenId;
use crate::ui::theme::Level;
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::model::portal::{Device, Stats, StatsTarget, Store};

/// The four charts, in the order the panel keys go through them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panel {
    /// Takings per day.
    #[default]
    Daily,
    /// By payment method.
    Payment,
    /// By VAT rate.
    Vat,
    /// Quantity sold per item.
    Items,
}

impl Panel {
    /// Every panel, in order.
    pub const ALL: [Panel; 4] = [Panel::Daily, Panel::Payment, Panel::Vat, Panel::Items];

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Daily => "Takings per day",
            Panel::Payment => "By payment method",
            Panel::Vat => "By VAT rate",
            Panel::Items => "Items sold",
        }
    }

    fn step(self, by: isize) -> Panel {
        let i = Panel::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Panel::ALL[(i + by).rem_euclid(Panel::ALL.len() as isize) as usize]
    }
}

/// The stores and devices statistics can be about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    /// The stores.
    pub stores: Vec<Store>,
    /// The devices.
    pub devices: Vec<Device>,
}

impl Targets {
    /// A target's name for people: `Store Centro`, `Device Cassa 1 (store Centro)`.
    pub fn name(&self, target: &StatsTarget) -> String {
        match target {
            StatsTarget::Store(id) => match self.stores.iter().find(|s| s.id == *id) {
                Some(store) => format!("store {}", store.name),
                None => format!("store {id}"),
            },
            StatsTarget::Device(id) => match self.devices.iter().find(|d| d.id == *id) {
                Some(device) => {
                    let store = self
                        .stores
                        .iter()
                        .find(|s| s.id == device.store_id)
                        .map_or(device.store_id.as_str(), |s| s.name.as_str());
                    format!("device {} (store {store})", device.name)
                }
                None => format!("device {id}"),
            },
        }
    }
}

/// The screen's own state.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The stores and devices.
    pub targets: Remote<Targets>,
    /// What the statistics are about (the first store until the user picks).
    pub target: Option<StatsTarget>,
    /// The range (month to date until the user picks).
    pub range: Option<Range>,
    /// The statistics read, and what they are about.
    pub stats: Remote<(StatsTarget, Range, Stats)>,
    /// The number of the last statistics asked for: older answers are dropped.
    pub asked: u64,
    /// The chart shown when only one fits.
    pub panel: Panel,
    /// Whether the daily chart shows sales, voids and returns side by side.
    pub detail: bool,
    /// How bars are drawn.
    pub marker: ChartMarker,
}

impl State {
    /// The state at start, drawing bars with `marker`.
    pub fn new(marker: ChartMarker) -> State {
        State {
            marker,
            ..State::default()
        }
    }
}

/// The screen's commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {
    /// Pick a device or a store.
    PickTarget,
    /// Pick the range: a preset or typed days.
    PickRange,
    /// The next range preset.
    NextPreset,
    /// The previous range preset.
    PrevPreset,
    /// Show or hide the detail of sales, voids and returns.
    ToggleDetail,
    /// The next chart (when one shows at a time).
    NextPanel,
    /// The previous chart.
    PrevPanel,
    /// "Esporta statistiche" to a CSV file.
    ExportStats,
    /// "Aggregati giornalieri" to a CSV file.
    ExportDaily,
    /// Bars in braille dots or in blocks.
    ToggleMarker,
}

impl Cmd {
    /// The name in the config file's `[keys]` table and on the `:` line.
    pub fn name(self) -> &'static str {
        match self {
            Cmd::PickTarget => "stats-target",
            Cmd::PickRange => "stats-range",
            Cmd::NextPreset => "next-range",
            Cmd::PrevPreset => "prev-range",
            Cmd::ToggleDetail => "stats-detail",
            Cmd::NextPanel => "next-chart",
            Cmd::PrevPanel => "prev-chart",
            Cmd::ExportStats => "export-stats",
            Cmd::ExportDaily => "export-daily",
            Cmd::ToggleMarker => "marker",
        }
    }

    /// Whether it changes something on the server: none of these do.
    pub fn changes(self) -> bool {
        false
    }
}

/// The screen's key bindings.
pub(crate) fn bindings() -> Vec<Binding> {
    let scope = Scope::Screen(ScreenId::Statistics);
    let c = KeyCombo::char;
    let p = KeyCombo::plain;
    let b = |cmd, keys, help, footer| Binding {
        command: Command::Statistics(cmd),
        keys,
        scope,
        help,
        footer,
    };
    vec![
        b(
            Cmd::PickTarget,
            vec![c('t')],
            "pick a device or a store",
            Some("target"),
        ),
        b(
            Cmd::PickRange,
            vec![c('p')],
            "pick the range: a preset or days",
            Some("range"),
        ),
        b(
            Cmd::NextPreset,
            vec![c(']')],
            "the next range preset",
            Some("next"),
        ),
        b(
            Cmd::PrevPreset,
            vec![c('[')],
            "the previous range preset",
            None,
        ),
        b(
            Cmd::ToggleDetail,
            vec![c('d')],
            "sales, voids and returns side by side",
            Some("detail"),
        ),
        b(
            Cmd::NextPanel,
            vec![p(KeyCode::Right), c('l')],
            "the next chart",
            Some("chart"),
        ),
        b(
            Cmd::PrevPanel,
            vec![p(KeyCode::Left), c('h')],
            "the previous chart",
            None,
        ),
        b(
            Cmd::ExportStats,
            vec![c('x')],
            "“Esporta statistiche” to a CSV file",
            Some("export"),
        ),
        b(
            Cmd::ExportDaily,
            vec![c('X')],
            "“Aggregati giornalieri” to a CSV file",
            None,
        ),
        b(
            Cmd::ToggleMarker,
            vec![c('m')],
            "bars in braille dots or in blocks (:marker)",
            None,
        ),
    ]
}

/// What the screen asks the runtime to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Read the stores and the devices.
    Targets,
    /// Read the statistics of `target` over `range` (request number `asked`).
    Stats {
        /// The request's number.
        asked: u64,
        /// The device or store.
        target: StatsTarget,
        /// The days.
        range: Range,
    },
}

impl Job {
    /// Whether it changes something on a server: reads only.
    pub fn changes(&self) -> bool {
        false
    }
}

/// What comes back, or what a dialog decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The stores and devices, or why not.
    Targets(Result<Targets, String>),
    /// The statistics of request `asked`, or why not.
    Stats {
        /// The request's number.
        asked: u64,
        /// The device or store.
        target: StatsTarget,
        /// The days.
        range: Range,
        /// The statistics, or the server's words.
        result: Result<Stats, String>,
    },
    /// The target picker chose.
    Target(StatsTarget),
    /// The range dialog chose.
    Range(Range),
}

/// The screen is shown: read the stores and devices, then the statistics.
pub(crate) fn on_show(app: &mut App) -> Vec<Effect> {
    let state = &app.statistics;
    if state.targets.is_untouched() {
        return read_targets(app);
    }
    if state.stats.is_untouched() {
        return read_stats(app);
    }
    vec![]
}

/// `r`: read everything again.
pub(crate) fn on_refresh(app: &mut App) -> Vec<Effect> {
    let mut effects = read_targets(app);
    effects.extend(read_stats(app));
    effects
}

fn read_targets(app: &mut App) -> Vec<Effect> {
    if app.statistics.targets.is_loading() {
        return vec![];
    }
    app.statistics.targets.start();
    app.status.in_flight += 1;
    vec![job(app, Job::Targets)]
}

fn job(app: &App, job: Job) -> Effect {
    Effect::Job {
        generation: app.generation,
        job: crate::screens::Job::Statistics(job),
    }
}

/// Asks for the statistics of the target and range in force (the first store and month to
/// date until the user picks), when the range is allowed; a range the server would refuse is
/// refused here, with its words, before any request.
fn read_stats(app: &mut App) -> Vec<Effect> {
    let today = app.today();
    let state = &mut app.statistics;
    if state.target.is_none() {
        state.target = state
            .targets
            .value()
            .and_then(|t| t.stores.first())
            .map(|s| StatsTarget::Store(s.id.clone()));
    }
    let range = *state
        .range
        .get_or_insert_with(|| Preset::MonthToDate.range(today));
    let Some(target) = state.target.clone() else {
        return vec![];
    };
    if let Err(message) = check(range) {
        // Refused here, as the server would: any answer on the way is dropped.
        if state.stats.is_loading() {
            app.status.in_flight = app.status.in_flight.saturating_sub(1);
        }
        let state = &mut app.statistics;
        state.asked += 1;
        state.stats.fail(message);
        return vec![];
    }
    state.asked += 1;
    let asked = state.asked;
    if !state.stats.is_loading() {
        app.status.in_flight += 1;
    }
    app.statistics.stats.start();
    vec![job(
        app,
        Job::Stats {
            asked,
            target,
            range,
        },
    )]
}

/// Answers one of the screen's commands.
pub(crate) fn on_command(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let today = app.today();
    match cmd {
        Cmd::PickTarget => match app.statistics.targets.value() {
            Some(targets) if !targets.stores.is_empty() || !targets.devices.is_empty() => {
                let picker = dialogs::TargetPicker::new(targets, app.statistics.target.as_ref());
                app.dialogs
                    .push(AnyDialog::Screen(ScreenDialog::Statistics(Dialog::Target(
                        picker,
                    ))));
                vec![]
            }
            Some(_) => {
                app.notify("the account has no store and no device", Level::Warning);
                vec![]
            }
            None => read_targets(app),
        },
        Cmd::PickRange => {
            let range = app
                .statistics
                .range
                .unwrap_or(Preset::MonthToDate.range(today));
            app.dialogs
                .push(AnyDialog::Screen(ScreenDialog::Statistics(Dialog::Range(
                    dialogs::RangeForm::new(range, today),
                ))));
            vec![]
        }
        Cmd::NextPreset | Cmd::PrevPreset => {
            let by = if cmd == Cmd::NextPreset { 1 } else { -1 };
            let preset = app
                .statistics
                .range
                .and_then(|r| r.preset)
                .map_or(Preset::MonthToDate, |p| p.step(by));
            app.statistics.range = Some(preset.range(today));
            read_stats(app)
        }
        Cmd::ToggleDetail => {
            app.statistics.detail = !app.statistics.detail;
            app.statistics.panel = Panel::Daily;
            vec![]
        }
        Cmd::NextPanel => {
            app.statistics.panel = app.statistics.panel.step(1);
            vec![]
        }
        Cmd::PrevPanel => {
            app.statistics.panel = app.statistics.panel.step(-1);
            vec![]
        }
        Cmd::ToggleMarker => {
            app.statistics.marker = match app.statistics.marker {
                ChartMarker::Braille => ChartMarker::Block,
                ChartMarker::Block => ChartMarker::Braille,
            };
            vec![]
        }
        Cmd::ExportStats | Cmd::ExportDaily => export(app, cmd == Cmd::ExportDaily),
    }
}

/// Opens the export dialog for the statistics shown.
fn export(app: &mut App, daily: bool) -> Vec<Effect> {
    let state = &app.statistics;
    let (Some(target), Some(range)) = (state.target.clone(), state.range) else {
        app.notify("pick a device or a store first", Level::Warning);
        return vec![];
    };
    let name = state
        .targets
        .value()
        .map_or_else(|| format!("{target:?}"), |t| t.name(&target));
    let (_, id) = target.param();
    let (title, file, source) = if daily {
        (
            "Aggregati giornalieri (CSV)",
            format!("aggregati-giornalieri-{id}-{}-{}.csv", range.from, range.to),
            crate::app::ExportSource::StatsDaily {
                target,
                from: range.from,
                to: range.to,
            },
        )
    } else {
        (
            "Esporta statistiche (CSV)",
            format!("statistiche-{id}-{}-{}.csv", range.from, range.to),
            crate::app::ExportSource::StatsExport {
                target,
                from: range.from,
                to: range.to,
            },
        )
    };
    let description = format!("{name} · {} to {}", range.from, range.to);
    if let Some(job) = &app.export
        && matches!(job.stage, crate::app::ExportStage::Running { .. })
    {
        app.notify(
            format!("an export to {} is under way", job.path.display()),
            Level::Warning,
        );
        return vec![];
    }
    app.export = None;
    app.dialogs.push(AnyDialog::Export(ExportDialog::new(
        source,
        title,
        description,
        &file,
    )));
    vec![]
}

/// Applies what a job sent back, or what a dialog decided.
pub(crate) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    let now = app.now();
    match msg {
        Msg::Targets(result) => {
            app.status.in_flight = app.status.in_flight.saturating_sub(1);
            match result {
                Ok(targets) => {
                    app.statistics.targets.set(targets, now);
                    if app.statistics.stats.is_untouched() {
                        return read_stats(app);
                    }
                }
                Err(message) => {
                    app.notify(format!("stores and devices: {message}"), Level::Error);
                    app.statistics.targets.fail(message);
                }
            }
            vec![]
        }
        Msg::Stats {
            asked,
            target,
            range,
            result,
        } => {
            if asked != app.statistics.asked {
                // An answer overtaken by a newer question.
                return vec![];
            }
            app.status.in_flight = app.status.in_flight.saturating_sub(1);
            match result {
                Ok(stats) => app.statistics.stats.set((target, range, stats), now),
                Err(message) => {
                    app.notify(format!("statistics: {message}"), Level::Error);
                    app.statistics.stats.fail(message);
                }
            }
            vec![]
        }
        Msg::Target(target) => {
            app.statistics.target = Some(target);
            read_stats(app)
        }
        Msg::Range(range) => {
            app.statistics.range = Some(range);
            read_stats(app)
        }
    }
}

/// A key the screen takes before the key map: none.
pub(crate) fn capture_key(_app: &mut App, _key: KeyEvent) -> Option<Vec<Effect>> {
    None
}

#[cfg(test)]
mod tests;

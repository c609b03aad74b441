//! The statistics screen's update, as a specification.

use super::*;
use crate::app::{Action, Connected, Endpoints, Settings, update};
use crate::dialogs::Dialog as AnyDialog;
use crate::keymap::KeyMap;
use crate::screens;
use crate::ui::theme::{Palette, Theme};
use chrono::{DateTime, NaiveDate};
use crossterm::event::KeyModifiers;
use dckit_contracts::model::portal::{DeviceKind, Stats};

fn app() -> App {
    let (mut app, _) = App::new(Settings {
        theme: Theme::new(Palette::Colour),
        keymap: KeyMap::default(),
        profiles: vec!["embedded".into()],
        profile: "embedded".into(),
        read_only: false,
        size: (80, 24),
        now: DateTime::parse_from_rfc3339("2026-02-15T10:31:07+01:00")
            .unwrap()
            .to_utc(),
        marker: ChartMarker::Braille,
    });
    update(
        &mut app,
        Action::Connected(Connected {
            generation: 1,
            profile: "embedded".into(),
            read_only: false,
            embedded: true,
            endpoints: Endpoints {
                portal: Some("h".into()),
                ..Endpoints::default()
            },
        }),
    );
    app
}

fn targets() -> Targets {
    Targets {
        stores: vec![Store {
            id: "store-1".into(),
            name: "Centro".into(),
            address: None,
        }],
        devices: vec![Device {
            id: "dev-1".into(),
            name: "Cassa 1".into(),
            kind: DeviceKind::ApiKey,
            store_id: "store-1".into(),
            key_id: Some("key-1".into()),
        }],
    }
}

fn jobs(effects: &[Effect]) -> Vec<&Job> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Job {
                job: screens::Job::Statistics(job),
                ..
            } => Some(job),
            _ => None,
        })
        .collect()
}

fn msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    update(
        app,
        Action::Screen {
            generation: 1,
            msg: screens::Msg::Statistics(msg),
        },
    )
}

fn press(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn showing_reads_the_targets_then_the_first_store_month_to_date() {
    let mut app = app();
    let effects = press(&mut app, '5');
    assert_eq!(jobs(&effects), [&Job::Targets]);
    let effects = msg(&mut app, Msg::Targets(Ok(targets())));
    match jobs(&effects).as_slice() {
        [
            Job::Stats {
                asked: 1,
                target,
                range,
            },
        ] => {
            assert_eq!(target, &StatsTarget::Store("store-1".into()));
            assert_eq!(
                (range.from, range.to),
                (day("2026-02-01"), day("2026-02-15"))
            );
            assert_eq!(range.preset, Some(Preset::MonthToDate));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        app.busy(),
        "the spinner turns while the statistics are read"
    );
}

#[test]
fn a_newer_range_wins_over_an_older_answer() {
    let mut app = app();
    press(&mut app, '5');
    msg(&mut app, Msg::Targets(Ok(targets())));
    let first = app.statistics.range.unwrap();
    let effects = press(&mut app, ']');
    let [
        Job::Stats {
            asked: 2, range, ..
        },
    ] = jobs(&effects).as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(range.preset, Some(Preset::PreviousMonth));
    let second = *range;
    let answer = |asked, range| Msg::Stats {
        asked,
        target: StatsTarget::Store("store-1".into()),
        range,
        result: Ok(Stats::default()),
    };
    msg(&mut app, answer(1, first));
    assert!(
        app.statistics.stats.value().is_none(),
        "the older answer is dropped"
    );
    let in_flight = app.status.in_flight;
    msg(&mut app, answer(2, second));
    assert_eq!(app.statistics.stats.value().map(|v| v.1), Some(second));
    assert_eq!(
        app.status.in_flight,
        in_flight - 1,
        "one request counted, one answered"
    );
    assert!(!app.statistics.stats.is_loading());
}

#[test]
fn a_range_the_server_would_refuse_is_refused_before_any_request() {
    let mut app = app();
    press(&mut app, '5');
    msg(&mut app, Msg::Targets(Ok(targets())));
    let too_long = Range {
        from: day("2025-11-15"),
        to: day("2026-02-16"),
        preset: None,
    };
    let in_flight = app.status.in_flight;
    let effects = msg(&mut app, Msg::Range(too_long));
    assert!(jobs(&effects).is_empty(), "no request: {effects:?}");
    assert_eq!(
        app.statistics.stats.error(),
        Some(
            "The range 2025-11-15 to 2026-02-16 is longer than three months: statistics starting on 2025-11-15 can end on 2026-02-15 at the latest."
        )
    );
    assert_eq!(
        app.status.in_flight,
        in_flight - 1,
        "the request on the way is dropped"
    );
    assert!(!app.statistics.stats.is_loading());
}

#[test]
fn exports_name_the_servers_files_and_the_target() {
    let mut app = app();
    press(&mut app, '5');
    msg(&mut app, Msg::Targets(Ok(targets())));
    for (key, daily) in [('x', false), ('X', true)] {
        app.dialogs.clear();
        press(&mut app, key);
        let Some(AnyDialog::Export(dialog)) = app.dialogs.last() else {
            panic!("{:?}", app.dialogs.last());
        };
        let expected = if daily {
            crate::app::ExportSource::StatsDaily {
                target: StatsTarget::Store("store-1".into()),
                from: day("2026-02-01"),
                to: day("2026-02-15"),
            }
        } else {
            crate::app::ExportSource::StatsExport {
                target: StatsTarget::Store("store-1".into()),
                from: day("2026-02-01"),
                to: day("2026-02-15"),
            }
        };
        assert_eq!(dialog.source, expected);
        assert_eq!(
            dialog.description,
            "store Centro · 2026-02-01 to 2026-02-15"
        );
    }
}

#[test]
fn keys_switch_charts_detail_and_marker() {
    let mut app = app();
    press(&mut app, '5');
    assert_eq!(app.statistics.panel, Panel::Daily);
    press(&mut app, 'l');
    assert_eq!(app.statistics.panel, Panel::Payment);
    press(&mut app, 'h');
    press(&mut app, 'h');
    assert_eq!(app.statistics.panel, Panel::Items);
    press(&mut app, 'd');
    assert!(app.statistics.detail);
    assert_eq!(
        app.statistics.panel,
        Panel::Daily,
        "the detail is the daily chart's"
    );
    press(&mut app, 'm');
    assert_eq!(app.statistics.marker, ChartMarker::Block);
}

//! Following the mock's journal at 1,000 requests a second: applying one poll of 1,000 new
//! entries to the harness screen's state (merged by id into the bounded buffer, newest first)
//! and drawing the screen at 120x40, through the real `update` and `view`.
//!
//! - `journal/apply 1000`: one poll of 1,000 entries into a buffer already full (5,000).
//! - `journal/apply 1000 + draw 120x40`: the same, then the screen drawn.
//! - `journal/apply 1000 + draw, filtered`: with a status-class and path filter on.
//!
//! The time per iteration is the time per 1,000 entries: it must stay well under 1 s.
//!
//! `cargo bench -p dckit-tui --bench harness`
// criterion_group! makes a public function without docs.
#![allow(missing_docs)]

use chrono::{DateTime, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_mock::{AppliedFault, FaultAction, FaultId, JournalEntry};
use dckit_tui::app::{Action, App, Connected, Effect, Endpoints, Settings, update};
use dckit_tui::keymap::KeyMap;
use dckit_tui::screens::{self, harness};
use dckit_tui::ui::theme::{Palette, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const INSTANT: &str = "2026-02-15T10:31:07+01:00";

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// A console on the harness screen (nothing is sent anywhere: effects are dropped), and its
/// connection's generation.
fn console() -> (App, u64) {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(INSTANT)
        .expect("an instant")
        .to_utc();
    let (mut app, effects) = App::new(Settings {
        theme: Theme::new(Palette::Colour),
        keymap: KeyMap::default(),
        profiles: vec!["embedded".into()],
        profile: "embedded".into(),
        read_only: false,
        size: (120, 40),
        now,
        marker: Default::default(),
    });
    let generation = effects
        .iter()
        .find_map(|e| match e {
            Effect::Connect { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("a connection");
    update(
        &mut app,
        Action::Connected(Connected {
            generation,
            profile: "embedded".into(),
            read_only: false,
            embedded: true,
            endpoints: Endpoints {
                harness: Some("127.0.0.1:1".into()),
                ..Endpoints::default()
            },
        }),
    );
    update(&mut app, key('8'));
    (app, generation)
}

/// 1,000 entries after `from`, oldest first, as a poll answers: a mix of APIs and statuses.
fn poll(from: u64) -> Vec<JournalEntry> {
    let at = DateTime::parse_from_rfc3339(INSTANT)
        .expect("an instant")
        .to_utc();
    (from + 1..=from + 1_000)
        .map(|id| {
            let (path, status) = match id % 4 {
                0 => ("/api/dco/sendDocument/", Some(200)),
                1 => ("/portal/v1/keys", Some(200)),
                2 => ("/api/dco/infoUser/", Some(401)),
                _ => ("/api/dco/voidDocument/42/", Some(503)),
            };
            JournalEntry {
                id,
                at,
                method: "POST".into(),
                path: path.into(),
                query: None,
                status,
                latency_us: 1_250 + id % 700,
                headers: [
                    ("content-type".to_owned(), "application/json".to_owned()),
                    ("datacash-key".to_owned(), "<redacted>".to_owned()),
                ]
                .into_iter()
                .collect(),
                route: Some(path.into()),
                fault: (status == Some(503)).then(|| AppliedFault {
                    id: FaultId::new("flaky-void").expect("an id"),
                    action: FaultAction::Respond,
                }),
                message: (status == Some(401)).then(|| "Chiave non valida.".to_owned()),
            }
        })
        .collect()
}

fn apply(app: &mut App, generation: u64, entries: Vec<JournalEntry>) {
    update(
        app,
        Action::Screen {
            generation,
            msg: screens::Msg::Harness(harness::Msg::Journal(Ok(entries))),
        },
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("journal");
    for (name, draw, filtered) in [
        ("apply 1000", false, false),
        ("apply 1000 + draw 120x40", true, false),
        ("apply 1000 + draw, filtered", true, true),
    ] {
        let (mut app, generation) = console();
        if filtered {
            update(&mut app, key('c'));
            update(&mut app, key('c'));
            update(&mut app, key('c')); // 5xx
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        let mut last = 0;
        // A full buffer first: memory stays flat from here on.
        for _ in 0..5 {
            apply(&mut app, generation, poll(last));
            last += 1_000;
        }
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let entries = poll(last);
                    last += 1_000;
                    entries
                },
                |entries| {
                    apply(&mut app, generation, entries);
                    if draw {
                        terminal
                            .draw(|frame| dckit_tui::ui::view(&app, frame))
                            .expect("drawn");
                    }
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Scrolling the documents screen through 10,000 documents: one key (`j`, `PgDn`, `G`/`g`)
//! through the real `update`, then the screen drawn into ratatui's `TestBackend`, as the
//! runtime does it. Only the visible rows are built, so a frame costs the same for 10,000
//! documents as for 100; with a filter, each frame filters the 10,000 again over text built
//! once per search. Target: under 5 ms per key and frame.
//!
//! `cargo bench -p dckit-tui --bench documents`
// criterion_group! makes a public function without docs.
#![allow(missing_docs)]

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_contracts::model::datacash::{FoundDocument, OperationType};
use dckit_contracts::model::money::Amount;
use dckit_tui::app::{Action, App, Connected, Effect, Endpoints, Settings, update};
use dckit_tui::keymap::KeyMap;
use dckit_tui::screens::{self, documents};
use dckit_tui::ui::theme::{Palette, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;

const INSTANT: &str = "2026-02-15T10:31:07+01:00";
const DOCUMENTS: usize = 10_000;

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// 10,000 documents over two years: sales, with a void and a return now and then.
fn found() -> Vec<FoundDocument> {
    let first = NaiveDate::from_ymd_opt(2024, 2, 16)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("a time");
    (0..DOCUMENTS)
        .map(|n| {
            let kind = match n % 10 {
                7 => OperationType::Void,
                9 => OperationType::Return,
                _ => OperationType::Sale,
            };
            let linked = format!("DCW2025/{:04}-{:04}", n / 14 + 1, n % 14);
            FoundDocument {
                idtrx: (1_000_000_000 + n).to_string(),
                numero_progressivo: format!("DCW2025/{:04}-{:04}", n / 14 + 1, n % 14 + 1),
                data: first + chrono::TimeDelta::minutes(n as i64 * 105),
                ammontare_complessivo: Amount(Decimal::new(120 + (n as i64 * 37) % 9_000, 2)),
                tipo_operazione: kind,
                annulli: if kind == OperationType::Void {
                    linked.clone()
                } else {
                    String::new()
                },
                resi: if kind == OperationType::Return {
                    linked
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

/// A console of `width` × `height` on the documents screen, holding 10,000 documents.
fn console(width: u16, height: u16) -> App {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(INSTANT)
        .expect("an instant")
        .to_utc();
    let (mut app, effects) = App::new(Settings {
        theme: Theme::new(Palette::Colour),
        keymap: KeyMap::default(),
        profiles: vec!["embedded".into()],
        profile: "embedded".into(),
        read_only: false,
        size: (width, height),
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
                datacash: Some("127.0.0.1:1".into()),
                ..Endpoints::default()
            },
        }),
    );
    // The screen shown asks for its first search (number 1); its answer comes back here.
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('6'), KeyModifiers::NONE)),
    );
    update(
        &mut app,
        Action::Screen {
            generation,
            msg: screens::Msg::Documents(documents::Msg::Window {
                asked: 1,
                index: 1,
                total: 1,
                result: Ok(found()),
            }),
        },
    );
    app
}

/// Benchmarks `keys` pressed in turn, each followed by a frame.
fn step(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    keys: &[KeyCode],
) {
    let mut i = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            update(app, key(keys[i % keys.len()]));
            i += 1;
            terminal
                .draw(|frame| dckit_tui::ui::view(app, frame))
                .expect("drawn");
        });
    });
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("documents 10000");
    for (width, height) in [(120u16, 40u16), (200, 60)] {
        let mut app = console(width, height);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a terminal");
        terminal
            .draw(|frame| dckit_tui::ui::view(&app, frame))
            .expect("drawn");
        let shown = format!("{:?}", terminal.backend().buffer());
        assert!(
            shown.contains("10.000"),
            "the 10,000 documents are shown at {width}x{height}"
        );
        let size = format!("{width}x{height}");
        let (g, a, t) = (&mut group, &mut app, &mut terminal);
        step(g, &format!("j + draw {size}"), a, t, &[KeyCode::Char('j')]);
        step(
            g,
            &format!("PgDn + draw {size}"),
            a,
            t,
            &[KeyCode::PageDown],
        );
        let top_bottom = [KeyCode::Char('G'), KeyCode::Char('g')];
        step(g, &format!("G, g + draw {size}"), a, t, &top_bottom);
        // Filtered on "vendita" (eight rows in ten): every frame filters the 10,000 again.
        update(a, key(KeyCode::Char('/')));
        for c in "vendita".chars() {
            update(a, key(KeyCode::Char(c)));
        }
        update(a, key(KeyCode::Enter));
        step(
            g,
            &format!("j + draw, filtered {size}"),
            a,
            t,
            &[KeyCode::Char('j')],
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

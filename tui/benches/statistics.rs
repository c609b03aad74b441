//! Switching the statistics range, request included: from the keystroke (`]`, the next
//! preset) to the new charts drawn, against the embedded mock's seeded data (three months of
//! documents up to 2026-02-14), through the real runtime on ratatui's `TestBackend`.
//! Target: within 200 ms.
//!
//! - `range switch/next preset`: `]` through every preset in turn (today … last 3 months).
//! - `range switch/to last 3 months`: from the previous month to the last three months, the
//!   largest range allowed.
//!
//! `cargo bench -p dckit-tui --bench statistics`
// criterion_group! makes a public function without docs.
#![allow(missing_docs)]

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_tui::app::{Action, App, Settings};
use dckit_tui::keymap::KeyMap;
use dckit_tui::runtime::{Captured, Embedded, Profiles, Runtime};
use dckit_tui::ui::theme::{Palette, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

const INSTANT: &str = "2026-02-15T10:31:07+01:00";

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Whether the statistics shown answer the last question and nothing is under way.
fn settled(app: &App) -> bool {
    app.status().in_flight == 0 && app.screen() == dckit_tui::screens::ScreenId::Statistics
}

async fn console() -> Runtime<TestBackend> {
    let at = DateTime::parse_from_rfc3339(INSTANT).expect("an instant");
    let server = dckit_mock::MockServer::start(dckit_mock::Config::ephemeral().with_clock(at))
        .await
        .expect("the mock");
    let profiles = Profiles::new(None, None, Embedded::running(server), false);
    let now: DateTime<Utc> = at.to_utc();
    let settings = Settings {
        theme: Theme::new(Palette::Colour),
        keymap: KeyMap::default(),
        profiles: profiles.names(),
        profile: "embedded".into(),
        read_only: false,
        size: (120, 40),
        now,
        marker: Default::default(),
    };
    let terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut runtime = Runtime::new(
        terminal,
        settings,
        profiles,
        Box::new(Captured::default()),
        Box::new(move || now),
    )
    .expect("a runtime");
    let open = runtime
        .wait_until(Duration::from_secs(30), |app| app.connected().is_some())
        .await;
    assert!(open, "the embedded profile opened");
    runtime.dispatch(key('5'));
    let shown = runtime.wait_until(Duration::from_secs(30), settled).await;
    assert!(shown, "the statistics were read");
    runtime.draw().expect("draw");
    runtime
}

/// Presses `c`, waits for the statistics it asked for, draws; returns the time it took.
async fn switch(runtime: &mut Runtime<TestBackend>, c: char) -> Duration {
    let start = Instant::now();
    runtime.dispatch(key(c));
    let done = runtime.wait_until(Duration::from_secs(10), settled).await;
    assert!(done, "the statistics came");
    runtime.draw().expect("draw");
    start.elapsed()
}

fn range_switch(c: &mut Criterion) {
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let mut runtime = tokio.block_on(console());
    let mut group = c.benchmark_group("range switch");
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(30);
    group.bench_function("next preset", |b| {
        b.iter_custom(|iterations| {
            tokio.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    total += switch(&mut runtime, ']').await;
                }
                total
            })
        });
    });
    group.bench_function("to last 3 months", |b| {
        b.iter_custom(|iterations| {
            tokio.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    // Previous month, then (measured) the last three months.
                    while !title_is(&runtime, "(Previous month)") {
                        switch(&mut runtime, ']').await;
                    }
                    total += switch(&mut runtime, ']').await;
                    assert!(title_is(&runtime, "(Last 3 months)"));
                }
                total
            })
        });
    });
    group.finish();
}

/// Whether the screen's title ends with `suffix` (the preset shown).
fn title_is(runtime: &Runtime<TestBackend>, suffix: &str) -> bool {
    let buffer = runtime.terminal().backend().buffer();
    let line: String = (0..buffer.area.width)
        .map(|x| buffer[(x, 1)].symbol().to_string())
        .collect();
    line.contains(suffix)
}

criterion_group!(benches, range_switch);
criterion_main!(benches);

//! How long the console takes to draw, at 200x60 on a busy account: 300 API keys, 600
//! counters, 30 days of takings and 50 live counter events, built through the public API
//! (`App::new`, then `update` with the results a server would send).
//!
//! - `full redraw/<screen>`: every cell drawn and written to the backend (`Terminal::clear`
//!   first, as after a resize), for each of the four screens. Target: under 2 ms.
//! - `keystroke/j on keys`: `update` with `j` (then `k`, alternately, so the selection always
//!   moves) on the keys screen, and a redraw that writes only what changed.
//! - `keystroke/j on keys, as the runtime draws`: the same through the runtime's `Painter`
//!   (the view drawn once off screen, put on the terminal only when the picture changed).
//!
//! `cargo bench -p dckit-tui --bench view`
// criterion_group! makes a public function without docs.
#![allow(missing_docs)]

use chrono::{DateTime, Duration as Days, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_contracts::model::datacash::{DcLicenceState, Envelope, InfoUser};
use dckit_contracts::model::money::Money2;
use dckit_contracts::model::portal::{
    Account, AddonType, ApiKey, CatalogueEntry, Contract, Counter, CounterEvent, DocumentKind,
    Instance, KeySlots, KeyState, Licence, LicenceState, Purchase, PurchaseState,
};
use dckit_tui::app::{
    Action, App, Connected, DayTakings, Effect, Endpoints, Payload, Request, ServerClock, Settings,
    StreamMessage, update,
};
use dckit_tui::keymap::KeyMap;
use dckit_tui::runtime::Painter;
use dckit_tui::screens::ScreenId;
use dckit_tui::ui::theme::{Palette, Theme};
use dckit_tui::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Duration;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const KEYS: usize = 300;
const EVENTS: usize = 50;
const PIVA: &str = "61679660581";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-02-15T10:31:07+01:00")
        .expect("a valid instant")
        .to_utc()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 15).expect("a valid day")
}

fn licence(n: usize) -> Licence {
    Licence {
        id: format!("lic-{n}"),
        tier: "developer".into(),
        state: if n == 1 {
            LicenceState::Active
        } else {
            LicenceState::Expired
        },
        starts_at: today() - Days::days(300 + 365 * n as i64),
        expires_at: today() + Days::days(65 - 365 * (n as i64 - 1)),
        keys_included: 3,
    }
}

fn key_id(n: usize) -> String {
    format!("key-{n}")
}

fn api_key(n: usize) -> ApiKey {
    let created = DateTime::parse_from_rfc3339("2025-05-01T09:00:00+02:00")
        .expect("a valid instant")
        + Days::hours(7 * n as i64);
    ApiKey {
        id: key_id(n),
        label: format!("Cassa {n} · punto vendita Lingotto"),
        partita_iva: PIVA.into(),
        masked_key: format!("dk_live_{:04}…{:04}", n, KEYS - n),
        state: if n.is_multiple_of(7) {
            KeyState::Deactivated
        } else {
            KeyState::Active
        },
        created_at: created,
        deactivated_at: (n.is_multiple_of(7)).then_some(created + Days::days(30)),
    }
}

fn instance(n: usize) -> Instance {
    if n.is_multiple_of(2) {
        Instance::Dco
    } else {
        Instance::Fe
    }
}

/// What the server answers to `request`.
fn answer(request: &Request) -> Payload {
    match request {
        Request::Account => Payload::Account(Account {
            id: "acc-1".into(),
            name: "Bar Pasticceria Aurora S.r.l.".into(),
            partita_iva: PIVA.into(),
            contract: Contract {
                signed: true,
                signed_at: Some(
                    DateTime::parse_from_rfc3339("2025-04-21T10:00:00+02:00")
                        .expect("a valid instant"),
                ),
            },
            licence: licence(1),
            keys: KeySlots {
                used: (KEYS - KEYS / 7) as u32,
                allowed: KEYS as u32,
            },
        }),
        Request::Licences => Payload::Licences((1..=3).map(licence).collect()),
        Request::Keys => Payload::Keys((1..=KEYS).map(api_key).collect()),
        Request::Catalogue => Payload::Catalogue(
            [
                (AddonType::ApiKeyLight, 1, 500),
                (AddonType::ApiKeyStandard, 5, 2000),
                (AddonType::ApiKeyPremium, 20, 6000),
            ]
            .into_iter()
            .map(|(addon_type, keys_added, cents)| CatalogueEntry {
                addon_type,
                name: format!("Add-on {}", addon_type.as_str()),
                keys_added,
                price: Money2(Decimal::new(cents, 2)),
            })
            .collect(),
        ),
        Request::Purchases => Payload::Purchases(
            (1..=14)
                .map(|n| Purchase {
                    id: format!("pur-{n}"),
                    addon_type: AddonType::ApiKeyPremium,
                    quantity: 1,
                    keys_added: 20,
                    state: PurchaseState::Paid,
                    purchased_at: DateTime::parse_from_rfc3339("2025-06-01T12:00:00+02:00")
                        .expect("a valid instant")
                        + Days::days(7 * n),
                    amount: Money2(Decimal::new(6000, 2)),
                })
                .collect(),
        ),
        Request::Counters => Payload::Counters(
            (0..2 * KEYS)
                .map(|n| Counter {
                    key_id: key_id(n / 2 + 1),
                    instance: instance(n),
                    total: (n as u64 * 7919) % 5000,
                    today: (n as u64 * 31) % 40,
                })
                .collect(),
        ),
        Request::Takings { from, to } => Payload::Takings(
            from.iter_days()
                .take_while(|day| day <= to)
                .enumerate()
                .map(|(n, date)| DayTakings {
                    date,
                    total: Decimal::new(50_000 + (n as i64 * 7_919) % 150_000, 2),
                })
                .collect(),
        ),
        Request::InfoUser => Payload::InfoUser(InfoUser {
            envelope: Envelope {
                esito: true,
                idtrx: None,
                progressivo: None,
                errori: vec![],
                id_temporaneo: None,
                stato: None,
            },
            partita_iva: PIVA.into(),
            stato_licenza: DcLicenceState::Active,
            scadenza_licenza: today() + Days::days(65),
            documenti_emessi: 2721,
            documenti_oggi: 12,
        }),
        Request::ServerClock => Payload::ServerClock(ServerClock {
            today: today(),
            frozen: true,
        }),
        Request::WebServiceToday => Payload::WebServiceToday(12),
    }
}

/// Runs `effects` as the runtime would, with the server's answers, until none is left.
fn settle(app: &mut App, mut effects: Vec<Effect>) {
    while let Some(effect) = effects.pop() {
        let action = match effect {
            Effect::Load {
                generation,
                request,
            } => Action::Loaded {
                generation,
                resource: request.resource(),
                result: Ok(answer(&request)),
            },
            Effect::OpenStream { generation } => Action::Stream {
                generation,
                event: StreamMessage::Connected,
            },
            // Timers (the takings read again after events), exports, the clipboard: not
            // part of a redraw.
            _ => continue,
        };
        effects.extend(update(app, action));
    }
}

fn press(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

/// The busy account, every screen's data read, the stream live with 50 events.
fn busy_app() -> App {
    let (mut app, _connect) = App::new(Settings {
        theme: Theme::new(Palette::Colour),
        keymap: KeyMap::default(),
        profiles: vec!["embedded".into()],
        profile: "embedded".into(),
        read_only: false,
        size: (WIDTH, HEIGHT),
        now: now(),
        marker: Default::default(),
    });
    let host = Some("127.0.0.1:8080".to_owned());
    let effects = update(
        &mut app,
        Action::Connected(Connected {
            generation: 1,
            profile: "embedded".into(),
            read_only: false,
            embedded: true,
            endpoints: Endpoints {
                portal: host.clone(),
                datacash: host.clone(),
                webservice: host.clone(),
                harness: host,
            },
        }),
    );
    settle(&mut app, effects);
    for n in 0..EVENTS {
        let effects = update(
            &mut app,
            Action::Stream {
                generation: 1,
                event: StreamMessage::Counter(CounterEvent {
                    key_id: key_id(n * 5 % KEYS + 1),
                    instance: instance(n),
                    total: 5000 + n as u64,
                    today: 40 + n as u64,
                    idtrx: format!("{}", 1_001_234_567 + n),
                    kind: [DocumentKind::Sale, DocumentKind::Void, DocumentKind::Return][n % 3],
                    id_temporaneo: None,
                }),
            },
        );
        settle(&mut app, effects);
    }
    // Every screen visited once, so each has read what it shows.
    for c in ['2', '3', '4', '1'] {
        let effects = press(&mut app, c);
        settle(&mut app, effects);
    }
    assert_eq!(app.screen(), ScreenId::Dashboard);
    assert!(!app.busy(), "every read answered");
    app
}

fn test_terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test backend")
}

fn redraw(c: &mut Criterion) {
    let mut app = busy_app();
    let mut group = c.benchmark_group("full redraw");
    for (key, screen) in ['1', '2', '3', '4'].into_iter().zip(ScreenId::ALL) {
        let effects = press(&mut app, key);
        settle(&mut app, effects);
        assert_eq!(app.screen(), screen);
        let mut terminal = test_terminal();
        group.bench_function(screen.short_title(), |b| {
            b.iter(|| {
                // A cleared terminal: every cell is written, as after a resize.
                terminal.clear().expect("clear");
                terminal
                    .draw(|frame| view(black_box(&app), frame))
                    .expect("draw");
            });
        });
    }
    group.finish();
}

fn keystroke(c: &mut Criterion) {
    let mut app = busy_app();
    let effects = press(&mut app, '2');
    settle(&mut app, effects);
    let mut group = c.benchmark_group("keystroke");

    let mut terminal = test_terminal();
    terminal.draw(|frame| view(&app, frame)).expect("draw");
    let mut down = true;
    group.bench_function("j on keys", |b| {
        b.iter(|| {
            let effects = press(&mut app, if down { 'j' } else { 'k' });
            down = !down;
            assert!(effects.is_empty(), "moving needs no network");
            terminal.draw(|frame| view(&app, frame)).expect("draw");
        });
    });

    // As the runtime draws: the view once off screen, compared with the last picture, and put
    // on the terminal only if it changed (runtime::Painter).
    let mut painter = Painter::new(test_terminal()).expect("a painter");
    group.bench_function("j on keys, as the runtime draws", |b| {
        b.iter(|| {
            let effects = press(&mut app, if down { 'j' } else { 'k' });
            down = !down;
            assert!(effects.is_empty(), "moving needs no network");
            painter.paint(&app).expect("paint");
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .sample_size(50);
    targets = redraw, keystroke
}
criterion_main!(benches);

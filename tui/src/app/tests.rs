//! `update` as a specification: tables of key presses and network results, and the state and
//! effects they must give. No terminal, no network, no clock.

use super::*;
use crate::dialogs::Dialog;
use crate::keymap::KeyMap;
use crate::screens::ScreenId;
use crate::ui::theme::{Palette, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_contracts::model::money::Money2;
use dckit_contracts::model::portal::{
    Account, AddonType, ApiKey, CatalogueEntry, Contract, Counter, CounterEvent, DocumentKind,
    DocumentsFormat, Instance, KeySlots, KeyState, Licence, LicenceState,
};
use rust_decimal::Decimal;

const PIVA: &str = "01234560017";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn settings(read_only: bool) -> Settings {
    Settings {
        theme: Theme::new(Palette::Colour),
        keymap: KeyMap::default(),
        profiles: vec!["embedded".into(), "prod".into()],
        profile: "embedded".into(),
        read_only,
        size: (80, 24),
        now: at("2026-02-15T10:31:07+01:00"),
        marker: Default::default(),
    }
}

fn key(id: &str, label: &str, state: KeyState) -> ApiKey {
    ApiKey {
        id: id.into(),
        label: label.into(),
        partita_iva: PIVA.into(),
        masked_key: "dk_live_ab12…wxyz".into(),
        state,
        created_at: "2026-01-10T09:00:00+01:00".parse().unwrap(),
        deactivated_at: None,
    }
}

fn account(used: u32, allowed: u32, signed: bool) -> Account {
    Account {
        id: "acc-1".into(),
        name: "Bar Aurora S.r.l.".into(),
        partita_iva: PIVA.into(),
        contract: Contract {
            signed,
            signed_at: None,
        },
        licence: licence(),
        keys: KeySlots { used, allowed },
    }
}

fn licence() -> Licence {
    Licence {
        id: "lic-1".into(),
        tier: "developer".into(),
        state: LicenceState::Active,
        starts_at: "2026-01-01".parse().unwrap(),
        expires_at: "2026-04-21".parse().unwrap(),
        keys_included: 3,
    }
}

fn counter(key_id: &str, instance: Instance, total: u64) -> Counter {
    Counter {
        key_id: key_id.into(),
        instance,
        total,
        today: 1,
    }
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(app, KeyCode::Char(c)))
        .collect()
}

/// An app connected to a profile with every endpoint, with keys, counters and the account
/// read.
fn ready(read_only: bool) -> App {
    let (mut app, _) = App::new(settings(read_only));
    let endpoints = Endpoints {
        portal: Some("127.0.0.1:8080".into()),
        datacash: Some("127.0.0.1:8080".into()),
        webservice: None,
        harness: None,
    };
    update(
        &mut app,
        Action::Connected(Connected {
            generation: 1,
            profile: "embedded".into(),
            read_only: false,
            embedded: true,
            endpoints,
        }),
    );
    let loads = [
        Payload::Account(account(2, 3, false)),
        Payload::Keys(vec![
            key("key-1", "Gestionale", KeyState::Active),
            key("key-2", "Cassa 1", KeyState::Active),
            key("key-3", "Vecchia cassa", KeyState::Deactivated),
        ]),
        Payload::Counters(vec![
            counter("key-1", Instance::Dco, 100),
            counter("key-1", Instance::Fe, 0),
            counter("key-2", Instance::Dco, 7),
        ]),
        Payload::Licences(vec![licence()]),
        Payload::Catalogue(vec![CatalogueEntry {
            addon_type: AddonType::ApiKeyLight,
            name: "Add-on API Key Light".into(),
            keys_added: 1,
            price: Money2(Decimal::new(500, 2)),
        }]),
    ];
    for payload in loads {
        let resource = match &payload {
            Payload::Account(_) => Resource::Account,
            Payload::Keys(_) => Resource::Keys,
            Payload::Counters(_) => Resource::Counters,
            Payload::Licences(_) => Resource::Licences,
            Payload::Catalogue(_) => Resource::Catalogue,
            _ => unreachable!(),
        };
        update(
            &mut app,
            Action::Loaded {
                generation: 1,
                resource,
                result: Ok(payload),
            },
        );
    }
    app
}

fn change_of(effects: &[Effect]) -> Option<&Change> {
    effects.iter().find_map(|e| match e {
        Effect::Change { change, .. } => Some(change),
        _ => None,
    })
}

fn top(app: &App) -> Option<&Dialog> {
    app.dialogs.last()
}

#[test]
fn starting_opens_the_first_profile() {
    let (app, effects) = App::new(settings(false));
    assert!(matches!(app.session(), Session::Connecting { profile } if profile == "embedded"));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Connect { generation: 1, profile }] if profile == "embedded"
    ));
    assert!(app.wants_ticks(), "the spinner turns while connecting");
}

#[test]
fn connecting_reads_the_dashboard_and_opens_the_stream() {
    let (mut app, _) = App::new(settings(false));
    let effects = update(
        &mut app,
        Action::Connected(Connected {
            generation: 1,
            profile: "embedded".into(),
            read_only: false,
            embedded: true,
            endpoints: Endpoints {
                portal: Some("h".into()),
                datacash: Some("h".into()),
                webservice: Some("h".into()),
                harness: Some("h".into()),
            },
        }),
    );
    let loads: Vec<&Request> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Load { request, .. } => Some(request),
            _ => None,
        })
        .collect();
    assert_eq!(
        loads[0],
        &Request::ServerClock,
        "the server's today comes first"
    );
    for wanted in [
        Request::Account,
        Request::Counters,
        Request::Keys,
        Request::InfoUser,
        Request::WebServiceToday,
    ] {
        assert!(loads.contains(&&wanted), "{wanted:?} in {loads:?}");
    }
    assert!(
        !loads.iter().any(|r| matches!(r, Request::Takings { .. })),
        "the takings wait for the server's clock"
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::OpenStream { generation: 1 }))
    );
    // The clock arrives: the takings are asked for, ending on the server's today.
    let effects = update(
        &mut app,
        Action::Loaded {
            generation: 1,
            resource: Resource::ServerClock,
            result: Ok(Payload::ServerClock(ServerClock {
                today: "2019-06-15".parse().unwrap(),
                frozen: true,
            })),
        },
    );
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Load { request: Request::Takings { from, to }, .. }
            if to.to_string() == "2019-06-15" && from.to_string() == "2019-05-17"
    )));
}

#[test]
fn navigation() {
    // keys pressed on the dashboard → (screen, selected row of the keys table)
    let cases: &[(&str, &[KeyCode], ScreenId, usize)] = &[
        ("number", &[KeyCode::Char('2')], ScreenId::Keys, 0),
        ("tab", &[KeyCode::Tab, KeyCode::Tab], ScreenId::Licences, 0),
        ("back-tab wraps", &[KeyCode::BackTab], ScreenId::Harness, 0),
        (
            "down",
            &[KeyCode::Char('2'), KeyCode::Char('j'), KeyCode::Down],
            ScreenId::Keys,
            2,
        ),
        (
            "past the end",
            &[KeyCode::Char('2'), KeyCode::PageDown, KeyCode::Char('j')],
            ScreenId::Keys,
            2,
        ),
        (
            "bottom then up",
            &[KeyCode::Char('2'), KeyCode::Char('G'), KeyCode::Char('k')],
            ScreenId::Keys,
            1,
        ),
        (
            "top",
            &[KeyCode::Char('2'), KeyCode::End, KeyCode::Char('g')],
            ScreenId::Keys,
            0,
        ),
        (
            "list keys off lists",
            &[KeyCode::Char('j'), KeyCode::Char('2')],
            ScreenId::Keys,
            0,
        ),
    ];
    for (name, keys, screen, selected) in cases {
        let mut app = ready(false);
        for code in *keys {
            press(&mut app, *code);
        }
        assert_eq!(
            (app.screen(), app.keys.table.cursor.selected()),
            (*screen, *selected),
            "{name}"
        );
    }
}

#[test]
fn the_command_line_runs_commands_and_says_what_it_cannot() {
    let mut app = ready(false);
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "cou");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenId::Counters);
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "nonsense");
    press(&mut app, KeyCode::Enter);
    let message = app.status().message.as_ref().unwrap();
    assert!(
        message.text.contains("unknown command \"nonsense\""),
        "{message:?}"
    );
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "profile prod");
    let effects = press(&mut app, KeyCode::Enter);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Connect { generation: 2, profile }] if profile == "prod"
    ));
    assert!(
        app.data().keys().value().is_none(),
        "a new profile forgets the old data"
    );
}

#[test]
fn results_of_an_older_connection_are_ignored() {
    let mut app = ready(false);
    app.switch_profile("prod");
    update(
        &mut app,
        Action::Loaded {
            generation: 1,
            resource: Resource::Keys,
            result: Ok(Payload::Keys(vec![key("key-9", "stale", KeyState::Active)])),
        },
    );
    assert!(app.data().keys().value().is_none());
}

#[test]
fn filtering_keeps_the_matching_rows() {
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "CASSA");
    let labels = |app: &App| -> Vec<String> {
        crate::screens::keys::rows(app)
            .iter()
            .map(|k| k.label.clone())
            .collect()
    };
    assert_eq!(
        labels(&app),
        ["Cassa 1", "Vecchia cassa"],
        "live while typing"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        labels(&app),
        ["Cassa 1", "Vecchia cassa"],
        "kept after Enter"
    );
    // While a filter is typed, letters are text, not commands.
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "q");
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Esc);
    assert_eq!(labels(&app).len(), 3, "Esc clears");
    // Sorting by label, then reversed.
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(labels(&app), ["Cassa 1", "Gestionale", "Vecchia cassa"]);
    press(&mut app, KeyCode::Char('S'));
    assert_eq!(labels(&app), ["Vecchia cassa", "Gestionale", "Cassa 1"]);
}

#[test]
fn the_key_form_validates_before_sending() {
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('a'));
    let Some(Dialog::KeyForm(form)) = top(&app) else {
        panic!("no key form: {:?}", top(&app));
    };
    assert_eq!(
        form.partita_iva_problem(),
        None,
        "the account's partita IVA is proposed"
    );
    // Ctrl-U clears it; a wrong one is refused with the validator's Italian message.
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut app, "12345678901");
    let Some(Dialog::KeyForm(form)) = top(&app) else {
        panic!()
    };
    let problem = form.partita_iva_problem().unwrap();
    assert!(problem.contains("partita IVA 12345678901"), "{problem}");
    assert!(change_of(&press(&mut app, KeyCode::Enter)).is_none());
    // A valid one goes, with the label.
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut app, PIVA);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Cassa 2");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        change_of(&effects),
        Some(&Change::CreateKey {
            partita_iva: PIVA.into(),
            label: "Cassa 2".into()
        })
    );
    assert_eq!(app.status().in_flight, 1);
}

#[test]
fn a_new_key_is_shown_once_and_the_key_limit_offers_the_way_out() {
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    let created = NewKey {
        key: key("key-4", "Cassa 3", KeyState::Active),
        secret: crate::secret::Secret::new("dk_live_SECRETSECRETSECRET1234"),
    };
    let effects = update(
        &mut app,
        Action::Changed {
            generation: 1,
            change: Change::CreateKey {
                partita_iva: PIVA.into(),
                label: String::new(),
            },
            result: Ok(Outcome::KeyCreated(created)),
        },
    );
    assert!(matches!(top(&app), Some(Dialog::NewKey(_))));
    assert_eq!(app.dialogs.len(), 1, "the form made room for the key");
    assert!(app.data().key_label("key-4").is_some(), "listed at once");
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Load {
            request: Request::Account,
            ..
        }
    )));
    // `c` copies the clear key; closing forgets it.
    let effects = press(&mut app, KeyCode::Char('c'));
    assert!(
        matches!(effects.as_slice(), [Effect::Copy(s)] if s.expose() == "dk_live_SECRETSECRETSECRET1234")
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.dialogs.is_empty());
    assert!(
        !format!("{app:?}").contains("SECRETSECRET"),
        "no trace of the key once closed"
    );

    // At the limit: the server's words, and `b` leads to the purchase.
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    let refusal = ApiError::coded(
        "All API key slots are in use: 3 active of 3 allowed by the licence and add-ons.",
        "key-limit-reached",
        409,
    );
    update(
        &mut app,
        Action::Changed {
            generation: 1,
            change: Change::CreateKey {
                partita_iva: PIVA.into(),
                label: String::new(),
            },
            result: Err(refusal),
        },
    );
    let Some(Dialog::Message(message)) = top(&app) else {
        panic!("{:?}", top(&app));
    };
    assert!(message.text.starts_with("All API key slots are in use"));
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(app.screen(), ScreenId::Licences);
    assert!(matches!(top(&app), Some(Dialog::Buy(_))), "{:?}", top(&app));
}

#[test]
fn destructive_changes_are_confirmed_and_a_stray_key_changes_nothing() {
    // (screen key, command key, the change a `y` makes)
    let cases = [
        ('2', 'd', Change::DeactivateKey { id: "key-1".into() }),
        ('3', 'c', Change::SignContract),
    ];
    for (screen, command, change) in cases {
        let mut app = ready(false);
        press(&mut app, KeyCode::Char(screen));
        press(&mut app, KeyCode::Char(command));
        assert!(matches!(top(&app), Some(Dialog::Confirm(_))), "{change:?}");
        assert!(
            change_of(&press(&mut app, KeyCode::Enter)).is_none(),
            "Enter cancels"
        );
        assert!(app.dialogs.is_empty());
        press(&mut app, KeyCode::Char(command));
        let effects = press(&mut app, KeyCode::Char('y'));
        assert_eq!(change_of(&effects), Some(&change));
        assert!(app.dialogs.is_empty());
    }
    // Renew and buy go through a form, then the confirmation names the result.
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Enter);
    let Some(Dialog::Confirm(confirm)) = top(&app) else {
        panic!()
    };
    assert!(
        confirm.text.contains("2027-04-21 instead of 2026-04-21"),
        "{}",
        confirm.text
    );
    let effects = press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        change_of(&effects),
        Some(&Change::RenewLicence {
            id: "lic-1".into(),
            months: 12
        })
    );
}

#[test]
fn read_only_refuses_every_change() {
    let mut app = ready(true);
    for (screen, command) in [
        ('2', 'a'),
        ('2', 'e'),
        ('2', 'd'),
        ('3', 'n'),
        ('3', 'c'),
        ('3', 'b'),
    ] {
        press(&mut app, KeyCode::Char(screen));
        let effects = press(&mut app, KeyCode::Char(command));
        assert!(
            effects.is_empty() && app.dialogs.is_empty(),
            "{screen}{command}"
        );
        let message = app.status().message.as_ref().unwrap();
        assert!(
            message.text.starts_with("read-only: cannot"),
            "{}",
            message.text
        );
    }
    // Looking is still allowed.
    press(&mut app, KeyCode::Char('4'));
    assert!(matches!(press(&mut app, KeyCode::Char('x')).as_slice(), []));
    assert!(matches!(top(&app), Some(Dialog::Export(_))));
}

#[test]
fn counter_events_update_and_highlight_then_fade() {
    let mut app = ready(false);
    let now = app.now();
    let event = CounterEvent {
        key_id: "key-2".into(),
        instance: Instance::Dco,
        total: 8,
        today: 2,
        idtrx: "1000009876".into(),
        kind: DocumentKind::Sale,
        id_temporaneo: None,
    };
    update(
        &mut app,
        Action::Stream {
            generation: 1,
            event: StreamMessage::Counter(event),
        },
    );
    let counter = app.data().counter("key-2", Instance::Dco).unwrap();
    assert_eq!((counter.total, counter.today), (8, 2));
    assert_eq!(app.data().events.len(), 1);
    assert!(app.counters.is_highlighted("key-2", Instance::Dco, now));
    assert!(app.wants_ticks());
    update(&mut app, Action::Time(now + chrono::TimeDelta::seconds(3)));
    update(&mut app, Action::Tick);
    assert!(!app.wants_ticks(), "idle again once the highlight is over");
    // A key nobody knows yet (made elsewhere) gets the keys read again.
    let effects = update(
        &mut app,
        Action::Stream {
            generation: 1,
            event: StreamMessage::Counter(CounterEvent {
                key_id: "key-9".into(),
                instance: Instance::Dco,
                total: 1,
                today: 1,
                idtrx: "1000009877".into(),
                kind: DocumentKind::Sale,
                id_temporaneo: None,
            }),
        },
    );
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Load {
            request: Request::Keys,
            ..
        }
    )));
}

#[test]
fn counted_documents_refresh_the_takings_at_most_every_few_seconds() {
    let mut app = ready(false);
    update(
        &mut app,
        Action::Loaded {
            generation: 1,
            resource: Resource::Takings,
            result: Ok(Payload::Takings(vec![])),
        },
    );
    let sale = |n: u64| Action::Stream {
        generation: 1,
        event: StreamMessage::Counter(CounterEvent {
            key_id: "key-1".into(),
            instance: Instance::Dco,
            total: 100 + n,
            today: 1 + n,
            idtrx: format!("10000000{n}"),
            kind: DocumentKind::Sale,
            id_temporaneo: None,
        }),
    };
    let scheduled = |effects: &[Effect]| {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::After { action, .. } if matches!(**action, Action::TakingsDue { generation: 1 })))
            .count()
    };
    assert_eq!(scheduled(&update(&mut app, sale(1))), 1);
    assert_eq!(
        scheduled(&update(&mut app, sale(2))),
        0,
        "one re-read for a burst"
    );
    let effects = update(&mut app, Action::TakingsDue { generation: 1 });
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Load {
            request: Request::Takings { .. },
            ..
        }
    )));
    assert_eq!(
        scheduled(&update(&mut app, sale(3))),
        1,
        "the next burst schedules again"
    );
}

#[test]
fn nothing_is_asked_before_the_profile_is_open() {
    let (mut app, _) = App::new(settings(false));
    press(&mut app, KeyCode::Char('3'));
    let effects = press(&mut app, KeyCode::Char('b'));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(
        app.status().in_flight,
        0,
        "no request counted that was never sent"
    );
    // Once open, the screen is read, and the purchase form opens when the catalogue comes.
    let effects = update(
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
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Load {
            request: Request::Catalogue,
            ..
        }
    )));
    update(
        &mut app,
        Action::Loaded {
            generation: 1,
            resource: Resource::Catalogue,
            result: Ok(Payload::Catalogue(vec![CatalogueEntry {
                addon_type: AddonType::ApiKeyLight,
                name: "Add-on API Key Light".into(),
                keys_added: 1,
                price: Money2(Decimal::new(500, 2)),
            }])),
        },
    );
    assert!(matches!(top(&app), Some(Dialog::Buy(_))), "{:?}", top(&app));
}

#[test]
fn a_profile_without_an_account_area_refuses_its_screens_commands() {
    let (mut app, _) = App::new(settings(false));
    update(
        &mut app,
        Action::Connected(Connected {
            generation: 1,
            profile: "ws".into(),
            read_only: false,
            embedded: false,
            endpoints: Endpoints {
                webservice: Some("h".into()),
                ..Endpoints::default()
            },
        }),
    );
    press(&mut app, KeyCode::Char('2'));
    assert!(press(&mut app, KeyCode::Char('a')).is_empty());
    assert!(app.dialogs.is_empty());
    assert_eq!(
        app.status().message.as_ref().unwrap().text,
        "profile ws has no account area"
    );
}

#[test]
fn the_stream_rereads_on_lag_and_reconnects_with_backoff() {
    let mut app = ready(false);
    let stream = |app: &mut App, event| {
        update(
            app,
            Action::Stream {
                generation: 1,
                event,
            },
        )
    };
    let effects = stream(&mut app, StreamMessage::Connected);
    assert_eq!(app.status().stream, StreamState::Live);
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Load {
            request: Request::Counters,
            ..
        }
    )));
    // Finish that read, then lag.
    update(
        &mut app,
        Action::Loaded {
            generation: 1,
            resource: Resource::Counters,
            result: Ok(Payload::Counters(vec![])),
        },
    );
    let effects = stream(&mut app, StreamMessage::Lagged { missed: 3 });
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Load {
            request: Request::Counters,
            ..
        }
    )));
    assert!(
        app.status()
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("missed 3")
    );
    // Dropped: 1 s, then 2 s, then 4 s.
    let mut delays = vec![];
    for _ in 0..3 {
        let effects = stream(
            &mut app,
            StreamMessage::Ended {
                reason: Some("connection reset".into()),
            },
        );
        match effects.as_slice() {
            [Effect::After { delay, action }] => {
                delays.push(delay.as_secs());
                assert!(matches!(**action, Action::Reconnect { generation: 1 }));
            }
            other => panic!("{other:?}"),
        }
        let effects = update(&mut app, Action::Reconnect { generation: 1 });
        assert!(matches!(
            effects.as_slice(),
            [Effect::OpenStream { generation: 1 }]
        ));
    }
    assert_eq!(delays, [1, 2, 4]);
    assert!(matches!(
        app.status().stream,
        StreamState::Retrying { attempt: 3, .. }
    ));
    stream(&mut app, StreamMessage::Connected);
    assert_eq!(app.status().stream, StreamState::Live);
    // Back to 1 s after a success.
    let effects = stream(&mut app, StreamMessage::Ended { reason: None });
    assert!(matches!(effects.as_slice(), [Effect::After { delay, .. }] if delay.as_secs() == 1));
}

#[test]
fn errors_reach_the_status_line_in_plain_words() {
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('r'));
    update(
        &mut app,
        Action::Loaded {
            generation: 1,
            resource: Resource::Account,
            result: Err(ApiError::message(
                "127.0.0.1:8080 did not answer within 15 s",
            )),
        },
    );
    let message = app.status().message.as_ref().unwrap();
    assert_eq!(
        message.text,
        "account: 127.0.0.1:8080 did not answer within 15 s"
    );
    assert!(
        app.data().account.value().is_some(),
        "the last value stays on screen"
    );
}

#[test]
fn ctrl_c_quits_from_anywhere_and_q_only_without_a_dialog() {
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "q");
    assert!(!app.should_quit(), "q is text in a form");
    let effects = update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(app.should_quit() && matches!(effects.as_slice(), [Effect::Quit]));
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit(), "the first key closes the help");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn exports_check_the_path_and_ask_before_replacing() {
    let mut app = ready(false);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('x'));
    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::CheckExportPath { id, path }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(path.to_str(), Some("documents-key-1-dco-2026-02-15.csv"));
    let id = *id;
    update(
        &mut app,
        Action::ExportPathChecked {
            id,
            exists: true,
            problem: None,
        },
    );
    assert_eq!(
        app.export.as_ref().unwrap().stage,
        ExportStage::ConfirmOverwrite
    );
    let effects = press(&mut app, KeyCode::Char('y'));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Export {
            source: ExportSource::CounterDocuments { key_id, instance: Instance::Dco, format: DocumentsFormat::Csv },
            ..
        }] if key_id == "key-1"
    ));
    update(&mut app, Action::ExportProgress { id, bytes: 2048 });
    assert_eq!(
        app.export.as_ref().unwrap().stage,
        ExportStage::Running { bytes: 2048 }
    );
    update(
        &mut app,
        Action::ExportDone {
            id,
            result: Ok(4096),
        },
    );
    assert_eq!(
        app.export.as_ref().unwrap().stage,
        ExportStage::Done { bytes: 4096 }
    );
    assert!(
        app.status()
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("saved 4,1 KB")
    );
}

//! The harness screen's update, as a specification.

use super::*;
use crate::app::{Connected, Endpoints, Settings, update};
use crate::config::ChartMarker;
use crate::dialogs::Reply;
use crate::keymap::KeyMap;
use crate::screens;
use crate::ui::theme::{Palette, Theme};
use chrono::{DateTime, Utc};

fn app_with(read_only: bool) -> App {
    let (mut app, _) = App::new(Settings {
        theme: Theme::new(Palette::Colour),
        keymap: KeyMap::default(),
        profiles: vec!["embedded".into()],
        profile: "embedded".into(),
        read_only,
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
            read_only,
            embedded: true,
            endpoints: Endpoints {
                harness: Some("h".into()),
                ..Endpoints::default()
            },
        }),
    );
    app
}

fn app() -> App {
    app_with(false)
}

fn entry(id: u64, method: &str, path: &str, status: Option<u16>) -> JournalEntry {
    JournalEntry {
        id,
        at: DateTime::<Utc>::from_timestamp(1_771_147_867, 0).unwrap(),
        method: method.into(),
        path: path.into(),
        query: None,
        status,
        latency_us: 1_250,
        headers: Default::default(),
        route: None,
        fault: None,
        message: None,
    }
}

fn harness_jobs(effects: &[Effect]) -> Vec<Job> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Job {
                job: screens::Job::Harness(job),
                ..
            } => Some(job.clone()),
            _ => None,
        })
        .collect()
}

fn due(effects: &[Effect]) -> bool {
    effects.iter().any(|e| {
        matches!(e, Effect::After { action, .. }
            if matches!(**action, Action::Screen { msg: screens::Msg::Harness(Msg::PollDue), .. }))
    })
}

fn ids(state: &State) -> Vec<u64> {
    state.visible().map(|e| e.id).collect()
}

#[test]
fn merge_skips_what_was_seen_puts_the_newest_first_and_stays_bounded() {
    let mut buffer = Buffer::with_capacity(4);
    let added = buffer.merge(vec![
        entry(1, "GET", "/a", Some(200)),
        entry(2, "GET", "/b", Some(200)),
    ]);
    assert_eq!(added, vec![1, 2]);
    assert_eq!(buffer.last_id(), Some(2));
    // A poll overlapping the last one, out of order and with a duplicate.
    let added = buffer.merge(vec![
        entry(2, "GET", "/b", Some(200)),
        entry(4, "GET", "/d", Some(200)),
        entry(3, "GET", "/c", Some(200)),
        entry(3, "GET", "/c", Some(200)),
    ]);
    assert_eq!(added, vec![3, 4]);
    let order: Vec<u64> = buffer.entries().iter().map(|e| e.id).collect();
    assert_eq!(order, vec![4, 3, 2, 1]);
    // Past the capacity the oldest go.
    buffer.merge((5..=10).map(|i| entry(i, "GET", "/", Some(200))).collect());
    let order: Vec<u64> = buffer.entries().iter().map(|e| e.id).collect();
    assert_eq!(order, vec![10, 9, 8, 7]);
    assert_eq!(buffer.last_id(), Some(10));
    // Nothing new: nothing changes.
    assert!(buffer.merge(vec![entry(9, "GET", "/", None)]).is_empty());
    assert_eq!(buffer.entries().len(), 4);
}

#[test]
fn the_default_buffer_keeps_five_thousand() {
    let mut state = State::default();
    for round in 0..3u64 {
        let polled = (1..=3_000).map(|i| entry(round * 3_000 + i, "GET", "/", Some(200)));
        state.apply_poll(polled.collect());
    }
    assert_eq!(state.journal.entries().len(), CAPACITY);
    assert_eq!(state.journal.entries().front().unwrap().id, 9_000);
    assert_eq!(state.journal.entries().back().unwrap().id, 4_001);
}

#[test]
fn filters_by_api_status_class_and_path() {
    let mut state = State::default();
    state.apply_poll(vec![
        entry(1, "POST", "/api/dco/infoUser/", Some(200)),
        entry(2, "POST", "/api/dco/sendDocument/", Some(503)),
        entry(3, "GET", "/portal/v1/keys", Some(404)),
        entry(
            4,
            "POST",
            "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php",
            Some(200),
        ),
        entry(5, "GET", "/api/dco/pgp-key", None),
        entry(6, "GET", "/__admin/clock", Some(200)),
    ]);
    let cases: Vec<(Filter, Vec<u64>)> = vec![
        (Filter::default(), vec![6, 5, 4, 3, 2, 1]),
        (
            Filter {
                api: Some(Api::DataCash),
                ..Filter::default()
            },
            vec![5, 2, 1],
        ),
        (
            Filter {
                api: Some(Api::Portal),
                ..Filter::default()
            },
            vec![3],
        ),
        (
            Filter {
                api: Some(Api::WebService),
                ..Filter::default()
            },
            vec![4],
        ),
        (
            Filter {
                api: Some(Api::Admin),
                ..Filter::default()
            },
            vec![6],
        ),
        (
            Filter {
                class: Some(2),
                ..Filter::default()
            },
            vec![6, 4, 1],
        ),
        (
            Filter {
                class: Some(5),
                ..Filter::default()
            },
            vec![2],
        ),
        (
            Filter {
                class: Some(4),
                ..Filter::default()
            },
            vec![3],
        ),
        (
            Filter {
                path: "SENDdoc".into(),
                ..Filter::default()
            },
            vec![2],
        ),
        (
            Filter {
                api: Some(Api::DataCash),
                class: Some(2),
                path: "info".into(),
            },
            vec![1],
        ),
    ];
    for (filter, expected) in cases {
        state.filter = filter.clone();
        assert_eq!(ids(&state), expected, "{filter:?}");
    }
}

#[test]
fn the_filter_keys_cycle_and_the_path_is_typed_in_place() {
    let mut app = app();
    on_command(&mut app, Cmd::FilterApi);
    assert_eq!(app.harness.filter.api, Some(Api::DataCash));
    for _ in 0..4 {
        on_command(&mut app, Cmd::FilterApi);
    }
    assert_eq!(app.harness.filter.api, None, "back to all after admin");
    on_command(&mut app, Cmd::FilterStatus);
    on_command(&mut app, Cmd::FilterStatus);
    assert_eq!(app.harness.filter.class, Some(4));
    on_command(&mut app, Cmd::FilterPath);
    for c in "send".chars() {
        assert!(capture_key(&mut app, KeyEvent::from(KeyCode::Char(c))).is_some());
    }
    capture_key(&mut app, KeyEvent::from(KeyCode::Enter));
    assert_eq!(app.harness.filter.path, "send");
    assert!(app.harness.editing.is_none());
    // Esc on the journal clears every filter.
    capture_key(&mut app, KeyEvent::from(KeyCode::Esc));
    assert!(app.harness.filter.is_empty());
}

#[test]
fn polls_follow_only_while_the_screen_is_shown() {
    let mut app = app();
    let effects = update(&mut app, Action::Key(KeyEvent::from(KeyCode::Char('8'))));
    let jobs = harness_jobs(&effects);
    assert!(jobs.contains(&Job::Poll { since: None }), "{jobs:?}");
    assert!(jobs.contains(&Job::Side));
    // The answer schedules the next poll, which asks after the last id.
    let effects = on_msg(
        &mut app,
        Msg::Journal(Ok(vec![entry(7, "GET", "/api/dco/pgp-key", Some(200))])),
    );
    assert!(due(&effects));
    let effects = on_msg(&mut app, Msg::PollDue);
    assert_eq!(harness_jobs(&effects), vec![Job::Poll { since: Some(7) }]);
    // Another screen: the answer schedules nothing more, the due poll is not made.
    update(&mut app, Action::Key(KeyEvent::from(KeyCode::Char('1'))));
    let effects = on_msg(&mut app, Msg::Journal(Ok(vec![])));
    assert!(!due(&effects));
    assert!(!app.harness.polling);
    assert!(harness_jobs(&on_msg(&mut app, Msg::PollDue)).is_empty());
    // Back on the screen: following starts again from where it was.
    let effects = update(&mut app, Action::Key(KeyEvent::from(KeyCode::Char('8'))));
    assert!(harness_jobs(&effects).contains(&Job::Poll { since: Some(7) }));
    // A second show while a poll is under way asks nothing more.
    let effects = on_show(&mut app);
    assert!(
        !harness_jobs(&effects)
            .iter()
            .any(|j| matches!(j, Job::Poll { .. }))
    );
}

#[test]
fn a_due_poll_from_another_connection_is_dropped() {
    let mut app = app();
    update(&mut app, Action::Key(KeyEvent::from(KeyCode::Char('8'))));
    let stale = app.generation + 1;
    let effects = update(
        &mut app,
        Action::Screen {
            generation: stale,
            msg: screens::Msg::Harness(Msg::PollDue),
        },
    );
    assert!(harness_jobs(&effects).is_empty());
}

#[test]
fn pausing_stops_following_and_resuming_polls_again() {
    let mut app = app();
    update(&mut app, Action::Key(KeyEvent::from(KeyCode::Char('8'))));
    on_command(&mut app, Cmd::Follow);
    assert!(app.harness.paused);
    let effects = on_msg(
        &mut app,
        Msg::Journal(Ok(vec![entry(3, "GET", "/", Some(200))])),
    );
    assert!(!due(&effects), "paused: no next poll");
    assert!(!app.harness.polling);
    let effects = on_command(&mut app, Cmd::Follow);
    assert_eq!(harness_jobs(&effects), vec![Job::Poll { since: Some(3) }]);
}

#[test]
fn the_selection_stays_on_its_entry_when_new_ones_arrive() {
    let mut state = State::default();
    state.apply_poll((1..=5).map(|i| entry(i, "GET", "/", Some(200))).collect());
    state.selected = 2; // id 3
    assert_eq!(state.selected_entry().unwrap().id, 3);
    state.apply_poll(vec![
        entry(6, "GET", "/", Some(200)),
        entry(7, "GET", "/", Some(200)),
    ]);
    assert_eq!(state.selected_entry().unwrap().id, 3);
    // At the top it follows the newest.
    state.selected = 0;
    state.apply_poll(vec![entry(8, "GET", "/", Some(200))]);
    assert_eq!(state.selected_entry().unwrap().id, 8);
}

#[test]
fn enter_opens_the_selected_entry() {
    let mut app = app();
    let mut refused = entry(2, "POST", "/api/dco/infoUser/", Some(401));
    refused.message = Some("Chiave non valida".into());
    app.harness.generation = app.generation;
    app.harness
        .apply_poll(vec![entry(1, "GET", "/", Some(200)), refused]);
    on_command(&mut app, Cmd::Open);
    match app.dialogs.last() {
        Some(AnyDialog::Screen(ScreenDialog::Harness(Dialog::Detail(e)))) => {
            assert_eq!(e.id, 2);
            let lines = dialogs::detail_lines(e);
            assert!(lines.contains(&("Message".into(), "Chiave non valida".into())));
        }
        other => panic!("{other:?}"),
    }
}

fn form(values: [&str; 8]) -> FaultForm {
    let mut form = FaultForm::default();
    for (field, value) in form.fields.iter_mut().zip(values) {
        field.set(value);
    }
    form
}

#[test]
fn the_fault_form_checks_the_rule_as_the_mock_would() {
    let ok = form([
        "/api/dco/**",
        "post",
        "503",
        "250",
        "n",
        "0,5",
        "3",
        "flaky",
    ])
    .rule()
    .unwrap();
    assert_eq!(ok.method.as_deref(), Some("POST"));
    assert_eq!(ok.status, Some(503));
    assert_eq!(ok.delay_ms, Some(250));
    assert_eq!(ok.probability, Some(0.5));
    assert_eq!(ok.count, Some(3));
    assert_eq!(ok.id.as_ref().map(FaultId::as_str), Some("flaky"));
    let drop = form(["/portal/**", "", "", "", "y", "", "", ""])
        .rule()
        .unwrap();
    assert!(drop.drop && drop.status.is_none());
    let bad = [
        (["", "", "503", "", "n", "", "", ""], "must start with"),
        (["/x", "P0ST", "503", "", "n", "", "", ""], "not a method"),
        (["/x", "", "700", "", "n", "", "", ""], "200 to 599"),
        (["/x", "", "", "400000", "n", "", "", ""], "0 to 300000"),
        (["/x", "", "503", "", "y", "", "", ""], "not both"),
        (["/x", "", "", "", "n", "", "", ""], "a status, a delay"),
        (["/x", "", "503", "", "n", "1.5", "", ""], "from 0 to 1"),
        (["/x", "", "503", "", "n", "", "0", ""], "from 1"),
        (["/x", "", "503", "", "n", "", "", "no spaces"], "may have"),
        (["/x", "", "503", "", "maybe", "", "", ""], "y or n"),
    ];
    for (values, needle) in bad {
        let error = form(values).rule().unwrap_err();
        assert!(error.contains(needle), "{values:?}: {error}");
    }
}

#[test]
fn prompts_check_their_value_before_any_request() {
    let decide = |kind, text: &str| Prompt::new(kind, text).decide();
    let op = |reply: Reply| match reply {
        Reply::Msg(screens::Msg::Harness(Msg::Submit(op))) => op,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        op(decide(PromptKind::Advance, "2h").unwrap()),
        Op::Advance("2h".into())
    );
    assert_eq!(
        op(decide(PromptKind::Advance, "-1d").unwrap()),
        Op::Advance("-1d".into())
    );
    assert!(decide(PromptKind::Advance, "2 hours").is_err());
    assert!(decide(PromptKind::Advance, "h").is_err());
    assert!(matches!(
        op(decide(PromptKind::Freeze, "2026-03-01T09:00:00+01:00").unwrap()),
        Op::Freeze(_)
    ));
    assert!(decide(PromptKind::Freeze, "2026-03-01").is_err());
    assert_eq!(
        op(decide(PromptKind::Webhook, "").unwrap()),
        Op::Webhook(None)
    );
    assert!(decide(PromptKind::Webhook, "ftp://x").is_err());
    assert!(
        decide(PromptKind::Expire, "12345678901").is_err(),
        "bad check digit"
    );
    assert_eq!(
        op(decide(PromptKind::Expire, "01234560017").unwrap()),
        Op::Expire("01234560017".into())
    );
    // Reset asks first, naming the seed.
    match decide(PromptKind::Reset, "42").unwrap() {
        Reply::Push(AnyDialog::Confirm(confirm)) => {
            assert!(confirm.text.contains("seed 42"), "{}", confirm.text);
            assert!(confirm.action.contains("42"));
        }
        other => panic!("{other:?}"),
    }
    assert!(decide(PromptKind::Reset, "-1").is_err());
}

#[test]
fn changes_are_refused_when_read_only_and_counted_otherwise() {
    let mut reader = app_with(true);
    let effects = on_command(&mut reader, Cmd::Unfreeze);
    assert!(harness_jobs(&effects).is_empty());
    let effects = on_msg(&mut reader, Msg::Submit(Op::Agency(false)));
    assert!(harness_jobs(&effects).is_empty());
    let mut app = app();
    let before = app.status.in_flight;
    let effects = on_msg(&mut app, Msg::Submit(Op::Agency(false)));
    assert_eq!(
        harness_jobs(&effects),
        vec![Job::Change {
            op: Op::Agency(false),
            counted: true
        }]
    );
    assert!(
        Job::Change {
            op: Op::Unfreeze,
            counted: true
        }
        .changes()
    );
    assert!(!Job::Poll { since: None }.changes());
    assert_eq!(app.status.in_flight, before + 1);
    // The answer lowers the count and reads the side panel again.
    let effects = on_msg(
        &mut app,
        Msg::Done {
            counted: true,
            result: Ok("tax agency down".into()),
        },
    );
    assert_eq!(harness_jobs(&effects), vec![Job::Side]);
}

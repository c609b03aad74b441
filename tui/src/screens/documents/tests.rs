//! The documents screen's update, as a specification.

use super::*;
use crate::app::{Action, Connected, Endpoints, Settings, update};
use crate::config::ChartMarker;
use crate::dialogs::{Dialog as AnyDialog, Reply};
use crate::keymap::KeyMap;
use crate::screens;
use crate::ui::theme::{Palette, Theme};
use chrono::{DateTime, NaiveDate};
use crossterm::event::KeyModifiers;
use dckit_contracts::model::datacash::{DcError, PaymentType, VatCode};
use dckit_contracts::model::money::Amount;

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
                portal: Some("h".into()),
                datacash: Some("h".into()),
                ..Endpoints::default()
            },
        }),
    );
    app
}

fn app() -> App {
    app_with(false)
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn jobs(effects: &[Effect]) -> Vec<&Job> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Job {
                job: screens::Job::Documents(job),
                ..
            } => Some(job),
            _ => None,
        })
        .collect()
}

fn doc(idtrx: &str, progressivo: &str, kind: OperationType, cents: i64) -> FoundDocument {
    FoundDocument {
        idtrx: idtrx.into(),
        numero_progressivo: progressivo.into(),
        data: day("2026-02-15").and_hms_opt(10, 31, 7).unwrap(),
        ammontare_complessivo: Amount(Decimal::new(cents, 2)),
        tipo_operazione: kind,
        annulli: String::new(),
        resi: String::new(),
    }
}

/// Feeds the answers of a search to the app, window by window.
fn answer(app: &mut App, windows: Vec<Vec<FoundDocument>>) {
    let asked = app.documents.asked;
    let total = windows.len();
    for (i, found) in windows.into_iter().enumerate() {
        on_msg(
            app,
            Msg::Window {
                asked,
                index: i + 1,
                total,
                result: Ok(found),
            },
        );
    }
}

fn top(app: &App) -> Option<&Dialog> {
    match app.dialogs.last() {
        Some(AnyDialog::Screen(ScreenDialog::Documents(d))) => Some(d),
        _ => None,
    }
}

#[test]
fn the_first_search_is_the_last_7_days_in_one_window() {
    let mut app = app();
    let base = app.status.in_flight;
    let effects = on_show(&mut app);
    assert_eq!(
        jobs(&effects),
        vec![&Job::Find {
            asked: 1,
            windows: vec![(day("2026-02-08"), day("2026-02-15"))],
        }]
    );
    assert_eq!(app.status.in_flight, base + 1);
    // Shown again: nothing read twice.
    answer(&mut app, vec![vec![]]);
    assert!(on_show(&mut app).is_empty());
    assert_eq!(app.status.in_flight, base);
}

#[test]
fn a_long_range_is_searched_window_by_window_and_stitched() {
    let mut app = app();
    let base = app.status.in_flight;
    let effects = on_msg(&mut app, Msg::Range(day("2025-11-01"), day("2026-02-15")));
    let [Job::Find { asked, windows }] = jobs(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(windows.len(), 4, "107 days: 31 + 31 + 31 + 14");
    assert_eq!(windows[3], (day("2026-02-02"), day("2026-02-15")));
    let asked = *asked;
    for (i, idtrx) in ["1", "2", "3"].into_iter().enumerate() {
        on_msg(
            &mut app,
            Msg::Window {
                asked,
                index: i + 1,
                total: 4,
                result: Ok(vec![doc(idtrx, idtrx, OperationType::Sale, 100)]),
            },
        );
        assert_eq!(app.documents.progress, Some((i + 1, 4)));
        assert!(app.documents.found.is_loading());
    }
    on_msg(
        &mut app,
        Msg::Window {
            asked,
            index: 4,
            total: 4,
            result: Ok(vec![doc("4", "4", OperationType::Sale, 100)]),
        },
    );
    let found: Vec<&str> = app
        .documents
        .found
        .value()
        .unwrap()
        .iter()
        .map(|d| d.idtrx.as_str())
        .collect();
    assert_eq!(found, ["1", "2", "3", "4"]);
    assert_eq!(app.documents.progress, None);
    assert_eq!(app.status.in_flight, base);
}

#[test]
fn an_inverted_range_is_refused_before_any_request_and_old_answers_are_dropped() {
    let mut app = app();
    let base = app.status.in_flight;
    on_show(&mut app);
    let stale = app.documents.asked;
    let effects = on_msg(&mut app, Msg::Range(day("2026-02-15"), day("2026-02-01")));
    assert!(jobs(&effects).is_empty());
    assert_eq!(
        app.documents.found.error(),
        Some("The range is inverted: to 2026-02-01 is before from 2026-02-15.")
    );
    assert_eq!(
        app.status.in_flight, base,
        "the search under way is no longer counted"
    );
    on_msg(
        &mut app,
        Msg::Window {
            asked: stale,
            index: 1,
            total: 1,
            result: Ok(vec![doc("9", "9", OperationType::Sale, 100)]),
        },
    );
    assert!(
        app.documents.found.value().is_none(),
        "a stale answer is dropped"
    );
}

#[test]
fn a_window_refused_fails_the_search_with_its_place() {
    let mut app = app();
    on_msg(&mut app, Msg::Range(day("2026-01-01"), day("2026-02-15")));
    let asked = app.documents.asked;
    on_msg(
        &mut app,
        Msg::Window {
            asked,
            index: 2,
            total: 2,
            result: Err("01 Credenziali non valide".into()),
        },
    );
    assert_eq!(
        app.documents.found.error(),
        Some("window 2 of 2: 01 Credenziali non valide")
    );
}

#[test]
fn sort_and_filter_through_the_table() {
    let mut app = app();
    on_show(&mut app);
    let mut void = doc("12", "DCW2026/0001-0003", OperationType::Void, 500);
    void.annulli = "DCW2026/0001-0001".into();
    answer(
        &mut app,
        vec![vec![
            doc("10", "DCW2026/0001-0001", OperationType::Sale, 500),
            doc("9", "DCW2026/0001-0002", OperationType::Sale, 2000),
            void,
        ]],
    );
    let ids = |app: &App| -> Vec<String> { rows(app).iter().map(|d| d.idtrx.clone()).collect() };
    assert_eq!(ids(&app), ["10", "9", "12"], "the server's order");
    app.documents.table.sort.column = 1;
    assert_eq!(ids(&app), ["9", "10", "12"], "idtrx as numbers");
    app.documents.table.sort.column = 5;
    app.documents.table.sort.descending = true;
    assert_eq!(
        ids(&app),
        ["9", "10", "12"],
        "largest amount first, then idtrx"
    );
    app.documents.table.sort = Default::default();
    app.documents.table.filter.start();
    for c in "annullo".chars() {
        app.documents
            .table
            .filter
            .on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    assert_eq!(ids(&app), ["12"]);
}

#[test]
fn a_voided_sale_shows_what_voided_it_and_the_void_what_it_voids() {
    let mut app = app();
    on_show(&mut app);
    let mut sale = doc("10", "DCW2026/0001-0001", OperationType::Sale, 500);
    sale.annulli = "A".into();
    let mut void = doc("11", "DCW2026/0001-0002", OperationType::Void, 500);
    void.annulli = "DCW2026/0001-0001".into();
    answer(&mut app, vec![vec![sale.clone(), void.clone()]]);
    assert_eq!(note(&sale), "voided");
    assert_eq!(note(&void), "voids DCW2026/0001-0001");
    let detail = Detail::new(&app, &sale);
    let text = detail.text(70);
    assert!(
        text.iter()
            .any(|(l, v)| l == "Voided by" && v.starts_with("DCW2026/0001-0002 (idtrx 11")),
        "{text:?}"
    );
    let text = Detail::new(&app, &void).text(70);
    assert!(
        text.iter()
            .any(|(l, v)| l == "Voids" && v.starts_with("DCW2026/0001-0001 (idtrx 10")),
        "{text:?}"
    );
}

#[test]
fn read_only_refuses_void_return_and_send() {
    let mut app = app_with(true);
    on_show(&mut app);
    answer(
        &mut app,
        vec![vec![doc(
            "10",
            "DCW2026/0001-0001",
            OperationType::Sale,
            500,
        )]],
    );
    for cmd in [Cmd::Void, Cmd::Return, Cmd::Send] {
        assert!(cmd.changes());
        let effects = on_command(&mut app, cmd);
        assert!(effects.is_empty());
        assert!(app.dialogs.is_empty(), "{cmd:?} opened a dialog");
    }
    for cmd in [Cmd::Open, Cmd::Receipt, Cmd::Gift, Cmd::PickRange] {
        assert!(!cmd.changes(), "{cmd:?}");
    }
    // The detail offers no void or return either.
    on_command(&mut app, Cmd::Open);
    let Some(AnyDialog::Screen(ScreenDialog::Documents(Dialog::Detail(_)))) = app.dialogs.last()
    else {
        panic!("no detail");
    };
    let reply = app
        .dialogs
        .last_mut()
        .unwrap()
        .on_key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE), None);
    assert!(matches!(reply, Reply::Stay), "{reply:?}");
    assert!(Job::Void { idtrx: "1".into() }.changes());
}

#[test]
fn a_void_is_confirmed_naming_the_sale_and_only_sales_are_voided() {
    let mut app = app();
    on_show(&mut app);
    answer(
        &mut app,
        vec![vec![
            doc("10", "DCW2026/0001-0001", OperationType::Sale, 12050),
            doc("11", "DCW2026/0001-0002", OperationType::Return, 500),
        ]],
    );
    on_command(&mut app, Cmd::Void);
    let Some(AnyDialog::Confirm(confirm)) = app.dialogs.last() else {
        panic!("{:?}", app.dialogs);
    };
    assert!(
        confirm.text.contains("DCW2026/0001-0001") && confirm.text.contains("120,50 €"),
        "{}",
        confirm.text
    );
    app.dialogs.clear();
    app.documents.table.cursor.select(1, 2, 10);
    on_command(&mut app, Cmd::Void);
    assert!(app.dialogs.is_empty());
}

fn press(app: &mut App, code: KeyCode) -> Reply {
    app.dialogs
        .last_mut()
        .unwrap()
        .on_key(KeyEvent::new(code, KeyModifiers::NONE), None)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn a_test_sale_is_sent_and_refusals_show_the_servers_errori_as_written() {
    let mut app = app();
    on_show(&mut app);
    answer(&mut app, vec![vec![]]);
    on_command(&mut app, Cmd::Send);
    type_text(&mut app, "Cappuccino");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "10");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "1,60");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "3");
    let Reply::Run(screens::Job::Documents(Job::Send(document))) = press(&mut app, KeyCode::Enter)
    else {
        panic!("not sent");
    };
    let line = &document.elementi_contabili[0];
    assert_eq!(
        (
            line.descrizione_prodotto.as_str(),
            line.aliquota_iva,
            line.percentuale_iva,
            line.prezzo_lordo.0,
            line.quantita
        ),
        (
            "Cappuccino",
            VatCode::Vat10,
            Decimal::from(10),
            Decimal::new(160, 2),
            Decimal::from(3)
        )
    );
    assert_eq!(document.pagamento, Some(PaymentType::Cash));

    // Refused: the form stays, with the server's words.
    let refusal = ClientError::DataCash {
        status: 400,
        errori: vec![DcError {
            codice: "31".into(),
            descrizione: "Quantità non valida per l'elemento 1.".into(),
        }],
    };
    on_msg(
        &mut app,
        Msg::Sent {
            lines: document.elementi_contabili.clone(),
            result: Err(words(&refusal)),
        },
    );
    let Some(Dialog::Send(form)) = top(&app) else {
        panic!("the form closed");
    };
    assert_eq!(form.errors, ["31 Quantità non valida per l'elemento 1."]);

    // Accepted: the form closes, the lines are kept, the search runs again.
    let effects = on_msg(
        &mut app,
        Msg::Sent {
            lines: document.elementi_contabili.clone(),
            result: Ok(Envelope::document("1001", "DCW2026/0001-0001")),
        },
    );
    assert!(top(&app).is_none());
    assert_eq!(app.documents.sent["1001"], document.elementi_contabili);
    assert!(matches!(jobs(&effects)[..], [Job::Find { .. }]));

    // The agency down: pending, no search.
    let effects = on_msg(
        &mut app,
        Msg::Sent {
            lines: document.elementi_contabili.clone(),
            result: Ok(Envelope::deferred("T20260215-000001")),
        },
    );
    assert!(jobs(&effects).is_empty());
    assert_eq!(app.documents.pending[0].id_temporaneo, "T20260215-000001");
    assert_eq!(app.documents.pending[0].total(), Decimal::new(480, 2));

    // An event of another document changes nothing; the pending sale's own event fiscalises it,
    // keeps its lines under its idtrx and searches again.
    let event = |idtrx: &str, temp: Option<&str>| dckit_contracts::model::portal::CounterEvent {
        key_id: "key-1".into(),
        instance: dckit_contracts::model::portal::Instance::Dco,
        total: 10,
        today: 2,
        idtrx: idtrx.into(),
        kind: dckit_contracts::model::portal::DocumentKind::Sale,
        id_temporaneo: temp.map(str::to_owned),
    };
    assert!(super::on_counter_event(&mut app, &event("1002", None)).is_empty());
    assert!(app.documents.pending[0].fiscalised.is_none());
    let effects = super::on_counter_event(&mut app, &event("1003", Some("T20260215-000001")));
    assert_eq!(app.documents.pending[0].fiscalised.as_deref(), Some("1003"));
    assert_eq!(app.documents.sent["1003"], document.elementi_contabili);
    assert!(matches!(jobs(&effects)[..], [Job::Find { .. }]));
    // Seen twice (a reconnect), it is not applied twice.
    assert!(super::on_counter_event(&mut app, &event("1003", Some("T20260215-000001"))).is_empty());
}

fn form_key(form: &mut SendForm, key: KeyEvent) -> Reply {
    let mut dialog = Dialog::Send(form.clone());
    let reply = dialog.on_key(key);
    if let Dialog::Send(f) = dialog {
        *form = f;
    }
    reply
}

#[test]
fn a_sale_form_refuses_what_it_cannot_send() {
    let mut form = SendForm::new();
    assert_eq!(
        form.document().unwrap_err(),
        "Add at least one line: a description and a price."
    );
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    for c in "Pane".chars() {
        form_key(&mut form, key(c));
    }
    form_key(&mut form, KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    form_key(
        &mut form,
        KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
    );
    form_key(
        &mut form,
        KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
    );
    form_key(&mut form, key('7'));
    assert!(form.document().unwrap_err().starts_with("VAT code \"7\""));
    form_key(
        &mut form,
        KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
    );
    form_key(&mut form, key('4'));
    form_key(&mut form, KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    form_key(&mut form, key('2'));
    // Ctrl-N adds the line and clears it for the next.
    form_key(
        &mut form,
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
    );
    assert_eq!(form.lines.len(), 1);
    assert_eq!(form.document().unwrap().elementi_contabili.len(), 1);
}

#[test]
fn the_receipt_export_is_named_after_the_document() {
    let d = doc("10", "DCW2026/0001-0001", OperationType::Sale, 500);
    let dialog = receipt_export(&d, true);
    assert_eq!(
        dialog.source,
        crate::app::ExportSource::Receipt {
            idtrx: "10".into(),
            gift: true
        }
    );
}

#[test]
fn list_keys_move_sort_and_filter_the_table() {
    let mut app = app();
    on_show(&mut app);
    let many: Vec<FoundDocument> = (0..10_000)
        .map(|i| doc(&format!("{}", 1_000_000 + i), "P", OperationType::Sale, i))
        .collect();
    answer(&mut app, vec![many]);
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert!(capture_key(&mut app, key('G')).is_some());
    assert_eq!(app.documents.table.cursor.selected(), 9_999);
    capture_key(&mut app, key('k'));
    assert_eq!(app.documents.table.cursor.selected(), 9_998);
    capture_key(&mut app, key('s'));
    assert_eq!(app.documents.table.sort.column, 1);
    capture_key(&mut app, key('/'));
    assert!(app.documents.table.filter.is_editing());
    // Not a list key: left to the key map.
    assert!(capture_key(&mut app, key('v')).is_none());
}

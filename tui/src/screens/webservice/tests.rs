//! The WebService screen's update and its CSV, as a specification.

use super::*;
use crate::app::{Action, Connected, Endpoints, Settings, update};
use crate::config::ChartMarker;
use crate::dialogs::Dialog as AnyDialog;
use crate::keymap::KeyMap;
use crate::screens;
use crate::ui::theme::{Palette, Theme};
use chrono::DateTime;
use crossterm::event::KeyModifiers;
use serde_json::{Value, json};

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
                webservice: Some("h".into()),
                ..Endpoints::default()
            },
        }),
    );
    app
}

fn jobs(effects: &[Effect]) -> Vec<&Job> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Job {
                job: screens::Job::WebService(job),
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
            msg: screens::Msg::WebService(msg),
        },
    )
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn show(app: &mut App) -> Vec<Effect> {
    key(app, KeyCode::Char('7'))
}

fn client(company: &str, vat: &str) -> Value {
    json!({"UserID": "7", "Firstname": "Jack", "Lastname": "Black", "ClientName": "Jack Black",
        "CompanyName": company, "Email": "jack@example.com", "Address1": "Via Roma 1",
        "Address2": "", "City": "Roma", "State": "RM", "PostCode": "00184", "Country": "IT",
        "PhoneNumber": "+39.061234567", "Currency": "1", "TaxExempt": "0",
        "CustomFields": {"3": {"id": "3", "fieldname": "VAT Number", "value": vat}},
        "Europe": {"MemberState": "IT", "Region": "Europe", "MonetaryUnion": true, "VIES": "1", "MOSS": 0}})
}

fn doc(id: &str, num: &str, date: &str, items: Value) -> Value {
    json!({"Type": "Invoice", "ID": id, "Num": num, "Status": "Paid", "Date": date,
        "DueDate": date, "DatePaid": "0000-00-00 00:00:00", "Subtotal": "100.00", "Credit": "0.00",
        "Tax": "22.00", "Tax2": "0.00", "TaxRate": "22.00", "TaxRate2": "0.00",
        "PaymentMethod": "paypal", "Items": items})
}

/// Three documents: two items, none (PHP's `[]`), one.
fn docs() -> WsDocuments {
    serde_json::from_value(json!({
        "10": {"ClientData": client("Rossi, \"Bianchi\" & C. S.r.l.", "IT01234567897"),
               "DocData": doc("10", "2026-0010", "2026-02-03", json!({
                   "1": {"ID": "1", "Type": "Hosting", "RelID": "4", "Description": "Hosting, \"Pro\"\nline 2", "Amount": "90.00", "Taxed": "1"},
                   "2": {"ID": "2", "Type": "Setup", "RelID": "0", "Description": "Setup", "Amount": "10.00", "Taxed": "0"}}))},
        "11": {"ClientData": client("", ""), "DocData": doc("11", "2026-0011", "2026-02-01", json!([]))},
        "9": {"ClientData": client("Zeta S.p.A.", "IT1"), "DocData": doc("9", "2026-0009", "2026-02-10", json!({
                   "5": {"ID": "5", "Type": "Item", "RelID": "0", "Description": "x", "Amount": "100.00", "Taxed": "1"}}))}
    }))
    .unwrap()
}

fn loaded() -> App {
    let mut app = app();
    show(&mut app);
    let asked = app.webservice.asked;
    msg(
        &mut app,
        Msg::Got {
            asked,
            query: default_query(),
            result: Ok(docs()),
        },
    );
    app
}

#[test]
fn showing_asks_month_to_date_once_and_answers_land_in_order() {
    let mut app = app();
    let effects = show(&mut app);
    assert_eq!(
        jobs(&effects),
        [&Job::Get {
            asked: 1,
            query: WsQuery::start("Month to date")
        }]
    );
    let busy = app.status.in_flight;
    assert!(busy >= 1);
    // A newer question overtakes the first; the first answer is dropped.
    let effects = key(&mut app, KeyCode::Char(']'));
    assert_eq!(
        jobs(&effects),
        [&Job::Get {
            asked: 2,
            query: WsQuery::start("Previous month")
        }]
    );
    assert_eq!(app.status.in_flight, busy, "one request counted once");
    msg(
        &mut app,
        Msg::Got {
            asked: 1,
            query: default_query(),
            result: Ok(docs()),
        },
    );
    assert!(app.webservice.found.is_loading());
    msg(
        &mut app,
        Msg::Got {
            asked: 2,
            query: WsQuery::start("Previous month"),
            result: Err("Invalid start \"x\".".into()),
        },
    );
    assert_eq!(app.status.in_flight, busy - 1);
    assert_eq!(app.webservice.found.error(), Some("Invalid start \"x\"."));
    // Back to the screen: nothing asked again.
    key(&mut app, KeyCode::Char('1'));
    assert!(jobs(&show(&mut app)).is_empty());
}

#[test]
fn keywords_step_through_the_services_list() {
    let cases: &[(&str, KeyCode, &str)] = &[
        ("Month to date", KeyCode::Char(']'), "Previous month"),
        ("Month to date", KeyCode::Char('['), "Week to date"),
        ("All", KeyCode::Char(']'), "Today"),
        ("Today", KeyCode::Char('['), "All"),
        ("2026-01-01", KeyCode::Char(']'), "Month to date"),
    ];
    for (from, code, to) in cases {
        let mut app = loaded();
        app.webservice.query = Some(WsQuery {
            doctype: Some("Invoice".into()),
            ..WsQuery::start(*from)
        });
        let effects = key(&mut app, *code);
        let [Job::Get { query, .. }] = jobs(&effects)[..] else {
            panic!("{from}: {effects:?}");
        };
        assert_eq!(query.start.as_deref(), Some(*to), "{from}");
        assert_eq!(query.doctype.as_deref(), Some("Invoice"), "doctype kept");
    }
}

#[test]
fn the_table_filters_sorts_and_opens_the_detail() {
    let mut app = loaded();
    let nums =
        |app: &App| -> Vec<String> { rows(app).iter().map(|d| d.doc_data.num.clone()).collect() };
    assert_eq!(
        nums(&app),
        ["2026-0010", "2026-0011", "2026-0009"],
        "server order"
    );
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(
        nums(&app),
        ["2026-0010", "2026-0011", "2026-0009"],
        "by type, then id"
    );
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(
        nums(&app),
        ["2026-0009", "2026-0010", "2026-0011"],
        "by number"
    );
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(
        nums(&app),
        ["2026-0011", "2026-0010", "2026-0009"],
        "reversed"
    );
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(selected(&app).unwrap().doc_data.num, "2026-0010");
    key(&mut app, KeyCode::Enter);
    assert!(app.webservice.detail);
    key(&mut app, KeyCode::Esc);
    assert!(!app.webservice.detail);
    key(&mut app, KeyCode::Char('/'));
    for c in "zeta".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(nums(&app), ["2026-0009"]);
    assert_eq!(app.webservice.table.cursor.selected(), 0, "kept on a row");
}

#[test]
fn the_query_form_asks_what_it_says() {
    let mut app = loaded();
    key(&mut app, KeyCode::Char('f'));
    assert!(matches!(
        app.dialogs.last(),
        Some(AnyDialog::Screen(crate::dialogs::ScreenDialog::WebService(
            Dialog::Query(_)
        )))
    ));
    // Query by → Range; start typed; Enter.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Tab);
    for c in "yesterday".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let effects = key(&mut app, KeyCode::Enter);
    assert!(app.dialogs.is_empty());
    let [Job::Get { query, .. }] = jobs(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(query, &WsQuery::start("yesterday"));
}

#[test]
fn export_is_one_row_per_item_with_the_document_repeated() {
    let mut app = loaded();
    key(&mut app, KeyCode::Char('x'));
    let Some(AnyDialog::Export(dialog)) = app.dialogs.last() else {
        panic!("{:?}", app.dialogs);
    };
    assert_eq!(dialog.path(), "webservice-2026-02-15.csv");
    let crate::app::ExportSource::Text(text) = &dialog.source else {
        panic!("{:?}", dialog.source);
    };
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines.last(), Some(&""), "every line ends with CRLF");
    assert_eq!(lines[0], HEADER.join(","));
    // Document 10: two items, the company with a comma and quotes quoted, the item's line
    // break kept inside its quotes; document 11: one row, empty item columns; 9: one row.
    assert_eq!(
        lines[1],
        "Invoice,10,2026-0010,Paid,2026-02-03,2026-02-03,0000-00-00 00:00:00,100.00,0.00,22.00,0.00,22.00,0.00,,paypal,7,\"Rossi, \"\"Bianchi\"\" & C. S.r.l.\",Jack Black,jack@example.com,Via Roma 1,,Roma,RM,00184,IT,IT01234567897,1,Hosting,\"Hosting, \"\"Pro\"\"\nline 2\",90.00,1"
    );
    assert!(lines[2].starts_with("Invoice,10,2026-0010,"));
    assert!(lines[2].ends_with(",2,Setup,Setup,10.00,0"));
    assert!(lines[3].starts_with("Invoice,11,2026-0011,"));
    assert!(lines[3].ends_with(",IT,,,,,,"), "{}", lines[3]);
    assert!(lines[4].ends_with(",IT1,5,Item,x,100.00,1"));
    assert_eq!(lines.len(), 6);
}

#[test]
fn csv_fields_are_quoted_as_rfc_4180_says() {
    let cases = [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r", "\"cr\r\""),
        (" padded", "\" padded\""),
        ("Perù €", "Perù €"),
    ];
    for (input, expected) in cases {
        assert_eq!(csv::field(input), expected, "{input:?}");
    }
}

#[test]
fn nothing_to_export_is_said_and_no_dialog_opens() {
    let mut app = app();
    show(&mut app);
    let asked = app.webservice.asked;
    msg(
        &mut app,
        Msg::Got {
            asked,
            query: default_query(),
            result: Ok(WsDocuments::default()),
        },
    );
    key(&mut app, KeyCode::Char('x'));
    assert!(app.dialogs.is_empty());
    assert_eq!(
        app.status.message.as_ref().map(|m| m.text.as_str()),
        Some("no document to export")
    );
}

#[test]
fn totals_paid_days_and_describing_queries() {
    let docs = docs();
    let d = &docs.0["10"];
    assert_eq!(total(d).to_string(), "122.00");
    assert_eq!(paid_day(d), "");
    let cases = [
        (WsQuery::start("Today"), "Today"),
        (WsQuery::start(""), "All"),
        (WsQuery::default(), "All"),
        (
            WsQuery {
                end: Some("2026-01-31".into()),
                doctype: Some("CreditNote".into()),
                ..WsQuery::start("2026-01-01")
            },
            "2026-01-01 → 2026-01-31 · CreditNote",
        ),
        (
            WsQuery {
                invoiceid: Some("42".into()),
                ..WsQuery::default()
            },
            "id 42",
        ),
    ];
    for (query, text) in cases {
        assert_eq!(describe(&query), text);
    }
}

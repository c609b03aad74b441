//! The case runner against `wiremock` servers: what it sends, what it checks, how it reports,
//! and the harness calls it makes.

use std::path::Path;
use std::time::Duration;

use dckit_contracts::cases::{Case, CaseOutcome, Mismatch, Report, Runner, load_dir, run_cases};
use serde_json::{Value, json};
use wiremock::matchers::{any, bearer_token, body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const WS_PATH: &str =
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";

/// A case from inline JSON, named `default_name` unless it names itself.
fn case(default_name: &str, file: Value) -> Case {
    Case::from_json(&file.to_string(), default_name).unwrap()
}

/// A one-step case expecting `expect` from `GET /doc`.
fn get_doc(name: &str, expect: Value) -> Case {
    case(
        name,
        json!({
            "provenance": "inferred",
            "request": {"method": "GET", "path": "/doc"},
            "expect": expect,
        }),
    )
}

/// Serves `body` as JSON at `GET /doc`.
async fn serving(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/doc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn only(report: &Report) -> &CaseOutcome {
    assert_eq!(report.outcomes.len(), 1, "{report}");
    &report.outcomes[0]
}

#[tokio::test]
async fn an_exact_body_that_matches_passes() {
    let server = serving(json!({"esito": true, "idtrx": "42", "errori": []})).await;
    let cases = [get_doc(
        "exact",
        json!({"status": 200, "headers": {"content-type": "application/json"},
               "body": {"errori": [], "idtrx": "42", "esito": true}}),
    )];
    let report = run_cases(&server.uri(), &cases).await;
    assert!(report.is_success(), "{report}");
    assert_eq!((report.passed(), report.failed()), (1, 0));
    let text = report.to_string();
    assert!(text.starts_with("PASS  exact "), "{text}");
    assert!(text.contains("1 case: 1 passed, 0 failed"), "{text}");
}

#[tokio::test]
async fn each_matcher_kind_passes_and_fails() {
    let document = json!({
        "result": "error",
        "message": "Invalid start \"x\"",
        "idtrx": "12345",
        "errori": [{"codice": "01"}],
        "docs": {"12": {}, "15": {}},
        "esito": false,
        "nothing": null
    });
    let table = [
        (json!({"pointer": "/result", "equals": "error"}), true),
        (json!({"pointer": "/result", "equals": "success"}), false),
        (
            json!({"pointer": "/message", "contains": "Invalid start"}),
            true,
        ),
        (
            json!({"pointer": "/message", "contains": "Invalid end"}),
            false,
        ),
        (json!({"pointer": "/idtrx", "regex": "^[0-9]+$"}), true),
        (json!({"pointer": "/result", "regex": "^[0-9]+$"}), false),
        (json!({"pointer": "/errori", "length": 1}), true),
        (json!({"pointer": "/errori", "length": 0}), false),
        (json!({"pointer": "/12", "exists": false}), true),
        (json!({"pointer": "/docs/12", "exists": false}), false),
        (json!({"pointer": "/nothing", "exists": true}), true),
        (json!({"pointer": "/missing", "exists": true}), false),
        (json!({"pointer": "/docs", "keys": ["12", "15"]}), true),
        (json!({"pointer": "/docs", "keys": ["15", "12"]}), false),
        (json!({"pointer": "/esito", "type": "boolean"}), true),
        (json!({"pointer": "/esito", "type": "string"}), false),
    ];
    let server = serving(document).await;
    let cases: Vec<Case> = table
        .iter()
        .enumerate()
        .map(|(i, (matcher, _))| {
            get_doc(&format!("m{i}"), json!({"status": 200, "match": [matcher]}))
        })
        .collect();
    let report = run_cases(&server.uri(), &cases).await;
    for ((matcher, passes), outcome) in table.iter().zip(&report.outcomes) {
        assert_eq!(outcome.passed(), *passes, "{matcher}: {report}");
        if !passes {
            assert!(
                matches!(outcome.mismatches[..], [Mismatch::Match { .. }]),
                "{matcher}: {:?}",
                outcome.mismatches
            );
        }
    }
    let text = report.to_string();
    for line in [
        "match /result: expected \"success\", got \"error\"",
        "match /message: expected to contain \"Invalid end\", got \"Invalid start \\\"x\\\"\"",
        "match /errori: expected length 0, got length 1: [{\"codice\":\"01\"}]",
        "match /docs/12: expected nothing (absent), got {}",
        "match /missing: expected something, got nothing (absent)",
        "match /docs: expected keys [\"15\", \"12\"], got keys [\"12\", \"15\"]",
        "match /esito: expected a value of type string, got a boolean false",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
}

#[tokio::test]
async fn form_json_and_raw_requests_arrive_as_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(WS_PATH))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "token=t0k%26en&ws=einvoice&action=Get&start=Last+7+days",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/dco/infoUser/"))
        .and(header("datacash-key", "dk-secret"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"ade_credentials_encrypted": "pgp-blob", "n": 1}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/raw"))
        .and(header("content-type", "text/csv"))
        .and(body_string("a;b\n1;dk-secret\n"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let cases = [
        case(
            "form",
            json!({"provenance": "documented",
                "request": {"method": "POST", "path": WS_PATH,
                    "form": {"token": "{{webservice_token}}", "ws": "einvoice", "action": "Get",
                             "start": "Last 7 days"}},
                "expect": {"status": 200}}),
        ),
        case(
            "json",
            json!({"provenance": "observed",
                "request": {"method": "POST", "path": "/api/dco/infoUser/",
                    "headers": {"Datacash-Key": "{{datacash_key}}"},
                    "json": {"ade_credentials_encrypted": "{{credentials}}", "n": 1}},
                "expect": {"status": 200}}),
        ),
        case(
            "raw",
            json!({"provenance": "inferred",
                "request": {"method": "PUT", "path": "/raw",
                    "headers": {"Content-Type": "text/csv"},
                    "body": "a;b\n1;{{datacash_key}}\n"},
                "expect": {"status": 204}}),
        ),
    ];
    let report = Runner::new(server.uri())
        .var("webservice_token", "t0k&en")
        .var("datacash_key", "dk-secret")
        .var("credentials", "pgp-blob")
        .run(&cases)
        .await;
    assert!(report.is_success(), "{report}");
    server.verify().await;
}

#[tokio::test]
async fn captures_feed_later_steps_and_whole_placeholders_keep_their_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/dco/sendDocument/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"esito": true, "idtrx": 987, "progressivo": "DCW2026/1-2"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/dco/voidDocument/987/"))
        .and(header("x-progressivo", "DCW2026/1-2"))
        .and(body_json(json!({"idtrx": 987, "label": "void 987"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"voided": 987, "of": "DCW2026/1-2"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let cases = [case(
        "two-steps",
        json!({"provenance": "inferred", "steps": [
            {"request": {"method": "POST", "path": "/api/dco/sendDocument/", "json": {}},
             "expect": {"status": 200},
             "capture": {"idtrx": "/idtrx", "prog": "/progressivo"}},
            {"request": {"method": "POST", "path": "/api/dco/voidDocument/{{idtrx}}/",
                         "headers": {"X-Progressivo": "{{prog}}"},
                         "json": {"idtrx": "{{idtrx}}", "label": "void {{idtrx}}"}},
             "expect": {"status": 200, "body": {"voided": "{{idtrx}}", "of": "{{prog}}"},
                        "match": [{"pointer": "/voided", "equals": "{{idtrx}}"}]}}
        ]}),
    )];
    let report = run_cases(&server.uri(), &cases).await;
    assert!(report.is_success(), "{report}");
    server.verify().await;
}

#[tokio::test]
async fn a_failed_capture_stops_the_case() {
    let server = serving(json!({"esito": false})).await;
    Mock::given(path("/next"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let cases = [case(
        "capture",
        json!({"provenance": "inferred", "steps": [
            {"request": {"method": "GET", "path": "/doc"}, "expect": {"status": 200},
             "capture": {"idtrx": "/idtrx"}},
            {"request": {"method": "GET", "path": "/next/{{idtrx}}"}, "expect": {"status": 200}}
        ]}),
    )];
    let report = run_cases(&server.uri(), &cases).await;
    assert_eq!(
        only(&report).mismatches,
        [Mismatch::Capture {
            step: 1,
            name: "idtrx".into(),
            pointer: "/idtrx".into()
        }]
    );
    assert!(
        report
            .to_string()
            .contains("  step 1: capture idtrx: nothing at /idtrx in the response"),
        "{report}"
    );
}

#[tokio::test]
async fn every_mismatch_is_listed_with_pointer_expected_and_actual() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/dco/sendDocument/"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "esito": false,
            "idtrx": null,
            "errori": [{"codice": "30", "descrizione": "Il documento non contiene elementi contabili"}]
        })))
        .mount(&server)
        .await;
    let mut sale = case(
        "dco-sale",
        json!({"provenance": "observed",
            "request": {"method": "POST", "path": "/api/dco/sendDocument/", "json": {}},
            "expect": {"status": 200,
                       "headers": {"content-type": "text/csv"},
                       "body": {"esito": true, "idtrx": "1", "errori": []}}}),
    );
    sale.path = Some("contracts/cases/datacash/sale.json".into());
    let report = run_cases(&server.uri(), &[sale]).await;
    assert!(!report.is_success());
    assert_eq!(
        only(&report).mismatches,
        [
            Mismatch::Status {
                step: 1,
                expected: 200,
                actual: 422
            },
            Mismatch::Header {
                step: 1,
                name: "content-type".into(),
                expected: "text/csv".into(),
                actual: Some("application/json".into())
            },
            Mismatch::Body {
                step: 1,
                pointer: "/esito".into(),
                expected: Some(json!(true)),
                actual: Some(json!(false))
            },
            Mismatch::Body {
                step: 1,
                pointer: "/idtrx".into(),
                expected: Some(json!("1")),
                actual: Some(Value::Null)
            },
            Mismatch::Body {
                step: 1,
                pointer: "/errori/0".into(),
                expected: None,
                actual: Some(json!({"codice": "30",
                    "descrizione": "Il documento non contiene elementi contabili"}))
            },
        ]
    );
    let text = report.to_string();
    let expected_lines = [
        "FAIL  dco-sale ",
        "  5 mismatches",
        "1 case: 0 passed, 1 failed",
        "FAIL dco-sale (contracts/cases/datacash/sale.json)\n",
        "  status: expected 200, got 422\n",
        "  header content-type: expected \"text/csv\"…, got \"application/json\"\n",
        "  body /esito: expected true, got false\n",
        "  body /idtrx: expected \"1\", got null\n",
        "  body /errori/0: expected nothing, got {\"codice\":\"30\",\"descrizione\":\"Il documento non contiene elementi contabili\"}\n",
    ];
    for line in expected_lines {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
}

#[tokio::test]
async fn an_unknown_variable_is_reported_without_sending_or_leaking_secrets() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let cases = [
        case(
            "typo",
            json!({"provenance": "inferred",
                "request": {"method": "GET", "path": "/x/{{idtrxx}}",
                            "headers": {"Datacash-Key": "{{datacash_key}}"}},
                "expect": {"status": 200}}),
        ),
        case(
            "next",
            json!({"provenance": "inferred",
                "request": {"method": "POST", "path": "/y", "json": {"a": ["{{nope}}"]}},
                "expect": {"status": 200}}),
        ),
    ];
    let report = Runner::new(server.uri())
        .var("datacash_key", "super-secret-key")
        .run(&cases)
        .await;
    assert_eq!(report.failed(), 2, "{report}");
    let text = report.to_string();
    for line in [
        "  request.path: unknown variable {{idtrxx}} (known: datacash_key, padding_over_1mib)\n",
        "  request.json: unknown variable {{nope}} (known: datacash_key, padding_over_1mib)\n",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    assert!(!text.contains("super-secret-key"), "{text}");
    server.verify().await;
}

#[tokio::test]
async fn a_non_json_body_where_json_is_expected_shows_its_start() {
    let server = MockServer::start().await;
    let page = format!("<html>{}</html>", "x".repeat(300));
    Mock::given(path("/doc"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page.clone(), "text/html"))
        .mount(&server)
        .await;
    let cases = [get_doc(
        "html",
        json!({"status": 200, "match": [{"pointer": "/a", "exists": true}]}),
    )];
    let report = run_cases(&server.uri(), &cases).await;
    match &only(&report).mismatches[..] {
        [
            Mismatch::NotJson {
                content_type,
                excerpt,
                ..
            },
        ] => {
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert_eq!(excerpt, &format!("{}…", &page[..200]));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        report
            .to_string()
            .contains("  body: expected JSON, got (text/html) \"<html>xxx"),
        "{report}"
    );
}

#[tokio::test]
async fn text_expectations_check_raw_bodies() {
    let server = MockServer::start().await;
    Mock::given(path("/doc"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(b"%PDF-1.7\n%\xe2\xe3\n".to_vec(), "application/pdf"),
        )
        .mount(&server)
        .await;
    let cases = [
        get_doc(
            "pdf",
            json!({"status": 200, "headers": {"Content-Type": "application/pdf"},
                   "text": {"startsWith": "%PDF-", "contains": "1.7"}}),
        ),
        get_doc(
            "csv",
            json!({"status": 200, "text": {"startsWith": "data;"}}),
        ),
    ];
    let report = run_cases(&server.uri(), &cases).await;
    assert!(report.outcomes[0].passed(), "{report}");
    assert!(
        report
            .to_string()
            .contains("  text: expected body to start with \"data;\", got \"%PDF-1.7\\n%"),
        "{report}"
    );
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let cases = [get_doc("down", json!({"status": 200}))];
    let report = Runner::new(format!("http://127.0.0.1:{port}"))
        .timeout(Duration::from_secs(5))
        .run(&cases)
        .await;
    match &only(&report).mismatches[..] {
        [Mismatch::Transport { step: 1, error }] => {
            assert!(error.contains("onnection refused"), "{error}")
        }
        other => panic!("{other:?}"),
    }
    assert!(
        report
            .to_string()
            .contains("  transport: error sending request"),
        "{report}"
    );
}

/// Mounts a 200 for every harness call carrying the admin token, and a fallback 200 for any
/// `GET` (more specific mocks win).
async fn harness_server(token: &str) -> MockServer {
    let server = MockServer::start().await;
    for route in ["/__admin/reset", "/__admin/clock"] {
        Mock::given(method("POST"))
            .and(path(route))
            .and(bearer_token(token))
            .and(header("content-type", "application/json"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

/// The requests `server` received, as `path body` lines.
async fn journal(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            format!("{} {}", r.url.path(), String::from_utf8_lossy(&r.body))
                .trim_end()
                .to_owned()
        })
        .collect()
}

fn stateful(name: &str, state: Value) -> Case {
    let mut file = json!({"provenance": "inferred",
        "request": {"method": "GET", "path": format!("/{name}")}, "expect": {"status": 200}});
    file.as_object_mut()
        .unwrap()
        .extend(state.as_object().unwrap().clone());
    case(name, file)
}

#[tokio::test]
async fn the_harness_sets_seed_and_clock_before_each_case() {
    let server = harness_server("adm-token").await;
    let clock = "2019-06-15T12:00:00+02:00";
    let cases = [
        stateful("plain", json!({})),
        stateful("a", json!({"seed": 42, "clock": clock})),
        stateful("b", json!({"seed": 42, "clock": "2019-06-16T09:30:00Z"})),
        stateful("c", json!({"seed": 42, "fresh": true})),
        stateful("d", json!({"seed": 7})),
        stateful("e", json!({"clock": clock})),
        stateful("f", json!({"fresh": true})),
    ];
    let report = Runner::new(server.uri())
        .admin_token("adm-token")
        .run(&cases)
        .await;
    assert!(report.is_success(), "{report}");
    assert!(!report.to_string().contains("note:"), "{report}");
    assert_eq!(
        journal(&server).await,
        [
            "/plain",
            "/__admin/reset {\"seed\":42}",
            "/__admin/clock {\"freeze\":\"2019-06-15T12:00:00+02:00\"}",
            "/a",
            "/__admin/clock {\"freeze\":\"2019-06-16T09:30:00+00:00\"}",
            "/b",
            "/__admin/clock {\"unfreeze\":true}",
            "/c",
            "/__admin/reset {\"seed\":7}",
            "/d",
            "/__admin/clock {\"freeze\":\"2019-06-15T12:00:00+02:00\"}",
            "/e",
            "/__admin/clock {\"unfreeze\":true}",
            "/f",
            "/__admin/reset {}",
        ]
    );
}

#[tokio::test]
async fn a_fresh_case_makes_the_next_one_reset_even_with_the_same_seed() {
    let server = harness_server("adm-token").await;
    let cases = [
        stateful("a", json!({"seed": 1, "fresh": true})),
        stateful("b", json!({"seed": 1})),
        stateful("c", json!({})),
    ];
    let report = Runner::new(server.uri())
        .admin_token("adm-token")
        .run(&cases)
        .await;
    assert!(report.is_success(), "{report}");
    assert_eq!(
        journal(&server).await,
        [
            "/__admin/reset {\"seed\":1}",
            "/a",
            "/__admin/reset {\"seed\":1}",
            "/b",
            "/c",
        ]
    );
}

#[tokio::test]
async fn a_failing_setup_is_reported_and_the_case_not_run() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/__admin/reset"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"detail":"bad admin token"}"#,
            "application/problem+json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/a"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/b"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let cases = [
        stateful("a", json!({"seed": 3})),
        stateful("b", json!({})),
        stateful("c", json!({"fresh": true})),
    ];
    let report = Runner::new(server.uri())
        .admin_token("wrong")
        .run(&cases)
        .await;
    assert_eq!(report.failed(), 2, "{report}");
    assert_eq!(
        report.outcomes[0].mismatches,
        [Mismatch::Setup(
            "POST /__admin/reset {\"seed\":3}: answered 401 Unauthorized: \"{\\\"detail\\\":\\\"bad admin token\\\"}\""
                .into()
        )]
    );
    assert!(report.outcomes[1].passed(), "{report}");
    // `c` itself ran (a 404 from wiremock), then its final reset failed too.
    assert!(
        report.to_string().contains(
            "  setup: after the case (it is fresh): POST /__admin/reset {}: answered 401 Unauthorized"
        ),
        "{report}"
    );
    server.verify().await;
}

#[tokio::test]
async fn without_an_admin_token_state_is_noted_not_set() {
    let server = MockServer::start().await;
    Mock::given(path("/a"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let cases = [stateful(
        "a",
        json!({"seed": 42, "clock": "2019-06-15T12:00:00+02:00", "fresh": true}),
    )];
    let report = run_cases(&server.uri(), &cases).await;
    assert!(report.is_success(), "{report}");
    assert_eq!(
        only(&report).notes,
        [
            "state not verified: the case wants clock 2019-06-15T12:00:00+02:00, seed 42, \
          a reset after it but the runner has no admin token"
        ]
    );
    assert!(
        report.to_string().contains("  note: state not verified"),
        "{report}"
    );
    server.verify().await;
}

#[tokio::test]
async fn the_example_cases_pass_against_matching_stubs() {
    let cases = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("cases/example")).unwrap();
    let server = harness_server("adm").await;
    Mock::given(method("POST"))
        .and(path(WS_PATH))
        .and(body_string(
            "token=ws-tok&ws=einvoice&action=Get&start=Today",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "12": {"ClientData": {"Europe": {"VIES": true}},
                   "DocData": {"Date": "2019-06-15", "Subtotal": "100.00", "Items": {"7": {}}}},
            "15": {"ClientData": {"Europe": {"VIES": false}},
                   "DocData": {"Date": "2019-06-15", "Subtotal": "5.50", "Items": {"9": {}}}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(WS_PATH))
        .and(body_string("token=ws-tok&ws=einvoice&action=Get&start=2019-13-01"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result": "error",
            "message": "Invalid start \"2019-13-01\": month 13 does not exist; use a date as YYYY-MM-DD, a whole number of days, or one of the keywords Today, Yesterday, Last 7 days, Last week, Week to date, Month to date, Previous month, Year to date, Last year, All."
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/dco/sendDocument/"))
        .and(header("datacash-key", "dk"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"esito": true, "idtrx": "5111", "progressivo": "DCW2026/5111-2188", "errori": []}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/dco/voidDocument/5111/"))
        .and(body_json(json!({"ade_credentials_encrypted": "blob"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"esito": true, "idtrx": "5112", "progressivo": "DCW2026/5112-2189", "errori": []}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/dco/downloadDocument/123/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"%PDF-1.4\n".to_vec(), "application/pdf"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/portal/v1/keys"))
        .and(bearer_token("pt"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": "k1", "label": "Cassa 1", "partitaIva": "01234567897", "key": "********a1b2", "active": true},
            {"id": "k2", "label": "Cassa 2", "partitaIva": "01234567897", "key": "********c3d4", "active": true},
            {"id": "k3", "label": "Vecchia", "partitaIva": "01234567897", "key": "********e5f6", "active": false}
        ])))
        .mount(&server)
        .await;
    let report = Runner::new(format!("{}/", server.uri()))
        .var("webservice_token", "ws-tok")
        .var("datacash_key", "dk")
        .var("credentials", "blob")
        .var("portal_token", "pt")
        .var("seller_piva", "01234567897")
        .admin_token("adm")
        .run(&cases)
        .await;
    assert_eq!(report.outcomes.len(), 5, "{report}");
    assert!(report.is_success(), "{report}");
}

#[test]
fn vars_sets_each_variable_as_var_does() {
    let each = Runner::new("http://127.0.0.1:9")
        .var("a", "1")
        .var("b", "2");
    let all = Runner::new("http://127.0.0.1:9").vars([("b", "2"), ("a", "1")]);
    assert_eq!(format!("{all:?}"), format!("{each:?}"));
}

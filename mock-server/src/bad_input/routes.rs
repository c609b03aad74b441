//! The whole router, in process: every route that reads a body or a query, sent arbitrary
//! bytes, arbitrary JSON and near-valid documents, answers in its API's envelope with a
//! catalogue message, and never with a server error.

use super::parsers::{valid_find, valid_form, valid_portal, valid_return, valid_sale};
use super::strategies::{bytes, json, json_object, near, near_form, string};
use super::{Answer, Harness};
use crate::fuzzing::PortalBody;
use crate::surface::WEBSERVICE_PATH as WEBSERVICE;
use dckit_contracts::errors::Api;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

/// Runs `test` on `cases` inputs drawn from `strategy`, failing with the smallest input that
/// fails.
fn check<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), String>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&strategy, |input| test(input).map_err(TestCaseError::fail)) {
        panic!("{e}");
    }
}

/// A body: arbitrary bytes, arbitrary JSON, or a near-valid document.
fn body(valid: Value) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => bytes(),
        1 => prop_oneof![json(), json_object()].prop_map(|v| v.to_string().into_bytes()),
        4 => near(valid).prop_map(|v| v.to_string().into_bytes()),
    ]
}

/// What a request to `/api/dco` carries besides its body.
#[derive(Clone, Debug)]
enum DcHeaders {
    /// The demo key and `application/json`.
    Right,
    /// Another content type, or none.
    ContentType(Option<String>),
    /// Another key, or none.
    Key(Option<String>),
}

fn dc_headers() -> impl Strategy<Value = DcHeaders> {
    prop_oneof![
        8 => Just(DcHeaders::Right),
        1 => proptest::option::of(prop_oneof![
            Just("application/json; charset=utf-8".to_owned()),
            Just("text/plain".to_owned()),
            "[ -~]{0,30}",
        ])
        .prop_map(DcHeaders::ContentType),
        1 => proptest::option::of(prop_oneof![
            Just(String::new()),
            Just("dk_live_nope".to_owned()),
            "[ -~]{0,40}",
        ])
        .prop_map(DcHeaders::Key),
    ]
}

fn datacash(harness: &Harness, path: &str, headers: &DcHeaders, body: Vec<u8>) -> Answer {
    let key = harness.server().datacash_key().to_owned();
    let (content_type, key) = match headers {
        DcHeaders::Right => (Some("application/json".to_owned()), Some(key)),
        DcHeaders::ContentType(c) => (c.clone(), Some(key)),
        DcHeaders::Key(k) => (Some("application/json".to_owned()), k.clone()),
    };
    let mut list: Vec<(&str, &str)> = Vec::new();
    if let Some(c) = content_type.as_deref() {
        list.push(("content-type", c));
    }
    if let Some(k) = key.as_deref() {
        list.push(("datacash-key", k));
    }
    harness.call("POST", path, &list, body)
}

/// A sale the key made, for voids and returns to name.
fn a_sale(harness: &Harness, credentials: &str) -> String {
    let answer = datacash(
        harness,
        "/api/dco/sendDocument/",
        &DcHeaders::Right,
        valid_sale(credentials).to_string().into_bytes(),
    );
    let value: Value = serde_json::from_slice(&answer.body).unwrap();
    value["idtrx"].as_str().unwrap().to_owned()
}

#[test]
fn datacash_routes_answer_in_the_envelope() {
    let harness = Harness::start();
    let credentials = harness.server().credentials_for_demo().unwrap();
    let sale = a_sale(&harness, &credentials);
    let only = json!({ "ade_credentials_encrypted": credentials });
    let download = json!({ "ade_credentials_encrypted": credentials, "regalo": true });
    let routes: Vec<(String, Value)> = vec![
        ("/api/dco/sendDocument/".into(), valid_sale(&credentials)),
        (
            format!("/api/dco/returnDocument/{sale}/"),
            valid_return(&credentials),
        ),
        ("/api/dco/findDocuments/".into(), valid_find(&credentials)),
        (format!("/api/dco/downloadDocument/{sale}/"), download),
        ("/api/dco/infoUser/".into(), only.clone()),
        ("/api/dco/resetPassword/".into(), only.clone()),
        (format!("/api/dco/voidDocument/{sale}/"), only),
    ];
    for (path, valid) in routes {
        // The valid body itself is accepted (or refused for the state it finds).
        let answer = datacash(
            &harness,
            &path,
            &DcHeaders::Right,
            valid.to_string().into_bytes(),
        );
        answer.datacash().unwrap_or_else(|e| panic!("{path}: {e}"));
        check(96, (dc_headers(), body(valid)), |(headers, body)| {
            datacash(&harness, &path, &headers, body)
                .datacash()
                .map_err(|e| format!("{path}: {e}"))
        });
    }
}

#[test]
fn datacash_paths_and_methods_answer_in_the_envelope() {
    let harness = Harness::start();
    let segment = prop_oneof![
        Just("1".to_owned()),
        Just("0".to_owned()),
        Just("99999999999999999999".to_owned()),
        "[0-9a-z%.-]{0,12}",
    ];
    let operation = proptest::sample::select(vec![
        "sendDocument/",
        "voidDocument/{}/",
        "returnDocument/{}/",
        "downloadDocument/{}/",
        "findDocuments",
        "infoUser/",
        "nope/",
        "voidDocument/{}",
        "pgp-key",
    ]);
    let method = proptest::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]);
    check(
        128,
        (operation, segment, method),
        |(operation, segment, method)| {
            let path = format!("/api/dco/{}", operation.replace("{}", &segment));
            let key = harness.server().datacash_key().to_owned();
            let answer = harness.call(
                method,
                &path,
                &[("content-type", "application/json"), ("datacash-key", &key)],
                b"{}".to_vec(),
            );
            if path == "/api/dco/pgp-key" && method == "GET" {
                return Ok(());
            }
            answer
                .datacash()
                .map_err(|e| format!("{method} {path}: {e}"))
        },
    );
}

#[test]
fn webservice_answers_in_its_envelope() {
    let harness = Harness::start();
    let token = harness.server().webservice_token();
    let content_type = proptest::option::of(prop_oneof![
        Just("application/x-www-form-urlencoded".to_owned()),
        Just("application/json".to_owned()),
        "[ -~]{0,30}",
    ]);
    let bodies = prop_oneof![
        1 => bytes(),
        4 => near_form(valid_form(&token)),
    ];
    let method = proptest::sample::select(vec!["POST", "POST", "POST", "GET", "PUT"]);
    check(
        256,
        (method, content_type, bodies),
        |(method, content_type, body)| {
            let headers: Vec<(&str, &str)> = content_type
                .as_deref()
                .map(|c| vec![("content-type", c)])
                .unwrap_or_default();
            harness
                .call(method, WEBSERVICE, &headers, body)
                .webservice()
        },
    );
}

#[test]
fn portal_routes_answer_with_problems() {
    let harness = Harness::start();
    let auth = format!("Bearer {}", harness.server().portal_token());
    let first = |list: &str| -> String {
        harness.portal_get(list)[0]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let licence = first("/portal/v1/licences");
    let device = first("/portal/v1/devices");
    // key-1 is the demo key: renamed, never deactivated.
    let routes = [
        (PortalBody::CreateKey, "/portal/v1/keys".to_owned()),
        (PortalBody::Label, "/portal/v1/keys/key-1/label".to_owned()),
        (
            PortalBody::Renew,
            format!("/portal/v1/licences/{licence}/renew"),
        ),
        (PortalBody::BuyAddon, "/portal/v1/addons".to_owned()),
        (
            PortalBody::MoveDevice,
            format!("/portal/v1/devices/{device}/store"),
        ),
    ];
    for (which, path) in routes {
        check(96, body(valid_portal(which)), |body| {
            harness
                .call(
                    "POST",
                    &path,
                    &[
                        ("authorization", &auth),
                        ("content-type", "application/json"),
                    ],
                    body,
                )
                .problem(Api::Portal)
                .map_err(|e| format!("{path}: {e}"))
        });
    }
    // Ids in paths, and queries.
    let id = prop_oneof![
        Just("key-99".to_owned()),
        Just("lic-0".to_owned()),
        "[a-z0-9%.-]{0,12}",
    ];
    let path = proptest::sample::select(vec![
        "/portal/v1/keys/{}/label",
        "/portal/v1/licences/{}/renew",
        "/portal/v1/devices/{}/store",
        "/portal/v1/counters/{}/dco/documents.csv",
        "/portal/v1/counters/key-1/{}/documents.xlsx",
    ]);
    check(128, (path, id), |(path, id)| {
        let path = path.replace("{}", &id);
        let method = if path.contains("counters") {
            "GET"
        } else {
            "POST"
        };
        harness
            .call(method, &path, &[("authorization", &auth)], b"{}".to_vec())
            .problem(Api::Portal)
            .map_err(|e| format!("{path}: {e}"))
    });
    let pairs = proptest::collection::vec(
        (
            proptest::sample::select(vec!["device", "store", "from", "to", "x"]),
            prop_oneof![
                Just("dev-1".to_owned()),
                Just("store-1".to_owned()),
                Just("2019-06-01".to_owned()),
                Just("2019-06-15".to_owned()),
                string(),
            ],
        ),
        0..5,
    );
    let page = proptest::sample::select(vec![
        "/portal/v1/stats",
        "/portal/v1/stats/export.csv",
        "/portal/v1/stats/daily.csv",
    ]);
    check(128, (page, pairs), |(page, pairs)| {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let uri = format!("{page}?{query}");
        harness
            .call("GET", &uri, &[("authorization", &auth)], Vec::new())
            .problem(Api::Portal)
            .map_err(|e| format!("{uri}: {e}"))
    });
}

#[test]
fn admin_routes_answer_with_problems() {
    let harness = Harness::start();
    let auth = format!("Bearer {}", harness.server().admin_token());
    let piva = harness.server().seller_partita_iva();
    let routes = [
        ("/__admin/reset", json!({"seed": 7})),
        ("/__admin/clock", json!({"advance": "90s"})),
        (
            "/__admin/clock",
            json!({"freeze": "2019-06-15T12:00:00+02:00"}),
        ),
        ("/__admin/agency", json!({"up": true})),
        ("/__admin/webhook", json!({"url": null})),
        (
            "/__admin/credentials/expire",
            json!({"partitaIva": piva, "expired": false}),
        ),
        (
            "/__admin/faults",
            json!({"id": "x", "method": "POST", "path": "/api/dco/**", "status": 503,
                   "delayMs": 1, "probability": 0.5, "count": 1}),
        ),
    ];
    for (path, valid) in routes {
        let cases = if path == "/__admin/reset" { 24 } else { 96 };
        check(cases, body(valid), |body| {
            harness
                .call(
                    "POST",
                    path,
                    &[
                        ("authorization", &auth),
                        ("content-type", "application/json"),
                    ],
                    body,
                )
                .problem(Api::Admin)
                .map_err(|e| format!("{path}: {e}"))
        });
    }
    let id = prop_oneof![Just("x".to_owned()), "[a-z0-9%.-]{0,12}"];
    let method = proptest::sample::select(vec!["GET", "DELETE"]);
    check(64, (method, id), |(method, id)| {
        let uri = format!("/__admin/faults/{id}");
        harness
            .call(method, &uri, &[("authorization", &auth)], Vec::new())
            .problem(Api::Admin)
            .map_err(|e| format!("{method} {uri}: {e}"))
    });
    let pairs = proptest::collection::vec(
        (
            proptest::sample::select(vec!["method", "path", "status", "since", "limit", "x"]),
            string(),
        ),
        0..4,
    );
    check(128, pairs, |pairs| {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let uri = format!("/__admin/requests?{query}");
        harness
            .call("GET", &uri, &[("authorization", &auth)], Vec::new())
            .problem(Api::Admin)
            .map_err(|e| format!("{uri}: {e}"))
    });
}

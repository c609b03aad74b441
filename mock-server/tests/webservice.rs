//! The WebService through HTTP: the recorded contract cases, keyword ranges checked against
//! the documents' own dates, determinism, persistence, and every malformed request.

mod support;

use chrono::NaiveDate;
use dckit_contracts::errors::ErrorCode;
use dckit_mock::{Config, MockServer};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use support::{WEBSERVICE_CLOCK, WS_PATH};

/// The first and last day of a range, as `YYYY-MM-DD`.
type Days<'a> = (&'a str, &'a str);

/// Extra form fields.
type Form<'a> = Vec<(&'a str, &'a str)>;

fn url(server: &MockServer) -> String {
    format!("{}{WS_PATH}", server.base_url())
}

/// A response: status, content type and body.
struct Answer {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The document IDs of a success, as numbers (none for `[]`, PHP's empty result).
    fn ids(&self) -> BTreeSet<i64> {
        let value = self.json();
        if value == Value::Array(vec![]) {
            return BTreeSet::new();
        }
        let map = value
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {value}"));
        assert!(map.get("result").is_none(), "an error: {value}");
        map.keys().map(|k| k.parse().unwrap()).collect()
    }
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = support::content_type(&response);
    let body = response.bytes().await.unwrap().to_vec();
    Answer {
        status,
        content_type,
        body,
    }
}

/// Posts a form with the server's token, `ws=einvoice` and `action=Get`, plus `extra`.
async fn get(server: &MockServer, extra: &[(&str, &str)]) -> Answer {
    let token = server.webservice_token();
    let mut form = vec![
        ("token", token.as_str()),
        ("ws", "einvoice"),
        ("action", "Get"),
    ];
    form.extend_from_slice(extra);
    send(support::http().post(url(server)).form(&form)).await
}

/// Every document of the server, as (id, type, date), from `start=All`.
async fn all_documents(server: &MockServer) -> Vec<(i64, String, NaiveDate)> {
    let answer = get(server, &[("start", "All")]).await;
    let value = answer.json();
    value
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, doc)| {
            let data = &doc["DocData"];
            (
                id.parse().unwrap(),
                data["Type"].as_str().unwrap().to_owned(),
                data["Date"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_contract_cases_pass() {
    let server = support::start_at(WEBSERVICE_CLOCK).await;
    support::the_cases_pass(&server, "webservice", 40).await;
}

#[tokio::test]
async fn every_keyword_selects_the_documents_dated_in_its_range() {
    let server = support::start_at(WEBSERVICE_CLOCK).await;
    let all = all_documents(&server).await;
    assert!(all.len() > 500, "{} documents", all.len());
    let day = |s: &str| -> NaiveDate { s.parse().unwrap() };
    // start (and end) -> the days the vendor's table gives for Saturday 2019-06-15.
    let cases: &[(&str, Option<&str>, Option<Days>)] = &[
        ("Today", None, Some(("2019-06-15", "2019-06-15"))),
        ("Yesterday", None, Some(("2019-06-14", "2019-06-14"))),
        ("Last 7 days", None, Some(("2019-06-08", "2019-06-15"))),
        ("Last week", None, Some(("2019-06-10", "2019-06-16"))),
        ("Week to date", None, Some(("2019-06-10", "2019-06-15"))),
        ("Month to date", None, Some(("2019-06-01", "2019-06-15"))),
        ("Previous month", None, Some(("2019-05-01", "2019-05-31"))),
        ("Year to date", None, Some(("2019-01-01", "2019-06-15"))),
        ("Last year", None, Some(("2018-01-01", "2018-12-31"))),
        ("All", None, None),
        ("", None, None),
        ("  last   7 DAYS ", None, Some(("2019-06-08", "2019-06-15"))),
        ("0", None, Some(("2019-06-15", "2019-06-15"))),
        ("1", None, Some(("2019-06-14", "2019-06-15"))),
        ("30", None, Some(("2019-05-16", "2019-06-15"))),
        ("2019-06-04", None, Some(("2019-06-04", "2019-06-04"))),
        (
            "2019-05-20",
            Some("2019-06-02"),
            Some(("2019-05-20", "2019-06-02")),
        ),
        (
            "2018-12-31",
            Some("2019-01-01"),
            Some(("2018-12-31", "2019-01-01")),
        ),
    ];
    for (start, end, range) in cases {
        let mut extra = vec![("start", *start)];
        if let Some(end) = end {
            extra.push(("end", end));
        }
        let got = get(&server, &extra).await.ids();
        let expected: BTreeSet<i64> = all
            .iter()
            .filter(|(_, _, date)| {
                range.is_none_or(|(from, to)| day(from) <= *date && *date <= day(to))
            })
            .map(|(id, _, _)| *id)
            .collect();
        assert!(
            !expected.is_empty(),
            "{start:?}: the seed has no document to select"
        );
        assert_eq!(got, expected, "start {start:?} end {end:?}");
    }
    // Last week reaches past today: the draft prepared for tomorrow is only there.
    let week = get(&server, &[("start", "Last week")]).await.ids();
    let to_date = get(&server, &[("start", "Week to date")]).await.ids();
    assert!(week.len() > to_date.len());
}

#[tokio::test]
async fn doctype_selects_invoices_or_credit_notes() {
    let server = support::start_at(WEBSERVICE_CLOCK).await;
    let all = all_documents(&server).await;
    let of = |kind: &str| -> BTreeSet<i64> {
        all.iter()
            .filter(|(_, t, _)| t == kind)
            .map(|(id, _, _)| *id)
            .collect()
    };
    let cases = [
        ("Invoice", of("Invoice")),
        ("invoices", of("Invoice")),
        ("CreditNote", of("CreditNote")),
        ("CREDITNOTES", of("CreditNote")),
        ("", all.iter().map(|(id, _, _)| *id).collect()),
    ];
    for (doctype, expected) in cases {
        assert!(!expected.is_empty());
        let got = get(&server, &[("doctype", doctype)]).await.ids();
        assert_eq!(got, expected, "doctype {doctype:?}");
    }
    assert_eq!(of("CreditNote").len(), 40);
}

#[tokio::test]
async fn the_vendors_sample_request_works() {
    // What the vendor's Example.php sends: http_build_query of action, doctype, ws, token.
    let server = support::start_at(WEBSERVICE_CLOCK).await;
    let body = format!(
        "action=Get&doctype=Invoices&ws=einvoice&token={}",
        server.webservice_token()
    );
    let answer = send(
        support::http()
            .post(url(&server))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type, "application/json");
    let value = answer.json();
    let docs = value.as_object().unwrap();
    assert!(docs.len() > 500);
    for (id, doc) in docs {
        assert_eq!(doc["DocData"]["ID"], id.as_str());
        assert_eq!(doc["DocData"]["Type"], "Invoice");
        assert_eq!(
            doc.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["ClientData", "DocData"]
        );
    }
}

#[tokio::test]
async fn the_same_seed_and_clock_give_the_same_bytes() {
    let a = support::start_at(WEBSERVICE_CLOCK).await;
    let b = support::start_at(WEBSERVICE_CLOCK).await;
    let other = support::start(
        Config::ephemeral()
            .with_clock(support::at(WEBSERVICE_CLOCK))
            .with_seed(43),
    )
    .await;
    for start in ["All", "Month to date", "Last year"] {
        let x = get(&a, &[("start", start)]).await.body;
        let y = get(&b, &[("start", start)]).await.body;
        let z = get(&other, &[("start", start)]).await.body;
        assert!(x.len() > 1000, "{start}: {} bytes", x.len());
        assert!(x == y, "{start}: two servers with seed 42 differ");
        assert!(x != z, "{start}: seeds 42 and 43 gave the same answer");
    }
}

#[tokio::test]
async fn a_restart_on_the_same_data_dir_keeps_data_and_token() {
    let dir = std::env::temp_dir().join(format!(
        "dckit-webservice-{}-{}",
        std::process::id(),
        dckit_mock::secrets::generate("", 8)
    ));
    let config = Config::ephemeral()
        .with_clock(support::at(WEBSERVICE_CLOCK))
        .with_data_dir(&dir);
    let first = support::start(config.clone()).await;
    let token = first.webservice_token();
    let before = get(&first, &[("start", "All")]).await.body;
    first.shutdown().await;

    let second = support::start(config.clone()).await;
    assert_eq!(second.webservice_token(), token);
    assert!(get(&second, &[("start", "All")]).await.body == before);

    // A regenerated token replaces the old one at once, and survives the next restart.
    let fresh = support::http()
        .post(format!("{}/__admin/webservice/token", second.base_url()))
        .bearer_auth(second.admin_token())
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(fresh, token);
    let old = send(support::http().post(url(&second)).form(&[
        ("token", token.as_str()),
        ("ws", "einvoice"),
        ("action", "Get"),
    ]))
    .await;
    assert_eq!(old.json(), error(ErrorCode::WsTokenInvalid, &[]));
    second.shutdown().await;

    let third = support::start(config).await;
    assert_eq!(third.webservice_token(), fresh);
    assert!(get(&third, &[("start", "All")]).await.body == before);
    third.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn error(code: ErrorCode, args: &[(&str, &str)]) -> Value {
    json!({"result": "error", "message": code.message(args)})
}

#[tokio::test]
async fn malformed_requests_get_catalogue_errors_with_http_200() {
    let server = support::start_at(WEBSERVICE_CLOCK).await;
    let token = server.webservice_token();
    let client = support::http();
    let form = format!("token={token}&ws=einvoice&action=Get");
    let boundary = "dckitboundary";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"ws\"\r\n\r\neinvoice\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nGet\r\n\
         --{boundary}--\r\n"
    );
    let huge = format!("{form}&padding={}", "x".repeat(3 * 1024 * 1024));
    let not_form = error(ErrorCode::WsBodyNotForm, &[]);
    let cases: Vec<(&str, reqwest::RequestBuilder, Value)> = vec![
        (
            "GET",
            client.get(url(&server)),
            error(ErrorCode::WsMethodNotAllowed, &[("method", "GET")]),
        ),
        (
            "GET with a query string",
            client.get(format!("{}?{form}", url(&server))),
            error(ErrorCode::WsMethodNotAllowed, &[("method", "GET")]),
        ),
        (
            "PUT with a form",
            client
                .put(url(&server))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form.clone()),
            error(ErrorCode::WsMethodNotAllowed, &[("method", "PUT")]),
        ),
        (
            "DELETE",
            client.delete(url(&server)),
            error(ErrorCode::WsMethodNotAllowed, &[("method", "DELETE")]),
        ),
        (
            "a JSON body",
            client
                .post(url(&server))
                .json(&json!({"token": token, "ws": "einvoice", "action": "Get"})),
            not_form.clone(),
        ),
        (
            "JSON sent as a form",
            client
                .post(url(&server))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(json!({"token": token}).to_string()),
            not_form.clone(),
        ),
        (
            "a multipart body",
            client
                .post(url(&server))
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(multipart),
            not_form.clone(),
        ),
        (
            "text/plain",
            client
                .post(url(&server))
                .header("content-type", "text/plain")
                .body(form.clone()),
            not_form.clone(),
        ),
        (
            "a huge body",
            client
                .post(url(&server))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(huge),
            error(ErrorCode::WsBodyTooLarge, &[]),
        ),
        (
            "an empty body",
            client.post(url(&server)),
            error(ErrorCode::WsTokenMissing, &[]),
        ),
        (
            "an empty form",
            client
                .post(url(&server))
                .header("content-type", "application/x-www-form-urlencoded"),
            error(ErrorCode::WsTokenMissing, &[]),
        ),
        (
            "bytes that are not UTF-8",
            client
                .post(url(&server))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(vec![0xff, 0xfe, b'=', 0x80]),
            error(ErrorCode::WsTokenMissing, &[]),
        ),
        (
            "a wrong token",
            client
                .post(url(&server))
                .form(&[("token", "not-the-token"), ("ws", "einvoice")]),
            error(ErrorCode::WsTokenInvalid, &[]),
        ),
        (
            "the token with one character changed",
            client
                .post(url(&server))
                .form(&[("token", format!("{}x", &token[..token.len() - 1]).as_str())]),
            error(ErrorCode::WsTokenInvalid, &[]),
        ),
    ];
    for (name, request, expected) in cases {
        let answer = send(request).await;
        assert_eq!(answer.status, 200, "{name}");
        assert_eq!(answer.content_type, "application/json", "{name}");
        let body = answer.json();
        assert_eq!(body, expected, "{name}");
        assert!(
            !String::from_utf8_lossy(&answer.body).contains(&token),
            "{name}: the answer reveals the token"
        );
    }
    // HEAD has no body, but is still answered 200 (and never 500).
    let head = send(client.head(url(&server))).await;
    assert_eq!(head.status, 200);
}

#[tokio::test]
async fn lookups_override_dates_and_report_what_is_missing() {
    let server = support::start_at(WEBSERVICE_CLOCK).await;
    let all = all_documents(&server).await;
    let (id, kind, _) = all.iter().find(|(_, t, _)| t == "CreditNote").unwrap();
    let id = id.to_string();
    let cases: Vec<(Form, Result<Vec<i64>, Value>)> = vec![
        (
            vec![
                ("invoiceid", &id),
                ("start", "bogus"),
                ("end", "2019-13-01"),
            ],
            Ok(vec![id.parse().unwrap()]),
        ),
        (
            vec![("invoiceid", &id), ("doctype", kind)],
            Ok(vec![id.parse().unwrap()]),
        ),
        (
            vec![("invoiceid", &id), ("doctype", "Invoice")],
            Err(error(
                ErrorCode::WsNoSuchDocument,
                &[("field", "invoiceid"), ("value", &id)],
            )),
        ),
        (
            vec![("invoiceid", "0")],
            Err(error(
                ErrorCode::WsNoSuchDocument,
                &[("field", "invoiceid"), ("value", "0")],
            )),
        ),
        (
            vec![("invoiceid", "123456789012345678901234567890")],
            Err(error(
                ErrorCode::WsNoSuchDocument,
                &[
                    ("field", "invoiceid"),
                    ("value", "123456789012345678901234567890"),
                ],
            )),
        ),
        (
            vec![("invoicenum", "2019-150")],
            Err(error(
                ErrorCode::WsNoSuchDocument,
                &[("field", "invoicenum"), ("value", "2019-150")],
            )),
        ),
        (
            vec![("start", "2030-01-01"), ("end", "2030-12-31")],
            Ok(vec![]),
        ),
    ];
    for (extra, expected) in cases {
        let answer = get(&server, &extra).await;
        assert_eq!(answer.status, 200);
        match expected {
            Ok(ids) => assert_eq!(answer.ids(), ids.into_iter().collect(), "{extra:?}"),
            Err(body) => assert_eq!(answer.json(), body, "{extra:?}"),
        }
    }
    // An empty selection is an empty array, as PHP's json_encode([]) writes it.
    let empty = get(&server, &[("start", "2030-01-01")]).await;
    assert_eq!(empty.body, b"[]");
}

//! The WebService client against the contract cases of `contracts/cases/webservice/`,
//! consumer side: the console must read exactly what the provider is proven to send.
//!
//! Each case's request is sent as written to a real `dckit_mock::MockServer` (brought to the
//! case's seed and clock), and the answer recorded and checked against the case's exact body
//! when it has one. The recorded answer is then mounted on a wiremock server that answers only
//! the very form the typed client sends for that query, and `WebServiceClient::get` must:
//! * read a success losslessly (written back it is the recorded JSON; `[]` is no document);
//! * turn `{"result":"error","message":…}` into `ClientError::WebService` with the message as
//!   is, byte for byte.
//!
//! Requests the typed client never sends (no token, another `ws` or `action`, a JSON or
//! multipart body, a GET) are skipped with their reason; a floor keeps the mapping honest.

use std::path::Path;

use dckit_contracts::cases::{Case, RequestBody, load_dir};
use dckit_mock::{Config, MockServer};
use dckit_tui::client::{ClientError, ClientOptions, WebServiceClient, WsQuery};
use dckit_tui::secret::Secret;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, ResponseTemplate};

/// The fewest cases that must go through the client.
const FLOOR: usize = 50;

const PATH: &str =
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";

/// Matches a form body equal, as a set of fields, to the one expected.
struct FormIs(Vec<(String, String)>);

impl wiremock::Match for FormIs {
    fn matches(&self, request: &Request) -> bool {
        let mut got: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        got.sort();
        let mut want = self.0.clone();
        want.sort();
        got == want
    }
}

/// The query the typed client sends for this form, or why it never sends it.
fn query_of(case: &Case, token: &str) -> Result<(WsQuery, Vec<(String, String)>), String> {
    let request = &case.steps[0].request;
    if request.method != "POST" || request.path != PATH {
        return Err(format!("{} {}", request.method, request.path));
    }
    let RequestBody::Form(form) = &request.body else {
        return Err("not a form body".into());
    };
    let form: Vec<(String, String)> = form
        .iter()
        .map(|(n, v)| (n.to_owned(), v.replace("{{webservice_token}}", token)))
        .collect();
    let get = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    if get("token").as_deref() != Some(token)
        || get("ws").as_deref() != Some("einvoice")
        || get("action").as_deref() != Some("Get")
    {
        return Err("a token, ws or action the client does not send".into());
    }
    let known = [
        "token",
        "ws",
        "action",
        "start",
        "end",
        "invoicenum",
        "invoiceid",
        "doctype",
    ];
    if let Some((n, _)) = form.iter().find(|(n, _)| !known.contains(&n.as_str())) {
        return Err(format!("a field the client does not send ({n})"));
    }
    let query = WsQuery {
        start: get("start"),
        end: get("end"),
        invoicenum: get("invoicenum"),
        invoiceid: get("invoiceid"),
        doctype: get("doctype"),
    };
    Ok((query, form))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webservice_client_reads_what_the_provider_sends() {
    let server = MockServer::start(Config::ephemeral()).await.unwrap();
    let token = server.webservice_token();
    let cases =
        load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../contracts/cases/webservice"))
            .unwrap();
    let http = reqwest::Client::new();
    let wire = wiremock::MockServer::start().await;
    let client = WebServiceClient::new(
        &wire.uri(),
        Secret::new(token.clone()),
        &ClientOptions::default(),
    )
    .unwrap();
    let (mut checked, mut errors, mut empty) = (0, 0, 0);
    let mut skipped = vec![];
    for case in &cases {
        let place = &case.name;
        let (query, form) = match query_of(case, &token) {
            Ok(found) => found,
            Err(why) => {
                skipped.push(format!("{place}: {why}"));
                continue;
            }
        };
        server.reset(case.seed).await.unwrap();
        if let Some(clock) = case.clock {
            server.freeze_clock(clock);
        }
        let answer = http
            .post(format!("{}{PATH}", server.base_url()))
            .form(&form)
            .send()
            .await
            .unwrap();
        let expect = &case.steps[0].expect;
        assert_eq!(answer.status().as_u16(), expect.status, "{place}");
        let body = answer.bytes().await.unwrap().to_vec();
        let recorded: Value = serde_json::from_slice(&body).unwrap();
        if let Some(expected) = &expect.body {
            assert_eq!(&recorded, expected, "{place}: the provider keeps the case");
        }
        wire.reset().await;
        Mock::given(method("POST"))
            .and(path(PATH))
            .and(FormIs(form))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "application/json")
                    .set_body_bytes(body),
            )
            .expect(1)
            .mount(&wire)
            .await;
        match client.get(&query).await {
            Ok(docs) => {
                let back = serde_json::to_value(&docs).unwrap();
                if recorded == json!([]) {
                    assert!(docs.0.is_empty(), "{place}");
                    empty += 1;
                } else {
                    assert_eq!(back, recorded, "{place}: read losslessly");
                }
            }
            Err(ClientError::WebService { message }) => {
                assert_eq!(
                    Some(message.as_str()),
                    recorded["message"].as_str(),
                    "{place}: the message as is"
                );
                assert_eq!(recorded["result"], "error", "{place}");
                errors += 1;
            }
            Err(other) => panic!("{place}: {other:?}"),
        }
        wire.verify().await;
        checked += 1;
    }
    assert!(checked >= FLOOR, "{checked} checked; skipped: {skipped:#?}");
    assert!(errors >= 15, "{errors} error cases");
    assert!(empty >= 1, "the empty result ([]) went through");
}

#[tokio::test]
async fn both_empty_bodies_and_an_error_message_as_is() {
    let wire = wiremock::MockServer::start().await;
    let message = "Invalid start \"domani\": not a date, a number of days or a keyword; use a date as YYYY-MM-DD, a whole number of days, or one of the keywords Today, Yesterday, Last 7 days, Last week, Week to date, Month to date, Previous month, Year to date, Last year, All.";
    let answers = [
        ("Today", "{}".to_owned()),
        ("Yesterday", "[]".to_owned()),
        (
            "domani",
            serde_json::to_string(&json!({"result": "error", "message": message})).unwrap(),
        ),
    ];
    for (start, body) in &answers {
        Mock::given(method("POST"))
            .and(path(PATH))
            .and(FormIs(vec![
                ("ws".into(), "einvoice".into()),
                ("action".into(), "Get".into()),
                ("token".into(), "t0k3n".into()),
                ("start".into(), (*start).into()),
            ]))
            .respond_with(ResponseTemplate::new(200).set_body_string(body.clone()))
            .expect(1)
            .mount(&wire)
            .await;
    }
    let client =
        WebServiceClient::new(&wire.uri(), Secret::new("t0k3n"), &ClientOptions::default())
            .unwrap();
    assert!(
        client
            .get(&WsQuery::start("Today"))
            .await
            .unwrap()
            .0
            .is_empty()
    );
    assert!(
        client
            .get(&WsQuery::start("Yesterday"))
            .await
            .unwrap()
            .0
            .is_empty()
    );
    let error = client.get(&WsQuery::start("domani")).await.unwrap_err();
    assert_eq!(error.to_string(), message);
    wire.verify().await;
}

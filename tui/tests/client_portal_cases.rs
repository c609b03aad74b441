//! The portal client against the contract cases of `contracts/cases/portal/`, consumer side:
//! the console must read exactly what the provider is proven to send.
//!
//! Each case's steps are sent as written to a real `dckit_mock::MockServer` (the provider),
//! brought to the case's state the way the contract runner does it; the answer is recorded and
//! checked against the case's `expect.status` (and its exact `expect.body` when it has one).
//! Then the recorded answer is mounted on a wiremock server that only answers the very request
//! the case made (method, path, query, bearer token, JSON body), and the matching
//! `PortalClient` method is called against it:
//! * a 2xx must parse, and its typed value written back must be exactly the recorded JSON
//!   (lossless reading); a download must save byte for byte what was recorded;
//! * a 4xx must be `Refused` (or `Unauthorized` for 401/403) whose message is the problem's
//!   `detail` and whose `code()` is its `code`.
//!
//! Steps the typed client can never send are skipped, each with its reason: routes outside
//! the portal (`/api/dco`, `/__admin`, which still run on the provider to build the state),
//! unknown paths and methods, bodies and queries that are not what the typed client writes
//! (a malformed body, a stats query without a target or with a day that does not exist).
//! The number of steps checked must stay above a floor.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use dckit_contracts::cases::{Case, RequestBody, Step, load_dir};
use dckit_contracts::model::portal::DocumentsFormat;
use dckit_contracts::model::portal::{
    AddonType, BuyAddonRequest, CreateKeyRequest, Instance, LabelRequest, MoveDeviceRequest,
    RenewRequest,
};
use dckit_contracts::model::problem::Problem;
use dckit_mock::{Config, MockServer};
use dckit_tui::client::{ClientError, ClientOptions, Download, PortalClient, StatsTarget};
use dckit_tui::secret::Secret;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// The fewest steps that must be checked through the client (83 of the 113 steps are today;
/// fewer means the mapping below lost some).
const FLOOR: usize = 80;

/// The clock the cases are written for.
const CASES_CLOCK: &str = "2026-02-15T10:31:07+01:00";

/// What the provider answered to one step.
#[derive(Debug)]
struct Recorded {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Recorded {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(200)])
            )
        })
    }
}

/// A step's request with its variables filled in.
#[derive(Debug, Clone)]
struct Sent {
    method: String,
    /// Path and query, as the case wrote them.
    target: String,
    headers: Vec<(String, String)>,
    body: SentBody,
}

#[derive(Debug, Clone)]
enum SentBody {
    Empty,
    Form(Vec<(String, String)>),
    Json(Value),
    Text(String),
}

impl Sent {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    fn query(&self) -> Vec<(String, String)> {
        match self.target.split_once('?') {
            Some((_, query)) => url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
            None => Vec::new(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The token of `Authorization: Bearer <token>`, if the request has one.
    fn bearer(&self) -> Option<&str> {
        self.header("authorization")?.strip_prefix("Bearer ")
    }
}

/// `{{name}}` placeholders, filled as the contract runner fills them: in text, a variable's
/// text; in JSON, a string that is exactly one placeholder becomes the variable's value.
#[derive(Debug, Clone, Default)]
struct Vars(BTreeMap<String, Value>);

impl Vars {
    fn set(&mut self, name: &str, value: impl Into<Value>) {
        self.0.insert(name.to_owned(), value.into());
    }

    fn text(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let close = after.find("}}").expect("closed placeholder");
            let name = after[..close].trim();
            match self.0.get(name) {
                Some(Value::String(s)) => out.push_str(s),
                Some(other) => out.push_str(&other.to_string()),
                None => panic!("unknown variable {{{{{name}}}}}"),
            }
            rest = &after[close + 2..];
        }
        out.push_str(rest);
        out
    }

    fn value(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => {
                let trimmed = s.trim();
                if trimmed.starts_with("{{")
                    && trimmed.ends_with("}}")
                    && trimmed.matches("{{").count() == 1
                {
                    let name = trimmed[2..trimmed.len() - 2].trim();
                    if let Some(v) = self.0.get(name) {
                        return v.clone();
                    }
                }
                Value::String(self.text(s))
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.value(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.text(k), self.value(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn request(&self, step: &Step) -> Sent {
        let request = &step.request;
        Sent {
            method: request.method.clone(),
            target: self.text(&request.path),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| (n.to_owned(), self.text(v)))
                .collect(),
            body: match &request.body {
                RequestBody::Empty => SentBody::Empty,
                RequestBody::Form(form) => SentBody::Form(
                    form.iter()
                        .map(|(n, v)| (n.to_owned(), self.text(v)))
                        .collect(),
                ),
                RequestBody::Json(json) => SentBody::Json(self.value(json)),
                RequestBody::Text(text) => SentBody::Text(self.text(text)),
            },
        }
    }
}

/// Sends a step to the provider as written and records the answer.
async fn record(http: &reqwest::Client, base: &str, sent: &Sent) -> Recorded {
    let method = reqwest::Method::from_bytes(sent.method.as_bytes()).unwrap();
    let mut request = http.request(method, format!("{base}{}", sent.target));
    for (name, value) in &sent.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    request = match &sent.body {
        SentBody::Empty => request,
        SentBody::Form(form) => request.form(form),
        SentBody::Json(json) => {
            if sent.header("content-type").is_some() {
                request.body(serde_json::to_vec(json).unwrap())
            } else {
                request.json(json)
            }
        }
        SentBody::Text(text) => request.body(text.clone()),
    };
    let response = tokio::time::timeout(Duration::from_secs(60), request.send())
        .await
        .expect("the provider answers within 60 s")
        .expect("the provider answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = tokio::time::timeout(Duration::from_secs(60), response.bytes())
        .await
        .expect("the whole answer within 60 s")
        .unwrap()
        .to_vec();
    Recorded {
        status,
        content_type,
        body,
    }
}

/// The client call a step stands for.
#[derive(Debug, Clone)]
enum Call {
    Account,
    SignContract,
    Licences,
    Renew(String, i64),
    Keys,
    CreateKey(String, String),
    RenameKey(String, String),
    DeactivateKey(String),
    Catalogue,
    Purchases,
    BuyAddon(AddonType, i64),
    Counters,
    Stores,
    Devices,
    MoveDevice(String, String),
    Stats(StatsTarget, NaiveDate, NaiveDate),
    CounterDocuments(String, Instance, DocumentsFormat),
    StatsExport(StatsTarget, NaiveDate, NaiveDate),
    StatsDaily(StatsTarget, NaiveDate, NaiveDate),
    Events,
}

/// Reads a JSON body as the typed request `T`, if writing `T` back gives the very same JSON
/// (so the typed client sends exactly that body).
fn typed_body<T: DeserializeOwned + Serialize>(sent: &Sent) -> Result<T, String> {
    let SentBody::Json(json) = &sent.body else {
        return Err("a body that is not JSON".into());
    };
    let typed: T = serde_json::from_value(json.clone())
        .map_err(|e| format!("a body the typed client cannot write ({e})"))?;
    if serde_json::to_value(&typed).unwrap() != *json {
        return Err("a body the typed client writes differently".into());
    }
    Ok(typed)
}

/// The stats target and range of a query, if it is exactly what the typed client writes:
/// one of `device`/`store`, `from` and `to` as real days.
fn stats_query(sent: &Sent) -> Result<(StatsTarget, NaiveDate, NaiveDate), String> {
    let query = sent.query();
    let get = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    if query.len() != 3 {
        return Err(format!(
            "a stats query of {} parameters (the client sends 3)",
            query.len()
        ));
    }
    let target = match (get("device"), get("store")) {
        (Some(device), None) => StatsTarget::Device(device),
        (None, Some(store)) => StatsTarget::Store(store),
        _ => return Err("a stats query without exactly one target".into()),
    };
    let day = |name: &str| {
        let text = get(name).ok_or_else(|| format!("a stats query without {name}"))?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| format!("a stats query whose {name} is not a day ({text})"))
    };
    Ok((target, day("from")?, day("to")?))
}

/// The call for a step, or why the typed client can never send it.
fn classify(sent: &Sent) -> Result<Call, String> {
    let path = sent.path();
    let Some(rest) = path.strip_prefix("/portal/v1/") else {
        return Err(format!("not a portal route ({path})"));
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let has_body = !matches!(sent.body, SentBody::Empty);
    let get = sent.method == "GET" && !has_body;
    let post = sent.method == "POST";
    let no_query = !sent.target.contains('?');
    let call = match (segments.as_slice(), get, post) {
        (["account"], true, _) if no_query => Call::Account,
        (["contract", "sign"], _, true) if !has_body => Call::SignContract,
        (["licences"], true, _) if no_query => Call::Licences,
        (["licences", id, "renew"], _, true) => {
            Call::Renew((*id).to_owned(), typed_body::<RenewRequest>(sent)?.months)
        }
        (["keys"], true, _) if no_query => Call::Keys,
        (["keys"], _, true) => {
            let body = typed_body::<CreateKeyRequest>(sent)?;
            Call::CreateKey(body.partita_iva, body.label)
        }
        (["keys", id, "label"], _, true) => {
            Call::RenameKey((*id).to_owned(), typed_body::<LabelRequest>(sent)?.label)
        }
        (["keys", id, "deactivate"], _, true) if !has_body => Call::DeactivateKey((*id).to_owned()),
        (["addons", "catalogue"], true, _) if no_query => Call::Catalogue,
        (["addons"], true, _) if no_query => Call::Purchases,
        (["addons"], _, true) => {
            let body = typed_body::<BuyAddonRequest>(sent)?;
            Call::BuyAddon(body.addon_type, body.quantity)
        }
        (["counters"], true, _) if no_query => Call::Counters,
        (["counters", key, instance, file], true, _) if no_query => {
            let instance = Instance::parse(instance)
                .ok_or_else(|| format!("an instance the typed client cannot name ({instance})"))?;
            let format = match *file {
                "documents.csv" => DocumentsFormat::Csv,
                "documents.xlsx" => DocumentsFormat::Xlsx,
                other => return Err(format!("an unknown export ({other})")),
            };
            Call::CounterDocuments((*key).to_owned(), instance, format)
        }
        (["stores"], true, _) if no_query => Call::Stores,
        (["devices"], true, _) if no_query => Call::Devices,
        (["devices", id, "store"], _, true) => Call::MoveDevice(
            (*id).to_owned(),
            typed_body::<MoveDeviceRequest>(sent)?.store_id,
        ),
        (["stats"], true, _) => {
            let (target, from, to) = stats_query(sent)?;
            Call::Stats(target, from, to)
        }
        (["stats", "export.csv"], true, _) => {
            let (target, from, to) = stats_query(sent)?;
            Call::StatsExport(target, from, to)
        }
        (["stats", "daily.csv"], true, _) => {
            let (target, from, to) = stats_query(sent)?;
            Call::StatsDaily(target, from, to)
        }
        (["events"], true, _) if no_query => Call::Events,
        _ => {
            return Err(format!(
                "a method or path the typed client never sends ({} {path})",
                sent.method
            ));
        }
    };
    Ok(call)
}

/// What the client made of the recorded answer.
enum Outcome {
    Json(Result<Value, ClientError>),
    Download(Result<Download, ClientError>),
    Stream(Result<(), ClientError>),
}

fn json<T: Serialize>(result: Result<T, ClientError>) -> Outcome {
    Outcome::Json(result.map(|v| serde_json::to_value(v).unwrap()))
}

async fn call(client: &PortalClient, call: Call) -> Outcome {
    match call {
        Call::Account => json(client.account().await),
        Call::SignContract => json(client.sign_contract().await),
        Call::Licences => json(client.licences().await),
        Call::Renew(id, months) => json(client.renew_licence(&id, months).await),
        Call::Keys => json(client.keys().await),
        Call::CreateKey(piva, label) => json(client.create_key(&piva, &label).await),
        Call::RenameKey(id, label) => json(client.rename_key(&id, &label).await),
        Call::DeactivateKey(id) => json(client.deactivate_key(&id).await),
        Call::Catalogue => json(client.catalogue().await),
        Call::Purchases => json(client.purchases().await),
        Call::BuyAddon(addon, quantity) => json(client.buy_addon(addon, quantity).await),
        Call::Counters => json(client.counters().await),
        Call::Stores => json(client.stores().await),
        Call::Devices => json(client.devices().await),
        Call::MoveDevice(id, store) => json(client.move_device(&id, &store).await),
        Call::Stats(target, from, to) => json(client.stats(target, from, to).await),
        Call::CounterDocuments(key, instance, format) => {
            Outcome::Download(client.counter_documents(&key, instance, format).await)
        }
        Call::StatsExport(target, from, to) => {
            Outcome::Download(client.stats_export_csv(target, from, to).await)
        }
        Call::StatsDaily(target, from, to) => {
            Outcome::Download(client.stats_daily_csv(target, from, to).await)
        }
        Call::Events => Outcome::Stream(client.events().await.map(drop)),
    }
}

/// Mounts the recorded answer for exactly the request the step made, calls the client, and
/// checks what it read. Returns nothing: every check is an assertion.
async fn check_client(
    wire: &wiremock::MockServer,
    place: &str,
    sent: &Sent,
    recorded: &Recorded,
    the_call: Call,
) {
    wire.reset().await;
    let mut stub = Mock::given(method(sent.method.as_str())).and(path(sent.path()));
    for (name, value) in sent.query() {
        stub = stub.and(query_param(name, value));
    }
    // The typed client always sends a bearer token: the case's, or another when the case
    // sent none (its answer is the same 401 as for a wrong token).
    let token = match sent.bearer() {
        Some(token) => {
            stub = stub.and(header("authorization", format!("Bearer {token}").as_str()));
            token.to_owned()
        }
        None => "pt_not-the-token".to_owned(),
    };
    if let SentBody::Json(json) = &sent.body {
        stub = stub.and(body_json(json));
    }
    let mut answer = ResponseTemplate::new(recorded.status).set_body_bytes(recorded.body.clone());
    if let Some(content_type) = &recorded.content_type {
        answer = answer.insert_header("content-type", content_type.as_str());
    }
    stub.respond_with(answer).expect(1).mount(wire).await;

    let client =
        PortalClient::new(&wire.uri(), Secret::new(token), &ClientOptions::default()).unwrap();
    let outcome = call(&client, the_call).await;
    wire.verify().await;

    let success = (200..300).contains(&recorded.status);
    match (outcome, success) {
        (Outcome::Json(Ok(value)), true) => {
            assert_eq!(
                value,
                recorded.json(),
                "{place}: the typed value written back differs from the recorded answer"
            );
        }
        (Outcome::Download(Ok(download)), true) => {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("export");
            let mut last = 0;
            let written = download.save_to(&file, |n| last = n).await.unwrap();
            let saved = std::fs::read(&file).unwrap();
            assert_eq!(saved, recorded.body, "{place}: the saved file differs");
            assert_eq!(written, saved.len() as u64, "{place}");
            assert_eq!(last, written, "{place}: the last progress is the total");
        }
        (Outcome::Json(Err(error)), false)
        | (Outcome::Download(Err(error)), false)
        | (Outcome::Stream(Err(error)), false) => {
            check_refusal(place, recorded, &error);
        }
        (Outcome::Json(Err(error)), true) | (Outcome::Download(Err(error)), true) => {
            panic!("{place}: the client could not read a success: {error}")
        }
        (Outcome::Stream(_), true) => panic!("{place}: no case opens the stream for real"),
        (_, false) => panic!(
            "{place}: the client took a {} for a success",
            recorded.status
        ),
    }
}

fn check_refusal(place: &str, recorded: &Recorded, error: &ClientError) {
    let problem: Problem = serde_json::from_slice(&recorded.body)
        .unwrap_or_else(|e| panic!("{place}: the refusal is not a problem ({e})"));
    assert_eq!(error.status(), Some(recorded.status), "{place}");
    assert_eq!(error.code(), Some(problem.code.as_str()), "{place}");
    assert_eq!(error.to_string(), problem.detail, "{place}");
    match (recorded.status, error) {
        (401 | 403, ClientError::Unauthorized { message, .. })
        | (400..=499, ClientError::Refused { message, .. }) => {
            assert_eq!(*message, problem.detail, "{place}");
        }
        (status, other) => panic!("{place}: a {status} read as {other:?}"),
    }
}

/// Brings the provider to a case's state, as the contract runner does: reset when a `fresh`
/// case ran since the last reset (or on the first case), then freeze the clock.
async fn prepare(server: &MockServer, case: &Case, dirty: &mut bool) {
    if *dirty || case.seed.is_some() {
        server.reset(case.seed).await.unwrap();
        *dirty = false;
    }
    if let Some(clock) = case.clock {
        server.freeze_clock(clock);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_client_reads_what_the_provider_sends() {
    let clock = chrono::DateTime::parse_from_rfc3339(CASES_CLOCK).unwrap();
    let server = MockServer::start(Config::ephemeral().with_clock(clock))
        .await
        .unwrap();
    let cases =
        load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../contracts/cases/portal")).unwrap();
    assert!(cases.len() >= 40, "{} cases", cases.len());

    let mut base_vars = Vars::default();
    for (name, value) in server.case_vars().unwrap() {
        base_vars.set(name, value);
    }

    let provider = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let wire = wiremock::MockServer::start().await;

    let mut checked = 0usize;
    let mut skipped: Vec<String> = Vec::new();
    let mut dirty = true;
    for case in &cases {
        prepare(&server, case, &mut dirty).await;
        let mut vars = base_vars.clone();
        for (index, step) in case.steps.iter().enumerate() {
            let place = format!("{} step {}", case.name, index + 1);
            let sent = vars.request(step);
            let recorded = record(&provider, server.base_url(), &sent).await;

            // The provider still does what the case says.
            assert_eq!(
                recorded.status,
                step.expect.status,
                "{place}: the provider answered {}",
                String::from_utf8_lossy(&recorded.body)
            );
            if let Some(body) = &step.expect.body {
                assert_eq!(recorded.json(), vars.value(body), "{place}");
            }
            for (name, pointer) in step.capture.iter() {
                let value = recorded
                    .json()
                    .pointer(pointer)
                    .cloned()
                    .unwrap_or_else(|| panic!("{place}: nothing at {pointer} to capture"));
                vars.set(name, value);
            }

            match classify(&sent) {
                Ok(the_call) => {
                    check_client(&wire, &place, &sent, &recorded, the_call).await;
                    checked += 1;
                }
                Err(reason) => skipped.push(format!("{place}: {reason}")),
            }
        }
        if case.fresh {
            dirty = true;
        }
    }
    eprintln!(
        "{checked} steps checked through the client, {} skipped:",
        skipped.len()
    );
    for reason in &skipped {
        eprintln!("  {reason}");
    }
    assert!(
        checked >= FLOOR,
        "only {checked} steps checked through the client (floor {FLOOR}); skipped:\n{}",
        skipped.join("\n")
    );
}

#[test]
fn the_mapping_skips_what_the_client_cannot_send() {
    let sent = |method: &str, target: &str, body: SentBody| Sent {
        method: method.into(),
        target: target.into(),
        headers: vec![],
        body,
    };
    let skip = |s: Sent| classify(&s).unwrap_err();
    assert!(skip(sent("GET", "/api/dco/infoUser/", SentBody::Empty)).contains("not a portal"));
    assert!(skip(sent("DELETE", "/portal/v1/keys", SentBody::Empty)).contains("never sends"));
    assert!(skip(sent("GET", "/portal/v1/invoices", SentBody::Empty)).contains("never sends"));
    assert!(
        skip(sent(
            "POST",
            "/portal/v1/keys",
            SentBody::Json(serde_json::json!({"partitaIva": 12}))
        ))
        .contains("cannot write")
    );
    assert!(
        skip(sent(
            "POST",
            "/portal/v1/keys",
            SentBody::Json(serde_json::json!({"partitaIva": "1"}))
        ))
        .contains("differently")
    );
    assert!(
        skip(sent(
            "GET",
            "/portal/v1/stats?from=2026-02-01&to=2026-02-15",
            SentBody::Empty
        ))
        .contains("parameters")
    );
    assert!(
        skip(sent(
            "GET",
            "/portal/v1/stats?device=d&from=2026-02-30&to=2026-03-01",
            SentBody::Empty
        ))
        .contains("not a day")
    );
    assert!(matches!(
        classify(&sent(
            "GET",
            "/portal/v1/stats?store=dev-1&from=2026-02-01&to=2026-02-15",
            SentBody::Empty
        )),
        Ok(Call::Stats(StatsTarget::Store(_), _, _))
    ));
    assert!(matches!(
        classify(&sent(
            "POST",
            "/portal/v1/licences/lic-1/renew",
            SentBody::Json(serde_json::json!({"months": 0}))
        )),
        Ok(Call::Renew(_, 0))
    ));
}

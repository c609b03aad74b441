//! Replaying cases over HTTP against a base URL, with the harness calls that set the server's
//! state first (see the [module docs](super) for the protocol).

use std::collections::BTreeMap;
use std::error::Error as _;
use std::fmt;
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::{Value, json};

use super::format::{Case, Check, Expect, RequestBody, Step};
use super::matcher;
use super::report::{CaseOutcome, Mismatch, Report, shorten};
use super::vars::Vars;

/// How many characters of a body a mismatch or a setup failure shows.
const EXCERPT_CHARS: usize = 200;

/// The default time limit of one HTTP exchange.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Replays cases against one server.
///
/// ```no_run
/// # async fn demo(cases: &[dckit_contracts::cases::Case]) {
/// use dckit_contracts::cases::Runner;
/// let report = Runner::new("http://127.0.0.1:8080")
///     .var("datacash_key", "dk_demo")
///     .var("webservice_token", "ws_demo")
///     .admin_token("adm_demo")
///     .run(cases)
///     .await;
/// println!("{report}");
/// # }
/// ```
#[derive(Clone)]
pub struct Runner {
    base_url: String,
    vars: BTreeMap<String, Value>,
    admin_token: Option<String>,
    timeout: Duration,
}

/// The built-in variable one byte longer than 1 MiB.
const PADDING_OVER_1MIB: &str = "padding_over_1mib";

/// Shows variable names only, never their values (they are secrets).
impl fmt::Debug for Runner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runner")
            .field("base_url", &self.base_url)
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .field("admin_token", &self.admin_token.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Runner {
    /// A runner for the server at `base_url` (`http://host:port`, optionally with a path
    /// prefix; a trailing `/` is ignored). Case paths are appended to it as they are.
    ///
    /// One variable is built in: `padding_over_1mib`, 1,048,577 × `x`, one byte over the body
    /// limit of both APIs (the `body-too-large` cases).
    pub fn new(base_url: impl Into<String>) -> Runner {
        let base_url: String = base_url.into();
        let mut vars = BTreeMap::new();
        vars.insert(
            PADDING_OVER_1MIB.to_owned(),
            Value::String("x".repeat(1024 * 1024 + 1)),
        );
        Runner {
            base_url: base_url.trim_end_matches('/').to_owned(),
            vars,
            admin_token: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets a variable every case can use as `{{name}}` (e.g. `webservice_token`,
    /// `datacash_key`, `credentials`, `portal_token`, `admin_token`, `seller_piva`). A case's
    /// captures override it within that case.
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Runner {
        self.vars.insert(name.into(), Value::String(value.into()));
        self
    }

    /// Sets several variables at once, as [`Runner::var`] does for each.
    pub fn vars<N, V>(mut self, vars: impl IntoIterator<Item = (N, V)>) -> Runner
    where
        N: Into<String>,
        V: Into<String>,
    {
        for (name, value) in vars {
            self = self.var(name, value);
        }
        self
    }

    /// Lets the runner set each case's clock and seed through the harness (`/__admin`), with
    /// this bearer token. Without it, cases run against the server as it is.
    pub fn admin_token(mut self, token: impl Into<String>) -> Runner {
        self.admin_token = Some(token.into());
        self
    }

    /// The time limit of each HTTP exchange, harness calls included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Runner {
        self.timeout = timeout;
        self
    }

    /// The base URL cases are replayed against, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Runs the cases in order and reports every mismatch; never panics on what the server
    /// sends.
    pub async fn run(&self, cases: &[Case]) -> Report {
        let client = match reqwest::Client::builder()
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
        {
            Ok(client) => client,
            Err(error) => {
                let message = format!("cannot build the HTTP client: {}", chain(&error));
                let outcomes = cases
                    .iter()
                    .map(|case| {
                        let mut outcome = new_outcome(case);
                        outcome.mismatches.push(Mismatch::Setup(message.clone()));
                        outcome
                    })
                    .collect();
                return Report { outcomes };
            }
        };
        let mut harness = self.admin_token.as_deref().map(|token| Harness {
            client: &client,
            base_url: &self.base_url,
            token,
            reset_seed: None,
            dirty: false,
            frozen: false,
        });
        let mut outcomes: Vec<CaseOutcome> = Vec::with_capacity(cases.len());
        for case in cases {
            let started = Instant::now();
            let mut outcome = new_outcome(case);
            let ready = match harness.as_mut() {
                Some(harness) => match harness.prepare(case).await {
                    Ok(()) => true,
                    Err(message) => {
                        outcome.mismatches.push(Mismatch::Setup(message));
                        false
                    }
                },
                None => {
                    outcome.notes.extend(unverified_state(case));
                    true
                }
            };
            if ready {
                self.run_steps(&client, case, &mut outcome).await;
            }
            if let Some(harness) = harness.as_mut() {
                harness.dirty |= case.fresh;
            }
            outcome.duration = started.elapsed();
            outcomes.push(outcome);
        }
        if let (Some(harness), Some(last_case), Some(last)) =
            (harness.as_mut(), cases.last(), outcomes.last_mut())
            && harness.dirty
        {
            let started = Instant::now();
            if let Err(message) = harness.reset(last_case.seed).await {
                last.mismatches.push(Mismatch::Setup(format!(
                    "after the case (it is fresh): {message}"
                )));
            }
            last.duration += started.elapsed();
        }
        Report { outcomes }
    }

    /// Runs a case's steps in order, recording mismatches; stops at the first step that could
    /// not be sent or whose captures failed.
    async fn run_steps(&self, client: &reqwest::Client, case: &Case, outcome: &mut CaseOutcome) {
        let mut vars = Vars::new(self.vars.clone());
        for (index, step) in case.steps.iter().enumerate() {
            let number = index + 1;
            if !self
                .run_step(client, step, number, &mut vars, &mut outcome.mismatches)
                .await
            {
                break;
            }
        }
    }

    /// Runs one step; returns whether later steps may run.
    async fn run_step(
        &self,
        client: &reqwest::Client,
        step: &Step,
        number: usize,
        vars: &mut Vars,
        mismatches: &mut Vec<Mismatch>,
    ) -> bool {
        let request = match self.build_request(client, step, number, vars) {
            Ok(request) => request,
            Err(found) => {
                mismatches.extend(found);
                return false;
            }
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                mismatches.push(Mismatch::Transport {
                    step: number,
                    error: chain(&error),
                });
                return false;
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(error) => {
                mismatches.push(Mismatch::Transport {
                    step: number,
                    error: format!("reading the body: {}", chain(&error)),
                });
                return false;
            }
        };
        let response = Answer {
            status,
            headers,
            body: &body,
        };
        check_response(step, number, vars, &response, mismatches);
        capture(step, number, vars, &response, mismatches)
    }

    /// Builds the step's request with variables filled in, or the problems that prevent it.
    fn build_request(
        &self,
        client: &reqwest::Client,
        step: &Step,
        number: usize,
        vars: &Vars,
    ) -> Result<reqwest::RequestBuilder, Vec<Mismatch>> {
        let request = &step.request;
        let mut found = Vec::new();
        let mut fill = |place: &str, text: &str| {
            let mut problems = Vec::new();
            let filled = vars.text(text, &mut problems);
            unfilled(number, place, &mut problems, &mut found);
            filled
        };
        let url = format!("{}{}", self.base_url, fill("request.path", &request.path));
        let headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(name, value)| {
                let place = format!("request.headers.{name}");
                (name.to_owned(), fill(&place, value))
            })
            .collect();
        let form: Option<Vec<(String, String)>> = match &request.body {
            RequestBody::Form(form) => Some(
                form.iter()
                    .map(|(name, value)| {
                        let place = format!("request.form.{name}");
                        (name.to_owned(), fill(&place, value))
                    })
                    .collect(),
            ),
            _ => None,
        };
        let text = match &request.body {
            RequestBody::Text(text) => Some(fill("request.body", text)),
            _ => None,
        };
        let json = match &request.body {
            RequestBody::Json(json) => {
                let mut problems = Vec::new();
                let filled = vars.value(json, &mut problems);
                unfilled(number, "request.json", &mut problems, &mut found);
                Some(filled)
            }
            _ => None,
        };
        if !found.is_empty() {
            return Err(found);
        }
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|_| {
            vec![Mismatch::Transport {
                step: number,
                error: format!("request not sent: bad method {:?}", request.method),
            }]
        })?;
        let mut builder = client.request(method, url);
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(form) = form {
            builder = builder.form(&form);
        } else if let Some(json) = json {
            builder = builder.json(&json);
        } else if let Some(text) = text {
            builder = builder.body(text);
        }
        Ok(builder)
    }
}

/// Replays `cases` against `base_url` with no variables and no admin token.
pub async fn run_cases(base_url: &str, cases: &[Case]) -> Report {
    Runner::new(base_url).run(cases).await
}

/// A received response.
struct Answer<'a> {
    status: u16,
    headers: HeaderMap,
    body: &'a [u8],
}

impl Answer<'_> {
    fn content_type(&self) -> Option<String> {
        self.headers
            .get(CONTENT_TYPE)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(self.body).into_owned()
    }

    fn excerpt(&self) -> String {
        shorten(&self.text(), EXCERPT_CHARS)
    }

    /// The body as JSON, if it is JSON.
    fn json(&self) -> Option<Value> {
        serde_json::from_slice(self.body).ok()
    }

    /// The mismatch saying the body is not JSON.
    fn not_json(&self, step: usize) -> Mismatch {
        Mismatch::NotJson {
            step,
            content_type: self.content_type(),
            excerpt: self.excerpt(),
        }
    }
}

/// Checks status, headers, JSON body, matchers and text of a response, in that order.
fn check_response(
    step: &Step,
    number: usize,
    vars: &Vars,
    answer: &Answer<'_>,
    mismatches: &mut Vec<Mismatch>,
) {
    let expect = &step.expect;
    if answer.status != expect.status {
        mismatches.push(Mismatch::Status {
            step: number,
            expected: expect.status,
            actual: answer.status,
        });
    }
    let mut problems = Vec::new();
    for (name, prefix) in expect.headers.iter() {
        let prefix = vars.text(prefix, &mut problems);
        if unfilled(
            number,
            &format!("expect.headers.{name}"),
            &mut problems,
            mismatches,
        ) {
            continue;
        }
        let values: Vec<String> = answer
            .headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect();
        if !values.iter().any(|value| value.starts_with(&prefix)) {
            mismatches.push(Mismatch::Header {
                step: number,
                name: name.to_owned(),
                expected: prefix,
                actual: (!values.is_empty()).then(|| values.join(", ")),
            });
        }
    }
    if expect.wants_json() {
        match answer.json() {
            None => mismatches.push(answer.not_json(number)),
            Some(document) => check_json(expect, number, vars, &document, mismatches),
        }
    }
    if let Some(text) = &expect.text {
        let starts_with = text
            .starts_with
            .as_deref()
            .map(|t| vars.text(t, &mut problems));
        let contains = text
            .contains
            .as_deref()
            .map(|t| vars.text(t, &mut problems));
        if !unfilled(number, "expect.text", &mut problems, mismatches) {
            let body = answer.text();
            let failures = matcher::check_text(&body, starts_with.as_deref(), contains.as_deref());
            mismatches.extend(failures.into_iter().map(|expected| Mismatch::Text {
                step: number,
                expected,
                excerpt: answer.excerpt(),
            }));
        }
    }
}

/// Checks the exact body and the matchers against a JSON response body.
fn check_json(
    expect: &Expect,
    number: usize,
    vars: &Vars,
    document: &Value,
    mismatches: &mut Vec<Mismatch>,
) {
    let mut problems = Vec::new();
    if let Some(body) = &expect.body {
        let body = vars.value(body, &mut problems);
        if !unfilled(number, "expect.body", &mut problems, mismatches) {
            mismatches.extend(
                matcher::diff(&body, document)
                    .into_iter()
                    .map(|d| Mismatch::Body {
                        step: number,
                        pointer: d.pointer,
                        expected: d.expected,
                        actual: d.actual,
                    }),
            );
        }
    }
    for entry in &expect.matchers {
        let pointer = vars.text(&entry.pointer, &mut problems);
        let check = fill_check(&entry.check, vars, &mut problems);
        if unfilled(
            number,
            &format!("match {}", entry.pointer),
            &mut problems,
            mismatches,
        ) {
            continue;
        }
        if let Some(failure) = matcher::check(document, &pointer, &check) {
            mismatches.push(Mismatch::Match {
                step: number,
                pointer,
                expected: failure.expected,
                actual: failure.actual,
            });
        }
    }
}

/// Moves variable `problems` found at `place` into `mismatches`; returns whether there were any.
fn unfilled(
    step: usize,
    place: &str,
    problems: &mut Vec<String>,
    mismatches: &mut Vec<Mismatch>,
) -> bool {
    let any = !problems.is_empty();
    mismatches.extend(problems.drain(..).map(|problem| Mismatch::Variable {
        step,
        place: place.to_owned(),
        problem,
    }));
    any
}

/// A check with its variables filled in.
fn fill_check(check: &Check, vars: &Vars, problems: &mut Vec<String>) -> Check {
    match check {
        Check::Equals(value) => Check::Equals(vars.value(value, problems)),
        Check::Contains(value) => Check::Contains(vars.value(value, problems)),
        Check::Regex(pattern) => Check::Regex(vars.text(pattern, problems)),
        Check::Keys(keys) => Check::Keys(keys.iter().map(|k| vars.text(k, problems)).collect()),
        Check::Length(_) | Check::Exists(_) | Check::Type(_) => check.clone(),
    }
}

/// Saves the step's captures into `vars`; returns whether every capture found its value.
fn capture(
    step: &Step,
    number: usize,
    vars: &mut Vars,
    answer: &Answer<'_>,
    mismatches: &mut Vec<Mismatch>,
) -> bool {
    if step.capture.is_empty() {
        return true;
    }
    let document = answer.json();
    if document.is_none() && !step.expect.wants_json() {
        mismatches.push(answer.not_json(number));
    }
    let mut complete = true;
    for (name, pointer) in step.capture.iter() {
        match document.as_ref().and_then(|d| d.pointer(pointer)) {
            Some(value) => vars.set(name, value.clone()),
            None => {
                complete = false;
                mismatches.push(Mismatch::Capture {
                    step: number,
                    name: name.to_owned(),
                    pointer: pointer.to_owned(),
                });
            }
        }
    }
    complete
}

/// A fresh outcome for a case, before it runs.
fn new_outcome(case: &Case) -> CaseOutcome {
    CaseOutcome {
        name: case.name.clone(),
        path: case.path.clone(),
        provenance: case.provenance,
        steps: case.steps.len(),
        mismatches: Vec::new(),
        notes: Vec::new(),
        duration: Duration::ZERO,
    }
}

/// The note for a case whose state the runner cannot set (no admin token), if it has any.
fn unverified_state(case: &Case) -> Option<String> {
    let mut wanted = Vec::new();
    if let Some(clock) = case.clock {
        wanted.push(format!("clock {}", clock.to_rfc3339()));
    }
    if let Some(seed) = case.seed {
        wanted.push(format!("seed {seed}"));
    }
    if case.fresh {
        wanted.push("a reset after it".to_owned());
    }
    (!wanted.is_empty()).then(|| {
        format!(
            "state not verified: the case wants {} but the runner has no admin token",
            wanted.join(", ")
        )
    })
}

/// An error with its causes, outermost first (reqwest's own message hides the cause).
fn chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The runner's view of the server's state, as set through the harness.
struct Harness<'a> {
    client: &'a reqwest::Client,
    base_url: &'a str,
    token: &'a str,
    /// The seed of the last successful reset (`Some(None)`: reset without a seed); `None`
    /// before the first reset or after a failed one.
    reset_seed: Option<Option<u64>>,
    /// A fresh case ran since the last reset.
    dirty: bool,
    /// The runner froze the clock (or tried to) and has not unfrozen it since.
    frozen: bool,
}

impl Harness<'_> {
    /// Brings the server to the case's state: reset, then clock.
    async fn prepare(&mut self, case: &Case) -> Result<(), String> {
        let has_state = case.seed.is_some() || case.clock.is_some();
        let seed_differs = case.seed.is_some() && self.reset_seed != Some(case.seed);
        let first = has_state && self.reset_seed.is_none();
        if self.dirty || seed_differs || first {
            self.reset(case.seed).await?;
        }
        match case.clock {
            Some(clock) => {
                self.frozen = true;
                self.post("clock", &json!({"freeze": clock.to_rfc3339()}))
                    .await?;
            }
            None if self.frozen => {
                self.post("clock", &json!({"unfreeze": true})).await?;
                self.frozen = false;
            }
            None => {}
        }
        Ok(())
    }

    /// Resets the server's data, from `seed` when given.
    async fn reset(&mut self, seed: Option<u64>) -> Result<(), String> {
        self.reset_seed = None;
        let body = match seed {
            Some(seed) => json!({"seed": seed}),
            None => json!({}),
        };
        self.post("reset", &body).await?;
        self.reset_seed = Some(seed);
        self.dirty = false;
        Ok(())
    }

    /// `POST {base}/__admin/{route}` with a JSON body; a non-2xx answer is an error.
    async fn post(&self, route: &str, body: &Value) -> Result<(), String> {
        let what = format!("POST /__admin/{route} {body}");
        let response = self
            .client
            .post(format!("{}/__admin/{route}", self.base_url))
            .bearer_auth(self.token)
            .json(body)
            .send()
            .await
            .map_err(|error| format!("{what}: {}", chain(&error)))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let text = response.text().await.unwrap_or_default();
        Err(format!(
            "{what}: answered {status}: {:?}",
            shorten(&text, EXCERPT_CHARS)
        ))
    }
}

//! Property tests: whatever a client sends, the mock answers in the envelope of the API it
//! called, with a message of the catalogue, and never with a server error.
//!
//! * [`parsers`] drives the parsers directly (through [`crate::fuzzing`], as the fuzz targets
//!   do) with arbitrary bytes, arbitrary JSON and near-valid documents;
//! * [`routes`] drives the whole router in process (`tower::ServiceExt::oneshot`), so the
//!   checks before and after the parsers (method, content type, key, credentials, the store)
//!   are covered too.
//!
//! A rejection passes when its code belongs to the API of the route and its message is the
//! catalogue template with every placeholder filled ([`dckit_contracts::errors::recognise`]).

mod parsers;
mod routes;
mod strategies;

use axum::body::Body;
use axum::http::{Request, header};
use dckit_contracts::errors::{Api, CATALOGUE, CatalogueError, ErrorSpec, recognise};
use dckit_contracts::model::datacash::Envelope;
use dckit_contracts::model::problem::Problem;
use serde_json::Value;
use tower::ServiceExt;

use crate::{Config, MockServer};

/// `error` is an entry of `api` with every placeholder of its template filled.
pub(crate) fn check_catalogue(api: Api, error: &CatalogueError) -> Result<(), String> {
    if error.code.api() != api {
        return Err(format!("{:?} is not an error of {api:?}", error.code));
    }
    if error.code.values_in(&error.message).is_none() {
        return Err(format!(
            "{:?}: {:?} is not its template filled",
            error.code, error.message
        ));
    }
    Ok(())
}

/// The entry of `api` with the wire code `code`.
fn spec(api: Api, code: &str) -> Result<&'static ErrorSpec, String> {
    CATALOGUE
        .iter()
        .find(|s| s.api == api && s.code == code)
        .ok_or_else(|| format!("no {api:?} error has the code {code:?}"))
}

/// An answer of the router.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body)
            .chars()
            .take(400)
            .collect()
    }

    /// Never a server error.
    fn not_5xx(&self) -> Result<(), String> {
        if self.status >= 500 {
            return Err(format!("{} {}", self.status, self.text()));
        }
        Ok(())
    }

    /// The DataCash envelope: a success, or a failure whose errors are the catalogue's with
    /// the status of the first.
    pub(crate) fn datacash(&self) -> Result<(), String> {
        self.not_5xx()?;
        if self.status == 200 && self.content_type == "application/pdf" {
            return Ok(());
        }
        if self.content_type != "application/json" {
            return Err(format!("content type {:?}", self.content_type));
        }
        if self.status == 200 {
            // The envelope, or findDocuments' results.
            let value: Value = serde_json::from_slice(&self.body)
                .map_err(|e| format!("not JSON ({e}): {}", self.text()))?;
            return match value.get("esito").and_then(Value::as_bool) {
                Some(true) | None
                    if value
                        .get("errori")
                        .is_none_or(|e| e == &Value::Array(vec![])) =>
                {
                    Ok(())
                }
                _ => Err(format!("200 with a failure: {}", self.text())),
            };
        }
        let envelope: Envelope = serde_json::from_slice(&self.body)
            .map_err(|e| format!("not the envelope ({e}): {}", self.text()))?;
        if envelope.esito || envelope.idtrx.is_some() || envelope.progressivo.is_some() {
            return Err(format!(
                "a failure that looks like success: {}",
                self.text()
            ));
        }
        let first = envelope.errori.first().ok_or("a failure without errori")?;
        let entry = spec(Api::DataCash, &first.codice)?;
        if entry.status != self.status {
            return Err(format!(
                "{:?} answered with {}, not {}",
                entry.id, self.status, entry.status
            ));
        }
        for error in &envelope.errori {
            let entry = spec(Api::DataCash, &error.codice)?;
            if entry.id.values_in(&error.descrizione).is_none() {
                return Err(format!("{:?}: {:?}", entry.id, error.descrizione));
            }
        }
        Ok(())
    }

    /// The WebService: HTTP 200 and JSON, documents or `{"result":"error"}` with a catalogue
    /// message.
    pub(crate) fn webservice(&self) -> Result<(), String> {
        if self.status != 200 || self.content_type != "application/json" {
            return Err(format!(
                "{} {:?}: {}",
                self.status,
                self.content_type,
                self.text()
            ));
        }
        let value: Value = serde_json::from_slice(&self.body)
            .map_err(|e| format!("not JSON ({e}): {}", self.text()))?;
        if value.get("result").and_then(Value::as_str) == Some("error") {
            let message = value
                .get("message")
                .and_then(Value::as_str)
                .ok_or("an error without a message")?;
            return match recognise(Api::WebService, message) {
                Some(_) => Ok(()),
                None => Err(format!("not a catalogue message: {message:?}")),
            };
        }
        serde_json::from_value::<dckit_contracts::model::webservice::WsDocuments>(value)
            .map(drop)
            .map_err(|e| format!("neither documents nor an error ({e}): {}", self.text()))
    }

    /// Problem details of `api` for a refusal; anything for a success.
    pub(crate) fn problem(&self, api: Api) -> Result<(), String> {
        self.not_5xx()?;
        if self.status < 400 {
            return Ok(());
        }
        if self.content_type != Problem::CONTENT_TYPE {
            return Err(format!(
                "{} {:?}: {}",
                self.status,
                self.content_type,
                self.text()
            ));
        }
        let problem: Problem = serde_json::from_slice(&self.body)
            .map_err(|e| format!("not a problem ({e}): {}", self.text()))?;
        let entry = spec(api, &problem.code)?;
        if entry.status != self.status || problem.status != self.status {
            return Err(format!("{:?} answered with {}", entry.id, self.status));
        }
        match entry.id.values_in(&problem.detail) {
            Some(_) => Ok(()),
            None => Err(format!("{:?}: {:?}", entry.id, problem.detail)),
        }
    }
}

/// A seeded mock on a frozen clock, driven in process.
pub(crate) struct Harness {
    runtime: tokio::runtime::Runtime,
    server: MockServer,
    app: crate::http::router::App,
}

impl Harness {
    /// Starts a mock with in-memory data, its clock frozen on Saturday 2019-06-15.
    pub(crate) fn start() -> Harness {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2019-06-15T12:00:00+02:00").unwrap();
        let server = runtime
            .block_on(MockServer::start(Config::ephemeral().with_clock(at)))
            .unwrap();
        let app = crate::http::router::app(server.state().clone());
        Harness {
            runtime,
            server,
            app,
        }
    }

    pub(crate) fn server(&self) -> &MockServer {
        &self.server
    }

    /// Sends one request through the whole router.
    pub(crate) fn call(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::from(body)).unwrap();
        let app = self.app.clone();
        self.runtime.block_on(async move {
            let response = app.oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let body = axum::body::to_bytes(response.into_body(), 64 << 20)
                .await
                .unwrap()
                .to_vec();
            Answer {
                status,
                content_type,
                body,
            }
        })
    }

    /// The JSON of a `GET` on the account area.
    pub(crate) fn portal_get(&self, path: &str) -> Value {
        let auth = format!("Bearer {}", self.server.portal_token());
        let answer = self.call("GET", path, &[("authorization", &auth)], Vec::new());
        assert_eq!(answer.status, 200, "{path}: {}", answer.text());
        serde_json::from_slice(&answer.body).unwrap()
    }
}

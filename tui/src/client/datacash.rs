//! [`DataCashClient`]: the DataCash document API (`/api/dco`), with the `Datacash-Key` header
//! and the seller's encrypted Fisconline credentials in every body.

use chrono::NaiveDate;
use dckit_contracts::model::datacash::{
    CredentialsRequest, Document, DownloadDocumentRequest, Envelope, FindDocumentsRequest,
    FindDocumentsResponse, FoundDocument, InfoUser, ReturnDocumentRequest, ReturnLine,
    SendDocumentRequest,
};
use reqwest::header::{ACCEPT, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::download::Download;
use super::error::ClientError;
use super::http::{Answer, Http, Route, parse_json, secret_header, status_error};
use super::options::ClientOptions;
use crate::secret::Secret;

/// The header carrying the API key.
const KEY_HEADER: HeaderName = HeaderName::from_static("datacash-key");

/// A client of the DataCash document API at one base URL, with one API key and one
/// credentials blob (`ade_credentials_encrypted`). Cheap to clone.
///
/// A refused call keeps the service's envelope: `esito: false` is
/// [`ClientError::DataCash`] with the Italian `errori`, whatever the HTTP status.
#[derive(Clone, Debug)]
pub struct DataCashClient {
    http: Http,
    key: HeaderValue,
    credentials: Secret,
}

impl DataCashClient {
    /// A client of `/api/dco` under `base_url`, sending `key` as `Datacash-Key` and
    /// `credentials` (the OpenPGP message of the seller's Fisconline credentials) as
    /// `ade_credentials_encrypted`. Nothing is sent yet.
    pub fn new(
        base_url: &str,
        key: Secret,
        credentials: Secret,
        options: &ClientOptions,
    ) -> Result<DataCashClient, ClientError> {
        let http = Http::new(base_url, options)?;
        let key = secret_header(key.expose(), "DataCash key")?;
        Ok(DataCashClient {
            http,
            key,
            credentials,
        })
    }

    /// The route `/api/dco/{segments}/` (every DataCash path ends with a slash).
    fn route(&self, segments: &[&str]) -> Result<Route, ClientError> {
        let mut full = vec!["api", "dco"];
        full.extend_from_slice(segments);
        full.push("");
        self.http.route(Method::POST, &full)
    }

    /// Posts `body` and returns the whole answer.
    async fn post(&self, route: &Route, body: &impl Serialize) -> Result<Answer, ClientError> {
        let request = self
            .http
            .request(route)
            .header(KEY_HEADER, self.key.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .json(body);
        self.http.call(route, request).await
    }

    /// The body of a call that sends only the credentials.
    fn credentials_only(&self) -> CredentialsRequest {
        CredentialsRequest {
            ade_credentials_encrypted: self.credentials.expose().to_owned(),
        }
    }

    /// Posts `body` and reads the success answer as a `T` (after checking `esito`).
    async fn call<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &impl Serialize,
    ) -> Result<T, ClientError> {
        let route = self.route(segments)?;
        let answer = self.post(&route, body).await?;
        read_answer(&answer)
    }

    /// `POST /api/dco/infoUser/`: the key's partita IVA, licence and document counts.
    pub async fn info_user(&self) -> Result<InfoUser, ClientError> {
        self.call(&["infoUser"], &self.credentials_only()).await
    }

    /// `POST /api/dco/sendDocument/`: fiscalises a sale. The envelope holds its `idtrx` and
    /// `progressivo` (or `idTemporaneo` while the tax agency is down).
    pub async fn send_document(&self, document: &Document) -> Result<Envelope, ClientError> {
        let body = SendDocumentRequest {
            ade_credentials_encrypted: self.credentials.expose().to_owned(),
            document: document.clone(),
        };
        self.call(&["sendDocument"], &body).await
    }

    /// `POST /api/dco/findDocuments/`: the documents issued from `start` to `end`, both
    /// included (at most 31 days), oldest first.
    pub async fn find_documents(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Vec<FoundDocument>, ClientError> {
        let body = FindDocumentsRequest {
            ade_credentials_encrypted: self.credentials.expose().to_owned(),
            start,
            end,
        };
        let found: FindDocumentsResponse = self.call(&["findDocuments"], &body).await?;
        Ok(found.results)
    }

    /// `POST /api/dco/voidDocument/{idtrx}/`: voids a whole sale.
    pub async fn void_document(&self, idtrx: &str) -> Result<Envelope, ClientError> {
        self.call(&["voidDocument", idtrx], &self.credentials_only())
            .await
    }

    /// `POST /api/dco/returnDocument/{idtrx}/`: returns some lines of a sale.
    pub async fn return_document(
        &self,
        idtrx: &str,
        lines: &[ReturnLine],
    ) -> Result<Envelope, ClientError> {
        let body = ReturnDocumentRequest {
            ade_credentials_encrypted: self.credentials.expose().to_owned(),
            elementi: lines.to_vec(),
        };
        self.call(&["returnDocument", idtrx], &body).await
    }

    /// `POST /api/dco/downloadDocument/{idtrx}/`: the receipt as a PDF (`regalo`: the gift
    /// copy, without prices). A refusal is its error before any file is touched.
    pub async fn download_document(
        &self,
        idtrx: &str,
        regalo: bool,
    ) -> Result<Download, ClientError> {
        let route = self.route(&["downloadDocument", idtrx])?;
        let body = DownloadDocumentRequest {
            ade_credentials_encrypted: self.credentials.expose().to_owned(),
            regalo,
        };
        let request = self
            .http
            .request(&route)
            .header(KEY_HEADER, self.key.clone())
            .json(&body);
        let what = route.what();
        let response = self
            .http
            .open(request, |status, body| refusal(&what, status, body))
            .await?;
        let is_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if is_json {
            // A 2xx envelope instead of the PDF: a refusal if `esito` is false.
            let status = response.status();
            let body = response
                .bytes()
                .await
                .map_err(|e| self.http.transport_error(e))?;
            return Err(refusal(&what, status, &body));
        }
        Ok(Download::new(response, self.http.options().timeout))
    }

    /// `POST /api/dco/resetPassword/`: renews credentials the service marked expired (code
    /// `03`).
    pub async fn reset_password(&self) -> Result<Envelope, ClientError> {
        self.call(&["resetPassword"], &self.credentials_only())
            .await
    }
}

/// The answer of a DataCash call: `esito: false` is [`ClientError::DataCash`] whatever the
/// status; otherwise a success is read as a `T` and any other status is its error.
fn read_answer<T: DeserializeOwned>(answer: &Answer) -> Result<T, ClientError> {
    if let Some(refused) = refused_envelope(answer.status, &answer.body) {
        return Err(refused);
    }
    if !answer.status.is_success() {
        return Err(status_error(answer.status, &answer.body));
    }
    parse_json(&answer.what, &answer.body)
}

/// The error of a body that is not the expected success: a refused envelope, else what the
/// status says (a 2xx that is neither is unreadable).
fn refusal(what: &str, status: StatusCode, body: &[u8]) -> ClientError {
    if let Some(refused) = refused_envelope(status, body) {
        return refused;
    }
    if status.is_success() {
        return super::http::malformed(what, "expected a PDF document, got JSON without esito");
    }
    status_error(status, body)
}

/// [`ClientError::DataCash`] when `body` is an envelope with `esito: false`.
fn refused_envelope(status: StatusCode, body: &[u8]) -> Option<ClientError> {
    #[derive(serde::Deserialize)]
    struct Esito {
        esito: bool,
        #[serde(default)]
        errori: Vec<dckit_contracts::model::datacash::DcError>,
    }
    let envelope: Esito = serde_json::from_slice(body).ok()?;
    (!envelope.esito).then(|| ClientError::DataCash {
        status: status.as_u16(),
        errori: envelope.errori,
    })
}

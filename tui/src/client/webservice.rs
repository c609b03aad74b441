//! [`WebServiceClient`]: the Billing Extension WebService for WHMCS, which exports invoices
//! and credit notes by token with date keywords.

use dckit_contracts::model::webservice::{WsDocuments, WsError};
use reqwest::Method;
use reqwest::header::{ACCEPT, HeaderValue};

use super::error::ClientError;
use super::http::{Http, parse_json, status_error};
use super::options::ClientOptions;
use crate::secret::Secret;

/// The path of the WebService under the WHMCS root.
const PATH: [&str; 8] = [
    "modules",
    "addons",
    "BillingExtension",
    "core",
    "BillingExtension_Admin",
    "resources",
    "einvoice",
    "einvoice.php",
];

/// The optional fields of a `Get`, each sent exactly as given when present (the server
/// validates them and says what it accepts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WsQuery {
    /// `YYYY-MM-DD`, a number of days, or a keyword (`Today`, `Month to date`, …).
    pub start: Option<String>,
    /// `YYYY-MM-DD`, only with a date `start`.
    pub end: Option<String>,
    /// One document by number.
    pub invoicenum: Option<String>,
    /// One document by id.
    pub invoiceid: Option<String>,
    /// `Invoice`, `CreditNote`, the plurals, or empty for both.
    pub doctype: Option<String>,
}

impl WsQuery {
    /// A query with this `start` only.
    pub fn start(start: impl Into<String>) -> WsQuery {
        WsQuery {
            start: Some(start.into()),
            ..WsQuery::default()
        }
    }
}

/// A client of the WebService of one WHMCS installation, with one token. Cheap to clone.
#[derive(Clone, Debug)]
pub struct WebServiceClient {
    http: Http,
    token: Secret,
}

impl WebServiceClient {
    /// A client of the WebService under `whmcs_root_url` (the WHMCS root, e.g.
    /// `https://billing.example.com/whmcs`), sending `token`. Nothing is sent yet.
    pub fn new(
        whmcs_root_url: &str,
        token: Secret,
        options: &ClientOptions,
    ) -> Result<WebServiceClient, ClientError> {
        Ok(WebServiceClient {
            http: Http::new(whmcs_root_url, options)?,
            token,
        })
    }

    /// `Get`: the documents the query selects, keyed by document id in the server's order
    /// (empty when none match; `{}` and `[]` both mean none). The service's errors (HTTP 200
    /// `{"result":"error","message":…}`) are [`ClientError::WebService`] with its message as
    /// is.
    pub async fn get(&self, query: &WsQuery) -> Result<WsDocuments, ClientError> {
        let route = self.http.route(Method::POST, &PATH)?;
        let mut form: Vec<(&str, &str)> = vec![
            ("ws", "einvoice"),
            ("action", "Get"),
            ("token", self.token.expose()),
        ];
        let optional = [
            ("start", &query.start),
            ("end", &query.end),
            ("invoicenum", &query.invoicenum),
            ("invoiceid", &query.invoiceid),
            ("doctype", &query.doctype),
        ];
        form.extend(
            optional
                .iter()
                .filter_map(|(name, value)| value.as_deref().map(|v| (*name, v))),
        );
        let request = self
            .http
            .request(&route)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .form(&form);
        let answer = self.http.call(&route, request).await?;
        if !answer.status.is_success() {
            return Err(status_error(answer.status, &answer.body));
        }
        if let Ok(error) = serde_json::from_slice::<WsError>(&answer.body) {
            return Err(ClientError::WebService {
                message: error.message,
            });
        }
        parse_json(&answer.what, &answer.body)
    }
}

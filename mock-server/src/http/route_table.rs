//! The table of the API routes the mock serves.
//!
//! axum cannot list its routes, so [`ROUTES`] is the list: the OpenAPI documents must hold
//! exactly these routes (a test compares them), and a test probes every entry on a live server
//! to show that a handler answers it. `UNDOCUMENTED` (for the tests) names, with the reason,
//! the few routes served on purpose without an entry in the documents. Paths are written as
//! in the documents (`{keyId}`), whatever the handlers name their parameters. The harness
//! (`/__admin`, `/__health`) and the mock's own pages (`/`, `/openapi/…`) are not API routes.

use crate::surface::WEBSERVICE_PATH;
use axum::http::Method;

/// Which OpenAPI document describes a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Document {
    /// `/openapi/datacash.json`: DataCash and the account area.
    DataCash,
    /// `/openapi/webservice.json`.
    WebService,
}

/// One API route: method, path as in its OpenAPI document, and the document.
#[derive(Clone, Debug)]
pub(crate) struct Route {
    /// The method the document gives.
    pub(crate) method: Method,
    /// The path, parameters in braces.
    pub(crate) path: &'static str,
    /// The document that describes it.
    pub(crate) document: Document,
}

const fn route(method: Method, path: &'static str, document: Document) -> Route {
    Route {
        method,
        path,
        document,
    }
}

use Document::{DataCash as Dc, WebService as Ws};

/// Every API route of the mock.
pub(crate) const ROUTES: &[Route] = &[
    // DataCash (datacash/mod.rs); every method reaches the handlers, POST is the contract.
    route(Method::GET, "/api/dco/pgp-key", Dc),
    route(Method::POST, "/api/dco/infoUser/", Dc),
    route(Method::POST, "/api/dco/sendDocument/", Dc),
    route(Method::POST, "/api/dco/voidDocument/{idtrx}/", Dc),
    route(Method::POST, "/api/dco/returnDocument/{idtrx}/", Dc),
    route(Method::POST, "/api/dco/findDocuments/", Dc),
    route(Method::POST, "/api/dco/downloadDocument/{idtrx}/", Dc),
    route(Method::POST, "/api/dco/resetPassword/", Dc),
    // The account area (portal/mod.rs).
    route(Method::GET, "/portal/v1/account", Dc),
    route(Method::POST, "/portal/v1/contract/sign", Dc),
    route(Method::GET, "/portal/v1/licences", Dc),
    route(Method::POST, "/portal/v1/licences/{id}/renew", Dc),
    route(Method::GET, "/portal/v1/keys", Dc),
    route(Method::POST, "/portal/v1/keys", Dc),
    route(Method::POST, "/portal/v1/keys/{id}/deactivate", Dc),
    route(Method::POST, "/portal/v1/keys/{id}/label", Dc),
    route(Method::GET, "/portal/v1/addons/catalogue", Dc),
    route(Method::GET, "/portal/v1/addons", Dc),
    route(Method::POST, "/portal/v1/addons", Dc),
    route(Method::GET, "/portal/v1/counters", Dc),
    route(
        Method::GET,
        "/portal/v1/counters/{keyId}/{instance}/documents.csv",
        Dc,
    ),
    route(
        Method::GET,
        "/portal/v1/counters/{keyId}/{instance}/documents.xlsx",
        Dc,
    ),
    route(Method::GET, "/portal/v1/events", Dc),
    route(Method::GET, "/portal/v1/stores", Dc),
    route(Method::GET, "/portal/v1/devices", Dc),
    route(Method::POST, "/portal/v1/devices/{id}/store", Dc),
    route(Method::GET, "/portal/v1/stats", Dc),
    route(Method::GET, "/portal/v1/stats/export.csv", Dc),
    route(Method::GET, "/portal/v1/stats/daily.csv", Dc),
    // The WebService (webservice/mod.rs); every method reaches the handler.
    route(Method::POST, WEBSERVICE_PATH, Ws),
];

/// Routes served on purpose but absent from the documents: method, path, reason.
#[cfg(test)]
pub(crate) const UNDOCUMENTED: &[(Method, &str, &str)] = &[(
    Method::GET,
    "/api/dco/pgp-key/",
    "an alias of /api/dco/pgp-key for clients that add the trailing slash to every path",
)];

/// `path` with every `{parameter}` written `{}`, to compare templates whatever their
/// parameters are called.
#[cfg(test)]
pub(crate) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_braces = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push_str("{}");
            }
            '}' => in_braces = false,
            c if !in_braces => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;

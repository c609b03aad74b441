//! The mock's own pages: the OpenAPI documents of `dckit-contracts` as JSON, and `GET /`, an
//! index of what the server serves.
//!
//! * `GET /openapi/datacash.json` — DataCash (`/api/dco`) and the account area (`/portal/v1`);
//! * `GET /openapi/webservice.json` — the Billing Extension WebService;
//! * `GET /` — `{"name", "version", "openapi": [paths], "routes": [{"method", "path",
//!   "openapi"}], "health", "admin"}`: the API routes come from [`crate::http::route_table::ROUTES`].
//!
//! Each document is converted from its YAML once, on first request.

use crate::http::reply::Problem;
use crate::http::route_table::{self, ROUTES};
use crate::state::AppState;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::openapi::{self, OpenApiError};
use serde_json::{Value, json};
use std::sync::OnceLock;

/// An OpenAPI document the mock serves.
struct Document {
    /// Which one it is.
    which: route_table::Document,
    /// Where it is served.
    path: &'static str,
    /// Its JSON, made once.
    cache: &'static OnceLock<Result<Vec<u8>, String>>,
    /// How to make it.
    make: fn() -> Result<Value, OpenApiError>,
}

static DATACASH: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
static WEBSERVICE: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();

/// The documents, registered from this table.
static DOCUMENTS: &[Document] = &[
    Document {
        which: route_table::Document::DataCash,
        path: "/openapi/datacash.json",
        cache: &DATACASH,
        make: openapi::datacash_json,
    },
    Document {
        which: route_table::Document::WebService,
        path: "/openapi/webservice.json",
        cache: &WEBSERVICE,
        make: openapi::webservice_json,
    },
];

/// The paths of the documents.
pub(crate) fn document_paths() -> impl Iterator<Item = &'static str> {
    DOCUMENTS.iter().map(|d| d.path)
}

/// Where the document `which` is served.
pub(crate) fn document_path(which: route_table::Document) -> &'static str {
    DOCUMENTS
        .iter()
        .find(|d| d.which == which)
        .map_or("", |d| d.path)
}

/// The routes of the documents and of the index.
pub(crate) fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/", get(index));
    for document in DOCUMENTS {
        router = router.route(document.path, get(move || serve(document)));
    }
    router
}

async fn serve(document: &'static Document) -> Response {
    let made = document.cache.get_or_init(|| {
        (document.make)()
            .map_err(|e| e.to_string())
            .and_then(|value| serde_json::to_vec_pretty(&value).map_err(|e| e.to_string()))
    });
    match made {
        Ok(body) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body.clone(),
        )
            .into_response(),
        Err(detail) => {
            tracing::error!("cannot serve {}: {detail}", document.path);
            Problem(ErrorCode::AdminInternal.with(&[("detail", detail)])).into_response()
        }
    }
}

/// `GET /`: what this server is and where to look.
async fn index() -> axum::Json<Value> {
    let routes: Vec<Value> = ROUTES
        .iter()
        .map(|route| {
            json!({
                "method": route.method.as_str(),
                "path": route.path,
                "openapi": document_path(route.document),
            })
        })
        .collect();
    axum::Json(json!({
        "name": "dckit-mock",
        "version": env!("CARGO_PKG_VERSION"),
        "openapi": document_paths().collect::<Vec<_>>(),
        "routes": routes,
        "health": "/__health",
        "admin": "/__admin",
    }))
}

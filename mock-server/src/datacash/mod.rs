//! The DataCash document API under `/api/dco` (DESIGN §3): every call `POST` with a JSON body
//! and a trailing slash, authorised by the `Datacash-Key` header and the seller's encrypted
//! Fisconline credentials, answered in the `{esito, idtrx, progressivo, errori}` envelope.
//!
//! | module | holds |
//! |---|---|
//! | [`request`] | method, body, key and credentials checks, in order |
//! | [`fields`], [`sale`], [`money`] | field-by-field validation and exact totals |
//! | [`records`] | documents in the store: issuing, loading, listing |
//! | [`info`], [`send`], [`cancel`], [`find`], [`download`], [`password`] | the operations |
//! | [`deferred`] | sales accepted while the tax agency is down, and their webhook |
//! | [`directory`], [`shared`] | the in-memory mirrors the hot path reads |
//! | [`pgp`], [`pdf`] | the service key; the receipts |

pub(crate) mod cancel;
pub(crate) mod deferred;
pub(crate) mod directory;
mod download;
pub(crate) mod fields;
pub(crate) mod find;
mod info;
pub(crate) mod money;
mod password;
pub(crate) mod pdf;
pub(crate) mod pgp;
pub(crate) mod records;
pub(crate) mod reply;
pub(crate) mod request;
pub(crate) mod sale;
mod send;
pub(crate) mod shared;

pub(crate) use shared::Shared;

use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use reply::Refusal;
use request::Operation;

/// The DataCash routes. Every method reaches the handlers, which answer a wrong one in the
/// envelope; bodies are read by the handlers themselves (1 MiB at most).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/dco/pgp-key", any(pgp_key))
        .route("/api/dco/pgp-key/", any(pgp_key))
        .route("/api/dco/infoUser/", any(info::info_user))
        .route("/api/dco/sendDocument/", any(send::send_document))
        .route("/api/dco/voidDocument/{idtrx}/", any(cancel::void_document))
        .route(
            "/api/dco/returnDocument/{idtrx}/",
            any(cancel::return_document),
        )
        .route("/api/dco/findDocuments/", any(find::find_documents))
        .route(
            "/api/dco/downloadDocument/{idtrx}/",
            any(download::download_document),
        )
        .route("/api/dco/resetPassword/", any(password::reset_password))
}

/// `GET /api/dco/pgp-key`: the service's public key, armored.
async fn pgp_key(State(state): State<AppState>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return Refusal {
            allow: Some("GET"),
            ..Refusal::new(
                ErrorCode::DcMethodNotAllowed,
                &[
                    ("method", method.as_str()),
                    ("path", request.uri().path()),
                    ("allowed", "GET"),
                ],
            )
        }
        .into_response();
    }
    match state.datacash.service_key() {
        Some(key) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pgp-keys"),
            )],
            key.public_armored().to_owned(),
        )
            .into_response(),
        None => Refusal::new(ErrorCode::DcInternal, &[]).into_response(),
    }
}

/// The demo API key in clear, once seeding has made one.
pub(crate) async fn demo_key(store: &crate::db::Db) -> Result<Option<String>, crate::db::DbError> {
    store
        .read(|conn| crate::db::get_setting(conn, shared::setting::DEMO_KEY))
        .await
}

/// The codice fiscale of the demo seller's Fisconline user (Mario Rossi, the textbook example).
pub(crate) const DEMO_CODICE_FISCALE: &str = "RSSMRA80A01H501U";

/// Credentials the mock accepts for the seller `partita_iva`.
pub(crate) fn demo_credentials(partita_iva: &str) -> dckit_contracts::model::datacash::Credentials {
    dckit_contracts::model::datacash::Credentials {
        codice_fiscale: DEMO_CODICE_FISCALE.to_owned(),
        password: "Fisconline!2026".to_owned(),
        pin: "1234567890".to_owned(),
        partita_iva: partita_iva.to_owned(),
    }
}

/// The envelope answer for a path under `/api/dco` that no route serves.
pub(crate) fn not_found(path: &str) -> Response {
    Refusal::new(ErrorCode::DcNotFound, &[("path", path)]).into_response()
}

/// An `idtrx`: digits only, as a number.
pub(crate) fn parse_idtrx(text: &str) -> Result<i64, CatalogueError> {
    let invalid = || ErrorCode::DcIdtrxInvalid.with(&[("value", text)]);
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    text.parse::<i64>().map_err(|_| invalid())
}

/// The `{idtrx}` segment of a path like `/api/dco/voidDocument/{idtrx}/`.
fn idtrx_segment(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// Runs `operation`'s checks, then `then` on the authorised call.
async fn answer<F, Fut>(
    state: AppState,
    request: Request,
    operation: Operation,
    then: F,
) -> Response
where
    F: FnOnce(AppState, request::Call) -> Fut,
    Fut: std::future::Future<Output = Result<Response, Refusal>>,
{
    let outcome = match request::authorise(&state, request, operation).await {
        Ok(call) => then(state, call).await,
        Err(refusal) => Err(refusal),
    };
    outcome.unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idtrx_values() {
        let cases = [
            ("1000000001", Some(1_000_000_001)),
            ("0", Some(0)),
            ("", None),
            ("12a", None),
            ("-1", None),
            (" 1", None),
            ("9999999999999999999", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_idtrx(text).ok(), expected, "{text:?}");
        }
        assert_eq!(idtrx_segment("/api/dco/voidDocument/42/"), "42");
    }
}

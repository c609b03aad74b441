//! The DataCash document API under `/api/dco`, as HTTP: every call `POST` with a JSON body
//! and a trailing slash, authorised by the `Datacash-Key` header and the seller's encrypted
//! Fisconline credentials ([`request`]), answered in the `{esito, idtrx, progressivo, errori}`
//! envelope. The operations themselves are the DataCash service's ([`crate::datacash`]).
//!
//! | module | route |
//! |---|---|
//! | [`info`] | `infoUser` |
//! | [`send`] | `sendDocument` |
//! | [`cancel`] | `voidDocument`, `returnDocument` |
//! | [`find`] | `findDocuments` |
//! | [`download`] | `downloadDocument` |
//! | [`password`] | `resetPassword` |
//!
//! The routes and every refusal are described in `contracts/openapi/datacash.yaml` and
//! `contracts/ERRORS.md`.

mod cancel;
mod download;
pub(crate) mod find;
mod info;
mod password;
pub(crate) mod request;
mod send;

use crate::datacash::Refusal;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use dckit_contracts::errors::ErrorCode;
use request::Operation;

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        crate::http::reply::datacash(&self.error, self.allow)
    }
}

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

/// The envelope answer for a path under `/api/dco` that no route serves.
pub(crate) fn not_found(path: &str) -> Response {
    Refusal::new(ErrorCode::DcNotFound, &[("path", path)]).into_response()
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
    fn idtrx_segments() {
        assert_eq!(idtrx_segment("/api/dco/voidDocument/42/"), "42");
        assert_eq!(idtrx_segment("/api/dco/voidDocument/42"), "42");
    }
}

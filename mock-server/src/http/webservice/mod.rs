//! The WebService's one path, as HTTP: every method answered with HTTP 200 and JSON, as
//! WHMCS does. [`form`] reads and checks the request; the documents come from
//! [`crate::webservice`].

pub(crate) mod form;

use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::any;
use dckit_contracts::errors::{CatalogueError, ErrorCode};

pub(crate) use crate::surface::WEBSERVICE_PATH as PATH;

/// The WebService routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(PATH, any(einvoice))
}

/// Answers any request to [`PATH`]: HTTP 200 and JSON, documents or an error.
async fn einvoice(State(state): State<AppState>, request: Request) -> Response {
    let body = match answer(&state, request).await {
        Ok(body) => body,
        Err(error) => crate::http::reply::webservice_body(&error),
    };
    crate::http::reply::json_bytes(StatusCode::OK, body)
}

async fn answer(state: &AppState, request: Request) -> Result<Vec<u8>, CatalogueError> {
    let (parts, body) = request.into_parts();
    if parts.method != Method::POST {
        return Err(ErrorCode::WsMethodNotAllowed.with(&[("method", parts.method.as_str())]));
    }
    let body = form::read_body(body).await?;
    let fields = form::parse_form(&parts.headers, &body)?;
    let query = form::validate(&fields, &state.tokens, state.clock.today())?;
    crate::webservice::get(&state.db, query).await
}

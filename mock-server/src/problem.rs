//! `application/problem+json` answers for the account area and the harness.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::CatalogueError;

/// A catalogue error answered as RFC 9457 problem details.
pub(crate) struct Problem(pub(crate) CatalogueError);

impl From<CatalogueError> for Problem {
    fn from(e: CatalogueError) -> Self {
        Problem(e)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({
            "type": format!("https://dckit.invalid/problems/{}", self.0.code.code()),
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": self.0.message,
            "code": self.0.code.code(),
        });
        let mut response = (status, body.to_string()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

//! `application/problem+json` answers for the account area and the harness.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::CatalogueError;
use dckit_contracts::model::problem::Problem as Body;

/// A catalogue error answered as RFC 9457 problem details (the contracts' [`Body`]).
pub(crate) struct Problem(pub(crate) CatalogueError);

impl From<CatalogueError> for Problem {
    fn from(e: CatalogueError) -> Self {
        Problem(e)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = Body::from_catalogue(&self.0);
        let status = StatusCode::from_u16(body.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let json = serde_json::to_string(&body).unwrap_or_else(|_| String::from("{}"));
        let mut response = (status, json).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(Body::CONTENT_TYPE),
        );
        crate::admin::journal::JournalMessage::attach(&mut response, &self.0.message);
        response
    }
}

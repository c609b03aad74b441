//! The refusal body of the portal and the admin API: RFC 9457 `application/problem+json`.

use serde::{Deserialize, Serialize};

use crate::errors::CatalogueError;

/// `{type, title, status, detail, code}`, answered with the HTTP status `status` and the content
/// type [`Problem::CONTENT_TYPE`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// [`Problem::TYPE_BASE`] followed by `code`, e.g. `https://dckit.invalid/problems/key-not-found`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// The standard reason phrase of `status` (`"Conflict"`), the same for every problem of a code.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// The catalogue message: what is wrong and what to do.
    pub detail: String,
    /// The catalogue's wire code (`"key-limit-reached"`).
    pub code: String,
}

impl Problem {
    /// The content type of a problem body.
    pub const CONTENT_TYPE: &'static str = "application/problem+json";

    /// What `type` starts with; the code follows.
    pub const TYPE_BASE: &'static str = "https://dckit.invalid/problems/";

    /// The problem for a catalogue error: its code, status and rendered message.
    pub fn from_catalogue(error: &CatalogueError) -> Self {
        let code = error.code.code();
        let status = error.status();
        Problem {
            problem_type: format!("{}{code}", Problem::TYPE_BASE),
            title: reason_phrase(status).to_owned(),
            status,
            detail: error.message.clone(),
            code: code.to_owned(),
        }
    }
}

impl From<&CatalogueError> for Problem {
    fn from(error: &CatalogueError) -> Self {
        Problem::from_catalogue(error)
    }
}

/// The reason phrase of an HTTP status (RFC 9110), `"Error"` for one not listed.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::{Api, CATALOGUE, ErrorCode};
    use crate::model::testing::assert_round_trip;
    use serde_json::json;

    #[test]
    fn problem_from_catalogue() {
        let err = ErrorCode::PortalKeyNotFound.with(&[("id", "key-9")]);
        let problem = Problem::from_catalogue(&err);
        assert_eq!(
            serde_json::to_value(&problem).unwrap(),
            json!({
            "type": "https://dckit.invalid/problems/key-not-found", "title": "Not Found", "status": 404,
            "detail": "No API key with id key-9.", "code": "key-not-found"})
        );
        assert_round_trip::<Problem>("problem", &serde_json::to_value(&problem).unwrap());
    }

    #[test]
    fn every_portal_and_admin_status_has_a_title() {
        for spec in CATALOGUE
            .iter()
            .filter(|s| matches!(s.api, Api::Portal | Api::Admin))
        {
            let problem = Problem::from_catalogue(&spec.id.with(&[]));
            assert_ne!(
                problem.title, "Error",
                "{:?} has status {}",
                spec.id, spec.status
            );
            assert_eq!(problem.status, spec.status);
            assert!(problem.problem_type.ends_with(spec.code));
        }
    }
}

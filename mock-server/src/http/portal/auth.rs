//! Who may use the account area: the bearer of the portal token.

use crate::account::Error;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use dckit_contracts::errors::ErrorCode;

/// Proof that the request carried `Authorization: Bearer <portal token>`; taken by every
/// handler as its first argument. Without it the request is refused with `PortalUnauthorized`
/// (401) before anything else is looked at.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Authorized;

impl FromRequestParts<AppState> for Authorized {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer)
            .unwrap_or("");
        // Compared in constant time, whatever was presented (even nothing).
        if crate::secrets::equal(presented, &state.tokens.portal) && !presented.is_empty() {
            Ok(Authorized)
        } else {
            Err(Error::new(ErrorCode::PortalUnauthorized, &[]))
        }
    }
}

/// The token of an `Authorization` value `Bearer <token>` (scheme case-insensitive, RFC 9110).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_values() {
        let cases = [
            ("Bearer pt_abc", Some("pt_abc")),
            ("bearer pt_abc", Some("pt_abc")),
            ("BEARER   pt_abc ", Some("pt_abc")),
            ("Basic cHQ6YWJj", None),
            ("pt_abc", None),
            ("Bearer", None),
            ("", None),
        ];
        for (value, expected) in cases {
            assert_eq!(bearer(value), expected, "{value:?}");
        }
    }
}

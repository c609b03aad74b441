//! [`PathParams`]: the `{parameters}` of a route's path, as text, whatever the client wrote.
//!
//! axum's `Path` refuses a parameter that is not UTF-8 once percent-decoded (`%FF`) with a
//! plain-text `400` before the handler runs, outside every API's envelope. This extractor never
//! refuses: such a parameter is kept as written (`%FF`), so the handler answers it as the id
//! it cannot be (`No API key with id %FF.`), in its own envelope.

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use std::convert::Infallible;

/// The values of the route's `{parameters}`, in the order of the path, percent-decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PathParams(pub(crate) Vec<String>);

impl PathParams {
    /// The `n`-th parameter (from 0), empty when the route has fewer.
    pub(crate) fn nth(&self, n: usize) -> String {
        self.0.get(n).cloned().unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let template = parts
            .extensions
            .get::<MatchedPath>()
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default();
        Ok(PathParams(params(&template, parts.uri.path())))
    }
}

/// The segments of `path` where `template` has a `{parameter}`.
fn params(template: &str, path: &str) -> Vec<String> {
    template
        .split('/')
        .zip(path.split('/'))
        .filter(|(t, _)| t.starts_with('{') && t.ends_with('}'))
        .map(|(_, raw)| decode(raw))
        .collect()
}

/// `raw` percent-decoded, or as written when the result is not UTF-8.
fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                // Two hex digits: at most 0xFF.
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_decoded_or_kept_as_written() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("/keys/{id}/label", "/keys/key-1/label", &["key-1"]),
            ("/keys/{id}/label", "/keys/key%2D1/label", &["key-1"]),
            ("/keys/{id}/label", "/keys/%C3%A8/label", &["è"]),
            ("/keys/{id}/label", "/keys/%FF/label", &["%FF"]),
            ("/keys/{id}/label", "/keys/%zz%4/label", &["%zz%4"]),
            (
                "/c/{key}/{instance}/x.csv",
                "/c/key-1/fe/x.csv",
                &["key-1", "fe"],
            ),
            ("/keys", "/keys", &[]),
        ];
        for (template, path, expected) in cases {
            assert_eq!(params(template, path), *expected, "{path}");
        }
    }
}

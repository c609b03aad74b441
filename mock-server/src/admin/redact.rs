//! What the journal may show of a request: headers and query parameters whose names carry
//! secrets are replaced by `<redacted>`.
//!
//! Secret names: `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`,
//! `Datacash-Key`, and any name containing `token`, `key`, `secret`, `password`, `passwd`,
//! `credential`, `auth` or `session` (case-insensitive), e.g. `token`, `X-Api-Key`,
//! `ade_credentials_encrypted`. Bodies are never recorded.

use axum::http::HeaderMap;
use indexmap::IndexMap;

/// What a secret value is shown as.
pub(crate) const REDACTED: &str = "<redacted>";

/// Exact names (lowercase) whose values are secret.
const SECRET_NAMES: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "datacash-key",
];

/// Parts of names (lowercase) whose values are secret.
const SECRET_PARTS: &[&str] = &[
    "token",
    "key",
    "secret",
    "password",
    "passwd",
    "credential",
    "auth",
    "session",
];

/// Whether a header or parameter called `name` holds a secret.
pub(crate) fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_NAMES.contains(&name.as_str()) || SECRET_PARTS.iter().any(|part| name.contains(part))
}

/// The headers as `name → value` (lowercase names, in order; repeated headers joined with
/// `, `), secrets redacted.
pub(crate) fn headers(headers: &HeaderMap) -> IndexMap<String, String> {
    let mut out: IndexMap<String, String> = IndexMap::with_capacity(headers.keys_len());
    for (name, value) in headers {
        let shown = if is_secret(name.as_str()) {
            REDACTED.to_owned()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        out.entry(name.as_str().to_owned())
            .and_modify(|v| {
                if v != REDACTED {
                    v.push_str(", ");
                    v.push_str(&shown);
                }
            })
            .or_insert(shown);
    }
    out
}

/// The query string as sent, with the value of every secret parameter replaced.
pub(crate) fn query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret(&decoded(name)) => format!("{name}={REDACTED}"),
            None if is_secret(&decoded(pair)) => REDACTED.to_owned(),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A query parameter's name, percent- and plus-decoded.
fn decoded(name: &str) -> String {
    form_urlencoded::parse(name.as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn secret_names() {
        let cases = [
            ("Authorization", true),
            ("cookie", true),
            ("Datacash-Key", true),
            ("X-Api-Key", true),
            ("token", true),
            ("webservice_token", true),
            ("ade_credentials_encrypted", true),
            ("X-Session-Id", true),
            ("content-type", false),
            ("accept", false),
            ("start", false),
            ("user-agent", false),
        ];
        for (name, secret) in cases {
            assert_eq!(is_secret(name), secret, "{name}");
        }
    }

    #[test]
    fn queries_keep_everything_but_secret_values() {
        let cases = [
            ("start=Today&token=s3cr3t", "start=Today&token=<redacted>"),
            ("api%5Fkey=s3cr3t&x=1", "api%5Fkey=<redacted>&x=1"),
            ("Token=a=b", "Token=<redacted>"),
            ("token", "<redacted>"),
            ("a=1&&b", "a=1&&b"),
            ("", ""),
        ];
        for (query_string, shown) in cases {
            assert_eq!(query(query_string), shown, "{query_string}");
        }
    }

    #[test]
    fn headers_are_redacted_and_repeats_joined() {
        let mut map = HeaderMap::new();
        map.insert("datacash-key", HeaderValue::from_static("dk_secret"));
        map.append("accept", HeaderValue::from_static("a/b"));
        map.append("accept", HeaderValue::from_static("c/d"));
        map.append("cookie", HeaderValue::from_static("s=1"));
        map.append("cookie", HeaderValue::from_static("t=2"));
        let shown = headers(&map);
        assert_eq!(shown["datacash-key"], REDACTED);
        assert_eq!(shown["accept"], "a/b, c/d");
        assert_eq!(shown["cookie"], REDACTED);
    }
}

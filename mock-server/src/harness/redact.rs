//! What the journal may show of a request: headers and query parameters whose names carry
//! secrets are replaced by `<redacted>`.
//!
//! Secret names: `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`,
//! `Datacash-Key`, and any name containing `token`, `key`, `secret`, `password`, `passwd`,
//! `credential`, `auth` or `session` (case-insensitive), e.g. `token`, `X-Api-Key`,
//! `ade_credentials_encrypted`. Bodies are never recorded.

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

/// Whether a header or parameter called `name` holds a secret.
pub(crate) fn is_secret(name: &str) -> bool {
    // The headers nearly every request has, answered without a scan.
    if let "host" | "accept" | "content-type" | "content-length" | "user-agent"
    | "accept-encoding" | "connection" = name
    {
        return false;
    }
    // Header names come lowercase: no copy for them.
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        is_secret_lowercase(name.to_ascii_lowercase().as_bytes())
    } else {
        is_secret_lowercase(name.as_bytes())
    }
}

fn is_secret_lowercase(name: &[u8]) -> bool {
    // One pass over the name, trying only the parts that start with the byte at hand: this
    // runs for every header of every request.
    let starts_part = |at: usize| {
        let rest = &name[at..];
        match rest[0] {
            b't' => rest.starts_with(b"token"),
            b'k' => rest.starts_with(b"key"),
            b's' => rest.starts_with(b"secret") || rest.starts_with(b"session"),
            b'p' => rest.starts_with(b"password") || rest.starts_with(b"passwd"),
            b'c' => rest.starts_with(b"credential"),
            b'a' => rest.starts_with(b"auth"),
            _ => false,
        }
    };
    SECRET_NAMES.iter().any(|n| n.as_bytes() == name) || (0..name.len()).any(starts_part)
}

/// Request headers with their secrets redacted, kept as one text (`name:value` lines, names
/// lowercase, in order, repeated headers joined with `, `) so that recording them costs one
/// allocation; [`RedactedHeaders::to_map`] gives them back as a map. A secret value is never
/// copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RedactedHeaders(String);

impl RedactedHeaders {
    /// The headers `headers()` yields as `(name, value)` pairs — names lowercase, the values
    /// of one name one after the other, as a request's header map yields them — secrets
    /// redacted. `headers` is called twice: to size the text, then to fill it.
    pub(crate) fn new<'a, F, I>(headers: F) -> RedactedHeaders
    where
        F: Fn() -> I,
        I: Iterator<Item = (&'a str, &'a [u8])>,
    {
        let size: usize = headers()
            .map(|(name, value)| name.len() + value.len().max(REDACTED.len()) + 3)
            .sum();
        let mut text = String::with_capacity(size);
        let mut previous: Option<(&str, bool)> = None;
        for (name, value) in headers() {
            if let Some((last, secret)) = previous
                && last == name
            {
                if !secret {
                    text.push_str(", ");
                    push_value(&mut text, value);
                }
                continue;
            }
            let secret = is_secret(name);
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(name);
            text.push(':');
            if secret {
                text.push_str(REDACTED);
            } else {
                push_value(&mut text, value);
            }
            previous = Some((name, secret));
        }
        RedactedHeaders(text)
    }

    /// The headers as `name → value`, in order.
    pub(crate) fn to_map(&self) -> IndexMap<String, String> {
        let mut out = IndexMap::new();
        for line in self.0.split('\n').filter(|l| !l.is_empty()) {
            // Names hold no ':' (HTTP tokens), so the first one ends the name.
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            out.entry(name.to_owned())
                .and_modify(|v: &mut String| {
                    if v != REDACTED {
                        v.push_str(", ");
                        v.push_str(value);
                    }
                })
                .or_insert_with(|| value.to_owned());
        }
        out
    }
}

/// Appends a header value: as it is when it is text (the usual case), else with what is not
/// UTF-8 replaced. Header values hold no line break (HTTP forbids them), so lines stay lines.
fn push_value(text: &mut String, value: &[u8]) {
    match std::str::from_utf8(value) {
        Ok(value) => text.push_str(value),
        Err(_) => text.push_str(&String::from_utf8_lossy(value)),
    }
}

/// The query string as sent, with the value of every secret parameter replaced.
pub(crate) fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if secret_parameter(name) => format!("{name}={REDACTED}"),
            None if secret_parameter(pair) => REDACTED.to_owned(),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether a query parameter's name, percent- and plus-decoded, holds a secret.
fn secret_parameter(name: &str) -> bool {
    if !name.contains(['%', '+']) {
        return is_secret(name);
    }
    form_urlencoded::parse(name.as_bytes())
        .next()
        .is_some_and(|(k, _)| is_secret(&k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    /// The rule as the module's documentation states it.
    fn is_secret_as_documented(name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        SECRET_NAMES.contains(&name.as_str()) || SECRET_PARTS.iter().any(|p| name.contains(p))
    }

    proptest! {
        #[test]
        fn the_fast_scan_agrees_with_the_documented_rule(
            name in "[a-zA-Z_-]{0,6}(token|Key|secret|pass(word|wd)?|credential|AUTH|session|cookie|authorization|datacash-key)?[a-zA-Z_-]{0,6}|[ -~]{0,24}"
        ) {
            prop_assert_eq!(is_secret(&name), is_secret_as_documented(&name), "{}", name);
        }
    }

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
            assert_eq!(redact_query(query_string), shown, "{query_string}");
        }
    }

    #[test]
    fn headers_are_redacted_and_repeats_joined() {
        let map: [(&str, &[u8]); 6] = [
            ("datacash-key", b"dk_secret"),
            ("accept", b"a/b"),
            ("accept", b"c/d"),
            ("cookie", b"s=1"),
            ("cookie", b"t=2"),
            ("x-odd", b"caf\xe9"),
        ];
        let shown = RedactedHeaders::new(|| map.iter().copied()).to_map();
        assert_eq!(shown["datacash-key"], REDACTED);
        assert_eq!(shown["accept"], "a/b, c/d");
        assert_eq!(shown["cookie"], REDACTED);
        assert_eq!(
            shown["x-odd"], "caf\u{fffd}",
            "not UTF-8: replaced, not dropped"
        );
        let names: Vec<&str> = shown.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["datacash-key", "accept", "cookie", "x-odd"],
            "in order"
        );
        assert!(
            RedactedHeaders::new(std::iter::empty::<(&str, &[u8])>)
                .to_map()
                .is_empty()
        );
    }
}

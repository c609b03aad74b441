//! The plumbing the clients share: the base URL and the paths joined to it, sending a
//! request, turning transport failures and non-2xx answers into [`ClientError`]s, and reading
//! JSON into a typed value.

use std::error::Error as StdError;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderValue;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::error::ClientError;
use super::options::{ClientOptions, build_http_client};

/// A client of one server: the `reqwest::Client`, the base URL every path is joined to, and
/// the time limits.
#[derive(Clone, Debug)]
pub(crate) struct Http {
    client: reqwest::Client,
    /// The base URL, its path ending with `/` (`http://127.0.0.1:8080/`,
    /// `https://host/prefix/`).
    base: Url,
    /// `host` or `host:port`, for messages.
    host: String,
    options: ClientOptions,
}

/// One request about to be sent: the method and the URL, which name it in messages.
#[derive(Clone, Debug)]
pub(crate) struct Route {
    pub(crate) method: Method,
    pub(crate) url: Url,
}

impl Route {
    /// `GET /portal/v1/account`: the method and the path, never the query.
    pub(crate) fn what(&self) -> String {
        format!("{} {}", self.method, self.url.path())
    }
}

impl Http {
    /// A client of the server at `base_url`, checked for use.
    pub(crate) fn new(base_url: &str, options: &ClientOptions) -> Result<Http, ClientError> {
        let base = parse_base(base_url)?;
        let host = match (base.host_str(), base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => String::new(),
        };
        Ok(Http {
            client: build_http_client(options)?,
            base,
            host,
            options: *options,
        })
    }

    /// The base URL (its path ends with `/`).
    pub(crate) fn base(&self) -> &Url {
        &self.base
    }

    /// The time limits.
    pub(crate) fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// The route `method` to the base URL followed by `segments`, each percent-encoded (a `/`
    /// in an id stays inside its segment). An empty last segment gives a trailing slash.
    /// Refuses a segment that is empty (but the last), `.` or `..`, which would change the
    /// route.
    pub(crate) fn route(&self, method: Method, segments: &[&str]) -> Result<Route, ClientError> {
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            if matches!(*segment, "." | "..") || (segment.is_empty() && !last) {
                return Err(ClientError::Invalid {
                    message: format!("{segment:?} is not a usable id"),
                });
            }
        }
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        Ok(Route { method, url })
    }

    /// A request for `route`, without a timeout (see [`Http::call`] and [`Http::open`]).
    pub(crate) fn request(&self, route: &Route) -> RequestBuilder {
        self.client.request(route.method.clone(), route.url.clone())
    }

    /// Sends a request bounded as a whole by `options.timeout` and reads the whole answer.
    /// Transport failures are errors; the status is not checked.
    pub(crate) async fn call(
        &self,
        route: &Route,
        request: RequestBuilder,
    ) -> Result<Answer, ClientError> {
        let response = request
            .timeout(self.options.timeout)
            .send()
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?;
        Ok(Answer {
            what: route.what(),
            status,
            body,
        })
    }

    /// Sends a request and checks its answer is a success; the body is left unread (for
    /// downloads and streams, which must not be bounded as a whole). `options.timeout` bounds
    /// the wait for the answer's head; a refusal's body is read within it too and turned into
    /// its error by `refusal`.
    pub(crate) async fn open(
        &self,
        request: RequestBuilder,
        refusal: impl FnOnce(StatusCode, &[u8]) -> ClientError,
    ) -> Result<Response, ClientError> {
        let limit = self.options.timeout;
        let response = tokio::time::timeout(limit, request.send())
            .await
            .map_err(|_| self.timeout(limit))?
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = tokio::time::timeout(limit, response.bytes())
            .await
            .map_err(|_| self.timeout(limit))?
            .map_err(|e| self.transport_error(e))?;
        Err(refusal(status, &body))
    }

    /// "did not answer within" this limit.
    pub(crate) fn timeout(&self, after: Duration) -> ClientError {
        ClientError::Timeout {
            host: self.host.clone(),
            after,
        }
    }

    /// The error of a request that got no (whole) answer.
    pub(crate) fn transport_error(&self, error: reqwest::Error) -> ClientError {
        let error = error.without_url();
        if error.is_timeout() {
            let after = if error.is_connect() {
                self.options.connect_timeout
            } else {
                self.options.timeout
            };
            return self.timeout(after);
        }
        let reason = innermost_cause(&error);
        if error.is_connect() {
            ClientError::Unreachable {
                host: self.host.clone(),
                reason,
            }
        } else if error.is_body() || error.is_decode() || error.is_request() {
            ClientError::Interrupted { reason }
        } else {
            ClientError::Unreachable {
                host: self.host.clone(),
                reason,
            }
        }
    }
}

/// A whole answer: status and body.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    /// The request, as [`Route::what`] names it.
    pub(crate) what: String,
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
}

impl Answer {
    /// The typed body of a success; the error the status and body say otherwise.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, ClientError> {
        if !self.status.is_success() {
            return Err(status_error(self.status, &self.body));
        }
        parse_json(&self.what, &self.body)
    }
}

/// The `Content-Type` of an answer, if readable.
pub(crate) fn content_type(response: &Response) -> Option<String> {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads `body` as a `T`; a failure is [`ClientError::Malformed`] naming `what` and the
/// field that did not parse.
pub(crate) fn parse_json<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, ClientError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| malformed(what, &e.to_string()))?;
    deserializer
        .end()
        .map_err(|e| malformed(what, &e.to_string()))?;
    Ok(value)
}

/// [`ClientError::Malformed`] for `what`.
pub(crate) fn malformed(what: &str, reason: &str) -> ClientError {
    ClientError::Malformed {
        what: what.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The error of a non-2xx answer: `401`/`403` are [`ClientError::Unauthorized`], other
/// `4xx` [`ClientError::Refused`], the rest (`5xx`, a redirect not followed)
/// [`ClientError::Server`]. The message is the
/// body's problem `detail` (with its `code`) or WebService `message` when there is one, else
/// a sentence naming the status.
pub(crate) fn status_error(status: StatusCode, body: &[u8]) -> ClientError {
    let (message, code) = server_message(body).unzip();
    let code = code.flatten();
    let phrase = status_phrase(status);
    let number = status.as_u16();
    match number {
        401 | 403 => ClientError::Unauthorized {
            status: number,
            code,
            message: message.unwrap_or_else(|| format!("the server refused the token ({phrase})")),
        },
        400..=499 => ClientError::Refused {
            status: number,
            code,
            message: message.unwrap_or_else(|| format!("the server answered {phrase}")),
        },
        300..=399 => ClientError::Server {
            status: number,
            code,
            message: message.unwrap_or_else(|| {
                format!("the server answered {phrase}: a redirect to another address, not followed")
            }),
        },
        _ => ClientError::Server {
            status: number,
            code,
            message: message.unwrap_or_else(|| format!("the server answered {phrase}")),
        },
    }
}

/// `502 Bad Gateway`.
pub(crate) fn status_phrase(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// The message a JSON error body carries: a problem's `detail` (and its `code`), or a
/// WebService error's `message`.
fn server_message(body: &[u8]) -> Option<(String, Option<String>)> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let text = |name: &str| {
        object
            .get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    if let Some(detail) = text("detail").filter(|d| !d.trim().is_empty()) {
        return Some((detail, text("code")));
    }
    if text("result").as_deref() == Some("error") {
        return text("message")
            .filter(|m| !m.trim().is_empty())
            .map(|m| (m, None));
    }
    None
}

/// A secret as a header value marked sensitive (kept out of reqwest's and hyper's debug
/// output), or [`ClientError::BadSecret`] naming `what`.
pub(crate) fn secret_header(value: &str, what: &str) -> Result<HeaderValue, ClientError> {
    let mut header = HeaderValue::from_str(value).map_err(|_| ClientError::BadSecret {
        what: what.to_owned(),
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// The innermost cause of an error, as a status line says it: `connection refused` for
/// "Connection refused (os error 111)".
pub(crate) fn innermost_cause(error: &(dyn StdError + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    plain(&cause.to_string())
}

/// An error text without the OS error number, its first letter lower-cased unless it starts
/// an acronym (`TLS`).
pub(crate) fn plain(text: &str) -> String {
    let mut text = text.trim();
    if let Some(open) = text.rfind(" (os error ")
        && text.ends_with(')')
    {
        text = &text[..open];
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            let mut out: String = first.to_lowercase().collect();
            out.push_str(&text[first.len_utf8()..]);
            out
        }
        _ => text.to_owned(),
    }
}

/// Checks a configured base URL: `http` or `https`, a host, no user name or password, no
/// query or fragment; its path made to end with `/` so joining keeps a prefix.
fn parse_base(raw: &str) -> Result<Url, ClientError> {
    let trimmed = raw.trim();
    let bad = |shown: String, reason: &str| ClientError::BadUrl {
        url: shown,
        reason: reason.to_owned(),
    };
    let mut url = match Url::parse(trimmed) {
        Ok(url) => url,
        Err(e) => return Err(bad(redact_userinfo(trimmed), &e.to_string())),
    };
    // The address as configured, its password (if any) hidden.
    let shown = if url.password().is_some() {
        let mut shown = url.clone();
        let _ = shown.set_password(Some("***"));
        shown.to_string()
    } else {
        trimmed.to_owned()
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(shown, "use an http:// or https:// address"));
    }
    if url.cannot_be_a_base() || url.host_str().is_none_or(str::is_empty) {
        return Err(bad(shown, "it names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            shown,
            "it must not hold a user name or password (tokens are configured apart)",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            shown,
            "it must not hold a query (?…) or a fragment (#…)",
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `scheme://***@rest` for a text that does not parse but looks like it holds user info.
fn redact_userinfo(raw: &str) -> String {
    if let Some((scheme, rest)) = raw.split_once("://") {
        let authority_end = rest.find('/').unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            return format!("{scheme}://***@{}", &rest[at + 1..]);
        }
    }
    raw.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(base: &str) -> Http {
        Http::new(base, &ClientOptions::default()).unwrap()
    }

    #[test]
    fn paths_keep_the_prefix_and_encode_ids() {
        let root = http("http://127.0.0.1:8080");
        let route = root
            .route(Method::GET, &["portal", "v1", "keys", "key/1 ?#%", "label"])
            .unwrap();
        assert_eq!(
            route.url.as_str(),
            "http://127.0.0.1:8080/portal/v1/keys/key%2F1%20%3F%23%25/label"
        );
        assert_eq!(
            route.what(),
            "GET /portal/v1/keys/key%2F1%20%3F%23%25/label"
        );
        let prefixed = http("https://example.invalid/dckit");
        let route = prefixed
            .route(Method::POST, &["api", "dco", "infoUser", ""])
            .unwrap();
        assert_eq!(
            route.url.as_str(),
            "https://example.invalid/dckit/api/dco/infoUser/"
        );
        let slash = http("https://example.invalid/dckit/");
        assert_eq!(
            slash
                .route(Method::GET, &["portal", "v1", "account"])
                .unwrap()
                .url
                .as_str(),
            "https://example.invalid/dckit/portal/v1/account"
        );
        assert_eq!(root.host, "127.0.0.1:8080");
        assert_eq!(prefixed.host, "example.invalid");
        for bad in ["..", ".", ""] {
            let err = root
                .route(Method::GET, &["portal", "v1", "keys", bad, "label"])
                .unwrap_err();
            assert!(matches!(err, ClientError::Invalid { .. }), "{bad:?}");
        }
    }

    #[test]
    fn unusable_base_urls_are_refused_in_words() {
        let err = Http::new("http://x y", &ClientOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "http://x y is not a usable address: invalid international domain name"
        );
        let err = Http::new("ftp://host", &ClientOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ftp://host is not a usable address: use an http:// or https:// address"
        );
        let err = Http::new("http://me:pw@host/", &ClientOptions::default()).unwrap_err();
        let text = err.to_string();
        assert!(!text.contains("pw"), "{text}");
        assert!(text.contains("must not hold a user name"), "{text}");
        let err = Http::new("http://host/?token=abc", &ClientOptions::default()).unwrap_err();
        assert!(err.to_string().contains("must not hold a query"), "{err}");
        let err = Http::new("127.0.0.1:8080", &ClientOptions::default()).unwrap_err();
        assert!(matches!(err, ClientError::BadUrl { .. }), "{err:?}");
        assert_eq!(
            redact_userinfo("http://me:pw@x y/z"),
            "http://***@x y/z".to_owned()
        );
    }

    #[test]
    fn causes_read_as_plain_words() {
        assert_eq!(
            plain("Connection refused (os error 111)"),
            "connection refused"
        );
        assert_eq!(plain("TLS handshake failed"), "TLS handshake failed");
        assert_eq!(plain("operation timed out"), "operation timed out");
        let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let outer = std::io::Error::other(io);
        assert_eq!(innermost_cause(&outer), "connection refused");
    }

    #[test]
    fn statuses_map_to_their_variants() {
        let problem = br#"{"type":"t","title":"Conflict","status":409,"detail":"No slot.","code":"key-limit-reached"}"#;
        assert_eq!(
            status_error(StatusCode::CONFLICT, problem),
            ClientError::Refused {
                status: 409,
                code: Some("key-limit-reached".into()),
                message: "No slot.".into()
            }
        );
        assert_eq!(
            status_error(StatusCode::UNAUTHORIZED, b"").to_string(),
            "the server refused the token (401 Unauthorized)"
        );
        assert_eq!(
            status_error(StatusCode::BAD_GATEWAY, b"<html>oops</html>").to_string(),
            "the server answered 502 Bad Gateway"
        );
        let ws = br#"{"result":"error","message":"Internal error: please try again later."}"#;
        assert_eq!(
            status_error(StatusCode::SERVICE_UNAVAILABLE, ws),
            ClientError::Server {
                status: 503,
                code: None,
                message: "Internal error: please try again later.".into()
            }
        );
        assert_eq!(
            status_error(StatusCode::NOT_FOUND, b"{not json").to_string(),
            "the server answered 404 Not Found"
        );
    }

    #[test]
    fn json_errors_name_the_route_and_the_field() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            n: u32,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Inner,
            licence: String,
        }
        let err = parse_json::<Outer>("GET /x", br#"{"inner": {"n": "seven"}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the answer to GET /x could not be read: inner.n: invalid type: string \"seven\", \
             expected u32 at line 1 column 23"
        );
        let err = parse_json::<Outer>("GET /x", br#"{"inner": {"n": 7}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the answer to GET /x could not be read: missing field `licence` at line 1 column 19"
        );
        let err = parse_json::<Inner>("GET /x", br#"{"n": 7} trailing"#).unwrap_err();
        assert!(err.to_string().contains("trailing characters"), "{err}");
    }
}

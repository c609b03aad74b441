//! Request bodies and methods: JSON read by hand, so every refusal is a problem with a precise
//! detail; a method a route does not serve answered with `Allow`.

use super::error::PortalResult;
use crate::account::Error;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Method, Uri, header};
use axum::routing::MethodRouter;
use dckit_contracts::errors::ErrorCode;
use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The largest body accepted, in bytes (64 KiB: every body of the account area is tiny).
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// `router`, with every method it does not serve refused with `PortalMethodNotAllowed` and
/// `Allow: allowed`.
pub(crate) fn allow(
    router: MethodRouter<AppState>,
    allowed: &'static str,
) -> MethodRouter<AppState> {
    router.fallback(move |method: Method, uri: Uri| async move {
        let mut response = crate::http::reply::problem(&ErrorCode::PortalMethodNotAllowed.with(&[
            ("method", method.as_str()),
            ("path", uri.path()),
            ("allowed", allowed),
        ]));
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allowed));
        response
    })
}

fn invalid(detail: &str) -> Error {
    Error::new(ErrorCode::PortalBodyInvalid, &[("detail", detail)])
}

/// Reads the whole body, at most [`MAX_BODY`] bytes.
pub(crate) async fn read(body: Body) -> PortalResult<Bytes> {
    let mut bytes = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| invalid("the body was cut off before its end"))?;
        if bytes.len() + chunk.len() > MAX_BODY {
            return Err(invalid(&format!(
                "the body is larger than {MAX_BODY} bytes"
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(bytes))
}

/// A JSON object body. `example` shows what is expected, for the message of an empty or
/// non-object body (the `Content-Type` is not checked: the body is always read as JSON).
pub(crate) async fn object(body: Body, example: &str) -> PortalResult<Map<String, Value>> {
    let bytes = read(body).await?;
    object_from(&bytes, example)
}

/// The JSON object in `bytes`, as [`object`] reads it.
pub(crate) fn object_from(bytes: &[u8], example: &str) -> PortalResult<Map<String, Value>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(&format!(
            "the body is empty: send a JSON object such as {example}"
        )));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(invalid(&format!(
            "expected a JSON object such as {example}, got {}",
            json_kind(&other)
        ))),
        Err(e) => Err(invalid(&format!("not valid JSON ({e})"))),
    }
}

/// An object already read, as `T`.
pub(crate) fn typed<T: DeserializeOwned>(map: Map<String, Value>) -> PortalResult<T> {
    serde_json::from_value(Value::Object(map)).map_err(|e| invalid(&e.to_string()))
}

/// `an array`, `a string`, … for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Months {
        #[allow(dead_code)]
        months: i64,
    }

    async fn detail(body: &'static str) -> String {
        let read = object(Body::from(body), r#"{"months": 12}"#).await;
        match read.and_then(typed::<Months>) {
            Ok(_) => "ok".to_owned(),
            Err(Error::Refused(e)) => e.message,
            Err(Error::Db(e)) => panic!("{e}"),
        }
    }

    #[tokio::test]
    async fn bodies_are_refused_with_what_is_wrong() {
        let cases = [
            (r#"{"months": 12}"#, "ok"),
            (
                "",
                r#"Invalid request body: the body is empty: send a JSON object such as {"months": 12}."#,
            ),
            (
                "[1]",
                r#"Invalid request body: expected a JSON object such as {"months": 12}, got an array."#,
            ),
            ("{}", "Invalid request body: missing field `months`."),
            (
                r#"{"months": "12"}"#,
                r#"Invalid request body: invalid type: string "12", expected i64."#,
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(detail(body).await, expected, "{body:?}");
        }
        assert!(
            detail("{")
                .await
                .starts_with("Invalid request body: not valid JSON (EOF")
        );
    }

    #[tokio::test]
    async fn large_bodies_are_refused() {
        let big = format!(r#"{{"months": 1, "pad": "{}"}}"#, "x".repeat(MAX_BODY));
        let err = object(Body::from(big), "{}").await.unwrap_err();
        let Error::Refused(e) = err else {
            panic!("not a refusal")
        };
        assert_eq!(
            e.message,
            format!("Invalid request body: the body is larger than {MAX_BODY} bytes.")
        );
    }
}

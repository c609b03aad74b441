//! Applying the fault rules to requests: the middleware between the journal and the routes.

use super::journal_layer::JournalSlot;
use crate::harness::{FaultAction, Faults, Hit};
use crate::http::connection_kill::ConnectionKill;
use crate::http::reply;
use crate::surface::Surface;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Applies the first fault rule that matches the request, if any; the harness is exempt.
/// Without rules (the usual case) this is one atomic load.
pub(crate) async fn apply<F, Fut>(faults: &Faults, req: Request, next: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    if !faults.any() {
        return next(req).await;
    }
    let surface = Surface::of(req.uri().path());
    if surface == Surface::Harness {
        return next(req).await;
    }
    let Some(hit) = faults.hit(req.method().as_str(), req.uri().path()) else {
        return next(req).await;
    };
    if let Some(slot) = req.extensions().get::<JournalSlot>() {
        slot.note_fault(hit.id.clone(), hit.action);
    }
    tracing::debug!(fault = %hit.id, action = ?hit.action, "fault applied");
    if let Some(delay) = hit.delay {
        tokio::time::sleep(delay).await;
    }
    match hit.action {
        FaultAction::Delay => next(req).await,
        FaultAction::Respond => respond(&hit, surface),
        FaultAction::Drop => match req.extensions().get::<ConnectionKill>() {
            Some(kill) => {
                kill.kill();
                // The connection's task drops this future with the connection.
                std::future::pending::<Response>().await
            }
            // Only requests served outside the accept loop (in-process tests) lack a kill
            // switch; answer them as a failure rather than hang.
            None => respond(&hit, surface),
        },
    }
}

/// The answer of a [`FaultAction::Respond`] rule: its body as given (a string as text, any
/// other value as JSON), or without one the internal error of the surface's API in its
/// envelope; the rule's content type, if any, replaces the body's.
fn respond(hit: &Hit, surface: Surface) -> Response {
    let status = reply::status(hit.status);
    let mut response = match &hit.body {
        Some(Value::String(text)) => (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text.clone(),
        )
            .into_response(),
        Some(value) => reply::json_bytes(status, value.to_string()),
        None => reply::injected(surface, status),
    };
    if let Some(content_type) = hit
        .content_type
        .as_deref()
        .and_then(|c| HeaderValue::from_str(c).ok())
    {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::FaultId;
    use dckit_contracts::errors::ErrorCode;
    use serde_json::json;

    fn hit(body: Option<Value>, content_type: Option<&str>) -> Hit {
        Hit {
            id: FaultId::new("t").unwrap(),
            action: FaultAction::Respond,
            delay: None,
            status: 503,
            body,
            content_type: content_type.map(str::to_owned),
        }
    }

    async fn parts(response: Response) -> (u16, String, String) {
        let status = response.status().as_u16();
        let ctype = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, ctype, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn each_api_gets_its_own_envelope_unless_the_rule_gives_a_body() {
        let dc = ErrorCode::DcInternal.message(&[]);
        let ws = ErrorCode::WsInternal.message(&[]);
        let cases = [
            (
                hit(None, None),
                Surface::DataCash,
                "application/json",
                json!({"esito": false, "idtrx": null, "progressivo": null,
                       "errori": [{"codice": "99", "descrizione": dc}]})
                .to_string(),
            ),
            (
                hit(None, None),
                Surface::WebService,
                "application/json",
                json!({"result": "error", "message": ws}).to_string(),
            ),
            (
                hit(Some(json!({"a": 1})), None),
                Surface::DataCash,
                "application/json",
                r#"{"a":1}"#.to_owned(),
            ),
            (
                hit(Some(json!("down")), None),
                Surface::WebService,
                "text/plain; charset=utf-8",
                "down".to_owned(),
            ),
            (
                hit(Some(json!("<h1>busy</h1>")), Some("text/html")),
                Surface::Portal,
                "text/html",
                "<h1>busy</h1>".to_owned(),
            ),
        ];
        for (hit, surface, ctype, body) in cases {
            let (s, c, b) = parts(respond(&hit, surface)).await;
            assert_eq!((s, c.as_str()), (503, ctype), "{surface:?}");
            let same = match (
                serde_json::from_str::<Value>(&b),
                serde_json::from_str::<Value>(&body),
            ) {
                (Ok(a), Ok(e)) => a == e,
                _ => b == body,
            };
            assert!(same, "{surface:?}: {b}");
        }
        let (s, c, b) = parts(respond(&hit(None, None), Surface::Portal)).await;
        assert_eq!((s, c.as_str()), (503, "application/problem+json"));
        let problem: Value = serde_json::from_str(&b).unwrap();
        assert_eq!(problem["status"], 503);
        assert_eq!(problem["title"], "Service Unavailable");
        assert_eq!(problem["code"], "internal");
    }
}

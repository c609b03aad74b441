//! Applying the fault rules to requests: the middleware between the journal and the routes.

use super::faults::{FaultAction, Faults, Hit};
use super::journal::JournalSlot;
use crate::http::route_table::Surface;
use crate::server::listener::ConnectionKill;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dckit_contracts::errors::{CatalogueError, ErrorCode};
use dckit_contracts::model::datacash::Envelope;
use dckit_contracts::model::webservice::WsError;
use serde_json::{Value, json};

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
    let Some(hit) = faults.hit(req.method(), req.uri().path()) else {
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

/// The answer of a [`FaultAction::Respond`] rule.
fn respond(hit: &Hit, surface: Surface) -> Response {
    let status = StatusCode::from_u16(hit.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (body, content_type, message) = match &hit.body {
        Some(Value::String(text)) => (text.clone().into_bytes(), "text/plain; charset=utf-8", None),
        Some(value) => (value.to_string().into_bytes(), "application/json", None),
        None => {
            let (body, content_type, message) = envelope(surface, status);
            (body, content_type, Some(message))
        }
    };
    let content_type = hit
        .content_type
        .as_deref()
        .and_then(|c| HeaderValue::from_str(c).ok())
        .unwrap_or(HeaderValue::from_static(content_type));
    let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Some(message) = message {
        crate::admin::journal::JournalMessage::attach(&mut response, &message);
    }
    response
}

/// The failure body of `surface` for an injected `status`, its content type and its message.
fn envelope(surface: Surface, status: StatusCode) -> (Vec<u8>, &'static str, String) {
    let error = |code: ErrorCode| -> CatalogueError { code.with(&[]) };
    match surface {
        Surface::DataCash => {
            let error = error(ErrorCode::DcInternal);
            let body = Envelope::from_catalogue(&error);
            (to_json(&body), "application/json", error.message)
        }
        Surface::WebService => {
            let error = error(ErrorCode::WsInternal);
            let body = WsError::from_catalogue(&error);
            (to_json(&body), "application/json", error.message)
        }
        Surface::Portal | Surface::Harness | Surface::Other => {
            let error = error(ErrorCode::PortalInternal);
            let body = json!({
                "type": format!("https://dckit.invalid/problems/{}", error.code.code()),
                "title": status.canonical_reason().unwrap_or("Error"),
                "status": status.as_u16(),
                "detail": error.message,
                "code": error.code.code(),
            });
            (to_json(&body), "application/problem+json", error.message)
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec())
}

#[cfg(test)]
mod tests {
    use super::super::faults::FaultId;
    use super::*;

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

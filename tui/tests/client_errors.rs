//! How the clients word failures: against wiremock stubs and a closed port, every error is
//! the expected variant with a plain sentence for a status line — no debug string, no
//! `reqwest`, never the token.

use std::time::Duration;

use dckit_tui::client::{
    ClientError, ClientOptions, DataCashClient, HarnessClient, PortalClient, WebServiceClient,
    WsQuery,
};
use dckit_tui::secret::Secret;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pt_s3cr3t-portal-token-0123456789";

fn problem(status: u16, title: &str, detail: &str, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/problem+json")
        .set_body_json(json!({
            "type": format!("https://dckit.invalid/problems/{code}"),
            "title": title, "status": status, "detail": detail, "code": code}))
}

async fn stub(server: &MockServer, route: &str, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(answer)
        .mount(server)
        .await;
}

fn portal(base: &str, options: &ClientOptions) -> PortalClient {
    PortalClient::new(base, Secret::new(TOKEN), options).unwrap()
}

/// The text a status line shows: plain words, no debug output, no secret.
fn assert_plain(error: &ClientError) -> String {
    let text = error.to_string();
    for bad in [
        "{",
        "Error {",
        "kind:",
        "reqwest",
        "hyper",
        TOKEN,
        "Some(",
        "\"status\"",
    ] {
        assert!(!text.contains(bad), "{bad:?} in {text:?}");
    }
    assert!(!text.trim().is_empty());
    text
}

#[tokio::test]
async fn a_401_problem_is_unauthorized_with_its_detail() {
    let server = MockServer::start().await;
    let detail = "Missing or invalid bearer token: send Authorization: Bearer <portal token>, as printed by dckit-mock at start.";
    stub(
        &server,
        "/portal/v1/account",
        problem(401, "Unauthorized", detail, "unauthorized"),
    )
    .await;
    let error = portal(&server.uri(), &ClientOptions::default())
        .account()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Unauthorized {
            status: 401,
            code: Some("unauthorized".into()),
            message: detail.into()
        }
    );
    assert_eq!(assert_plain(&error), detail);
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn a_401_without_a_problem_names_the_status() {
    let server = MockServer::start().await;
    stub(&server, "/portal/v1/keys", ResponseTemplate::new(401)).await;
    let error = portal(&server.uri(), &ClientOptions::default())
        .keys()
        .await
        .unwrap_err();
    assert_eq!(
        assert_plain(&error),
        "the server refused the token (401 Unauthorized)"
    );
    assert!(matches!(
        error,
        ClientError::Unauthorized { code: None, .. }
    ));
}

#[tokio::test]
async fn a_5xx_problem_is_a_server_error_with_its_detail() {
    let server = MockServer::start().await;
    let detail = "Internal error: please try again later.";
    stub(
        &server,
        "/portal/v1/counters",
        problem(500, "Internal Server Error", detail, "internal"),
    )
    .await;
    stub(
        &server,
        "/portal/v1/stores",
        problem(503, "Service Unavailable", detail, "internal"),
    )
    .await;
    let client = portal(&server.uri(), &ClientOptions::default());
    for (error, status) in [
        (client.counters().await.unwrap_err(), 500),
        (client.stores().await.unwrap_err(), 503),
    ] {
        assert_eq!(
            error,
            ClientError::Server {
                status,
                code: Some("internal".into()),
                message: detail.into()
            }
        );
        assert_eq!(assert_plain(&error), detail);
    }
}

#[tokio::test]
async fn a_502_html_page_is_named_by_its_status() {
    let server = MockServer::start().await;
    stub(
        &server,
        "/portal/v1/devices",
        ResponseTemplate::new(502)
            .insert_header("content-type", "text/html")
            .set_body_string("<html><body><h1>502 Bad Gateway</h1>{nginx}</body></html>"),
    )
    .await;
    let error = portal(&server.uri(), &ClientOptions::default())
        .devices()
        .await
        .unwrap_err();
    assert_eq!(assert_plain(&error), "the server answered 502 Bad Gateway");
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = MockServer::start().await;
    stub(
        &server,
        "/portal/v1/licences",
        ResponseTemplate::new(200)
            .set_body_json(json!([]))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let options = ClientOptions::default().with_timeout(Duration::from_millis(300));
    let began = std::time::Instant::now();
    let error = portal(&server.uri(), &options)
        .licences()
        .await
        .unwrap_err();
    assert!(
        began.elapsed() < Duration::from_secs(2),
        "{:?}",
        began.elapsed()
    );
    let host = server.uri().trim_start_matches("http://").to_owned();
    assert_eq!(
        error,
        ClientError::Timeout {
            host: host.clone(),
            after: Duration::from_millis(300)
        }
    );
    assert_eq!(
        assert_plain(&error),
        format!("{host} did not answer within 300 ms")
    );
}

#[tokio::test]
async fn malformed_json_on_200_names_the_route() {
    let server = MockServer::start().await;
    stub(
        &server,
        "/portal/v1/account",
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/json")
            .set_body_string(r#"{"id": "acc-1", "name": "Bar", "partitaIva": "01234567897"}"#),
    )
    .await;
    stub(
        &server,
        "/portal/v1/keys",
        ResponseTemplate::new(200).set_body_string("not json at all"),
    )
    .await;
    let client = portal(&server.uri(), &ClientOptions::default());
    let error = client.account().await.unwrap_err();
    assert_eq!(
        assert_plain(&error),
        "the answer to GET /portal/v1/account could not be read: missing field `contract` at \
         line 1 column 59"
    );
    assert!(
        matches!(error, ClientError::Malformed { ref what, .. } if what == "GET /portal/v1/account")
    );
    let error = client.keys().await.unwrap_err();
    assert_eq!(
        assert_plain(&error),
        "the answer to GET /portal/v1/keys could not be read: expected ident at line 1 column 2"
    );
}

#[tokio::test]
async fn a_closed_port_is_unreachable_with_connection_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let base = format!("http://{addr}");
    let options = ClientOptions::default();
    let errors = [
        portal(&base, &options).account().await.unwrap_err(),
        portal(&base, &options).events().await.unwrap_err(),
        DataCashClient::new(&base, Secret::new(TOKEN), Secret::new(TOKEN), &options)
            .unwrap()
            .info_user()
            .await
            .unwrap_err(),
        WebServiceClient::new(&base, Secret::new(TOKEN), &options)
            .unwrap()
            .get(&WsQuery::start("Today"))
            .await
            .unwrap_err(),
        HarnessClient::new(&base, Secret::new(TOKEN), &options)
            .unwrap()
            .clock()
            .await
            .unwrap_err(),
    ];
    for error in errors {
        assert_eq!(
            error,
            ClientError::Unreachable {
                host: addr.to_string(),
                reason: "connection refused".into()
            }
        );
        assert_eq!(
            assert_plain(&error),
            format!("cannot connect to {addr}: connection refused")
        );
    }
}

#[tokio::test]
async fn a_dropped_connection_is_interrupted() {
    // A server that reads the request and closes without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        for _ in 0..2 {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            drop(socket);
        }
    });
    let error = portal(&format!("http://{addr}"), &ClientOptions::default())
        .account()
        .await
        .unwrap_err();
    let text = assert_plain(&error);
    assert!(
        matches!(error, ClientError::Interrupted { .. }),
        "{error:?}"
    );
    assert!(text.starts_with("the connection broke off: "), "{text}");
    task.abort();
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_without_showing_it() {
    let error = PortalClient::new(
        "http://127.0.0.1:9",
        Secret::new("pt_bad\ntoken"),
        &ClientOptions::default(),
    )
    .unwrap_err();
    let text = assert_plain(&error);
    assert!(!text.contains("pt_bad"), "{text}");
    assert_eq!(
        text,
        "the portal token cannot be sent: it holds characters not allowed in an HTTP header"
    );
    let debug = format!(
        "{:?}",
        PortalClient::new(
            "http://127.0.0.1:9",
            Secret::new(TOKEN),
            &ClientOptions::default()
        )
        .unwrap()
    );
    assert!(!debug.contains(TOKEN), "{debug}");
}

#[tokio::test]
async fn a_redirect_to_another_server_is_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"esito": true})))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/dco/infoUser/"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/api/dco/infoUser/", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    // Within the same server a redirect is followed.
    Mock::given(method("GET"))
        .and(path("/portal/v1/stores"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/portal/v1/shops"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/portal/v1/shops"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;

    let client = DataCashClient::new(
        &server.uri(),
        Secret::new(TOKEN),
        Secret::new("-----BEGIN PGP MESSAGE-----"),
        &ClientOptions::default(),
    )
    .unwrap();
    let error = client.info_user().await.unwrap_err();
    assert_eq!(error.status(), Some(307));
    assert_eq!(
        assert_plain(&error),
        "the server answered 307 Temporary Redirect: a redirect to another address, not followed"
    );
    elsewhere.verify().await;

    let stores = portal(&server.uri(), &ClientOptions::default())
        .stores()
        .await
        .unwrap();
    assert!(stores.is_empty());
}

//! What the mock keeps to itself and what it refuses:
//!
//! * a session using every secret (the DataCash key in its header, the WebService token in
//!   its form, the portal and admin tokens as bearers, the credentials blob in bodies, wrong
//!   keys and tokens, secrets in query strings) run against the binary at `RUST_LOG=trace`
//!   leaves none of them in its logs (standard error, and standard output after the banner,
//!   which prints the server's own secrets once by design) nor in the request journal;
//! * bodies are capped: 2 MiB is refused with the API's catalogue error, with or without a
//!   declared length;
//! * a client sending its headers slower than the header timeout is disconnected;
//! * the harness answers only loopback clients on the main listener.

mod support;

use dckit_contracts::errors::ErrorCode;
use dckit_mock::Config;
use serde_json::{Value, json};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};
use support::{BearerClient, MockProcess, WS_PATH, http};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A value no server knows, easy to find in a log.
fn unknown_secret(prefix: &str) -> String {
    format!("{prefix}{}", dckit_mock::secrets::generate("", 24))
}

/// Runs a session touching every secret against `mock`; returns the secrets used, named.
async fn session(mock: &MockProcess) -> Vec<(String, String)> {
    let b = mock.banner.clone();
    let http = http();
    let mut secrets: Vec<(String, String)> = b
        .secrets()
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
    let mut note = |name: &str, value: &str| secrets.push((name.to_owned(), value.to_owned()));

    // The seller's Fisconline password and PIN, inside the encrypted blob.
    let mut credentials = support::credentials(&b.partita_iva);
    credentials.password = unknown_secret("Pw-");
    credentials.pin = unknown_secret("PIN");
    let blob = support::encrypt_for(&b.base, &credentials).await;
    note("Fisconline password", &credentials.password);
    note("Fisconline PIN", &credentials.pin);
    let armor_line = blob
        .lines()
        .max_by_key(|line| line.len())
        .unwrap()
        .to_owned();
    note("credentials blob", &armor_line);

    let dco = |key: &str, path: &str, mut body: Value| {
        body["ade_credentials_encrypted"] = Value::String(blob.clone());
        http.post(format!("{}/api/dco/{path}", b.base))
            .header("Datacash-Key", key)
            .json(&body)
            .send()
    };
    let ok = |resp: reqwest::Response| async move {
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert_eq!(status, 200, "{body}");
        body
    };
    let info = ok(dco(&b.datacash_key, "infoUser/", json!({})).await.unwrap()).await;
    assert_eq!(info["esito"], true, "{info}");
    let sent = ok(dco(&b.datacash_key, "sendDocument/", support::sale(1234))
        .await
        .unwrap())
    .await;
    assert_eq!(sent["esito"], true, "{sent}");
    let wrong_key = unknown_secret("dk_live_");
    note("wrong DataCash key", &wrong_key);
    let refused = dco(&wrong_key, "infoUser/", json!({})).await.unwrap();
    assert_ne!(refused.status(), 200);

    // The WebService token in the form, also a regenerated one, and a wrong one.
    let ws = |token: String| {
        http.post(format!("{}{WS_PATH}", b.base))
            .form(&[
                ("token", token.as_str()),
                ("ws", "einvoice"),
                ("action", "Get"),
            ])
            .send()
    };
    ws(b.webservice_token.clone()).await.unwrap();
    let regenerated: Value = http
        .post(format!("{}/__admin/webservice/token", b.base))
        .bearer_auth(&b.admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_token = regenerated["token"].as_str().unwrap().to_owned();
    note("regenerated webservice token", &new_token);
    let answer: Value = ws(new_token.clone()).await.unwrap().json().await.unwrap();
    assert_ne!(answer["result"], "error", "{answer}");
    let wrong_ws = unknown_secret("ws");
    note("wrong webservice token", &wrong_ws);
    let answer: Value = ws(wrong_ws).await.unwrap().json().await.unwrap();
    assert_eq!(answer["result"], "error", "{answer}");

    // The portal token as bearer and in query strings; a wrong one; a key made here.
    let portal = |path: &str, token: &str| {
        http.get(format!("{}{path}", b.base))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(
        portal("/portal/v1/account", &b.portal_token)
            .await
            .unwrap()
            .status(),
        200
    );
    let wrong_portal = unknown_secret("pt_");
    note("wrong portal token", &wrong_portal);
    assert_eq!(
        portal("/portal/v1/account", &wrong_portal)
            .await
            .unwrap()
            .status(),
        401
    );
    let in_query = unknown_secret("q");
    note("secret in a query string", &in_query);
    let query = format!(
        "/portal/v1/keys?token={in_query}&api_key={in_query}&password={in_query}&access_token={}",
        b.portal_token
    );
    assert_eq!(portal(&query, &b.portal_token).await.unwrap().status(), 200);
    let ws_query = format!("{}{WS_PATH}?token={}", b.base, b.webservice_token);
    http.post(ws_query).send().await.unwrap();
    let created: Value = http
        .post(format!("{}/portal/v1/keys", b.base))
        .bearer_auth(&b.portal_token)
        .json(&json!({"partitaIva": b.partita_iva, "label": "Secrecy"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_key = created["key"].as_str().unwrap().to_owned();
    note("created DataCash key", &new_key);
    ok(dco(&new_key, "infoUser/", json!({})).await.unwrap()).await;

    // The admin token as bearer, and a wrong one.
    let wrong_admin = unknown_secret("adm_");
    note("wrong admin token", &wrong_admin);
    let refused = http
        .get(format!("{}/__admin/faults", b.base))
        .bearer_auth(&wrong_admin)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    secrets
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_logs_or_the_journal_even_at_trace() {
    let mut mock = MockProcess::start(&["--ephemeral", "--addr", "127.0.0.1:0"], "trace");
    let secrets = session(&mock).await;
    let journal = BearerClient::new(&mock.banner.base, &mock.banner.admin_token)
        .get_text("/__admin/requests")
        .await;
    let entries: Value = serde_json::from_str(&journal).unwrap();
    assert!(
        entries["requests"].as_array().unwrap().len() >= 12,
        "the journal recorded the session: {journal}"
    );
    assert!(journal.contains("token=<redacted>"), "{journal}");

    mock.terminate();
    let status = mock
        .wait_for_exit(Duration::from_secs(10))
        .expect("the mock did not stop on SIGTERM");
    assert!(status.success());
    let printed = mock.printed();
    // The log is really at its most verbose: the server's and its libraries' debug events.
    assert!(
        printed.stderr.contains("DEBUG") && printed.stderr.contains("/api/dco/infoUser/"),
        "{}",
        printed.stderr
    );
    let places = [
        ("the log (stderr)", &printed.stderr),
        ("stdout after the banner", &printed.stdout),
        ("the journal", &journal),
    ];
    for (place, text) in places {
        for (name, secret) in &secrets {
            assert!(!text.contains(secret.as_str()), "{name} appears in {place}");
        }
    }
    // The OpenPGP library's own debug events dump key material (the service's secret key
    // among it): they must not be shown, whatever RUST_LOG says.
    let pgp = printed.stderr.lines().find(|line| line.contains(" pgp::"));
    assert_eq!(pgp, None, "OpenPGP internals in the log");
}

/// A 2 MiB body (2 MiB and one byte over the largest any route takes).
fn big_body() -> Vec<u8> {
    let mut body = b"{\"pad\": \"".to_vec();
    body.resize(2 * 1024 * 1024 + 1, b'x');
    body.extend_from_slice(b"\"}");
    body
}

/// The same bytes without a declared length (sent chunked).
fn streamed(body: Vec<u8>) -> reqwest::Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        body.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    reqwest::Body::wrap_stream(futures::stream::iter(chunks))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_2_mib_body_gets_the_api_s_catalogue_error() {
    let server = support::start(Config::ephemeral()).await;
    let base = server.base_url();
    let http = http();
    for chunked in [false, true] {
        let body = || {
            if chunked {
                streamed(big_body())
            } else {
                reqwest::Body::from(big_body())
            }
        };
        let dco: reqwest::Response = http
            .post(format!("{base}/api/dco/sendDocument/"))
            .header("Datacash-Key", server.datacash_key())
            .header("Content-Type", "application/json")
            .body(body())
            .send()
            .await
            .unwrap();
        assert_eq!(
            dco.status(),
            ErrorCode::DcBodyTooLarge.status(),
            "chunked {chunked}"
        );
        let dco: Value = dco.json().await.unwrap();
        assert_eq!(
            (&dco["esito"], &dco["errori"][0]["codice"]),
            (&json!(false), &json!(ErrorCode::DcBodyTooLarge.code())),
            "chunked {chunked}: {dco}"
        );

        let ws: Value = http
            .post(format!("{base}{WS_PATH}"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            ws,
            json!({"result": "error", "message": ErrorCode::WsBodyTooLarge.message(&[])}),
            "chunked {chunked}"
        );

        let portal = http
            .post(format!("{base}/portal/v1/keys"))
            .bearer_auth(server.portal_token())
            .header("Content-Type", "application/json")
            .body(body())
            .send()
            .await
            .unwrap_or_else(|e| panic!("portal, chunked {chunked}: {e:?}"));
        assert_eq!(portal.status(), 400, "chunked {chunked}");
        let portal: Value = portal.json().await.unwrap();
        assert_eq!(
            portal["code"],
            ErrorCode::PortalBodyInvalid.code(),
            "{portal}"
        );

        let admin = http
            .post(format!("{base}/__admin/faults"))
            .bearer_auth(server.admin_token())
            .header("Content-Type", "application/json")
            .body(body())
            .send()
            .await
            .unwrap();
        assert!(
            admin.status().is_client_error(),
            "chunked {chunked}: {}",
            admin.status()
        );
    }
    assert!(server.faults().is_empty());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sending_headers_too_slowly_is_disconnected() {
    const TIMEOUT: Duration = Duration::from_millis(300);
    let config = Config::ephemeral().with_header_read_timeout(TIMEOUT);
    let server = support::start(config).await;
    let request = b"GET /__health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n\r\n";

    // At normal speed the same request is answered.
    let mut quick = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    quick.write_all(request).await.unwrap();
    let mut answer = [0u8; 12];
    tokio::time::timeout(support::HTTP_LIMIT, quick.read_exact(&mut answer))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&answer, b"HTTP/1.1 200");

    // One byte every 50 ms takes over 3 s for the whole head: ten times the timeout.
    let stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let reader = tokio::spawn(async move {
        let mut got = Vec::new();
        let _ = read.read_to_end(&mut got).await;
        got
    });
    let started = Instant::now();
    let mut sent = 0;
    for byte in request {
        if reader.is_finished() || write.write_all(&[*byte]).await.is_err() {
            break;
        }
        sent += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got = tokio::time::timeout(support::HTTP_LIMIT, reader)
        .await
        .expect("the connection stayed open")
        .unwrap();
    assert!(
        sent < request.len(),
        "the whole head went through in {:?}",
        started.elapsed()
    );
    let got = String::from_utf8_lossy(&got);
    assert!(!got.contains(" 200 "), "answered: {got}");
    server.shutdown().await;
}

/// An address of this machine that is not loopback, if it has one (the one it would use to
/// reach the documentation network 192.0.2.0/24; no packet is sent).
fn non_loopback_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_harness_answers_remote_clients_only_on_its_own_listener() {
    let Some(ip) = non_loopback_address() else {
        // The predicate itself is covered by the unit test of admin::auth
        // (only_loopback_reaches_the_main_listener).
        eprintln!("no non-loopback address on this machine: remote access not tried");
        return;
    };
    let mut config = Config::ephemeral();
    config.addr = SocketAddr::new([0, 0, 0, 0].into(), 0);
    config.admin_addr = Some(SocketAddr::new([0, 0, 0, 0].into(), 0));
    let server = support::start(config).await;
    let http = http();
    let faults = |addr: SocketAddr| {
        http.get(format!("http://{addr}/__admin/faults"))
            .bearer_auth(server.admin_token())
            .send()
    };
    let port = server.addr().port();
    let admin_port = server.admin_addr().unwrap().port();
    let cases = [
        (SocketAddr::new([127, 0, 0, 1].into(), port), 200),
        (SocketAddr::new(ip, port), 403),
        (SocketAddr::new(ip, admin_port), 200),
    ];
    for (addr, status) in cases {
        let resp = faults(addr).await.unwrap();
        assert_eq!(resp.status(), status, "{addr}");
        if status == 403 {
            let body: Value = resp.json().await.unwrap();
            assert_eq!(body["code"], ErrorCode::AdminForbiddenRemote.code());
        }
    }
    // The rest of the API is open to remote clients.
    let health = http
        .get(format!("http://{}/__health", SocketAddr::new(ip, port)))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    server.shutdown().await;
}

//! The harness through HTTP and through the handle's helpers: auth, clock, reset, fault
//! rules, the request journal, the admin-only listener, and persistence.

mod support;

use dckit_mock::{
    Config, FaultAction, FaultRule, JournalEntry, JournalFilter, MockServer, StatusFilter,
};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::{BearerClient, WS_PATH, admin_post};

#[tokio::test]
async fn the_clock_can_be_frozen_advanced_and_unfrozen() {
    let server = support::start(Config::ephemeral()).await;
    let admin = server.admin_token().to_owned();
    let cases = [
        (
            json!({"freeze": "2019-06-15T12:00:00+02:00"}),
            200,
            Some("2019-06-15"),
        ),
        (json!({"advance": "1d"}), 200, Some("2019-06-16")),
        (json!({"advance": "-2d"}), 200, Some("2019-06-14")),
        (json!({"freeze": "not a time"}), 422, None),
        (json!({"advance": "3 weeks"}), 422, None),
        // Past the year 9999: refused, not a dropped connection.
        (json!({"advance": "99999999999d"}), 422, None),
        (json!({}), 400, None),
        (
            json!({"freeze": "2019-06-15T12:00:00Z", "unfreeze": true}),
            400,
            None,
        ),
        (json!({"bogus": 1}), 400, None),
    ];
    for (body, status, today) in cases {
        let (s, v, ctype) = admin_post(&server, "/__admin/clock", &admin, body.clone()).await;
        assert_eq!(s, status, "{body}: {v}");
        match today {
            Some(day) => assert_eq!(v["today"], day, "{body}"),
            None => {
                assert_eq!(ctype, "application/problem+json", "{body}");
                assert!(v["detail"].as_str().unwrap().len() > 10, "{body}: {v}");
            }
        }
    }
    let (s, v, _) = admin_post(&server, "/__admin/clock", &admin, json!({"unfreeze": true})).await;
    assert_eq!(s, 200);
    assert_eq!(v["frozen"], false);
}

#[tokio::test]
async fn the_harness_refuses_a_missing_or_wrong_token() {
    let server = support::start(Config::ephemeral()).await;
    for token in ["", "adm_wrong", server.portal_token()] {
        let (s, v, ctype) = admin_post(&server, "/__admin/reset", token, json!({})).await;
        assert_eq!(s, 401);
        assert_eq!(ctype, "application/problem+json");
        assert_eq!(v["code"], "admin-unauthorized");
        assert!(!v.to_string().contains(server.admin_token()));
    }
}

#[tokio::test]
async fn reset_reports_the_seed_and_unknown_admin_paths_are_problems() {
    let server = support::start(Config::ephemeral().with_seed(7)).await;
    let admin = server.admin_token().to_owned();
    let (s, v, _) = admin_post(&server, "/__admin/reset", &admin, json!({})).await;
    assert_eq!((s, v["seed"].as_u64()), (200, Some(7)));
    let (s, v, _) = admin_post(&server, "/__admin/reset", &admin, json!({"seed": 9})).await;
    assert_eq!((s, v["seed"].as_u64()), (200, Some(9)));
    assert_eq!(server.state().seed(), 9);
    let (s, v, _) = admin_post(&server, "/__admin/nothing", &admin, json!({})).await;
    assert_eq!(s, 404);
    assert!(v["detail"].as_str().unwrap().contains("/__admin/nothing"));
}

#[tokio::test]
async fn tokens_survive_a_restart_on_the_same_data_dir() {
    let dir = std::env::temp_dir().join(format!(
        "dckit-harness-{}-{}",
        std::process::id(),
        dckit_mock::secrets::generate("", 6)
    ));
    let first = support::start(Config::ephemeral().with_data_dir(&dir)).await;
    let tokens = (
        first.webservice_token(),
        first.portal_token().to_owned(),
        first.admin_token().to_owned(),
    );
    first.shutdown().await;
    let second = support::start(Config::ephemeral().with_data_dir(&dir)).await;
    assert_eq!(
        tokens,
        (
            second.webservice_token(),
            second.portal_token().to_owned(),
            second.admin_token().to_owned()
        )
    );
    let other = support::start(Config::ephemeral()).await;
    assert_ne!(other.webservice_token(), tokens.0);
}

#[tokio::test]
async fn the_admin_contract_cases_pass() {
    let server = support::start(Config::ephemeral()).await;
    support::the_cases_pass(&server, "admin", 8).await;
    assert!(server.faults().is_empty(), "the cases leave no rule behind");
}

/// A plain request: method, path, JSON body for POST.
async fn send(server: &MockServer, method: &str, path: &str) -> reqwest::Result<reqwest::Response> {
    let url = format!("{}{path}", server.base_url());
    let client = support::http();
    match method {
        "GET" => client.get(url).send().await,
        _ if path == WS_PATH => client.post(url).form(&[("ws", "einvoice")]).send().await,
        _ => client.post(url).json(&json!({})).send().await,
    }
}

/// Status, content type and JSON body (`Null` when not JSON).
async fn answer(response: reqwest::Response) -> (u16, String, Value) {
    let status = response.status().as_u16();
    let ctype = support::content_type(&response);
    (status, ctype, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_status_fault_answers_in_the_envelope_of_each_api() {
    let server = support::start(Config::ephemeral()).await;
    let dc = dckit_contracts::errors::ErrorCode::DcInternal.message(&[]);
    let ws = dckit_contracts::errors::ErrorCode::WsInternal.message(&[]);
    let cases = [
        (
            "POST",
            "/api/dco/infoUser/",
            "application/json",
            json!({"esito": false, "idtrx": null, "progressivo": null,
                   "errori": [{"codice": "99", "descrizione": dc}]}),
        ),
        (
            "POST",
            WS_PATH,
            "application/json",
            json!({"result": "error", "message": ws}),
        ),
        (
            "GET",
            "/portal/v1/keys",
            "application/problem+json",
            json!({"type": "https://dckit.invalid/problems/internal", "title": "Bad Gateway",
                   "status": 502, "detail": "Internal error: please try again later.",
                   "code": "internal"}),
        ),
    ];
    server.add_fault(FaultRule::status("**", 502)).unwrap();
    for (method, path, ctype, body) in cases {
        let (status, c, b) = answer(send(&server, method, path).await.unwrap()).await;
        assert_eq!((status, c.as_str(), &b), (502, ctype, &body), "{path}");
    }
    let overridden = FaultRule::status("/api/dco/pgp-key", 418)
        .with_id("teapot")
        .with_body(json!({"brewing": true}));
    server.add_fault(overridden).unwrap();
    server
        .remove_fault(&dckit_mock::FaultId::new("fault-1").unwrap())
        .unwrap();
    let (status, ctype, body) =
        answer(send(&server, "GET", "/api/dco/pgp-key").await.unwrap()).await;
    assert_eq!(
        (status, ctype.as_str(), body),
        (418, "application/json", json!({"brewing": true}))
    );
}

#[tokio::test]
async fn a_delay_fault_holds_the_request_then_lets_it_through_or_answers() {
    let server = support::start(Config::ephemeral()).await;
    let delay = Duration::from_millis(300);
    server
        .add_fault(FaultRule::delay("/api/dco/pgp-key", delay))
        .unwrap();
    server
        .add_fault(FaultRule::status("/api/dco/infoUser/", 504).with_delay(delay))
        .unwrap();
    for (method, path, status) in [
        ("GET", "/api/dco/pgp-key", 200),
        ("POST", "/api/dco/infoUser/", 504),
    ] {
        let started = Instant::now();
        let response = send(&server, method, path).await.unwrap();
        assert!(
            started.elapsed() >= delay,
            "{path}: {:?}",
            started.elapsed()
        );
        assert_eq!(response.status().as_u16(), status, "{path}");
    }
    let delayed = server.journal(&JournalFilter::default().path("/api/dco/pgp-key"));
    assert_eq!(delayed.len(), 1);
    let entry = &delayed[0];
    assert_eq!(entry.fault.as_ref().unwrap().action, FaultAction::Delay);
    assert_eq!(
        entry.route.as_deref(),
        Some("/api/dco/pgp-key"),
        "it proceeded"
    );
    assert!(entry.latency_us >= 300_000, "{}", entry.latency_us);
}

#[tokio::test]
async fn a_drop_fault_closes_the_connection_without_an_answer() {
    let server = support::start(Config::ephemeral()).await;
    let id = server
        .add_fault(FaultRule::drop_connection("/api/dco/pgp-key").times(1))
        .unwrap();
    let error = send(&server, "GET", "/api/dco/pgp-key").await.unwrap_err();
    assert!(!error.is_status(), "{error}");
    let entries = server.journal(&JournalFilter::default().status(StatusFilter::NoAnswer));
    assert_eq!(entries.len(), 1, "{entries:?}");
    let fault = entries[0].fault.as_ref().unwrap();
    assert_eq!((&fault.id, fault.action), (&id, FaultAction::Drop));
    // The rule expired; the server still answers.
    assert_eq!(
        send(&server, "GET", "/api/dco/pgp-key")
            .await
            .unwrap()
            .status(),
        200
    );
}

/// Which of `n` requests to `/api/dco/pgp-key` a fault answered.
async fn faulted(server: &MockServer, n: usize) -> Vec<bool> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let status = send(server, "GET", "/api/dco/pgp-key")
            .await
            .unwrap()
            .status();
        out.push(status == 503);
    }
    out
}

#[tokio::test]
async fn probabilities_apply_to_that_share_reproducibly() {
    const N: usize = 40;
    let rule = |p: f64| {
        FaultRule::status("/api/dco/pgp-key", 503)
            .with_id("flaky")
            .with_probability(p)
    };
    let server = support::start(Config::ephemeral()).await;
    for (p, expected) in [(0.0, vec![false; N]), (1.0, vec![true; N])] {
        server.add_fault(rule(p)).unwrap();
        assert_eq!(faulted(&server, N).await, expected, "probability {p}");
    }
    server.add_fault(rule(0.5)).unwrap();
    let first = faulted(&server, N).await;
    let hits = first.iter().filter(|h| **h).count();
    assert!((8..=32).contains(&hits), "{hits} of {N}");
    // The same id gives the same sequence: on a new server, and after re-adding the rule.
    let other = support::start(Config::ephemeral()).await;
    other.add_fault(rule(0.5)).unwrap();
    assert_eq!(faulted(&other, N).await, first);
    server.add_fault(rule(0.5)).unwrap();
    assert_eq!(faulted(&server, N).await, first);
    let listed = server.faults();
    assert_eq!(listed[0].applied, hits as u64);
}

#[tokio::test]
async fn a_counted_fault_expires() {
    let server = support::start(Config::ephemeral()).await;
    server
        .add_fault(FaultRule::status("/api/dco/pgp-key", 503).times(3))
        .unwrap();
    assert_eq!(faulted(&server, 5).await, [true, true, true, false, false]);
    assert!(server.faults().is_empty());
}

#[tokio::test]
async fn no_rule_locks_out_the_harness_and_the_journal_skips_it() {
    let server = support::start(Config::ephemeral()).await;
    server.add_fault(FaultRule::drop_connection("**")).unwrap();
    server.clear_journal();
    let admin = server.admin_token().to_owned();
    let (status, _, body) = answer(
        support::http()
            .get(format!("{}/__admin/faults", server.base_url()))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body["faults"].as_array().unwrap().len()), (200, 1));
    let health = send(&server, "GET", "/__health").await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(
        send(&server, "GET", "/").await.is_err(),
        "everything else is dropped"
    );
    let (s, v, _) = admin_post(
        &server,
        "/__admin/faults",
        &admin,
        json!({"path": "/x", "status": 500}),
    )
    .await;
    assert_eq!((s, v["id"].as_str()), (201, Some("fault-2")));
    let paths: Vec<String> = server
        .journal(&JournalFilter::default())
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(paths, ["/"], "only the dropped request is journaled");
}

#[tokio::test]
async fn the_journal_never_shows_a_secret() {
    let server = support::start(Config::ephemeral()).await;
    let secrets = [
        "S3cretKey1",
        "S3cretBearer2",
        "S3cretCookie3",
        "S3cretApiKey4",
        "S3cretQuery5",
        "S3cretQuery6",
        "S3cretForm7",
    ];
    let client = support::http();
    client
        .post(format!(
            "{}/api/dco/infoUser/?token={}&api_key={}&start=Today",
            server.base_url(),
            secrets[4],
            secrets[5]
        ))
        .header("Datacash-Key", secrets[0])
        .header("Authorization", format!("Bearer {}", secrets[1]))
        .header("Cookie", format!("session={}", secrets[2]))
        .header("X-Api-Key", secrets[3])
        .json(&json!({"ade_credentials_encrypted": secrets[6]}))
        .send()
        .await
        .unwrap();
    client
        .post(format!("{}{WS_PATH}", server.base_url()))
        .form(&[("token", secrets[6]), ("ws", "einvoice"), ("action", "Get")])
        .send()
        .await
        .unwrap();
    let text = BearerClient::harness(&server)
        .get_text("/__admin/requests")
        .await;
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let journal: Value = serde_json::from_str(&text).unwrap();
    let first = &journal["requests"][0];
    assert_eq!(
        first["query"],
        "token=<redacted>&api_key=<redacted>&start=Today"
    );
    for header in ["datacash-key", "authorization", "cookie", "x-api-key"] {
        assert_eq!(first["headers"][header], "<redacted>", "{header}");
    }
    assert_eq!(first["headers"]["content-type"], "application/json");
    assert!(!text.contains(server.admin_token()));
}

#[tokio::test]
async fn the_helpers_answer_as_the_routes_do() {
    let server = support::start(Config::ephemeral()).await;
    let admin = server.admin_token().to_owned();
    let http = support::http();
    let get = |path: &str| {
        http.get(format!("{}{path}", server.base_url()))
            .bearer_auth(&admin)
            .send()
    };
    for path in ["/", "/api/dco/pgp-key", "/nowhere"] {
        send(&server, "GET", path).await.unwrap();
    }
    send(&server, "POST", "/api/dco/infoUser/").await.unwrap();
    let filters = [
        ("", JournalFilter::default()),
        (
            "?method=GET&limit=2",
            JournalFilter::default().method("GET").limit(2),
        ),
        (
            "?status=4xx",
            JournalFilter::default().status(StatusFilter::Class(4)),
        ),
        (
            "?path=/api/**&since=1",
            JournalFilter::default().path("/api/**").since(1),
        ),
    ];
    for (query, filter) in filters {
        let routed: Value = get(&format!("/__admin/requests{query}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let entries: Vec<JournalEntry> =
            serde_json::from_value(routed["requests"].clone()).unwrap();
        assert_eq!(entries, server.journal(&filter), "{query}");
    }
    let id = server
        .add_fault(FaultRule::status("/a", 500).with_method("get").times(2))
        .unwrap();
    let routed: Value = get(&format!("/__admin/faults/{id}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(routed, serde_json::to_value(&server.faults()[0]).unwrap());
    assert_eq!(routed["method"], "GET");
    assert_eq!(routed["remaining"], 2);
    let refused = server.add_fault(FaultRule::status("/a", 42)).unwrap_err();
    let (s, v, _) = admin_post(
        &server,
        "/__admin/faults",
        &admin,
        json!({"path": "/a", "status": 42}),
    )
    .await;
    assert_eq!(
        (s, v["detail"].as_str().unwrap()),
        (422, refused.message.as_str())
    );
    assert_eq!(server.clear_faults(), 1);
    assert_eq!(server.clear_journal(), 4);
    assert!(server.journal(&JournalFilter::default()).is_empty());

    let at = chrono::DateTime::parse_from_rfc3339("2019-06-15T12:00:00+02:00").unwrap();
    let frozen = server.freeze_clock(at);
    let (_, routed, _) = admin_post(
        &server,
        "/__admin/clock",
        &admin,
        json!({"freeze": "2019-06-15T12:00:00+02:00"}),
    )
    .await;
    assert_eq!(serde_json::to_value(&frozen).unwrap(), routed);
    let advanced = server.advance_clock(chrono::TimeDelta::days(1));
    assert_eq!(advanced.today.to_string(), "2019-06-16");
    assert!(!server.unfreeze_clock().frozen);

    assert_eq!(server.reset(Some(5)).await.unwrap(), 5);
    let down = server.set_agency_up(false).await.unwrap();
    assert!(!down.up);
    let (_, routed, _) = admin_post(&server, "/__admin/agency", &admin, json!({"up": false})).await;
    assert_eq!(serde_json::to_value(&down).unwrap(), routed);
    assert!(server.set_agency_up(true).await.unwrap().up);
    let hook = server
        .set_webhook(Some("http://127.0.0.1:9/hook"))
        .await
        .unwrap();
    assert_eq!(hook.url.as_deref(), Some("http://127.0.0.1:9/hook"));
    let bad = server.set_webhook(Some("ftp://x")).await.unwrap_err();
    assert_eq!(
        bad.code,
        dckit_contracts::errors::ErrorCode::AdminWebhookInvalid
    );
    assert_eq!(server.set_webhook(None).await.unwrap().url, None);
    let piva = server.seller_partita_iva();
    let expired = server.expire_credentials(&piva).await.unwrap();
    assert!(expired.expired && expired.partita_iva == piva);
    assert!(server.expire_credentials("123").await.is_err());
}

#[tokio::test]
async fn the_admin_listener_serves_only_the_harness_to_any_client() {
    let mut config = Config::ephemeral();
    config.admin_addr = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
    let server = support::start(config).await;
    let admin_addr = server.admin_addr().unwrap();
    assert_ne!(admin_addr, server.addr());
    assert_eq!(
        server.banner().last().unwrap(),
        &format!("admin listening on http://{admin_addr}")
    );
    let base = format!("http://{admin_addr}");
    let client = support::http();
    let faults = client
        .get(format!("{base}/__admin/faults"))
        .bearer_auth(server.admin_token())
        .send()
        .await
        .unwrap();
    assert_eq!(faults.status(), 200);
    let refused = client
        .get(format!("{base}/__admin/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401, "the token is still needed");
    for path in ["/api/dco/pgp-key", "/openapi/datacash.json", WS_PATH] {
        let (status, ctype, body) =
            answer(client.get(format!("{base}{path}")).send().await.unwrap()).await;
        assert_eq!(
            (status, ctype.as_str()),
            (404, "application/problem+json"),
            "{path}"
        );
        assert_eq!(body["code"], "admin-not-found", "{path}");
    }
    assert_eq!(
        client
            .get(format!("{base}/__health"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // The main listener still serves the harness to loopback clients.
    let main = client
        .get(format!("{}/__admin/faults", server.base_url()))
        .bearer_auth(server.admin_token())
        .send()
        .await
        .unwrap();
    assert_eq!(main.status(), 200);
    // Requests to the admin listener are not journaled.
    assert!(server.journal(&JournalFilter::default()).is_empty());
}

#[tokio::test]
async fn a_dropped_handle_stops_the_server() {
    let server = support::start(Config::ephemeral()).await;
    let base = server.base_url().to_owned();
    assert_eq!(
        reqwest::get(format!("{base}/__health"))
            .await
            .unwrap()
            .status(),
        200
    );
    drop(server);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let fresh = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        if fresh.get(format!("{base}/__health")).send().await.is_err() {
            break;
        }
        assert!(Instant::now() < deadline, "still answering after 10 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

//! The DataCash document API through HTTP: the recorded contract cases, concurrency of
//! numbering and counting, deferred fiscalisation with its webhook, and persistence.

mod support;

use dckit_mock::Config;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{DATACASH_CLOCK, DcoClient};

fn sale(price: f64, lines: usize) -> Value {
    let line = json!({"aliquotaIVA": "22", "percentualeIVA": 22, "descrizioneProdotto": "Ombrello",
        "prezzoLordo": price, "quantita": 1, "scontoLordo": 0, "omaggioElemento": false});
    json!({"document": {"elementiContabili": vec![line; lines], "totaleScontiAPagare": 0,
        "omaggio": false, "codiceLotteria": "", "pagamento": "PC", "pagamenti": [],
        "ticketRestaurant": [], "documentoCommercialeCollegato": "", "multisede": {}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contract_cases_pass() {
    let server = support::start_at(DATACASH_CLOCK).await;
    support::the_cases_pass(&server, "datacash", 40).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sends_never_lose_a_count_or_share_a_number() {
    let dir = support::TempDir::new("datacash-concurrent");
    let dir = dir.path();
    let server = support::start(Config::ephemeral().with_data_dir(dir)).await;
    let client = Arc::new(DcoClient::demo(&server));
    let (_, before) = client.call("infoUser/", json!({})).await;
    let before = before["documentiEmessi"].as_u64().unwrap();
    let mut events = server.counter_events();
    const SENDS: usize = 120;
    let tasks: Vec<_> = (0..SENDS)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.call("sendDocument/", sale(1.0 + i as f64, 1)).await })
        })
        .collect();
    let mut numbers = HashSet::new();
    let mut ids = HashSet::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(numbers.insert(body["progressivo"].as_str().unwrap().to_owned()));
        assert!(ids.insert(body["idtrx"].as_str().unwrap().to_owned()));
    }
    let (_, after) = client.call("infoUser/", json!({})).await;
    assert_eq!(
        after["documentiEmessi"].as_u64().unwrap(),
        before + SENDS as u64
    );
    assert_eq!(after["documentiOggi"].as_u64().unwrap(), SENDS as u64);
    let today = server.clock().today().to_string();
    let (_, found) = client
        .call("findDocuments/", json!({"start": today, "end": today}))
        .await;
    assert_eq!(found["results"].as_array().unwrap().len(), SENDS);
    // Every count was published after its commit, and the last one shows the total.
    let mut seen = 0;
    let mut highest = 0;
    while let Ok(event) = events.try_recv() {
        seen += 1;
        highest = highest.max(event.total);
    }
    assert_eq!((seen, highest), (SENDS, before + SENDS as u64));
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// A webhook receiver that refuses its first `failures` calls.
async fn receiver(failures: usize) -> (String, Arc<Mutex<Vec<Value>>>, Arc<Mutex<usize>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let calls = Arc::new(Mutex::new(0usize));
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post({
            let received = received.clone();
            let calls = calls.clone();
            move |axum::Json(body): axum::Json<Value>| {
                let received = received.clone();
                let calls = calls.clone();
                async move {
                    let n = {
                        let mut c = calls.lock().unwrap();
                        *c += 1;
                        *c
                    };
                    if n <= failures {
                        return axum::http::StatusCode::SERVICE_UNAVAILABLE;
                    }
                    received.lock().unwrap().push(body);
                    axum::http::StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, received, calls)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deferred_sales_are_fiscalised_in_order_and_reported_with_retries() {
    let server = support::start(Config::ephemeral()).await;
    let client = DcoClient::demo(&server);
    let (url, received, calls) = receiver(1).await;
    support::admin(&server, "webhook", json!({"url": url})).await;
    support::admin(&server, "agency", json!({"up": false})).await;
    let mut temp_ids = Vec::new();
    for price in [1.0, 2.0, 3.0] {
        let (status, body) = client.call("sendDocument/", sale(price, 1)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            (body["esito"].clone(), body["stato"].clone()),
            (json!(true), json!("in_attesa"))
        );
        assert!(body["idtrx"].is_null() && body["progressivo"].is_null());
        temp_ids.push(body["idTemporaneo"].as_str().unwrap().to_owned());
    }
    let (_, info) = client.call("infoUser/", json!({})).await;
    let counted_while_down = info["documentiEmessi"].as_u64().unwrap();
    let status = support::admin(&server, "agency", json!({"up": true})).await;
    assert_eq!(status["up"], true);
    // Wait (bounded) for the three reports; the first call fails and is retried.
    let deadline = Instant::now() + Duration::from_secs(60);
    while received.lock().unwrap().len() < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut reports = received.lock().unwrap().clone();
    assert_eq!(reports.len(), 3, "calls: {}", calls.lock().unwrap());
    assert!(
        *calls.lock().unwrap() >= 4,
        "the refused delivery was retried"
    );
    // Deliveries may arrive in any order (the first is retried); fiscalisation is in order.
    reports.sort_by_key(|r| r["idTemporaneo"].as_str().unwrap().to_owned());
    let reported: Vec<&str> = reports
        .iter()
        .map(|r| r["idTemporaneo"].as_str().unwrap())
        .collect();
    assert_eq!(reported, temp_ids);
    let numbers: Vec<&str> = reports
        .iter()
        .map(|r| r["progressivo"].as_str().unwrap())
        .collect();
    let ids: Vec<u64> = reports
        .iter()
        .map(|r| r["idtrx"].as_str().unwrap().parse().unwrap())
        .collect();
    let (mut sorted_numbers, mut sorted_ids) = (numbers.clone(), ids.clone());
    sorted_numbers.sort();
    sorted_ids.sort();
    assert_eq!(
        (numbers, ids),
        (sorted_numbers, sorted_ids),
        "fiscalised in the order received"
    );
    for r in &reports {
        assert_eq!(r["codiceEsitoAgenzia"], "00");
        assert!(
            r["idtrx"]
                .as_str()
                .unwrap()
                .bytes()
                .all(|b| b.is_ascii_digit())
        );
        assert!(r["data"].as_str().unwrap().len() == 19, "{r}");
    }
    let (_, info) = client.call("infoUser/", json!({})).await;
    assert_eq!(
        info["documentiEmessi"].as_u64().unwrap(),
        counted_while_down + 3
    );
    let (_, voided) = client
        .call(
            &format!("voidDocument/{}/", reports[0]["idtrx"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(voided["esito"], true, "{voided}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_survives_a_restart() {
    let dir = support::TempDir::new("datacash-restart");
    let dir = dir.path();
    let server = support::start(Config::ephemeral().with_data_dir(dir)).await;
    let key = server.datacash_key().to_owned();
    let public_key = dckit_mock::credentials::fetch_public_key(server.base_url())
        .await
        .unwrap();
    let blob = dckit_mock::credentials::encrypt(&public_key, &server.demo_credentials()).unwrap();
    let client = DcoClient::new(server.base_url(), &key, &blob);
    let (_, info) = client.call("infoUser/", json!({})).await;
    let start_count = info["documentiEmessi"].as_u64().unwrap();
    let (_, sent) = client.call("sendDocument/", sale(12.5, 2)).await;
    let idtrx = sent["idtrx"].as_str().unwrap().to_owned();
    let today = server.clock().today().to_string();
    let (_, found) = client
        .call("findDocuments/", json!({"start": today, "end": today}))
        .await;
    assert_eq!(found["results"][0]["idtrx"], idtrx.as_str());
    assert_eq!(found["results"][0]["ammontareComplessivo"], json!(25.0));
    let pdf = client
        .http
        .post(format!("{}/api/dco/downloadDocument/{idtrx}/", client.base))
        .header("Datacash-Key", &key)
        .json(&json!({"ade_credentials_encrypted": blob, "regalo": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let (_, ret) = client
        .call(
            &format!("returnDocument/{idtrx}/"),
            json!({"elementi": [{"numeroElemento": 1, "quantita": 1}]}),
        )
        .await;
    assert_eq!(ret["esito"], true, "{ret}");
    let (_, void) = client
        .call(&format!("voidDocument/{idtrx}/"), json!({}))
        .await;
    assert_eq!(void["esito"], true, "{void}");
    let (status, again) = client
        .call(&format!("voidDocument/{idtrx}/"), json!({}))
        .await;
    assert_eq!(
        (status, again["errori"][0]["codice"].as_str()),
        (409, Some("42"))
    );
    let (_, info) = client.call("infoUser/", json!({})).await;
    assert_eq!(info["documentiEmessi"].as_u64().unwrap(), start_count + 3);
    let (_, before) = client
        .call("findDocuments/", json!({"start": today, "end": today}))
        .await;
    let kinds: Vec<&str> = before["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["tipoOperazione"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["V", "R", "A"]);
    server.shutdown().await;

    let again = support::start(Config::ephemeral().with_data_dir(dir)).await;
    assert_eq!(again.datacash_key(), key, "the demo key survives");
    let client = DcoClient {
        base: again.base_url().to_owned(),
        ..client
    };
    let (status, info) = client.call("infoUser/", json!({})).await;
    assert_eq!(
        status, 200,
        "the old credentials blob still decrypts: {info}"
    );
    assert_eq!(info["documentiEmessi"].as_u64().unwrap(), start_count + 3);
    let (_, after) = client
        .call("findDocuments/", json!({"start": today, "end": today}))
        .await;
    assert_eq!(after, before);
    again.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn oversized_and_odd_requests_get_the_envelope_never_a_500() {
    let server = support::start(Config::ephemeral()).await;
    let http = reqwest::Client::new();
    let url = |p: &str| format!("{}{p}", server.base_url());
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(1024 * 1024 + 10));
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            http.post(url("/api/dco/sendDocument/"))
                .header("Content-Type", "application/json")
                .header("Datacash-Key", server.datacash_key())
                .body(big.clone()),
            413,
            "21",
        ),
        (
            http.post(url("/api/dco/sendDocument/"))
                .header("Content-Type", "application/json")
                .body(reqwest::Body::wrap_stream(futures::stream::iter(
                    big.into_bytes()
                        .chunks(64 * 1024)
                        .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
                        .collect::<Vec<_>>(),
                ))),
            413,
            "21",
        ),
        (http.delete(url("/api/dco/infoUser/")), 405, "25"),
        (http.post(url("/api/dco")), 404, "26"),
        (http.post(url("/api/dco/voidDocument/12")), 404, "26"),
        (
            http.post(url("/api/dco/infoUser/"))
                .header("Content-Type", "application/json; charset=utf-8")
                .body("{\"a\": tru}"),
            400,
            "20",
        ),
        (
            http.post(url("/api/dco/infoUser/"))
                .header("Content-Type", "application/json")
                .body(""),
            400,
            "20",
        ),
        (
            http.post(url("/api/dco/infoUser/"))
                .header("Content-Type", "application/json")
                .header("Datacash-Key", server.datacash_key())
                .body("{\"ade_credentials_encrypted\": 42}"),
            400,
            "02",
        ),
    ];
    for (request, status, code) in cases {
        let resp = request.send().await.unwrap();
        let got = resp.status().as_u16();
        let ctype = resp.headers()["content-type"].to_str().unwrap().to_owned();
        let body: Value = resp.json().await.unwrap();
        assert_eq!(
            (got, ctype.as_str()),
            (status, "application/json"),
            "{body}"
        );
        assert_eq!(body["esito"], false);
        assert_eq!(body["errori"][0]["codice"], code, "{body}");
    }
    let key = http.get(url("/api/dco/pgp-key")).send().await.unwrap();
    assert_eq!(key.status(), 200);
    let armored = key.text().await.unwrap();
    // The served key encrypts credentials the server reads.
    let blob = dckit_mock::credentials::encrypt(&armored, &server.demo_credentials()).unwrap();
    let resp = http
        .post(url("/api/dco/infoUser/"))
        .header("Datacash-Key", server.datacash_key())
        .json(&json!({"ade_credentials_encrypted": blob}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn the_banner_names_the_demo_key_and_seller() {
    let server = support::start(Config::ephemeral()).await;
    let banner = server.banner();
    let names: Vec<&str> = banner
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "listening on http",
            "webservice token",
            "datacash key",
            "seller partita iva",
            "portal token",
            "admin token"
        ]
    );
    assert!(banner[2].ends_with(server.datacash_key()));
    let piva = server.seller_partita_iva();
    assert!(
        dckit_contracts::fiscal::PartitaIva::parse(&piva).is_ok(),
        "{piva}"
    );
    assert!(banner[3].ends_with(&piva));
    // A reset with another seed keeps the demo key.
    let key = server.datacash_key().to_owned();
    server.state().reset(Some(9)).await.unwrap();
    let client = DcoClient::demo(&server);
    assert_eq!(client.key, key);
    let (status, body) = client.call("infoUser/", json!({})).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_credentials_command_makes_a_blob_the_server_reads() {
    let server = support::start(Config::ephemeral()).await;
    let piva = server.seller_partita_iva();
    let url = server.base_url().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        support::command()
            .args([
                "credentials",
                "--cf",
                "rssmra80a01h501u",
                "--password",
                "Segreta!1",
            ])
            .args(["--pin", "12345", "--piva", &piva, "--url", &url, "--json"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    let blob = body["ade_credentials_encrypted"].as_str().unwrap();
    assert!(blob.starts_with("-----BEGIN PGP MESSAGE-----"), "{blob}");
    let client = DcoClient {
        credentials: blob.to_owned(),
        ..DcoClient::demo(&server)
    };
    let (status, info) = client.call("infoUser/", json!({})).await;
    assert_eq!(
        (status, info["esito"].clone()),
        (200, json!(true)),
        "{info}"
    );

    // Without a server to ask, the command says what to do.
    let output = tokio::task::spawn_blocking(|| {
        support::command()
            .args(["credentials", "--cf", "X", "--password", "p", "--pin", "1"])
            .args(["--piva", "1", "--url", "http://127.0.0.1:9"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is the mock running?"), "{stderr}");
}

//! Graceful shutdown of the `dckit-mock` binary under load: on SIGTERM the requests in flight
//! finish with their normal answer, new requests get 503 (not a refused connection), event
//! streams end, the process exits with status 0 within 5 seconds, and a restart on the same
//! data directory finds every document acknowledged — the database consistent.
#![cfg(unix)]

mod support;

use futures::StreamExt;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Acked, BearerClient, DcoClient, MockProcess, PORTAL_CLOCK, TempDir};

/// How long the fault rule holds each `infoUser` request.
const SLOW: Duration = Duration::from_millis(2000);

/// Slow requests in flight at the signal.
const SLOW_REQUESTS: usize = 6;

/// Clients sending documents until the server refuses them.
const SENDERS: usize = 4;

/// The longest the process may take to exit after SIGTERM.
const EXIT_LIMIT: Duration = Duration::from_secs(5);

/// The longest any wait of this test may take.
const WAIT_LIMIT: Duration = Duration::from_secs(60);

/// Calls `GET /__admin/faults/{id}` until the rule has applied `n` times.
async fn wait_applied(mock: &MockProcess, id: &str, n: u64) {
    let deadline = Instant::now() + WAIT_LIMIT;
    loop {
        let fault: Value = BearerClient::new(&mock.banner.base, &mock.banner.admin_token)
            .get_json(&format!("/__admin/faults/{id}"))
            .await;
        if fault["applied"].as_u64() == Some(n) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the rule never applied {n} times: {fault}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Calls `GET /__health` (each time on a new connection) until it answers 503.
async fn wait_draining(base: &str) {
    let deadline = Instant::now() + WAIT_LIMIT;
    loop {
        let status = support::http()
            .get(format!("{base}/__health"))
            .send()
            .await
            .expect("the server refused a connection while draining")
            .status();
        if status == 503 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the server never started draining"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_requests_in_flight_refuses_new_ones_and_loses_nothing() {
    let dir = TempDir::new("shutdown");
    let mut mock = MockProcess::start_on(dir.path(), "info");
    let banner = mock.banner.clone();
    let credentials =
        support::encrypt_for(&banner.base, &support::credentials(&banner.partita_iva)).await;
    let client = DcoClient::new(&banner.base, &banner.datacash_key, &credentials);
    let (base_total, _) = client.counts().await;

    // Load: senders go on until the server refuses them.
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let signalled = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicI64::new(100));
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let client = DcoClient::new(&banner.base, &banner.datacash_key, &credentials);
            let (acked, signalled, next) = (acked.clone(), signalled.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let cents = next.fetch_add(1, Ordering::SeqCst);
                    match client.try_call("sendDocument/", support::sale(cents)).await {
                        Ok((200, body)) => {
                            assert_eq!(body["esito"], true, "{body}");
                            acked.lock().unwrap().push(Acked {
                                idtrx: body["idtrx"].as_str().unwrap().to_owned(),
                                progressivo: body["progressivo"].as_str().unwrap().to_owned(),
                                cents,
                            });
                        }
                        Ok((503, _)) if signalled.load(Ordering::SeqCst) => return,
                        // After the drain the listener is closed: a refused connection then
                        // is expected.
                        Err(e) if signalled.load(Ordering::SeqCst) && e.is_connect() => return,
                        other => panic!("sendDocument: {other:?}"),
                    }
                }
            })
        })
        .collect();
    while acked.lock().unwrap().len() < 20 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    // An event stream, open at the signal.
    let events = support::http()
        .get(format!("{}/portal/v1/events", banner.base))
        .bearer_auth(&banner.portal_token)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    let mut events = events.bytes_stream();
    let first = events.next().await.unwrap().unwrap();
    assert!(first.starts_with(b": connected"), "{first:?}");
    let events = tokio::spawn(async move {
        while let Some(chunk) = events.next().await {
            if chunk.is_err() {
                return false;
            }
        }
        true
    });

    // Slow requests, in flight (held by the fault rule) at the signal.
    let (status, fault) = {
        let resp = support::http()
            .post(format!("{}/__admin/faults", banner.base))
            .bearer_auth(&banner.admin_token)
            .json(&json!({"path": "/api/dco/infoUser/", "delayMs": SLOW.as_millis()}))
            .send()
            .await
            .unwrap();
        (resp.status(), resp.json::<Value>().await.unwrap())
    };
    assert_eq!(status, 201, "{fault}");
    let fault_id = fault["id"].as_str().unwrap().to_owned();
    let slow: Vec<_> = (0..SLOW_REQUESTS)
        .map(|_| {
            let client = DcoClient::new(&banner.base, &banner.datacash_key, &credentials);
            tokio::spawn(async move { client.try_call("infoUser/", json!({})).await })
        })
        .collect();
    wait_applied(&mock, &fault_id, SLOW_REQUESTS as u64).await;

    let signalled_at = Instant::now();
    signalled.store(true, Ordering::SeqCst);
    mock.terminate();

    // During the drain: new requests get 503 at once, faulted path or not.
    wait_draining(&banner.base).await;
    let fresh_client = DcoClient::new(&banner.base, &banner.datacash_key, &credentials);
    for path in ["infoUser/", "findDocuments/"] {
        let (status, _) = fresh_client
            .try_call(path, json!({"start": "2026-02-15", "end": "2026-02-15"}))
            .await
            .unwrap_or_else(|e| panic!("{path} during the drain: {e}"));
        assert_eq!(status, 503, "{path} during the drain");
    }

    // The requests in flight finish with their normal answer.
    for request in slow {
        let (status, body) = request.await.unwrap().expect("a slow request was cut off");
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            (body["esito"].as_bool(), body["partitaIva"].as_str()),
            (Some(true), Some(banner.partita_iva.as_str())),
            "{body}"
        );
    }
    for sender in senders {
        tokio::time::timeout(WAIT_LIMIT, sender)
            .await
            .expect("a sender never stopped")
            .unwrap();
    }
    let ended = tokio::time::timeout(WAIT_LIMIT, events)
        .await
        .expect("the event stream never ended")
        .unwrap();
    assert!(ended, "the event stream ended cleanly");

    let left = EXIT_LIMIT.saturating_sub(signalled_at.elapsed());
    let status = mock
        .wait_for_exit(left)
        .unwrap_or_else(|| panic!("still running {EXIT_LIMIT:?} after SIGTERM"));
    let printed = mock.printed();
    assert!(status.success(), "{status}: {}", printed.stderr);

    let acked = acked.lock().unwrap().clone();
    support::check_database(dir.path(), &acked);
    let mock = MockProcess::start_on(dir.path(), "info");
    let credentials = support::encrypt_for(
        &mock.banner.base,
        &support::credentials(&banner.partita_iva),
    )
    .await;
    let today = support::at(PORTAL_CLOCK).date_naive();
    let at_least = base_total + u64::try_from(acked.len()).unwrap();
    support::check_acknowledged(&mock.banner, &credentials, today, &acked, at_least).await;
}

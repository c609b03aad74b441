//! Crash durability of the `dckit-mock` binary: 16 clients send documents, the process is
//! killed with SIGKILL in mid-stream (after N acknowledgements, with requests in flight),
//! then restarted on the same data directory — three times, at different points.
//!
//! After each kill, with the process dead, the database file itself must pass SQLite's
//! `integrity_check` and show nothing half-written: every document whole (its lines and
//! payments add up to its totals) and every counter equal to the documents it counts. After
//! each restart, every document that got `esito: true` must be there (in `findDocuments` and
//! in the counter export), as acknowledged, and the counter must equal the stored documents.
#![cfg(unix)]

mod support;

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Acked, DcoClient, MockProcess, PORTAL_CLOCK, TempDir};

/// Clients sending at once.
const SENDERS: usize = 16;

/// After how many acknowledgements (in that run) each of the three kills comes.
const KILL_AFTER: [usize; 3] = [25, 200, 500];

/// The longest a run may take to reach its kill point.
const SEND_LIMIT: Duration = Duration::from_secs(180);

/// The demo key's client, with credentials encrypted to this process's key.
async fn client(mock: &MockProcess) -> DcoClient {
    let b = &mock.banner;
    let credentials = support::encrypt_for(&b.base, &support::credentials(&b.partita_iva)).await;
    DcoClient::new(&b.base, &b.datacash_key, &credentials)
}

/// Sends documents from [`SENDERS`] clients until the process is killed, which happens once
/// `kill_after` of them are acknowledged. Document numbers continue from `next`. Returns
/// the acknowledged documents.
async fn send_until_killed(
    mock: &mut MockProcess,
    next: &Arc<AtomicI64>,
    kill_after: usize,
) -> Vec<Acked> {
    let client = client(mock).await;
    let acked = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let client = client.clone();
            let (acked, count, killed, next) =
                (acked.clone(), count.clone(), killed.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let cents = 100 + n;
                    let started_before_kill = !killed.load(Ordering::SeqCst);
                    match client.send(cents).await {
                        Some(doc) => {
                            acked.lock().unwrap().push(doc);
                            count.fetch_add(1, Ordering::SeqCst);
                        }
                        // Only the kill may break the exchange. Returns whether this send
                        // was in flight when the process died.
                        None => {
                            assert!(
                                killed.load(Ordering::SeqCst),
                                "a send failed before the kill"
                            );
                            return started_before_kill;
                        }
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + SEND_LIMIT;
    while count.load(Ordering::SeqCst) < kill_after {
        assert!(
            Instant::now() < deadline,
            "{kill_after} sends took over {SEND_LIMIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    killed.store(true, Ordering::SeqCst);
    mock.kill();
    let mut in_flight = 0;
    for sender in senders {
        let cut = tokio::time::timeout(support::HTTP_LIMIT, sender)
            .await
            .expect("a sender did not stop after the kill")
            .unwrap();
        in_flight += usize::from(cut);
    }
    assert!(in_flight > 0, "no send was in flight at the kill");
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= kill_after);
    acked
}

/// Checks through the API of a restarted process that every acknowledged document is there.
async fn check_api(mock: &MockProcess, acked: &[Acked], at_least: u64) {
    let b = &mock.banner;
    let credentials = support::encrypt_for(&b.base, &support::credentials(&b.partita_iva)).await;
    let today = support::at(PORTAL_CLOCK).date_naive();
    support::check_acknowledged(b, &credentials, today, acked, at_least).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_documents_survive_sigkill_at_three_points() {
    let dir = TempDir::new("durability");
    let next = Arc::new(AtomicI64::new(0));
    let mut all_acked: Vec<Acked> = Vec::new();
    let mut base_total = None;
    for kill_after in KILL_AFTER {
        let mut mock = MockProcess::start_on(dir.path(), "warn");
        if base_total.is_none() {
            base_total = Some(client(&mock).await.counts().await.0);
        } else {
            let at_least = base_total.unwrap_or(0) + u64::try_from(all_acked.len()).unwrap();
            check_api(&mock, &all_acked, at_least).await;
        }
        let acked = send_until_killed(&mut mock, &next, kill_after).await;
        all_acked.extend(acked);
        support::check_database(dir.path(), &all_acked);
    }
    let mock = MockProcess::start_on(dir.path(), "warn");
    let at_least = base_total.unwrap_or(0) + u64::try_from(all_acked.len()).unwrap();
    check_api(&mock, &all_acked, at_least).await;
}

//! The harness screen end to end against a live `MockServer`: requests made by another client
//! show up in the journal while the screen follows it, a fault rule added from the form makes
//! the next request fail with it and is listed, and moving the clock changes the clock shown.

mod support;

use dckit_mock::FaultRule;
use support::{Console, Options, start_mock};

/// A plain HTTP client standing for the integrator's own code.
fn other_client() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_follows_other_clients_faults_bite_and_the_clock_moves() {
    let mut c = Console::with(Options::new(120, 40), start_mock().await).await;
    let base = c.server().base_url().to_owned();
    c.press("8").await;
    c.wait_for_text("Journal · following").await;
    c.wait_for_text("Clock").await;

    // Another client's requests show up, newest first, while the screen follows.
    let client = other_client();
    let answer = client
        .get(format!("{base}/api/dco/e2e-harness-probe/"))
        .send()
        .await
        .expect("the mock answers");
    let probe_status = answer.status().as_u16();
    assert!(probe_status >= 400, "an unknown path is refused");
    c.wait_for_text("/api/dco/e2e-harness-probe/").await;
    let screen = c.screen();
    let probe_line = screen
        .lines()
        .find(|l| l.contains("/api/dco/e2e-harness-probe/"))
        .expect("the probe's line");
    assert!(
        probe_line.contains(&probe_status.to_string()),
        "{probe_line}"
    );

    // A fault rule from the form: listed, and the next request fails with it.
    c.press("n").await;
    c.wait_for_text("Add fault rule").await;
    c.press("ctrl-u").await;
    c.type_text("/api/dco/e2e-fault/").await;
    c.press("tab").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("502").await;
    c.press("enter").await;
    c.wait_for_text("fault-1 /api/dco/e2e-fault/").await;
    let faults = c.server().faults();
    assert_eq!(faults.len(), 1);
    assert_eq!(faults[0].rule.status, Some(502));
    assert_eq!(faults[0].rule.path, "/api/dco/e2e-fault/");
    let answer = client
        .post(format!("{base}/api/dco/e2e-fault/"))
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(answer.status().as_u16(), 502);
    c.wait_for_text("fault-1      /api/dco/e2e-fault/").await;
    let screen = c.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("fault-1      /api/dco/e2e-fault/"))
        .expect("the faulted request's line");
    assert!(line.contains("502"), "{line}");

    // The entry's detail has the mock's message.
    c.press("g").await;
    c.press("enter").await;
    c.wait_for_text("Request #").await;
    let detail = c.screen();
    assert!(detail.contains("fault-1 (respond)"), "{detail}");
    assert!(detail.contains("Message"), "{detail}");
    c.press("esc").await;

    // Moving the clock by a day changes the clock shown.
    assert!(c.screen().contains("2026-02-15 10:31:07 +01:00"));
    c.press("+").await;
    c.press("ctrl-u").await;
    c.type_text("1d").await;
    c.press("enter").await;
    c.wait_for_text("2026-02-16 10:31:07 +01:00").await;
    assert_eq!(
        c.server().clock().now_utc().to_rfc3339(),
        "2026-02-16T09:31:07+00:00"
    );

    // The rule is removed after a confirmation naming it.
    c.server()
        .add_fault(FaultRule::status("/portal/never", 500))
        .expect("a second rule");
    c.press("r").await;
    c.wait_for_text("Faults: 2").await;
    c.press("d").await;
    c.wait_for_text("Remove the fault rule fault-1").await;
    c.press("y").await;
    c.wait_for_text("Faults: 1").await;
    assert_eq!(c.server().faults().len(), 1);
}

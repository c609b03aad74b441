//! The harness screen against a seeded mock frozen on 2026-02-15T10:31:07+01:00: snapshots at
//! 80x24 and 120x40 of the journal with entries (times and latencies masked), an entry's
//! detail, the fault form, a server error, and the mono theme through the styled buffer.

mod support;

use dckit_mock::{FaultRule, JournalFilter};
use regex::Regex;
use std::sync::LazyLock;
use support::{Console, Options, start_mock};

/// `10:31:07` at the start of a journal row (real time: random), whole or cut by a dialog.
static ROW_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"│[0-9][0-9:]{0,7}").expect("regex"));
/// A journal id (ids go on across the console's own requests before the journal was cleared).
static REQUEST_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Request #\d+").expect("regex"));
/// A latency (`850µs`, `12.3ms`, `1.25s`) and the spaces after it, random from run to run.
static LATENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d+(\.\d+)?(µs|ms|s)\b *").expect("regex"));
/// The detail's `At` line.
static AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC").expect("regex"));

fn masked(text: &str) -> String {
    let text = ROW_TIME.replace_all(text, |c: &regex::Captures| {
        c[0].chars()
            .map(|ch| if ch.is_ascii_digit() { 'H' } else { ch })
            .collect::<String>()
    });
    let text = REQUEST_ID.replace_all(&text, "Request #N");
    let text = AT.replace_all(&text, "YYYY-MM-DD HH:MM:SS.mmm UTC");
    LATENCY
        .replace_all(&text, |c: &regex::Captures| {
            // Keep the column width: `LAT` and as many spaces as the value and its padding.
            format!("{:<w$}", "LAT", w = c[0].chars().count())
        })
        .into_owned()
}

fn check(name: &str, what: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(what);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn snap(console: &mut Console, base: &str, what: &str) {
    let (w, h) = console.app().size();
    let text = masked(&console.screen());
    check(&format!("{base}_{w}x{h}"), what, &text);
}

/// A console on the harness screen, with a journal of four requests made by another client
/// (one answered by a fault), following paused so that the picture holds still.
async fn journal_console(options: Options) -> Console {
    let server = start_mock().await;
    server
        .add_fault(
            FaultRule::status("/api/dco/sendDocument/", 503)
                .with_method("POST")
                .times(5)
                .with_id("flaky-send"),
        )
        .expect("a fault rule");
    let mut c = Console::with(options, server).await;
    c.server().clear_journal();
    let base = c.server().base_url().to_owned();
    let client = reqwest::Client::new();
    let key = c.server().datacash_key().to_owned();
    client
        .get(format!("{base}/api/dco/pgp-key"))
        .send()
        .await
        .expect("an answer");
    client
        .post(format!("{base}/api/dco/nothing/"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("an answer");
    client
        .post(format!("{base}/api/dco/infoUser/"))
        .header("DataCash-Key", "wrong-key")
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("an answer");
    client
        .post(format!("{base}/api/dco/sendDocument/"))
        .header("DataCash-Key", key)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("an answer");
    // Only those four (the console's own requests were cleared before them).
    let seen = c.server().journal(&JournalFilter::default());
    assert_eq!(seen.len(), 4, "{seen:?}");
    c.press("8").await;
    c.wait_for_text("/api/dco/sendDocument/").await;
    // The side panel's reads are counted: settled means they are in.
    c.settle().await;
    c.press("f").await;
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journal_detail_and_fault_form() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut c = journal_console(Options::new(w, h)).await;
        snap(
            &mut c,
            "harness_journal",
            "four requests by another client, newest first; the fault that answered one; paused",
        );
        if w == 80 {
            c.press("p").await;
            snap(
                &mut c,
                "harness_side",
                "80x24: the clock, agency, webhook and faults panel instead of the journal",
            );
            c.press("p").await;
        }
        c.press("j").await;
        c.press("enter").await;
        snap(
            &mut c,
            "harness_detail",
            "the refused infoUser request: redacted headers and the mock's message",
        );
        c.press("esc").await;
        c.press("n").await;
        snap(
            &mut c,
            "harness_fault_form",
            "the fault-rule form, as it opens",
        );
        c.press("tab").await;
        c.press("tab").await;
        c.press("ctrl-u").await;
        c.type_text("700").await;
        c.press("enter").await;
        snap(
            &mut c,
            "harness_fault_form_invalid",
            "a status out of range refused in the form, before any request",
        );
        c.press("esc").await;
        // The rule listed was removed meanwhile by the integrator's code: removing it from
        // the screen gets the server's refusal, in its words.
        c.server()
            .remove_fault(&dckit_mock::FaultId::new("flaky-send").expect("an id"))
            .expect("removed");
        c.press("d").await;
        c.wait_for_text("Remove the fault rule flaky-send").await;
        c.press("y").await;
        c.wait_for_text("flaky-send").await;
        snap(
            &mut c,
            "harness_server_error",
            "the fault rule was already gone: the mock's 404 message is shown",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mono_journal() {
    let mut c = journal_console(Options::new(80, 24).mono()).await;
    let styled = masked(&c.styled());
    check(
        "harness_journal_mono_80x24",
        "the journal in the mono theme: the selection and statuses without colour",
        &styled,
    );
}

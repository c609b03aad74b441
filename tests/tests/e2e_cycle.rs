//! The whole document cycle through the console, across its screens, against a live mock: two
//! sales sent from the documents screen's form, one voided, a line of the other returned; the
//! live counter, the statistics of the day and the harness journal follow each step.

mod support;

use chrono::NaiveDate;
use dckit_contracts::model::datacash::VatCode;
use dckit_contracts::model::portal::StatsTarget;
use dckit_tui::client::{ClientOptions, PortalClient};
use dckit_tui::format::euro;
use support::Console;

/// The demo key's label (its device is in the first store, the statistics' default target).
const DEMO_KEY: &str = "Gestionale cassa Centro";

/// The line of `screen` holding every one of `needles`.
fn line_with(screen: &str, needles: &[&str]) -> String {
    screen
        .lines()
        .find(|l| needles.iter().all(|n| l.contains(n)))
        .unwrap_or_else(|| panic!("no line holds {needles:?}; the screen:\n{screen}"))
        .to_owned()
}

/// The demo key's `dco` counter as the counters screen shows it: total and today.
async fn counter(c: &mut Console) -> (u64, u64) {
    c.press("4").await;
    c.settle().await;
    let screen = c.screen();
    let row = line_with(&screen, &[DEMO_KEY, "dco receipts"]);
    let mut numbers = row
        .split_once("dco receipts")
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .split_whitespace()
        .map(|w| w.replace('.', "").parse::<u64>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(total)), Some(Ok(today))) => (total, today),
        _ => panic!("no counts on {row:?}"),
    }
}

/// The 22 % total of the first store today, as the server computes it.
async fn vat_22_today(c: &Console) -> Option<String> {
    let server = c.server();
    let portal = PortalClient::new(
        server.base_url(),
        server.portal_token().to_owned().into(),
        &ClientOptions::default(),
    )
    .expect("a portal client");
    let today = NaiveDate::from_ymd_opt(2026, 2, 15).expect("a day");
    let stats = portal
        .stats(StatsTarget::Store("store-1".into()), today, today)
        .await
        .expect("the statistics");
    stats
        .by_vat
        .iter()
        .find(|v| v.vat_code == VatCode::Vat22)
        .map(|v| euro(v.total.0))
}

/// Reads the statistics screen again and waits for them.
async fn statistics(c: &mut Console) -> String {
    c.press("5").await;
    c.press("r").await;
    c.settle().await;
    c.screen()
}

/// Types a sale of one line in the documents screen's form and waits for its number.
async fn send(c: &mut Console, description: &str, vat: &str, price: &str, quantity: &str) {
    c.press("n").await;
    c.type_text(description).await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text(vat).await;
    c.press("tab").await;
    c.type_text(price).await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text(quantity).await;
    let sent = journalled(c, "/api/dco/sendDocument/") + 1;
    let found = journalled(c, "/api/dco/findDocuments/") + 1;
    c.press("enter").await;
    let deadline = tokio::time::Instant::now() + support::TIMEOUT;
    // Sent, then searched again: once that search is journalled the console waits for it.
    while journalled(c, "/api/dco/sendDocument/") < sent
        || journalled(c, "/api/dco/findDocuments/") < found
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the sale was not sent: {}",
            c.screen()
        );
        c.runtime
            .wait_until(std::time::Duration::from_millis(20), |_| false)
            .await;
    }
    c.wait_for_text("sale DCW").await;
    c.settle().await;
}

/// How many requests to `path` the mock has journalled.
fn journalled(c: &Console, path: &str) -> usize {
    c.server()
        .journal(&dckit_mock::JournalFilter::default().path(path))
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_sent_voided_and_returned_moves_counter_statistics_and_journal() {
    // All four charts at once.
    let mut c = Console::start(200, 60).await;
    c.press("5").await;
    c.wait_for_text("Takings per day").await;
    c.press("p").await;
    for _ in 0..4 {
        c.press("up").await;
    }
    c.press("enter").await;
    c.wait_for_text("2026-02-15 (Today)").await;
    c.settle().await;
    assert!(
        c.screen().contains("No documents in this range"),
        "the seeded documents end yesterday:\n{}",
        c.screen()
    );
    let (total, today) = counter(&mut c).await;

    // Two sales from the form, the second voided from its detail.
    c.press("6").await;
    c.wait_for_text("Documents ·").await;
    c.settle().await;
    send(&mut c, "Cornetto e2e", "22", "2,50", "2").await;
    send(&mut c, "Spremuta e2e", "10", "3,20", "1").await;
    // The newest document is the second sale: its detail has the lines sent in this session.
    c.press("G").await;
    c.press("enter").await;
    c.wait_for_text("Lines (sent in this session)").await;
    assert!(c.screen().contains("Spremuta e2e"), "{}", c.screen());
    c.press("v").await;
    c.wait_for_text("Void sale").await;
    c.press("y").await;
    c.wait_for_text("voided by DCW").await;
    c.settle().await;

    // The counter counted the two sales and the void, live.
    assert_eq!(counter(&mut c).await, (total + 3, today + 3));

    // The statistics of the day: the sale at 22 % is there, the voided one at 10 % is not.
    let vat_22 = vat_22_today(&c).await.expect("a 22 % total today");
    assert_eq!(vat_22, "5,00 €");
    let screen = statistics(&mut c).await;
    let row = line_with(&screen, &["22 %"]);
    assert!(row.contains(&vat_22), "22 % shows {vat_22}: {row:?}");
    assert!(
        !screen.contains("No documents in this range"),
        "today has documents now:\n{screen}"
    );

    // One of the two cornetti comes back: the 22 % total falls by its price.
    // The table ends with the first sale, the second and its void.
    c.press("6").await;
    c.settle().await;
    c.press("G").await;
    c.press("k").await;
    c.press("k").await;
    c.press("enter").await;
    c.wait_for_text("Cornetto e2e").await;
    c.press("t").await;
    c.wait_for_text("Return lines of").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("1").await;
    c.press("enter").await;
    c.wait_for_text("returned by DCW").await;
    c.settle().await;
    let after = vat_22_today(&c).await.expect("a 22 % total today");
    assert_eq!(after, "2,50 €");
    let screen = statistics(&mut c).await;
    let row = line_with(&screen, &["22 %"]);
    assert!(row.contains(&after), "22 % shows {after}: {row:?}");
    assert_eq!(counter(&mut c).await, (total + 4, today + 4));

    // The harness journal lists each request the console made, newest first.
    c.press("8").await;
    c.press("/").await;
    c.type_text("/api/dco/").await;
    c.press("enter").await;
    c.wait_for_text("/api/dco/returnDocument/").await;
    c.settle().await;
    let screen = c.screen();
    for path in [
        "/api/dco/sendDocument/",
        "/api/dco/voidDocument/",
        "/api/dco/returnDocument/",
    ] {
        let row = line_with(&screen, &[path]);
        assert!(row.contains("200"), "{path} answered 200: {row:?}");
    }
    let newest = screen
        .find("/api/dco/returnDocument/")
        .expect("the return is listed");
    let oldest_send = screen.rfind("/api/dco/sendDocument/").expect("sends");
    assert!(newest < oldest_send, "newest first:\n{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_sent_while_the_agency_is_down_turns_fiscalised_when_its_event_arrives() {
    let mut c = Console::start(120, 40).await;
    // The tax agency down, from the harness screen.
    c.press("8").await;
    c.settle().await;
    c.press("A").await;
    c.settle().await;
    let harness = dckit_tui::client::HarnessClient::new(
        c.server().base_url(),
        c.server().admin_token().to_owned().into(),
        &ClientOptions::default(),
    )
    .expect("a harness client");
    let agency = harness.agency().await.expect("the agency");
    assert!(!agency.up, "the console took the agency down");
    c.press("6").await;
    c.wait_for_text("Documents ·").await;
    c.settle().await;
    c.press("n").await;
    c.type_text("Tramezzino e2e").await;
    c.press("tab").await;
    c.press("tab").await;
    c.type_text("4,50").await;
    c.press("enter").await;
    c.wait_for_text("Pending: 1 sale(s) waiting for the tax agency")
        .await;
    let screen = c.screen();
    let row = line_with(&screen, &["pending · Tramezzino e2e"]);
    assert!(row.contains("4,50 €"), "{row:?}");

    // Back up: the mock fiscalises the sale, its counter event names the temporary id.
    c.server().set_agency_up(true).await.expect("the agency");
    c.wait_for_text("fiscalised, idtrx").await;
    let screen = c.screen();
    let row = line_with(&screen, &["fiscalised, idtrx", "Tramezzino e2e"]);
    let idtrx = row
        .split("idtrx ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("an idtrx")
        .to_owned();
    c.settle().await;
    // Searched again: the sale is the table's newest row.
    c.press("G").await;
    let table_row = line_with(&c.screen(), &[&idtrx, "vendita"]);
    assert!(table_row.contains("4,50 €"), "{table_row:?}");
}

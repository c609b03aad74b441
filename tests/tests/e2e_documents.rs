//! The documents screen end to end against a live `MockServer` frozen on
//! 2026-02-15T10:31:07+01:00: a range longer than 31 days, cut into windows and stitched, finds
//! exactly the documents that searches of single days find over the same range; the console
//! shows that count after "window n of m"; a sale sent from the console is found, voided, and
//! its detail names the void.

mod support;

use chrono::{Days, NaiveDate};
use dckit_contracts::model::datacash::FoundDocument;
use dckit_tui::client::{ClientOptions, DataCashClient};
use dckit_tui::screens::documents::split;
use support::{Console, start_mock};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn client(server: &dckit_mock::MockServer) -> DataCashClient {
    DataCashClient::new(
        server.base_url(),
        server.datacash_key().into(),
        server.credentials_for_demo().unwrap().into(),
        &ClientOptions::default(),
    )
    .unwrap()
}

fn ids(found: &[FoundDocument]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|d| (d.idtrx.clone(), d.numero_progressivo.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn split_windows_find_what_single_days_find() {
    let server = start_mock().await;
    let dc = client(&server);
    let (from, to) = (day("2025-12-20"), day("2026-02-15"));
    let windows = split(from, to).unwrap();
    assert_eq!(windows.len(), 2, "58 days: two windows");
    let mut stitched = vec![];
    for (start, end) in &windows {
        stitched.extend(dc.find_documents(*start, *end).await.unwrap());
    }
    let mut by_day = vec![];
    let mut d = from;
    while d <= to {
        by_day.extend(dc.find_documents(d, d).await.unwrap());
        d = d.checked_add_days(Days::new(1)).unwrap();
    }
    assert!(
        !stitched.is_empty(),
        "the seeded key has documents in the range"
    );
    assert_eq!(ids(&stitched), ids(&by_day));
    // The server itself refuses the whole range at once: the split is what makes it work.
    assert!(dc.find_documents(from, to).await.is_err());

    // The console, over the same range, shows the same count.
    let mut c = Console::with(support::Options::new(120, 40), server).await;
    c.press("6").await;
    c.wait_for_text("Documents ·").await;
    c.press("p").await;
    c.press("ctrl-u").await;
    c.type_text("2025-12-20").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("2026-02-15").await;
    c.press("enter").await;
    let title = format!(
        "Documents · 2025-12-20 → 2026-02-15 · {}",
        dckit_tui::format::count(stitched.len() as u64)
    );
    c.wait_for_text(&title).await;
    let journal = c
        .server()
        .journal(&dckit_mock::JournalFilter::default().path("/api/dco/findDocuments/"));
    assert!(journal.len() >= 2, "one request per window");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_sent_from_the_console_is_found_voided_and_its_detail_names_the_void() {
    let mut c = Console::start(120, 40).await;
    c.press("6").await;
    c.wait_for_text("Documents ·").await;
    c.press("n").await;
    c.type_text("Cappuccino").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("10").await;
    c.press("tab").await;
    c.type_text("1,60").await;
    c.press("enter").await;
    c.wait_for_text("sale DCW").await;
    // The newest is last: open it; its lines are known, since this session sent it.
    c.press("G").await;
    c.press("enter").await;
    c.wait_for_text("Lines (sent in this session)").await;
    assert!(c.screen().contains("Cappuccino"), "{}", c.screen());
    // Void it from the detail, confirmed with y.
    c.press("v").await;
    c.wait_for_text("Void sale").await;
    c.press("y").await;
    c.wait_for_text("voided by DCW").await;
    c.settle().await;
    c.press("G").await;
    c.wait_for_text("voids DCW").await;
    // The sale, opened again, names its void.
    c.settle().await;
    let screen = c.screen();
    assert!(screen.contains("voided"), "{screen}");
    // The void is the newest; the sale just above it.
    c.press("G").await;
    c.press("k").await;
    c.press("enter").await;
    c.wait_for_text("Voided by").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn returning_more_than_was_sold_shows_the_servers_words_then_a_return_goes_through() {
    let mut c = Console::start(120, 40).await;
    c.press("6").await;
    c.wait_for_text("Documents ·").await;
    c.press("n").await;
    c.type_text("Cornetto").await;
    c.press("tab").await;
    c.press("tab").await;
    c.type_text("1,20").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("2").await;
    c.press("enter").await;
    c.wait_for_text("sale DCW").await;
    c.settle().await;
    c.press("G").await;
    c.press("t").await;
    c.wait_for_text("Return lines of").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("3").await;
    c.press("enter").await;
    // The server's refusal, as written, in the form that stays open.
    c.wait_for_text("Quantità resa 3 superiore a quella ancora rendibile (2)")
        .await;
    c.press("ctrl-u").await;
    c.type_text("1").await;
    c.press("enter").await;
    c.wait_for_text("returned by DCW").await;
    c.settle().await;
    c.press("G").await;
    c.wait_for_text("returns DCW").await;
    let returns = c
        .server()
        .journal(&dckit_mock::JournalFilter::default().path("/api/dco/returnDocument/**"))
        .len();
    assert_eq!(returns, 2, "the refused return and the accepted one");
}

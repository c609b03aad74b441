//! The statistics screen against a seeded mock frozen on 2026-02-15T10:31:07+01:00: snapshots
//! of its charts and dialogs at 80x24, 120x40 and 200x60 (the mono theme through the styled
//! buffer), a range refused before any request, an empty range, an error from the server, and
//! the two CSV exports compared with the server's own bytes.

mod support;

use dckit_mock::{FaultRule, JournalFilter};
use ratatui::style::{Color, Modifier};
use support::{Console, Options, start_mock};

fn check(name: &str, what: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(what);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn snap(console: &mut Console, base: &str, what: &str) {
    let (w, h) = console.app().size();
    let text = console.screen();
    check(&format!("{base}_{w}x{h}"), what, &text);
}

/// How many statistics requests the mock has answered.
fn stats_requests(console: &Console) -> usize {
    console
        .server()
        .journal(&JournalFilter::default().path("/portal/v1/stats"))
        .len()
}

/// Clears the focused field of a form and types `text`.
async fn retype(console: &mut Console, text: &str) {
    console.press("ctrl-u").await;
    console.type_text(text).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charts_at_every_size() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut c = Console::start(w, h).await;
        c.press("5").await;
        c.wait_for_text("Takings per day").await;
        snap(
            &mut c,
            "statistics",
            "store Aurora Centro, month to date: one chart at 80x24, two at 120x40, four at 200x60",
        );
        if w == 80 {
            for (base, what) in [
                (
                    "statistics_payment",
                    "by payment method, in words, Italian amounts",
                ),
                ("statistics_vat", "by VAT rate"),
                (
                    "statistics_items",
                    "items by quantity, long names cut with …",
                ),
            ] {
                c.press("l").await;
                snap(&mut c, base, what);
            }
            c.press("d").await;
            snap(
                &mut c,
                "statistics_detail",
                "sales, voids and returns side by side, with a legend",
            );
            c.press("m").await;
            snap(
                &mut c,
                "statistics_blocks",
                "the same in blocks instead of braille",
            );
            c.press("t").await;
            snap(&mut c, "statistics_target_picker", "the stores and devices");
            c.press("esc").await;
            c.press("p").await;
            snap(&mut c, "statistics_range_form", "the presets and the days");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_range_too_long_is_refused_before_any_request_with_the_servers_words() {
    let mut c = Console::start(80, 24).await;
    c.press("5").await;
    c.wait_for_text("Takings per day").await;
    let before = stats_requests(&c);
    c.press("p").await;
    c.press("tab").await;
    retype(&mut c, "2025-11-15").await;
    c.press("tab").await;
    retype(&mut c, "2026-02-16").await;
    c.press("enter").await;
    c.wait_for_text("is longer than three").await;
    snap(
        &mut c,
        "statistics_range_refused",
        "one day past three months: the server's message, before any request",
    );
    assert_eq!(
        stats_requests(&c),
        before,
        "nothing was asked of the server"
    );
    // One day less is allowed, and asked.
    retype(&mut c, "2026-02-15").await;
    c.press("enter").await;
    c.wait_for_text("2025-11-15 → 2026-02-15").await;
    assert_eq!(stats_requests(&c), before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_range_and_an_error_from_the_server_say_so() {
    let mut c = Console::start(80, 24).await;
    c.press("5").await;
    c.press("p").await;
    c.press("tab").await;
    retype(&mut c, "2025-01-01").await;
    c.press("tab").await;
    retype(&mut c, "2025-01-31").await;
    c.press("enter").await;
    c.wait_for_text("No documents in this range.").await;
    snap(&mut c, "statistics_empty", "a range without documents");

    let fault = c
        .server()
        .add_fault(FaultRule::status("/portal/v1/stats", 500))
        .expect("a fault rule");
    c.press("r").await;
    c.wait_for_text("Internal error: please try again later.")
        .await;
    snap(
        &mut c,
        "statistics_server_error",
        "the server's 500, in its words",
    );
    c.server().remove_fault(&fault).expect("removed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mono_keeps_the_selected_chart_visible_without_colour() {
    let mut c = Console::with(Options::new(80, 24).mono(), start_mock().await).await;
    c.press("5").await;
    c.wait_for_text("Takings per day").await;
    c.press("l").await;
    let styled = c.styled();
    check(
        "statistics_mono_80x24",
        "the payment chart in the mono theme: the panel strip's selection in reverse video",
        &styled,
    );
    let buffer = c.buffer();
    for cell in buffer.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a colour in the mono theme: {cell:?}"
        );
    }
    assert!(
        buffer
            .content()
            .iter()
            .any(|cell| cell.modifier.contains(Modifier::REVERSED)),
        "the selected panel and tab stay visible in reverse video"
    );
}

/// `GET path` on the mock with the portal token.
async fn fetch(c: &Console, path: &str) -> Vec<u8> {
    let server = c.server();
    let url = format!("{}{path}", server.base_url());
    let response = reqwest::Client::new()
        .get(&url)
        .bearer_auth(server.portal_token())
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    assert_eq!(response.status(), 200, "GET {url}");
    response.bytes().await.expect("the body").to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_are_the_servers_own_bytes_and_a_one_day_range_is_refused_in_its_words() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut c = Console::start(80, 24).await;
    c.press("5").await;
    c.wait_for_text("Takings per day").await;
    let query = "store=store-1&from=2026-02-01&to=2026-02-15";
    for (key, file, route) in [
        ("x", "statistiche.csv", "export.csv"),
        ("X", "giornalieri.csv", "daily.csv"),
    ] {
        let path = dir.path().join(file);
        c.press(key).await;
        retype(&mut c, &path.display().to_string()).await;
        c.press("enter").await;
        c.wait_for_text("Saved: ").await;
        c.press("enter").await;
        let written = std::fs::read(&path).expect("the export");
        let served = fetch(&c, &format!("/portal/v1/stats/{route}?{query}")).await;
        assert_eq!(written, served, "{file} is the server's, byte for byte");
        if route == "daily.csv" {
            let text = String::from_utf8(written).expect("UTF-8");
            let mut lines = text.lines();
            assert_eq!(lines.next(), Some("date,total,sales,voids,returns"));
            assert_eq!(lines.count(), 15, "one row a day, 2026-02-01 to 2026-02-15");
        }
    }
    // Today only: the daily aggregates need two days, and the server says so.
    c.press("p").await;
    for _ in 0..4 {
        c.press("up").await;
    }
    c.press("enter").await;
    c.wait_for_text("2026-02-15 (Today)").await;
    c.press("X").await;
    retype(
        &mut c,
        &dir.path().join("one-day.csv").display().to_string(),
    )
    .await;
    c.press("enter").await;
    c.wait_for_text("Daily aggregates need a range longer than one day")
        .await;
    assert!(
        !dir.path().join("one-day.csv").exists(),
        "a refused export leaves no file"
    );
}

//! The WebService screen against a seeded mock frozen on 2026-02-15T10:31:07+01:00: snapshots
//! at 80x24 and 120x40 of the table, the detail (client, `Europe` flags in words, items with
//! long names cut with …), the query form, the service's own error, an empty result, and the
//! mono theme through the styled buffer.

mod support;

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

/// Opens the query form, picks "Range" (one step right from "Keyword" when the form opens on
/// a keyword) and types `start`.
async fn ask_start(c: &mut Console, start: &str, from_keyword: bool) {
    c.press("f").await;
    if from_keyword {
        c.press("right").await;
    }
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text(start).await;
    c.press("enter").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_detail_form_error_and_empty_at_two_sizes() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut c = Console::start(w, h).await;
        c.press("7").await;
        c.wait_for_text(" documents ").await;
        snap(
            &mut c,
            "webservice_table",
            "month to date: the documents, Italian amounts; at 120x40 the detail beside",
        );
        // A document with a long item description, to see the cut.
        c.press("G").await;
        c.press("enter").await;
        c.settle().await;
        let screen = c.screen();
        assert!(screen.contains("Europe"), "{screen}");
        assert!(
            screen.contains("VIES valid"),
            "the flags in words: {screen}"
        );
        snap(
            &mut c,
            "webservice_detail",
            "the last document: client, Europe flags in words, items with amount and tax",
        );
        c.press("esc").await;
        c.press("f").await;
        c.settle().await;
        snap(
            &mut c,
            "webservice_form",
            "the query form on the query in force (a keyword)",
        );
        c.press("esc").await;
        ask_start(&mut c, "domani", true).await;
        c.wait_for_text("Invalid start").await;
        snap(
            &mut c,
            "webservice_error",
            "the WebService's own message for a bad start, in one line",
        );
        ask_start(&mut c, "2030-01-01", false).await;
        c.wait_for_text("No document matches the query").await;
        snap(
            &mut c,
            "webservice_empty",
            "a range without documents: the mock answers [] as PHP does",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mono_shows_the_selection_without_colour() {
    let mut c = Console::with(Options::new(80, 24).mono(), start_mock().await).await;
    c.press("7").await;
    c.wait_for_text(" documents ").await;
    c.press("j").await;
    c.settle().await;
    let styled = c.styled();
    check(
        "webservice_mono_80x24",
        "the table in the mono theme: the selected row in reverse video",
        &styled,
    );
    for cell in c.buffer().content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a colour in the mono theme: {cell:?}"
        );
    }
    assert!(
        c.buffer()
            .content()
            .iter()
            .any(|cell| cell.modifier.contains(Modifier::REVERSED)),
        "the selected row stays visible in reverse video"
    );
}

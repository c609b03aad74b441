//! The documents screen against a seeded mock frozen on 2026-02-15T10:31:07+01:00: snapshots
//! at 80x24 and 120x40 of the table, the detail of a voided sale, the send form with the
//! server's errori, an empty range, a pending sale (the tax agency down), and the mono theme.

mod support;

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

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

async fn documents(w: u16, h: u16) -> Console {
    let mut c = Console::start(w, h).await;
    c.press("6").await;
    c.wait_for_text("Documents ·").await;
    c.settle().await;
    c
}

/// Sends a one-line sale from the form; waits for `until` on screen.
async fn send(c: &mut Console, description: &str, price: &str, quantity: &str, until: &str) {
    c.press("n").await;
    c.type_text(description).await;
    c.press("tab").await;
    c.press("tab").await;
    c.type_text(price).await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text(quantity).await;
    c.press("enter").await;
    c.wait_for_text(until).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_at_both_sizes() {
    for (w, h) in SIZES {
        let mut c = documents(w, h).await;
        snap(
            &mut c,
            "documents_table",
            "the last 7 days of the demo key: idtrx, progressive, date, type, amount, notes",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_of_a_voided_sale() {
    for (w, h) in SIZES {
        let mut c = documents(w, h).await;
        send(&mut c, "Pernottamento", "120", "1", "sale DCW").await;
        c.settle().await;
        c.press("G").await;
        c.press("v").await;
        c.wait_for_text("Void sale").await;
        if w == 80 {
            snap(
                &mut c,
                "documents_void_confirm",
                "the confirmation names the sale",
            );
        }
        c.press("y").await;
        c.wait_for_text("voided by DCW").await;
        c.settle().await;
        c.press("G").await;
        c.wait_for_text("voids ").await;
        c.press("k").await;
        c.press("enter").await;
        c.wait_for_text("Voided by").await;
        let masked = mask_ids(&c.screen());
        let (w, h) = c.app().size();
        check(
            &format!("documents_voided_detail_{w}x{h}"),
            "a sale sent in this session and voided: what voided it, and its lines",
            &masked,
        );
    }
}

/// The idtrx of documents are masked, keeping their width (the columns stay aligned).
fn mask_ids(text: &str) -> String {
    let re = regex::Regex::new(r"\b1[0-9]{9}\b").unwrap();
    re.replace_all(text, "##########").into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_send_form_with_the_servers_errori() {
    for (w, h) in SIZES {
        let mut c = documents(w, h).await;
        send(&mut c, "Cappuccino", "1,60", "0", "Refused:").await;
        snap(
            &mut c,
            "documents_send_refused",
            "quantity 0: the server's errori in Italian, as written",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_range() {
    for (w, h) in SIZES {
        let mut c = documents(w, h).await;
        c.press("p").await;
        c.press("ctrl-u").await;
        c.type_text("2030-01-01").await;
        c.press("tab").await;
        c.press("ctrl-u").await;
        c.type_text("2030-01-05").await;
        c.press("enter").await;
        c.wait_for_text("No documents in this range").await;
        snap(&mut c, "documents_empty", "a range without documents");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inverted_range_is_refused_in_the_form() {
    let mut c = documents(80, 24).await;
    let before = c
        .server()
        .journal(&dckit_mock::JournalFilter::default().path("/api/dco/findDocuments/"))
        .len();
    c.press("p").await;
    c.press("ctrl-u").await;
    c.type_text("2026-02-15").await;
    c.press("tab").await;
    c.press("ctrl-u").await;
    c.type_text("2026-02-01").await;
    c.press("enter").await;
    c.wait_for_text("The range is inverted").await;
    snap(
        &mut c,
        "documents_range_inverted",
        "refused before any request",
    );
    let after = c
        .server()
        .journal(&dckit_mock::JournalFilter::default().path("/api/dco/findDocuments/"))
        .len();
    assert_eq!(before, after, "no request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_sale_while_the_agency_is_down() {
    for (w, h) in SIZES {
        let mut c = documents(w, h).await;
        c.server().set_agency_up(false).await.unwrap();
        send(&mut c, "Cornetto", "1,20", "2", "Pending:").await;
        c.settle().await;
        snap(
            &mut c,
            "documents_pending",
            "the tax agency down: the sale waits with its temporary id",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_in_mono() {
    let mut c = Console::with(Options::new(80, 24).mono(), start_mock().await).await;
    c.press("6").await;
    c.wait_for_text("Documents ·").await;
    c.settle().await;
    let styled = c.styled();
    check(
        "documents_table_mono_80x24",
        "the mono theme: the selection and the header through styles, not colours",
        &styled,
    );
}

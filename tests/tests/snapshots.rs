//! Snapshots of every screen and every dialog of the console, drawn by the real runtime on
//! ratatui's `TestBackend` against a seeded mock frozen on 2026-02-15T10:31:07+01:00, at 80x24
//! and 120x40; and the mono theme checked through the styled buffer.
//!
//! Random values (the demo key's mask, new keys, the mock's port, temporary folders) are
//! masked with placeholders of the same width, so the layouts stay as drawn. Update with
//! `INSTA_UPDATE=always cargo test -p dckit-tests --test snapshots` and read every changed
//! `.snap` before committing it.

mod support;

use dckit_tui::client::{ClientOptions, DataCashClient};
use dckit_tui::config::ConfigFile;
use dckit_tui::secret::Secret;
use ratatui::style::{Color, Modifier};
use std::path::Path;
use support::{Console, Options, start_mock};

/// The two sizes every screen is drawn at: the SSH minimum and a roomy terminal.
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// A partita IVA of 11 digits whose check digit is wrong.
const BAD_PARTITA_IVA: &str = "01234567890";

/// Compares `text` with the snapshot `name`, described by `what`.
fn check(name: &str, what: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(what);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Snapshots the console's screen as `base_WxH`.
fn snap(console: &mut Console, base: &str, what: &str) {
    let (w, h) = console.app().size();
    let text = console.screen();
    check(&format!("{base}_{w}x{h}"), what, &text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screens_help_command_line_and_filter() {
    for (w, h) in SIZES {
        let mut c = Console::start(w, h).await;
        snap(&mut c, "dashboard", "the dashboard of the seeded account");
        c.press("?").await;
        snap(
            &mut c,
            "help_dashboard",
            "the help overlay on the dashboard",
        );
        c.press("esc").await;
        for (digit, base, what) in [
            ("2", "keys", "the keys screen: key-1 to key-3, 2 / 3 slots"),
            (
                "3",
                "licences",
                "licences & add-ons: contract unsigned, lic-1, catalogue",
            ),
            (
                "4",
                "counters",
                "the counters screen: dco and fe of every key",
            ),
        ] {
            c.press(digit).await;
            snap(&mut c, base, what);
            c.press("?").await;
            snap(
                &mut c,
                &format!("help_{base}"),
                "the help overlay on this screen",
            );
            c.press("esc").await;
        }
        c.press("2").await;
        c.press(":").await;
        c.type_text("prof").await;
        snap(
            &mut c,
            "command_line",
            "the : command line with `prof` typed",
        );
        c.press("tab").await;
        snap(
            &mut c,
            "command_line_completed",
            "Tab completed `prof` to `profile`, the common prefix of profile and profiles",
        );
        c.press("esc").await;
        c.press("/").await;
        c.type_text("aurora").await;
        snap(
            &mut c,
            "keys_filter",
            "the keys filter being typed: `aurora` keeps key-2 and key-3",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_forms_rename_and_deactivate() {
    for (w, h) in SIZES {
        let mut c = Console::start(w, h).await;
        let seller = c.server().seller_partita_iva();
        c.press("2").await;
        c.press("a").await;
        c.press("ctrl-u").await;
        snap(
            &mut c,
            "dialog_key_form_empty",
            "the new key form with the partita IVA cleared: the hint under the field",
        );
        c.type_text(&seller).await;
        c.press("tab").await;
        c.type_text("Cassa 3").await;
        snap(
            &mut c,
            "dialog_key_form_valid",
            "the new key form: the seller's partita IVA (valid), label `Cassa 3` focused",
        );
        c.press("tab").await;
        c.press("ctrl-u").await;
        c.type_text(BAD_PARTITA_IVA).await;
        snap(
            &mut c,
            "dialog_key_form_invalid",
            "the new key form with a wrong check digit: the validator's Italian message",
        );
        c.press("enter").await;
        assert!(
            c.screen().contains("New API key"),
            "Enter with an invalid partita IVA keeps the form open"
        );
        c.press("esc").await;
        c.press("j").await;
        c.press("e").await;
        c.press("ctrl-u").await;
        c.type_text("Aurora Lingotto bar").await;
        snap(
            &mut c,
            "dialog_rename",
            "the rename form of key-2 with a new label typed",
        );
        c.press("esc").await;
        c.press("d").await;
        snap(
            &mut c,
            "dialog_deactivate_confirm",
            "deactivating key-2 asks first, Cancel focused",
        );
        c.press("n").await;
        snap(
            &mut c,
            "keys_selected_second",
            "the keys screen after cancelling: key-2 selected, nothing changed",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reveal_limit_purchase_sign_and_renew_dialogs() {
    for (w, h) in SIZES {
        let mut c = Console::start(w, h).await;
        c.press("2").await;
        // The form proposes the account's partita IVA, which is valid: fill the last slot.
        c.press("a").await;
        c.press("tab").await;
        c.type_text("Cassa 3").await;
        c.press("enter").await;
        snap(
            &mut c,
            "dialog_new_key_reveal",
            "the new key's clear value (masked here), shown once, offering c to copy",
        );
        c.press("enter").await;
        snap(
            &mut c,
            "dialog_new_key_not_copied",
            "Enter without copying: the warning that the key will be gone",
        );
        c.press("c").await;
        snap(
            &mut c,
            "dialog_new_key_copied",
            "after c: sent to the clipboard over OSC 52",
        );
        assert_eq!(
            c.clipboard.0.lock().expect("clipboard").len(),
            1,
            "one copy"
        );
        c.press("enter").await;
        snap(
            &mut c,
            "keys_after_new_key",
            "the keys screen with key-4 `Cassa 3`: 3 / 3 slots",
        );
        c.press("a").await;
        c.press("enter").await;
        snap(
            &mut c,
            "dialog_key_limit",
            "the key-limit refusal in the server's words, with b to buy an add-on",
        );
        c.press("b").await;
        snap(
            &mut c,
            "dialog_buy_form_unsigned",
            "b opened the buy form on the licences screen: the contract unsigned warning",
        );
        c.press("enter").await;
        snap(
            &mut c,
            "dialog_buy_confirm",
            "the purchase to confirm: price and the allowance after it",
        );
        c.press("y").await;
        snap(
            &mut c,
            "dialog_contract_unsigned",
            "the contract-unsigned refusal, with c to sign",
        );
        c.press("c").await;
        snap(
            &mut c,
            "dialog_sign_confirm",
            "signing the contract asks first",
        );
        c.press("n").await;
        c.press("n").await;
        snap(
            &mut c,
            "dialog_renew_form",
            "renewing lic-1: 12 months proposed, the new expiry shown",
        );
        c.press("enter").await;
        snap(
            &mut c,
            "dialog_renew_confirm",
            "the renewal to confirm, naming both expiries",
        );
        c.press("esc").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_dialog() {
    for (w, h) in SIZES {
        // Under /tmp when there is one, whatever TMPDIR says: the path is masked as
        // `/tmp/dckit-XXXXXX`, which then has its width, so the layout stays the same.
        let root = Path::new("/tmp");
        let root = if root.is_dir() {
            root.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = tempfile::Builder::new()
            .prefix("dckit-")
            .rand_bytes(6)
            .tempdir_in(root)
            .expect("a temporary folder");
        let folder = dir.path().display().to_string();
        let mut c = Console::start(w, h).await;
        c.mask_literal(&folder, "/tmp/dckit-XXXXXX");
        c.press("4").await;
        // key-3's dco counter: the seeded deactivated key, 506 documents.
        for _ in 0..4 {
            c.press("j").await;
        }
        c.press("x").await;
        snap(
            &mut c,
            "dialog_export_proposed",
            "x on key-3 dco: the CSV export dialog with the proposed file name",
        );
        let path = format!("{folder}/documents.csv");
        c.press("ctrl-u").await;
        c.type_text(&path).await;
        snap(
            &mut c,
            "dialog_export_typed",
            "the export dialog with a path typed in a temporary folder",
        );
        c.press("enter").await;
        c.wait_for_text("Saved:").await;
        snap(
            &mut c,
            "dialog_export_done",
            "the export finished: documents and size",
        );
        assert!(Path::new(&path).is_file(), "the file is there");
        c.press("enter").await;
        c.press("x").await;
        c.press("ctrl-u").await;
        c.type_text(&path).await;
        c.press("enter").await;
        c.wait_for_text("Replace it?").await;
        snap(
            &mut c,
            "dialog_export_exists",
            "the same path again: the file-exists question",
        );
        c.press("n").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_counter_event() {
    for (w, h) in SIZES {
        let mut c = Console::start(w, h).await;
        let server = c.server();
        let client = DataCashClient::new(
            &format!("{}/", server.base_url()),
            Secret::new(server.datacash_key()),
            Secret::new(server.credentials_for_demo().expect("demo credentials")),
            &ClientOptions::default(),
        )
        .expect("a DataCash client");
        c.press("4").await;
        let sale = serde_json::from_value(serde_json::json!({
            "elementiContabili": [{
                "aliquotaIVA": "22", "percentualeIVA": 22, "descrizioneProdotto": "Caffè",
                "prezzoLordo": 1.2, "quantita": 2, "scontoLordo": 0, "omaggioElemento": false
            }],
            "totaleScontiAPagare": 0, "omaggio": false, "codiceLotteria": "",
            "pagamento": "PC", "pagamenti": [], "ticketRestaurant": [],
            "documentoCommercialeCollegato": "", "multisede": {}
        }))
        .expect("a Document");
        let envelope = client.send_document(&sale).await.expect("the sale");
        assert!(envelope.esito, "{envelope:?}");
        c.wait("key-1's dco counter to move", |app| {
            app.data().events.len() == 1
        })
        .await;
        snap(
            &mut c,
            "counters_live_event",
            "a sale with the demo key: key-1 dco counted live, its last document shown",
        );
        c.press("1").await;
        snap(
            &mut c,
            "dashboard_live_event",
            "the dashboard's counter events after the sale",
        );
    }
}

/// A config file with the profile `shop`: the WebService and the harness of `server`, no
/// account area.
fn config_without_portal(server: &dckit_mock::MockServer) -> ConfigFile {
    let url = server.base_url();
    let text = format!(
        "[profiles.shop.webservice]\nurl = \"{url}\"\ntoken = \"{}\"\n\n\
         [profiles.shop.harness]\nurl = \"{url}\"\ntoken = \"{}\"\n",
        server.webservice_token(),
        server.admin_token()
    );
    ConfigFile::parse("/nonexistent/dckit/config.toml", &text).expect("the config parses")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_without_account_area_and_picker() {
    for (w, h) in SIZES {
        let server = start_mock().await;
        let config = config_without_portal(&server);
        let mut c = Console::with(Options::new(w, h).config(config, "shop"), server).await;
        snap(
            &mut c,
            "no_portal_dashboard",
            "profile shop (WebService and harness only): the dashboard says what to add",
        );
        c.press("2").await;
        snap(
            &mut c,
            "no_portal_keys",
            "profile shop: the keys screen's one calm line naming [profiles.shop.portal]",
        );
        c.press("P").await;
        snap(
            &mut c,
            "dialog_profile_picker",
            "the profile picker: embedded and shop, shop current",
        );
        c.press("esc").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_session() {
    for (w, h) in SIZES {
        let mut c = Console::with(Options::new(w, h).read_only(), start_mock().await).await;
        c.press("2").await;
        snap(
            &mut c,
            "keys_read_only",
            "--read-only: the keys screen, its changing keys greyed in the footer",
        );
        c.press("?").await;
        snap(
            &mut c,
            "help_keys_read_only",
            "--read-only: the help marks add, rename and deactivate (read-only)",
        );
        c.press("esc").await;
        c.press("a").await;
        snap(
            &mut c,
            "keys_read_only_refused",
            "--read-only: a refuses in the status line, no form opens",
        );
        assert!(c.app().dialogs().is_empty(), "no dialog in read-only");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terminal_too_small() {
    let mut c = Console::start(60, 20).await;
    snap(&mut c, "too_small", "below 80x24 the console only says so");
    let mut c = Console::start(79, 24).await;
    snap(&mut c, "too_small", "one column short of 80x24");
}

/// Whether every cell of `buffer` has no colour at all.
fn assert_colourless(buffer: &ratatui::buffer::Buffer, what: &str) {
    for (i, cell) in buffer.content().iter().enumerate() {
        let plain = |c: Color| c == Color::Reset;
        assert!(
            plain(cell.fg) && plain(cell.bg),
            "{what}: cell {i} ({:?}) has fg {:?} bg {:?} in mono",
            cell.symbol(),
            cell.fg,
            cell.bg
        );
    }
}

/// The row of `buffer` holding `needle`.
fn row_of(buffer: &ratatui::buffer::Buffer, needle: &str) -> u16 {
    let text = support::buffer_text(buffer);
    let y = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no row holds {needle:?}:\n{text}"));
    u16::try_from(y).expect("a row index")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mono_theme_keeps_selection_and_emphasis() {
    let mut c = Console::with(Options::new(80, 24).mono(), start_mock().await).await;
    let styled = c.styled();
    check(
        "mono_dashboard_80x24",
        "mono: the dashboard's styled buffer (bold titles, dim labels, reversed tab)",
        &styled,
    );
    assert_colourless(&c.buffer(), "dashboard");

    c.press("2").await;
    c.press("j").await;
    let styled = c.styled();
    check(
        "mono_keys_selected_80x24",
        "mono: the keys screen's styled buffer with key-2 selected (reversed, bold)",
        &styled,
    );
    let buffer = c.buffer();
    assert_colourless(&buffer, "keys");
    let selected = row_of(&buffer, "Aurora Lingotto");
    let other = row_of(&buffer, "Gestionale");
    let area = buffer.area;
    for x in area.left() + 1..area.right() - 1 {
        let cell = &buffer[(x, selected)];
        assert!(
            cell.modifier.contains(Modifier::REVERSED),
            "the selected row's cell at x={x} ({:?}) is not reversed: {:?}",
            cell.symbol(),
            cell.modifier
        );
        assert!(
            !buffer[(x, other)].modifier.contains(Modifier::REVERSED),
            "an unselected row's cell at x={x} is reversed"
        );
    }

    c.press("d").await;
    let styled = c.styled();
    check(
        "mono_deactivate_confirm_80x24",
        "mono: the deactivate confirmation's styled buffer, Cancel focused (reversed)",
        &styled,
    );
    let buffer = c.buffer();
    assert_colourless(&buffer, "confirmation");
    let buttons = row_of(&buffer, "[ Cancel ]");
    let line = support::buffer_text(&buffer)
        .lines()
        .nth(usize::from(buttons))
        .map(str::to_owned)
        .unwrap_or_default();
    let cancel_x = line
        .chars()
        .position(|ch| ch == '[')
        .and_then(|x| u16::try_from(x).ok())
        .expect("the Cancel button");
    assert!(
        buffer[(cancel_x, buttons)]
            .modifier
            .contains(Modifier::REVERSED),
        "the focused Cancel button is reversed"
    );
}

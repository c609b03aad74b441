//! The DataCash, WebService and harness clients against a real mock (and wiremock for the
//! empty WebService answers), and `Download::save_to`: a file equal byte for byte to what the
//! server sent, and a broken download that leaves the old file alone and no `.part` behind.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate};
use dckit_contracts::cases::load_case;
use dckit_contracts::model::datacash::{
    DcError, DcLicenceState, Document, DocumentLine, OperationType, PaymentType, VatCode,
};
use dckit_contracts::model::money::Amount;
use dckit_contracts::model::portal::DocumentsFormat;
use dckit_contracts::model::portal::Instance;
use dckit_mock::{Config, FaultId, FaultRule, JournalFilter, MockServer};
use dckit_tui::client::{
    ClientError, ClientOptions, DataCashClient, HarnessClient, PortalClient, WebServiceClient,
    WsQuery,
};
use dckit_tui::secret::Secret;
use rust_decimal::Decimal;
use serde_json::Value;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, ResponseTemplate};

const CLOCK: &str = "2026-02-15T10:31:07+01:00";

fn clock() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(CLOCK).unwrap()
}

fn today() -> NaiveDate {
    clock().date_naive()
}

async fn server() -> MockServer {
    MockServer::start(Config::ephemeral().with_clock(clock()))
        .await
        .unwrap()
}

fn datacash(server: &MockServer, key: &str) -> DataCashClient {
    DataCashClient::new(
        server.base_url(),
        Secret::new(key),
        Secret::new(server.credentials_for_demo().unwrap()),
        &ClientOptions::default(),
    )
    .unwrap()
}

fn portal(server: &MockServer) -> PortalClient {
    PortalClient::new(
        server.base_url(),
        Secret::new(server.portal_token()),
        &ClientOptions::default(),
    )
    .unwrap()
}

fn harness(server: &MockServer) -> HarnessClient {
    HarnessClient::new(
        server.base_url(),
        Secret::new(server.admin_token()),
        &ClientOptions::default(),
    )
    .unwrap()
}

fn sale(price_cents: i64) -> Document {
    Document {
        elementi_contabili: vec![DocumentLine {
            aliquota_iva: VatCode::Vat22,
            percentuale_iva: Decimal::from(22),
            descrizione_prodotto: "Ombrello".into(),
            prezzo_lordo: Amount(Decimal::new(price_cents, 2)),
            quantita: Decimal::ONE,
            sconto_lordo: Amount::ZERO,
            omaggio_elemento: false,
        }],
        pagamento: Some(PaymentType::Cash),
        ..Document::default()
    }
}

/// The `errori` a contract case expects.
fn expected_errori(case: &str) -> Vec<DcError> {
    let case = load_case(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../contracts/cases/{case}.json")),
    )
    .unwrap();
    let body = case.steps[0].expect.body.clone().expect("an exact body");
    serde_json::from_value(body["errori"].clone()).unwrap()
}

// ---- DataCash ------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn datacash_sends_finds_voids_and_downloads() {
    let server = server().await;
    let client = datacash(&server, server.datacash_key());

    let info = client.info_user().await.unwrap();
    assert!(info.envelope.esito);
    assert_eq!(info.partita_iva, server.seller_partita_iva());
    assert_eq!(info.stato_licenza, DcLicenceState::Active);

    let sent = client.send_document(&sale(950)).await.unwrap();
    assert!(sent.esito);
    let idtrx = sent.idtrx.clone().unwrap();
    assert!(sent.progressivo.unwrap().starts_with("DCW2026/"));
    assert!(sent.errori.is_empty());

    let found = client.find_documents(today(), today()).await.unwrap();
    let ours = found
        .iter()
        .find(|d| d.idtrx == idtrx)
        .expect("the sale is listed");
    assert_eq!(ours.tipo_operazione, OperationType::Sale);
    assert_eq!(ours.ammontare_complessivo.value(), Decimal::new(950, 2));

    let dir = tempfile::tempdir().unwrap();
    let download = client.download_document(&idtrx, false).await.unwrap();
    let name = download.file_name().expect("a suggested name");
    assert!(name.ends_with(".pdf"), "{name}");
    let file = dir.path().join(&name);
    let written = download.save_to(&file, |_| {}).await.unwrap();
    let pdf = std::fs::read(&file).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "{:?}", &pdf[..8.min(pdf.len())]);
    assert_eq!(written, pdf.len() as u64);

    let gift = client.download_document(&idtrx, true).await.unwrap();
    assert!(gift.file_name().unwrap().contains("regalo"));
    assert!(gift.bytes().await.unwrap().starts_with(b"%PDF"));

    let void = client.void_document(&idtrx).await.unwrap();
    assert!(void.esito);
    assert_ne!(void.idtrx.as_deref(), Some(idtrx.as_str()));
    let info = client.info_user().await.unwrap();
    assert!(info.documenti_oggi >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn datacash_refusals_carry_the_italian_errori() {
    let server = server().await;

    let unknown = datacash(&server, "dk_live_unknownunknownunknownunknown");
    let error = unknown.info_user().await.unwrap_err();
    let want = expected_errori("datacash/key-unknown");
    assert_eq!(
        error,
        ClientError::DataCash {
            status: 401,
            errori: want.clone()
        }
    );
    assert_eq!(
        error.to_string(),
        format!("[{}] {}", want[0].codice, want[0].descrizione)
    );
    assert_eq!(error.code(), Some("11"));

    let client = datacash(&server, server.datacash_key());
    let empty = Document {
        pagamento: Some(PaymentType::Electronic),
        ..Document::default()
    };
    let error = client.send_document(&empty).await.unwrap_err();
    let want = expected_errori("datacash/lines-empty");
    assert_eq!(
        error,
        ClientError::DataCash {
            status: 422,
            errori: want.clone()
        }
    );
    assert_eq!(
        error.to_string(),
        "[30] Il documento non contiene elementi contabili: elementiContabili deve avere almeno \
         un elemento."
    );

    // A download refused is an error before any file exists.
    let error = client
        .download_document("9999999999", false)
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::DataCash {
            status: 404,
            errori: expected_errori("datacash/download-unknown-document")
        }
    );
}

// ---- WebService ----------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webservice_reads_documents_and_errors() {
    let server = server().await;
    let client = WebServiceClient::new(
        server.base_url(),
        Secret::new(server.webservice_token()),
        &ClientOptions::default(),
    )
    .unwrap();

    // Today's documents, read losslessly: written back, the same JSON the server sent.
    let documents = client.get(&WsQuery::start("Today")).await.unwrap();
    let raw: Value = reqwest::Client::new()
        .post(format!(
            "{}/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php",
            server.base_url()
        ))
        .form(&[
            ("ws", "einvoice"),
            ("action", "Get"),
            ("token", server.webservice_token().as_str()),
            ("start", "Today"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(&documents).unwrap(), raw);
    for document in documents.0.values() {
        assert_eq!(document.doc_data.date, today().to_string());
    }

    // All of them: many, in the server's order.
    let all = client
        .get(&WsQuery {
            start: Some("All".into()),
            doctype: Some("CreditNote".into()),
            ..WsQuery::default()
        })
        .await
        .unwrap();
    assert!(all.0.len() >= 10, "{} credit notes", all.0.len());
    assert!(
        all.0
            .values()
            .all(|d| d.doc_data.doc_type.as_str() == "CreditNote")
    );

    // An unknown keyword: the server's message, as is.
    let case = load_case(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../contracts/cases/webservice/webservice-error-start-keyword-unknown.json"),
    )
    .unwrap();
    let message = case.steps[0].expect.body.as_ref().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    let error = client.get(&WsQuery::start("tomorrow")).await.unwrap_err();
    assert_eq!(
        error,
        ClientError::WebService {
            message: message.clone()
        }
    );
    assert_eq!(error.to_string(), message);

    // A wrong token.
    let wrong = WebServiceClient::new(
        server.base_url(),
        Secret::new("not-the-token"),
        &ClientOptions::default(),
    )
    .unwrap();
    let error = wrong.get(&WsQuery::default()).await.unwrap_err();
    assert!(matches!(error, ClientError::WebService { .. }), "{error:?}");
    assert!(!error.to_string().contains("not-the-token"), "{error}");
}

#[tokio::test]
async fn webservice_empty_answers_mean_no_documents() {
    let wire = wiremock::MockServer::start().await;
    let route = "/whmcs/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";
    for (start, body) in [("Today", "{}"), ("Yesterday", "[]"), ("All", " [ ] ")] {
        Mock::given(method("POST"))
            .and(path(route))
            .and(body_string_contains("ws=einvoice&action=Get&token=t0k3n"))
            .and(body_string_contains(format!("start={start}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "application/json")
                    .set_body_string(body),
            )
            .expect(1)
            .mount(&wire)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(route))
        .and(body_string_contains("start=Last+7+days&end=2026-02-15"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(
                r#"{"result":"error","message":"Use end only with a date start."}"#,
            ),
        )
        .expect(1)
        .mount(&wire)
        .await;
    let client = WebServiceClient::new(
        &format!("{}/whmcs", wire.uri()),
        Secret::new("t0k3n"),
        &ClientOptions::default(),
    )
    .unwrap();
    for start in ["Today", "Yesterday", "All"] {
        let documents = client.get(&WsQuery::start(start)).await.unwrap();
        assert!(documents.0.is_empty(), "{start}");
    }
    let error = client
        .get(&WsQuery {
            start: Some("Last 7 days".into()),
            end: Some("2026-02-15".into()),
            ..WsQuery::default()
        })
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), "Use end only with a date start.");
    wire.verify().await;
}

// ---- Harness -------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn harness_moves_the_clock() {
    let server = server().await;
    let admin = harness(&server);
    let at = DateTime::parse_from_rfc3339("2019-06-15T12:00:00+02:00").unwrap();
    let frozen = admin.freeze_clock(at).await.unwrap();
    assert_eq!(frozen.now, at);
    assert_eq!(frozen.today, NaiveDate::from_ymd_opt(2019, 6, 15).unwrap());
    assert!(frozen.frozen);
    let moved = admin.advance_clock("1d").await.unwrap();
    assert_eq!(moved.today, NaiveDate::from_ymd_opt(2019, 6, 16).unwrap());
    assert_eq!(admin.clock().await.unwrap(), moved);
    let error = admin.advance_clock("one day").await.unwrap_err();
    assert!(
        matches!(error, ClientError::Refused { status: 422, .. }),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("admin-duration-invalid"));
    assert_eq!(
        error.to_string(),
        "Invalid duration \"one day\": use a number with a unit, e.g. 90s, 15m, 2h or 3d."
    );
    assert!(!admin.unfreeze_clock().await.unwrap().frozen);
    assert_eq!(admin.reset(Some(7)).await.unwrap(), 7);

    let wrong = HarnessClient::new(
        server.base_url(),
        Secret::new("not-the-admin-token"),
        &ClientOptions::default(),
    )
    .unwrap();
    let error = wrong.clock().await.unwrap_err();
    assert!(
        matches!(error, ClientError::Unauthorized { status: 401, .. }),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("admin-unauthorized"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn harness_adds_lists_and_removes_faults() {
    let server = server().await;
    let admin = harness(&server);
    let client = datacash(&server, server.datacash_key());
    assert_eq!(admin.clear_faults().await.unwrap(), 0);

    let added = admin
        .add_fault(
            &FaultRule::status("/api/dco/infoUser/", 503)
                .with_id("flaky-info")
                .with_method("post")
                .times(1),
        )
        .await
        .unwrap();
    assert_eq!(added.id.as_str(), "flaky-info");
    assert_eq!(added.rule.method.as_deref(), Some("POST"));
    assert_eq!((added.applied, added.remaining), (0, Some(1)));
    assert_eq!(admin.faults().await.unwrap(), vec![added.clone()]);
    assert_eq!(admin.fault(&added.id).await.unwrap(), added);

    // It applies once, in the DataCash envelope, then expires.
    let error = client.info_user().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.code(), Some("99"));
    assert!(client.info_user().await.is_ok());
    assert!(admin.faults().await.unwrap().is_empty());

    let generated = admin
        .add_fault(&FaultRule::delay("/portal/**", Duration::from_millis(1)))
        .await
        .unwrap();
    assert!(
        generated.id.as_str().starts_with("fault-"),
        "{:?}",
        generated.id
    );
    let removed = admin.remove_fault(&generated.id).await.unwrap();
    assert_eq!(removed.id, generated.id);
    assert!(admin.faults().await.unwrap().is_empty());
    let missing = admin
        .remove_fault(&FaultId::new("nothing-here").unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(missing, ClientError::Refused { status: 404, .. }),
        "{missing:?}"
    );
    assert_eq!(missing.code(), Some("admin-fault-not-found"));

    admin
        .add_fault(&FaultRule::status("/x", 500))
        .await
        .unwrap();
    admin
        .add_fault(&FaultRule::status("/y", 500))
        .await
        .unwrap();
    assert_eq!(admin.clear_faults().await.unwrap(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn harness_journal_follows_with_since() {
    let server = server().await;
    let admin = harness(&server);
    let portal = portal(&server);
    portal.account().await.unwrap();
    let last = admin
        .journal(&JournalFilter::default().limit(1))
        .await
        .unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].path, "/portal/v1/account");
    let since = last[0].id;

    portal.keys().await.unwrap();
    portal.counters().await.unwrap();
    let after = admin
        .journal(&JournalFilter::default().since(since))
        .await
        .unwrap();
    let paths: Vec<&str> = after.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["/portal/v1/keys", "/portal/v1/counters"]);
    assert!(after.iter().all(|e| e.id > since && e.status == Some(200)));
    assert_eq!(after[0].headers["authorization"], "<redacted>");

    let only_keys = admin
        .journal(
            &JournalFilter::default()
                .since(since)
                .path("/portal/v1/keys")
                .method("GET"),
        )
        .await
        .unwrap();
    assert_eq!(only_keys.len(), 1);
    assert!(admin.clear_journal().await.unwrap() >= 3);
    assert!(
        admin
            .journal(&JournalFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn harness_switches_agency_webhook_credentials_and_token() {
    let server = server().await;
    let admin = harness(&server);
    let client = datacash(&server, server.datacash_key());

    let down = admin.set_agency(false).await.unwrap();
    assert!(!down.up);
    assert!(!admin.agency().await.unwrap().up);
    let pending = client.send_document(&sale(100)).await.unwrap();
    assert!(pending.id_temporaneo.is_some());
    assert!(admin.set_agency(true).await.unwrap().up);

    let hook = admin
        .set_webhook(Some("http://127.0.0.1:9/hook"))
        .await
        .unwrap();
    assert_eq!(hook.url.as_deref(), Some("http://127.0.0.1:9/hook"));
    assert_eq!(admin.webhook().await.unwrap().url, hook.url);
    assert_eq!(admin.set_webhook(None).await.unwrap().url, None);

    let expired = admin
        .expire_credentials(&server.seller_partita_iva())
        .await
        .unwrap();
    assert!(expired.expired);
    let error = client.info_user().await.unwrap_err();
    assert_eq!(error.code(), Some("03"), "{error:?}");
    assert!(client.reset_password().await.unwrap().esito);
    assert!(client.info_user().await.is_ok());

    let token = admin.new_webservice_token().await.unwrap();
    assert_eq!(token.expose(), server.webservice_token());
    assert!(!format!("{token:?}").contains(token.expose()));
    let ws = WebServiceClient::new(server.base_url(), token, &ClientOptions::default()).unwrap();
    ws.get(&WsQuery::start("Yesterday")).await.unwrap();
}

// ---- Downloads -----------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_csv_is_saved_byte_for_byte() {
    let server = server().await;
    let portal = portal(&server);
    let direct = reqwest::Client::new()
        .get(format!(
            "{}/portal/v1/counters/key-1/dco/documents.csv",
            server.base_url()
        ))
        .bearer_auth(server.portal_token())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(direct.starts_with(b"date,type,idtrx,progressivo,amount\n"));
    assert!(direct.len() > 1000, "{} bytes", direct.len());

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("documents.csv");
    std::fs::write(&file, b"an older export").unwrap();
    let download = portal
        .counter_documents("key-1", Instance::Dco, DocumentsFormat::Csv)
        .await
        .unwrap();
    assert!(download.content_type().unwrap().starts_with("text/csv"));
    let mut seen = Vec::new();
    let written = download.save_to(&file, |n| seen.push(n)).await.unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), direct.to_vec());
    assert_eq!(written, direct.len() as u64);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&written));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["documents.csv"]);

    // A refusal comes back before any file is touched.
    let error = portal
        .counter_documents("key-9", Instance::Dco, DocumentsFormat::Xlsx)
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("key-not-found"));
}

/// A server that answers each connection with `head` and `body`, then either closes the
/// connection or keeps it open silently.
async fn raw_server(
    head: &'static str,
    body: &'static [u8],
    then_close: bool,
) -> (String, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body).await;
            let _ = socket.flush().await;
            if !then_close {
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
            drop(socket);
        }
    });
    (format!("http://{addr}"), task)
}

fn only_the_file_is_left(dir: &Path, file: &Path, content: &[u8]) {
    assert_eq!(
        std::fs::read(file).unwrap(),
        content,
        "the old file is untouched"
    );
    let names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [file.file_name().unwrap().to_string_lossy().into_owned()],
        "no .part file left"
    );
}

#[tokio::test]
async fn a_download_cut_short_leaves_the_old_file_alone() {
    let (url, task) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 1000\r\n\r\n",
        b"date,type,idtrx,progressivo,amount\n2026-02-15",
        true,
    )
    .await;
    let portal = PortalClient::new(&url, Secret::new("pt_x"), &ClientOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("documents.csv");
    std::fs::write(&file, b"the old export\n").unwrap();
    let download = portal
        .counter_documents("key-1", Instance::Dco, DocumentsFormat::Csv)
        .await
        .unwrap();
    assert_eq!(download.content_length(), Some(1000));
    let mut progress = 0;
    let error = download.save_to(&file, |n| progress = n).await.unwrap_err();
    assert!(
        matches!(error, ClientError::Interrupted { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with("the connection broke off: "),
        "{error}"
    );
    assert!(progress <= 46, "{progress}");
    only_the_file_is_left(dir.path(), &file, b"the old export\n");
    task.abort();
}

#[tokio::test]
async fn a_download_that_stalls_is_given_up() {
    let (url, task) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ntransfer-encoding: chunked\r\n\r\n",
        b"5\r\ndate,\r\n",
        false,
    )
    .await;
    let options = ClientOptions::default().with_timeout(Duration::from_millis(300));
    let portal = PortalClient::new(&url, Secret::new("pt_x"), &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("daily.csv");
    std::fs::write(&file, b"kept").unwrap();
    let download = portal
        .stats_daily_csv(
            dckit_tui::client::StatsTarget::Store("store-1".into()),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        )
        .await
        .unwrap();
    let began = std::time::Instant::now();
    let error = download.save_to(&file, |_| {}).await.unwrap_err();
    assert!(began.elapsed() < Duration::from_secs(3));
    assert_eq!(
        error,
        ClientError::Interrupted {
            reason: "no data for 300 ms".into()
        }
    );
    only_the_file_is_left(dir.path(), &file, b"kept");
    task.abort();
}

#[tokio::test]
async fn a_download_into_a_missing_folder_is_a_file_error() {
    let (url, task) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 3\r\n\r\n",
        b"a,b",
        true,
    )
    .await;
    let portal = PortalClient::new(&url, Secret::new("pt_x"), &ClientOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-such-folder").join("documents.csv");
    let error = portal
        .counter_documents("key-1", Instance::Fe, DocumentsFormat::Csv)
        .await
        .unwrap()
        .save_to(&file, |_| {})
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::File {
            path: file.display().to_string(),
            reason: "no such file or directory".into()
        }
    );
    task.abort();
}

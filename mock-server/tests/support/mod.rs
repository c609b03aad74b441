//! What the mock's tests share: the days they run on, one way to start a server (in process,
//! or the `dckit-mock` binary as a child process killed when its guard is dropped), one
//! client per API, the contract cases' variables, and sales with known totals.
#![allow(dead_code, reason = "each test file uses a part of it")]

use chrono::{DateTime, FixedOffset};
use dckit_contracts::model::datacash::{Credentials, FindDocumentsResponse, FoundDocument};
use dckit_contracts::model::portal::CounterDocumentRow;
use dckit_mock::{Config, MockServer};
use rust_decimal::Decimal;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The longest a binary may take to print its banner (the first start seeds a database).
pub(crate) const START_LIMIT: Duration = Duration::from_secs(60);

/// The longest any single HTTP exchange of a test may take.
pub(crate) const HTTP_LIMIT: Duration = Duration::from_secs(60);

/// The day the DataCash contract cases are written for (their `clock`).
pub(crate) const DATACASH_CLOCK: &str = "2026-02-15T08:00:00+01:00";

/// The day the account area's contract cases are written for; the tests of counters,
/// statistics and the binary run on it too.
pub(crate) const PORTAL_CLOCK: &str = "2026-02-15T10:31:07+01:00";

/// The day the WebService contract cases are written for.
pub(crate) const WEBSERVICE_CLOCK: &str = "2019-06-15T12:00:00+02:00";

/// The WebService's path.
pub(crate) const WS_PATH: &str =
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";

/// One of the clocks above as a date-time.
pub(crate) fn at(clock: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(clock).unwrap()
}

/// A mock in this process, with `config`.
pub(crate) async fn start(config: Config) -> MockServer {
    MockServer::start(config).await.unwrap()
}

/// An ephemeral mock in this process whose clock stands at `clock`.
pub(crate) async fn start_at(clock: &str) -> MockServer {
    start(Config::ephemeral().with_clock(at(clock))).await
}

/// A plain HTTP client: no connection shared with the others, at most [`HTTP_LIMIT`] an
/// exchange.
pub(crate) fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(HTTP_LIMIT)
        .build()
        .unwrap()
}

/// `POST {path}` to `server` with a bearer `token` (right or wrong) and a JSON body: see
/// [`BearerClient::post_full`].
pub(crate) async fn admin_post(
    server: &MockServer,
    path: &str,
    token: &str,
    body: Value,
) -> (u16, Value, String) {
    BearerClient::new(server.base_url(), token)
        .post_full(path, body)
        .await
}

/// `POST /__admin/{route}` with the server's admin token: see [`BearerClient::ok`].
pub(crate) async fn admin(server: &MockServer, route: &str, body: Value) -> Value {
    BearerClient::harness(server).ok(route, body).await
}

/// Replays the recorded cases of `suite` (`contracts/cases/{suite}`, at least `at_least` of
/// them) against `server` with every variable and its admin token; fails the test on any
/// mismatch.
pub(crate) async fn the_cases_pass(server: &MockServer, suite: &str, at_least: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../contracts/cases/{suite}"));
    let cases = dckit_contracts::cases::load_dir(&dir).unwrap();
    assert!(cases.len() >= at_least, "{} {suite} cases", cases.len());
    let report = dckit_contracts::cases::Runner::new(server.base_url())
        .vars(case_vars(server))
        .admin_token(server.admin_token())
        .timeout(HTTP_LIMIT)
        .run(&cases)
        .await;
    assert!(report.is_success(), "{report}");
}

/// A response's content type (empty when it has none).
pub(crate) fn content_type(resp: &reqwest::Response) -> String {
    resp.headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Every variable the recorded cases use, with the values of `server`.
pub(crate) fn case_vars(server: &MockServer) -> Vec<(&'static str, String)> {
    server.case_vars().unwrap()
}

/// A fresh, empty folder under the system's temporary directory.
pub(crate) fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dckit-{name}-{}-{}",
        std::process::id(),
        dckit_mock::secrets::generate("", 8)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Removes a folder when dropped, so a failing test leaves nothing behind either.
pub(crate) struct TempDir(pub(crate) std::path::PathBuf);

impl TempDir {
    pub(crate) fn new(name: &str) -> TempDir {
        TempDir(temp_dir(name))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The six lines of the start banner (README, "The mock server").
#[derive(Clone, Debug)]
pub(crate) struct Banner {
    pub(crate) base: String,
    pub(crate) webservice_token: String,
    pub(crate) datacash_key: String,
    pub(crate) partita_iva: String,
    pub(crate) portal_token: String,
    pub(crate) admin_token: String,
}

impl Banner {
    fn parse(lines: &[String]) -> Banner {
        let field = |i: usize, prefix: &str| -> String {
            lines[i]
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("banner line {i} {:?} lacks {prefix:?}", lines[i]))
                .to_owned()
        };
        Banner {
            base: field(0, "listening on "),
            webservice_token: field(1, "webservice token: "),
            datacash_key: field(2, "datacash key: "),
            partita_iva: field(3, "seller partita iva: "),
            portal_token: field(4, "portal token: "),
            admin_token: field(5, "admin token: "),
        }
    }

    /// The secrets the banner prints.
    pub(crate) fn secrets(&self) -> Vec<(&'static str, String)> {
        vec![
            ("webservice token", self.webservice_token.clone()),
            ("datacash key", self.datacash_key.clone()),
            ("portal token", self.portal_token.clone()),
            ("admin token", self.admin_token.clone()),
        ]
    }
}

/// The `dckit-mock` binary, with no `DCKIT_*` variable of the caller's environment: the one
/// cargo built for this test run, or the one `DCKIT_TEST_MOCK_BIN` names (an absolute path,
/// e.g. `$PWD/target/release/dckit-mock`, to test the release build: tests run in the crate's
/// folder).
pub(crate) fn command() -> Command {
    let binary = std::env::var_os("DCKIT_TEST_MOCK_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_dckit-mock").into());
    let mut command = Command::new(binary);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("DCKIT_") {
            command.env_remove(name);
        }
    }
    command
}

/// A running `dckit-mock` binary. Dropping it kills the process (SIGKILL) and waits for it,
/// so a failed assertion never leaves a server behind.
pub(crate) struct MockProcess {
    child: Child,
    pub(crate) banner: Banner,
    stdout_rest: Option<JoinHandle<Vec<u8>>>,
    stderr: Option<JoinHandle<Vec<u8>>>,
}

/// What a stopped process printed.
pub(crate) struct Printed {
    /// Standard output after the banner.
    pub(crate) stdout: String,
    /// Standard error, all of it.
    pub(crate) stderr: String,
}

impl MockProcess {
    /// Starts `dckit-mock` on the data folder `dir` at [`PORTAL_CLOCK`], on a free port, with
    /// `RUST_LOG=rust_log`.
    pub(crate) fn start_on(dir: &Path, rust_log: &str) -> MockProcess {
        let dir = dir.display().to_string();
        let args = ["--data-dir", &dir, "--addr", "127.0.0.1:0"];
        MockProcess::start(&[&args[..], &["--clock", PORTAL_CLOCK]].concat(), rust_log)
    }

    /// Starts [`command`] `ARGS` with `RUST_LOG=rust_log`, and reads its banner (at most
    /// [`START_LIMIT`]). Both outputs are read continuously (a full pipe would block the
    /// server) and kept.
    pub(crate) fn start(args: &[&str], rust_log: &str) -> MockProcess {
        MockProcess::start_with_env(args, &[], rust_log)
    }

    /// [`MockProcess::start`] with the environment variables `env` set too.
    pub(crate) fn start_with_env(
        args: &[&str],
        env: &[(&str, &str)],
        rust_log: &str,
    ) -> MockProcess {
        let mut command = command();
        let binary = command.get_program().to_owned();
        let mut child = command
            .args(args)
            .envs(env.iter().copied())
            .env("RUST_LOG", rust_log)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.to_string_lossy()));
        let stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut all = Vec::new();
            let _ = stderr.read_to_end(&mut all);
            all
        });
        let (banner_tx, banner_rx) = mpsc::channel();
        let stdout_rest = std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut lines = Vec::new();
            for _ in 0..6 {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(n) if n > 0 => lines.push(line.trim_end().to_owned()),
                    _ => break,
                }
            }
            let _ = banner_tx.send(lines);
            let mut rest = Vec::new();
            let _ = reader.read_to_end(&mut rest);
            rest
        });
        let mut process = MockProcess {
            child,
            banner: Banner {
                base: String::new(),
                webservice_token: String::new(),
                datacash_key: String::new(),
                partita_iva: String::new(),
                portal_token: String::new(),
                admin_token: String::new(),
            },
            stdout_rest: Some(stdout_rest),
            stderr: Some(stderr),
        };
        let lines = banner_rx.recv_timeout(START_LIMIT).unwrap_or_default();
        if lines.len() < 6 {
            let printed = process.stop_now();
            panic!(
                "no banner from dckit-mock {args:?} within {START_LIMIT:?}: {lines:?}\n{}",
                printed.stderr
            );
        }
        process.banner = Banner::parse(&lines);
        process
    }

    /// The process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM (a graceful shutdown).
    #[cfg(unix)]
    pub(crate) fn terminate(&self) {
        let pid = i32::try_from(self.pid()).unwrap();
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGTERM,
        )
        .unwrap();
    }

    /// Kills the process with SIGKILL (a crash: nothing runs after it) and reaps it.
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits at most `limit` for the process to end by itself.
    pub(crate) fn wait_for_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Kills the process if it still runs, then returns everything it printed.
    pub(crate) fn stop_now(&mut self) -> Printed {
        self.kill();
        self.printed()
    }

    /// Everything the (ended) process printed; empty after the first call.
    pub(crate) fn printed(&mut self) -> Printed {
        let take = |handle: Option<JoinHandle<Vec<u8>>>| {
            handle
                .and_then(|h| h.join().ok())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        };
        Printed {
            stdout: take(self.stdout_rest.take()),
            stderr: take(self.stderr.take()),
        }
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Fisconline credentials the mock accepts for the seller `partita_iva`.
pub(crate) fn credentials(partita_iva: &str) -> Credentials {
    Credentials {
        codice_fiscale: "RSSMRA80A01H501U".to_owned(),
        password: "Fisconline!2026".to_owned(),
        pin: "1234567890".to_owned(),
        partita_iva: partita_iva.to_owned(),
    }
}

/// `credentials` encrypted to the public key of the mock at `base`.
pub(crate) async fn encrypt_for(base: &str, credentials: &Credentials) -> String {
    let key = dckit_mock::credentials::fetch_public_key(base)
        .await
        .unwrap();
    dckit_mock::credentials::encrypt(&key, credentials).unwrap()
}

/// How many lines the sale of `cents` has: 1 to 3, by the total.
pub(crate) fn lines_of(cents: i64) -> usize {
    usize::try_from(cents.rem_euclid(3)).unwrap() + 1
}

/// A sale whose total is `cents` (at least 3), paid by card, in [`lines_of`] lines sharing the
/// total (the first takes the remainder), so a stored document shows whether it is whole.
pub(crate) fn sale(cents: i64) -> Value {
    let lines = lines_of(cents);
    let n = i64::try_from(lines).unwrap();
    assert!(cents >= n);
    let each = cents / n;
    let first = cents - each * (n - 1);
    let line = |price: i64, i: usize| {
        format!(
            r#"{{"aliquotaIVA": "22", "percentualeIVA": 22, "descrizioneProdotto": "Articolo {i}",
                "prezzoLordo": {}.{:02}, "quantita": 1, "scontoLordo": 0, "omaggioElemento": false}}"#,
            price / 100,
            price % 100
        )
    };
    let lines: Vec<String> = (0..lines)
        .map(|i| line(if i == 0 { first } else { each }, i + 1))
        .collect();
    let text = format!(
        r#"{{"document": {{"elementiContabili": [{}], "totaleScontiAPagare": 0, "omaggio": false,
            "codiceLotteria": "", "pagamento": "PE", "pagamenti": [], "ticketRestaurant": [],
            "documentoCommercialeCollegato": "", "multisede": {{}}}}}}"#,
        lines.join(", ")
    );
    serde_json::from_str(&text).unwrap()
}

/// `cents` as a decimal amount.
pub(crate) fn amount(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// An acknowledged document: `esito: true` with these identifiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Acked {
    pub(crate) idtrx: String,
    pub(crate) progressivo: String,
    pub(crate) cents: i64,
}

/// A client of `/api/dco` with one key and its credentials.
#[derive(Clone)]
pub(crate) struct DcoClient {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) key: String,
    pub(crate) credentials: String,
}

impl DcoClient {
    pub(crate) fn new(base: &str, key: &str, credentials: &str) -> DcoClient {
        DcoClient {
            http: http(),
            base: base.to_owned(),
            key: key.to_owned(),
            credentials: credentials.to_owned(),
        }
    }

    /// A client of `server` with its demo key and the demo seller's credentials.
    pub(crate) fn demo(server: &MockServer) -> DcoClient {
        let credentials = server.credentials_for_demo().unwrap();
        DcoClient::new(server.base_url(), server.datacash_key(), &credentials)
    }

    /// The same client with another key.
    pub(crate) fn with_key(&self, key: &str) -> DcoClient {
        DcoClient {
            key: key.to_owned(),
            ..self.clone()
        }
    }

    /// As [`DcoClient::call`], failing the test unless the answer is a 200: its JSON body.
    pub(crate) async fn ok(&self, path: &str, body: Value) -> Value {
        let (status, body) = self.call(path, body).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// Posts `body` (with the credentials) to `/api/dco/{path}`: the status and JSON body,
    /// or the transport error.
    pub(crate) async fn try_call(
        &self,
        path: &str,
        mut body: Value,
    ) -> Result<(u16, Value), reqwest::Error> {
        body["ade_credentials_encrypted"] = Value::String(self.credentials.clone());
        let resp = self
            .http
            .post(format!("{}/api/dco/{path}", self.base))
            .header("Datacash-Key", &self.key)
            .json(&body)
            .send()
            .await?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await?;
        Ok((
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ))
    }

    /// As [`DcoClient::try_call`], failing the test on a transport error.
    pub(crate) async fn call(&self, path: &str, body: Value) -> (u16, Value) {
        self.try_call(path, body)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Sends the [`sale`] of `cents`; `Some` when it was acknowledged (`esito: true`), `None`
    /// when the call failed in transport. A refusal fails the test.
    pub(crate) async fn send(&self, cents: i64) -> Option<Acked> {
        let (status, body) = self.try_call("sendDocument/", sale(cents)).await.ok()?;
        assert_eq!(
            (status, &body["esito"]),
            (200, &Value::Bool(true)),
            "{body}"
        );
        Some(Acked {
            idtrx: body["idtrx"].as_str().unwrap().to_owned(),
            progressivo: body["progressivo"].as_str().unwrap().to_owned(),
            cents,
        })
    }

    /// `infoUser`: `(documentiEmessi, documentiOggi)`.
    pub(crate) async fn counts(&self) -> (u64, u64) {
        let (status, body) = self.call("infoUser/", serde_json::json!({})).await;
        assert_eq!(status, 200, "{body}");
        (
            body["documentiEmessi"].as_u64().unwrap(),
            body["documentiOggi"].as_u64().unwrap(),
        )
    }

    /// `findDocuments` over the 31 days ending `end`.
    pub(crate) async fn find(&self, end: chrono::NaiveDate) -> Vec<FoundDocument> {
        let start = end - chrono::TimeDelta::days(30);
        let (status, body) = self
            .call(
                "findDocuments/",
                serde_json::json!({"start": start.to_string(), "end": end.to_string()}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_value::<FindDocumentsResponse>(body)
            .unwrap()
            .results
    }
}

/// A client of the account area or of the harness (`/__admin`): a base URL (the server's,
/// or its admin listener's) and a bearer token.
pub(crate) struct BearerClient {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) token: String,
}

impl BearerClient {
    pub(crate) fn new(base: &str, token: &str) -> BearerClient {
        BearerClient {
            http: http(),
            base: base.to_owned(),
            token: token.to_owned(),
        }
    }

    /// A client of the account area of `server`, with its portal token.
    pub(crate) fn portal(server: &MockServer) -> BearerClient {
        BearerClient::new(server.base_url(), server.portal_token())
    }

    /// A client of the harness of `server`, with its admin token.
    pub(crate) fn harness(server: &MockServer) -> BearerClient {
        BearerClient::new(server.base_url(), server.admin_token())
    }

    /// `GET {path}` with the token: the response, whatever its status.
    pub(crate) async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }

    /// `GET {path}`, failing the test unless it is a 200: its JSON body.
    pub(crate) async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        resp.json().await.unwrap()
    }

    /// `GET {path}`: the body as text, whatever the status.
    pub(crate) async fn get_text(&self, path: &str) -> String {
        self.get(path).await.text().await.unwrap()
    }

    /// `POST {path}` with a JSON body: the status, the JSON body (`Null` when not JSON) and
    /// the content type.
    pub(crate) async fn post_full(&self, path: &str, body: Value) -> (u16, Value, String) {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let ctype = content_type(&resp);
        (status, resp.json().await.unwrap_or(Value::Null), ctype)
    }

    /// `POST {path}` with a JSON body: the status and the JSON body (`Null` when not JSON).
    pub(crate) async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let (status, body, _) = self.post_full(path, body).await;
        (status, body)
    }

    /// `POST /__admin/{route}`, failing the test unless it succeeds: the JSON body.
    pub(crate) async fn ok(&self, route: &str, body: Value) -> Value {
        let (status, body) = self.post(&format!("/__admin/{route}"), body).await;
        assert!((200..300).contains(&status), "{route}: {status} {body}");
        body
    }

    /// The rows of the counter export of `key_id` (`key-N`) on `/api/dco`.
    pub(crate) async fn export(&self, key_id: &str) -> Vec<CounterDocumentRow> {
        let path = format!("/portal/v1/counters/{key_id}/dco/documents.csv");
        let resp = self.get(&path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let text = resp.text().await.unwrap();
        csv::Reader::from_reader(text.as_bytes())
            .deserialize()
            .collect::<Result<Vec<CounterDocumentRow>, _>>()
            .unwrap()
    }
}

/// Checks the database file in `dir` of a stopped process: SQLite's `integrity_check`,
/// every document whole (lines adding up to its gross and VAT, a sale's payments to its
/// total), every counter (overall and daily) equal to the documents it counts, and every
/// acknowledged document stored as acknowledged, with all its lines.
pub(crate) fn check_database(dir: &Path, acked: &[Acked]) {
    use rusqlite::{Connection, OpenFlags};
    let path = dir.join(dckit_mock::db::DATABASE_FILE);
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let rows = |sql: &str| -> Vec<(String, i64, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let broken = rows(
        "SELECT 'document ' || d.id, d.gross_cents, COALESCE(l.gross, -1) FROM dc_documents d
         LEFT JOIN (SELECT document_id, SUM(gross_cents) AS gross, SUM(vat_cents) AS vat
                    FROM dc_document_lines GROUP BY document_id) l ON l.document_id = d.id
         WHERE l.gross IS NULL OR l.gross != d.gross_cents OR l.vat != d.vat_cents",
    );
    assert_eq!(broken, [], "documents whose lines do not add up");
    let unpaid = rows(
        "SELECT 'sale ' || d.id, d.total_cents, COALESCE(p.paid, -1) FROM dc_documents d
         LEFT JOIN (SELECT document_id, SUM(amount_cents) AS paid
                    FROM dc_document_payments GROUP BY document_id) p ON p.document_id = d.id
         WHERE d.kind = 'V' AND d.total_cents > 0 AND (p.paid IS NULL OR p.paid != d.total_cents)",
    );
    assert_eq!(unpaid, [], "sales whose payments do not add up");
    let miscounted = rows(
        "SELECT 'key ' || k.id, COALESCE(c.total, 0), COALESCE(d.n, 0) FROM dc_keys k
         LEFT JOIN dc_counters c ON c.key_id = k.id AND c.instance = 'dco'
         LEFT JOIN (SELECT key_id, COUNT(*) AS n FROM dc_documents
                    WHERE instance = 'dco' GROUP BY key_id) d ON d.key_id = k.id
         WHERE COALESCE(c.total, 0) != COALESCE(d.n, 0)",
    );
    assert_eq!(miscounted, [], "counters that differ from their documents");
    let days = rows(
        "SELECT 'key ' || c.key_id || ' on ' || c.day, c.count, COUNT(d.id)
         FROM dc_counter_days c LEFT JOIN dc_documents d
           ON d.key_id = c.key_id AND d.instance = c.instance AND d.day = c.day
         GROUP BY c.key_id, c.instance, c.day HAVING c.count != COUNT(d.id)",
    );
    assert_eq!(days, [], "daily counters that differ from their documents");
    let mut stmt = conn
        .prepare(
            "SELECT d.progressivo, d.total_cents, (SELECT COUNT(*) FROM dc_document_lines
                    WHERE document_id = d.id) FROM dc_documents d WHERE d.id = ?1",
        )
        .unwrap();
    for doc in acked {
        let id: i64 = doc.idtrx.parse().unwrap();
        let (progressivo, total, lines): (String, i64, i64) = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap_or_else(|e| panic!("acknowledged {} is not stored: {e}", doc.idtrx));
        assert_eq!(
            (progressivo.as_str(), total, usize::try_from(lines).unwrap()),
            (doc.progressivo.as_str(), doc.cents, lines_of(doc.cents)),
            "{}",
            doc.idtrx
        );
    }
}

/// Checks through the API of the mock at `banner` that every acknowledged document of the
/// demo key is there as acknowledged (`findDocuments` over the 31 days ending `today`, and
/// the counter export), and that the key's counter equals the documents stored and counts
/// at least `at_least`. `credentials` are the demo seller's, encrypted for this process.
pub(crate) async fn check_acknowledged(
    banner: &Banner,
    credentials: &str,
    today: chrono::NaiveDate,
    acked: &[Acked],
    at_least: u64,
) {
    let client = DcoClient::new(&banner.base, &banner.datacash_key, credentials);
    let portal = BearerClient::new(&banner.base, &banner.portal_token);
    let (total, _) = client.counts().await;
    assert!(total >= at_least, "counter {total} < {at_least}");
    let found: std::collections::HashMap<String, FoundDocument> = client
        .find(today)
        .await
        .into_iter()
        .map(|d| (d.idtrx.clone(), d))
        .collect();
    for doc in acked {
        let listed = found
            .get(&doc.idtrx)
            .unwrap_or_else(|| panic!("acknowledged {} not found", doc.idtrx));
        assert_eq!(listed.numero_progressivo, doc.progressivo);
        assert_eq!(listed.ammontare_complessivo.0, amount(doc.cents));
    }
    let keys: Vec<dckit_contracts::model::portal::ApiKey> =
        portal.get_json("/portal/v1/keys").await;
    let masked = dckit_contracts::model::portal::mask_key(&banner.datacash_key);
    let key_id = &keys.iter().find(|k| k.masked_key == masked).unwrap().id;
    let rows = portal.export(key_id).await;
    assert_eq!(
        u64::try_from(rows.len()).unwrap(),
        total,
        "the counter equals the documents stored"
    );
    let exported: std::collections::HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r.idtrx.as_str(), r.progressivo.as_str()))
        .collect();
    assert_eq!(exported.len(), rows.len(), "an idtrx exported twice");
    for doc in acked {
        assert_eq!(
            exported.get(doc.idtrx.as_str()),
            Some(&doc.progressivo.as_str()),
            "{} in the export",
            doc.idtrx
        );
    }
}

//! Fast starts serve the same data: ephemeral servers (whose store is a copy of the demo data
//! generated once per seed and day) answer byte for byte what a server whose store was
//! generated row by row (a new data directory) answers, for the same seed and clock — while
//! each server keeps secrets of its own.

use chrono::{DateTime, FixedOffset};
use dckit_mock::{Config, MockServer};
use serde_json::json;

const WS_PATH: &str =
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";

fn clock() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-02-15T10:30:00+01:00").unwrap()
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "dckit-startup-{name}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The answers of a few representative requests of every API, with the server's own
/// secrets, as `(request, status, body)`.
async fn answers(server: &MockServer) -> Vec<(String, u16, Vec<u8>)> {
    let http = reqwest::Client::new();
    let base = server.base_url();
    let mut out = Vec::new();
    let mut keep = |what: &str, status: reqwest::StatusCode, body: &[u8]| {
        out.push((what.to_owned(), status.as_u16(), body.to_vec()));
    };

    let token = server.webservice_token();
    for start in ["All", "Month to date"] {
        let resp = http
            .post(format!("{base}{WS_PATH}"))
            .form(&[
                ("token", token.as_str()),
                ("ws", "einvoice"),
                ("action", "Get"),
                ("start", start),
            ])
            .send()
            .await
            .unwrap();
        let status = resp.status();
        keep(
            &format!("WebService {start}"),
            status,
            &resp.bytes().await.unwrap(),
        );
    }

    for path in [
        "/portal/v1/stores",
        "/portal/v1/stats?store=store-1&from=2025-11-15&to=2026-02-15",
        "/portal/v1/stats?device=dev-2&from=2026-01-16&to=2026-02-15",
        "/portal/v1/counters/key-2/dco/documents.csv",
    ] {
        let resp = http
            .get(format!("{base}{path}"))
            .bearer_auth(server.portal_token())
            .send()
            .await
            .unwrap();
        let status = resp.status();
        keep(path, status, &resp.bytes().await.unwrap());
    }

    let mut find = json!({"start": "2026-01-16", "end": "2026-02-15"});
    find["ade_credentials_encrypted"] = json!(server.credentials_for_demo().unwrap());
    let resp = http
        .post(format!("{base}/api/dco/findDocuments/"))
        .header("Datacash-Key", server.datacash_key())
        .json(&find)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    keep("findDocuments", status, &resp.bytes().await.unwrap());
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ephemeral_servers_serve_what_a_generated_store_serves_with_secrets_of_their_own() {
    let dir = TempDir::new("generated");
    let generated = MockServer::start(
        Config::ephemeral()
            .with_clock(clock())
            .with_data_dir(&dir.0),
    )
    .await
    .unwrap();
    let a = MockServer::start(Config::ephemeral().with_clock(clock()))
        .await
        .unwrap();
    let b = MockServer::start(Config::ephemeral().with_clock(clock()))
        .await
        .unwrap();
    let other_seed = MockServer::start(Config::ephemeral().with_clock(clock()).with_seed(43))
        .await
        .unwrap();
    let other_day = MockServer::start(
        Config::ephemeral()
            .with_clock(DateTime::parse_from_rfc3339("2026-02-16T10:30:00+01:00").unwrap()),
    )
    .await
    .unwrap();

    let want = answers(&generated).await;
    for (what, status, body) in &want {
        assert_eq!(*status, 200, "{what}: {}", String::from_utf8_lossy(body));
        assert!(body.len() > 100, "{what}: {} bytes", body.len());
    }
    for server in [&a, &b] {
        let got = answers(server).await;
        for ((what, status, body), (_, want_status, want_body)) in got.iter().zip(&want) {
            assert_eq!(status, want_status, "{what}");
            assert!(
                body == want_body,
                "{what}: the copied store answers otherwise than the generated one"
            );
        }
    }
    // Another seed, or another day, is other data: never a template of the first.
    for (label, server) in [("seed 43", &other_seed), ("the next day", &other_day)] {
        let got = answers(server).await;
        assert!(
            got.iter().zip(&want).any(|(g, w)| g.2 != w.2),
            "{label} answers as seed 42 on the first day"
        );
    }
    assert_ne!(other_seed.seller_partita_iva(), a.seller_partita_iva());

    // Secrets are each server's own.
    let secrets = |s: &MockServer| {
        [
            s.datacash_key().to_owned(),
            s.webservice_token(),
            s.portal_token().to_owned(),
            s.admin_token().to_owned(),
        ]
    };
    let (sa, sb) = (secrets(&a), secrets(&b));
    for (x, y) in sa.iter().zip(&sb) {
        assert_ne!(x, y);
    }
    let http = reqwest::Client::new();
    let mut pgp = Vec::new();
    for server in [&a, &b] {
        let resp = http
            .get(format!("{}/api/dco/pgp-key", server.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        pgp.push(resp.text().await.unwrap());
    }
    assert_ne!(pgp[0], pgp[1], "two servers share an OpenPGP key");
    // One server's demo key is not another's.
    let mut info = json!({});
    info["ade_credentials_encrypted"] = json!(b.credentials_for_demo().unwrap());
    let resp = http
        .post(format!("{}/api/dco/infoUser/", b.base_url()))
        .header("Datacash-Key", a.datacash_key())
        .json(&info)
        .send()
        .await
        .unwrap();
    assert_ne!(resp.status(), 200, "b accepts a's demo key");

    for server in [generated, a, b, other_seed, other_day] {
        server.shutdown().await;
    }
}

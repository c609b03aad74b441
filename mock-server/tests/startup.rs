//! Fast starts serve the same data: ephemeral servers (whose store is a copy of the demo data
//! generated once per seed and day) answer byte for byte what a server whose store was
//! generated row by row (a new data directory) answers, for the same seed and clock — while
//! each server keeps secrets of its own; and the binary, which keeps that data as a file in
//! its cache directory, serves the same from the file, from a damaged one and with none.

mod support;

use dckit_mock::{Config, MockServer};
use serde_json::json;
use std::path::PathBuf;
use support::{MockProcess, PORTAL_CLOCK, TempDir, WS_PATH, at, credentials, encrypt_for};

/// What [`answers`] needs of a server: where it is and its secrets.
struct Target {
    base: String,
    webservice_token: String,
    portal_token: String,
    datacash_key: String,
    /// The demo credentials, encrypted to the server's key.
    credentials: String,
}

impl Target {
    fn of(server: &MockServer) -> Target {
        Target {
            base: server.base_url().to_owned(),
            webservice_token: server.webservice_token(),
            portal_token: server.portal_token().to_owned(),
            datacash_key: server.datacash_key().to_owned(),
            credentials: server.credentials_for_demo().unwrap(),
        }
    }

    /// A `dckit-mock` process, from its banner.
    async fn of_process(process: &MockProcess) -> Target {
        let banner = &process.banner;
        Target {
            base: banner.base.clone(),
            webservice_token: banner.webservice_token.clone(),
            portal_token: banner.portal_token.clone(),
            datacash_key: banner.datacash_key.clone(),
            credentials: encrypt_for(&banner.base, &credentials(&banner.partita_iva)).await,
        }
    }
}

/// The answers of a few representative requests of every API, with the server's own
/// secrets, as `(request, status, body)`.
async fn answers(target: &Target) -> Vec<(String, u16, Vec<u8>)> {
    let http = reqwest::Client::new();
    let base = &target.base;
    let mut out = Vec::new();
    let mut keep = |what: &str, status: reqwest::StatusCode, body: &[u8]| {
        out.push((what.to_owned(), status.as_u16(), body.to_vec()));
    };

    let token = &target.webservice_token;
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
            .bearer_auth(&target.portal_token)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        keep(path, status, &resp.bytes().await.unwrap());
    }

    let mut find = json!({"start": "2026-01-16", "end": "2026-02-15"});
    find["ade_credentials_encrypted"] = json!(target.credentials);
    let resp = http
        .post(format!("{base}/api/dco/findDocuments/"))
        .header("Datacash-Key", &target.datacash_key)
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
    let dir = TempDir::new("startup-generated");
    let generated = MockServer::start(
        Config::ephemeral()
            .with_clock(at(PORTAL_CLOCK))
            .with_data_dir(dir.path()),
    )
    .await
    .unwrap();
    let a = MockServer::start(Config::ephemeral().with_clock(at(PORTAL_CLOCK)))
        .await
        .unwrap();
    let b = MockServer::start(Config::ephemeral().with_clock(at(PORTAL_CLOCK)))
        .await
        .unwrap();
    let other_seed = MockServer::start(
        Config::ephemeral()
            .with_clock(at(PORTAL_CLOCK))
            .with_seed(43),
    )
    .await
    .unwrap();
    let other_day =
        MockServer::start(Config::ephemeral().with_clock(at("2026-02-16T10:30:00+01:00")))
            .await
            .unwrap();

    let want = answers(&Target::of(&generated)).await;
    for (what, status, body) in &want {
        assert_eq!(*status, 200, "{what}: {}", String::from_utf8_lossy(body));
        assert!(body.len() > 100, "{what}: {} bytes", body.len());
    }
    for server in [&a, &b] {
        let got = answers(&Target::of(server)).await;
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
        let got = answers(&Target::of(server)).await;
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

/// The template files of `dir`.
fn template_files(dir: &TempDir) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
        .collect();
    files.sort();
    files
}

/// Starts the binary, ephemeral at [`PORTAL_CLOCK`], with `DCKIT_MOCK_CACHE_DIR=cache`, and
/// returns its answers.
async fn binary_answers(cache: &str) -> Vec<(String, u16, Vec<u8>)> {
    let args = [
        "--ephemeral",
        "--addr",
        "127.0.0.1:0",
        "--clock",
        PORTAL_CLOCK,
    ];
    let mut process =
        MockProcess::start_with_env(&args, &[("DCKIT_MOCK_CACHE_DIR", cache)], "warn");
    let got = answers(&Target::of_process(&process).await).await;
    process.terminate();
    assert!(
        process
            .wait_for_exit(support::START_LIMIT)
            .is_some_and(|s| s.success()),
        "dckit-mock did not stop cleanly: {}",
        process.printed().stderr
    );
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_keeps_the_template_as_a_file_and_serves_the_same_data_from_it() {
    let server = MockServer::start(Config::ephemeral().with_clock(at(PORTAL_CLOCK)))
        .await
        .unwrap();
    let want = answers(&Target::of(&server)).await;
    server.shutdown().await;
    let same = |got: &[(String, u16, Vec<u8>)], label: &str| {
        assert_eq!(got.len(), want.len());
        for ((what, status, body), (_, want_status, want_body)) in got.iter().zip(&want) {
            assert_eq!(status, want_status, "{label}: {what}");
            assert!(
                body == want_body,
                "{label}: {what} differs from a server in process"
            );
        }
    };
    let cache = TempDir::new("startup-cache");
    let dir = cache.path().display().to_string();

    // The first start generates the data and leaves it as a file of the seed and day.
    same(&binary_answers(&dir).await, "first start");
    let files = template_files(&cache);
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("seed-42-2026-02-15-"), "{name}");
    let written = std::fs::metadata(&files[0]).unwrap().modified().unwrap();

    // The next start reads the file and leaves it as it is.
    same(&binary_answers(&dir).await, "start from the file");
    assert_eq!(template_files(&cache), files);
    assert_eq!(
        std::fs::metadata(&files[0]).unwrap().modified().unwrap(),
        written
    );

    // A damaged file is made anew; the data served is the same.
    std::fs::write(&files[0], b"not a database").unwrap();
    same(&binary_answers(&dir).await, "start from a damaged file");
    assert_eq!(template_files(&cache), files);
    assert!(std::fs::metadata(&files[0]).unwrap().len() > 100_000);

    // With the files off, nothing is read or written.
    std::fs::write(&files[0], b"not a database").unwrap();
    same(&binary_answers("off").await, "files off");
    assert_eq!(std::fs::read(&files[0]).unwrap(), b"not a database");
}

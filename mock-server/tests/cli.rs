//! The `dckit-mock` binary: `verify` against live servers, `serve`'s banner and admin
//! listener, help, and refusals of bad settings.

mod support;

use dckit_mock::{Config, FaultRule, MockServer};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Output, Stdio};
use support::DATACASH_CLOCK;

/// Runs the binary with `args` to the end, off the async runtime.
async fn run(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || support::command().args(args).output().unwrap())
        .await
        .unwrap()
}

/// `verify` arguments for the DataCash and harness suites of `server`.
fn verify_args(server: &MockServer) -> Vec<String> {
    let mut args: Vec<String> = [
        "verify",
        server.base_url(),
        "--api",
        "datacash",
        "--api",
        "admin",
        "--admin-token",
        server.admin_token(),
        "--key",
        server.datacash_key(),
        "--token",
        &server.webservice_token(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // The key, the token and the admin token go by their own options.
    let by_option = ["datacash_key", "webservice_token", "admin_token"];
    for (name, value) in support::case_vars(server) {
        if !by_option.contains(&name) {
            args.extend(["--var".to_owned(), format!("{name}={value}")]);
        }
    }
    args
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_passes_against_a_mock() {
    let server = support::start_at(DATACASH_CLOCK).await;
    let output = run(verify_args(&server)).await;
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        text(&output.stderr)
    );
    assert!(stdout.contains("== admin ("), "{stdout}");
    assert!(stdout.contains("== datacash ("), "{stdout}");
    assert!(stdout.contains("PASS  info-user "), "{stdout}");
    let total = stdout.lines().last().unwrap();
    assert!(
        total.starts_with("2 suites, ") && total.ends_with(" 0 failed"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_fails_naming_the_case_a_fault_breaks() {
    let server = support::start_at(DATACASH_CLOCK).await;
    server
        .add_fault(FaultRule::status("/api/dco/sendInvoice/", 500).with_method("POST"))
        .unwrap();
    let output = run(verify_args(&server)).await;
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL  path-unknown "), "{stdout}");
    assert!(stdout.contains("status: expected 404, got 500"), "{stdout}");
    let failures = stdout.lines().filter(|l| l.starts_with("FAIL  ")).count();
    assert_eq!(failures, 1, "only the broken case fails:\n{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_without_the_admin_token_says_state_is_not_verified() {
    let server = support::start_at(DATACASH_CLOCK).await;
    let args = vec![
        "verify".to_owned(),
        server.base_url().to_owned(),
        "--api".to_owned(),
        "datacash".to_owned(),
        "--key".to_owned(),
        server.datacash_key().to_owned(),
        "--var".to_owned(),
        format!("credentials={}", server.credentials_for_demo().unwrap()),
    ];
    let output = run(args).await;
    let stdout = text(&output.stdout);
    assert!(stdout.contains("state not verified"), "{stdout}");
    assert!(stdout.contains("PASS  pgp-key "), "{stdout}");
}

#[tokio::test]
async fn verify_help_names_every_variable_of_the_cases() {
    let server = support::start(Config::ephemeral()).await;
    let help = text(&run(vec!["verify".into(), "--help".into()]).await.stdout);
    for (name, _) in support::case_vars(&server) {
        assert!(help.contains(name), "verify --help lacks {name}:\n{help}");
    }
}

#[tokio::test]
async fn every_command_has_help() {
    let cases = [
        (vec!["--help"], "verify"),
        (vec!["serve", "--help"], "--admin-addr"),
        (vec!["credentials", "--help"], "--piva"),
        (vec!["verify", "--help"], "Variables the suites use"),
    ];
    for (args, needle) in cases {
        let output = run(args.iter().map(|s| s.to_string()).collect()).await;
        let stdout = text(&output.stdout);
        assert!(output.status.success(), "{args:?}");
        assert!(stdout.contains(needle), "{args:?}: {stdout}");
    }
}

/// A config file in a fresh folder.
fn config_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dckit-cli-{name}-{}-{}",
        std::process::id(),
        dckit_mock::secrets::generate("", 6)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mock.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn bad_settings_stop_the_binary_with_a_clear_error() {
    let unknown = config_file("unknown", "[serve]\nephemeral = true\nport = 8080\n");
    /// Arguments, environment, and what the error must say.
    type Case<'a> = (Vec<String>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec!["--config".into(), unknown.display().to_string()],
            vec![],
            "unknown field `port`",
        ),
        (
            vec!["--ephemeral".into()],
            vec![("DCKIT_SEED", "lots")],
            "DCKIT_SEED=\"lots\"",
        ),
        (vec!["verify".into()], vec![], "give the URL"),
        (
            vec![
                "verify".into(),
                "http://127.0.0.1:9".into(),
                "--cases".into(),
                "/nonexistent".into(),
            ],
            vec![],
            "/nonexistent",
        ),
    ];
    for (args, env, needle) in cases {
        let shown = format!("{args:?} {env:?}");
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let output = tokio::task::spawn_blocking(move || {
            support::command().args(args).envs(env).output().unwrap()
        })
        .await
        .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{shown}: {stderr}");
        assert!(stderr.contains(needle), "{shown}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(unknown.parent().unwrap());
}

/// Kills the child when dropped (a failed assertion must not leave a server running).
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn serve_prints_the_banner_and_takes_settings_from_the_file_and_environment() {
    let file = config_file(
        "serve",
        "[serve]\nephemeral = true\nseed = 7\nadmin-addr = \"127.0.0.1:0\"\n",
    );
    let mut child = Child(
        support::command()
            .args(["--config", &file.display().to_string()])
            .env("DCKIT_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let lines = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .take(7)
            .map(Result::unwrap)
            .collect::<Vec<String>>()
    })
    .await
    .unwrap();
    let prefixes = [
        "listening on http://127.0.0.1:",
        "webservice token: ",
        "datacash key: ",
        "seller partita iva: ",
        "portal token: ",
        "admin token: ",
        "admin listening on http://127.0.0.1:",
    ];
    assert_eq!(lines.len(), prefixes.len(), "{lines:?}");
    for (line, prefix) in lines.iter().zip(prefixes) {
        assert!(
            line.starts_with(prefix),
            "{line:?} should start with {prefix:?}"
        );
    }
    let base = lines[0].trim_start_matches("listening on ").to_owned();
    let admin = lines[6]
        .trim_start_matches("admin listening on ")
        .to_owned();
    let token = lines[5].trim_start_matches("admin token: ").to_owned();
    let health = reqwest::get(format!("{base}/__health")).await.unwrap();
    assert_eq!(health.status(), 200);
    let reset = support::BearerClient::new(&admin, &token)
        .ok("reset", serde_json::json!({}))
        .await;
    assert_eq!(reset["seed"], 7, "the seed came from the file");
    drop(child);
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

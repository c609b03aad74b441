//! The account area under load, end to end over HTTP on a frozen clock.
//!
//! `cargo bench -p dckit-mock --bench portal` builds a file store with the demo data plus
//! [`dckit_mock::seed::generate_datacash_bulk`]'s data sets — 500,000 document lines in one
//! store over the three months before today, and 1,000,000 documents counted for one key —
//! then starts the mock in-process on it and measures, each against a trivial reference
//! request (`GET /portal/v1/stores`) timed in the same run:
//!
//! * `GET /portal/v1/stats` of that store over exactly three months, and of its register, as
//!   the median and 90th percentile of sequential requests (one client, keep-alive);
//! * the streaming CSV export of the 1,000,000-document counter: time, size, and the peak
//!   resident memory (VmHWM) of the process while it runs;
//! * the workbook of the same counter (built in memory), the same way.
//!
//! The server runs in this process, so the memory figures are the process's: the peak is
//! reset (`/proc/self/clear_refs`) just before each export when the kernel allows it,
//! otherwise the figure before the export is printed next to it. Environment:
//! `DCKIT_BENCH_REQUESTS` (default 200) requests per measurement, `DCKIT_BENCH_LINES` (default
//! 500000) and `DCKIT_BENCH_COUNTER` (default 1000000) for the data set sizes,
//! `DCKIT_BENCH_XLSX=0` to skip the workbook.

use chrono::DateTime;
use dckit_mock::db::Db;
use dckit_mock::{Config, MockServer, seed};
use futures::StreamExt;
use std::time::{Duration, Instant};

/// Latencies of one measurement, sorted.
struct Timings {
    sorted: Vec<Duration>,
    bytes: usize,
}

impl Timings {
    fn quantile(&self, q: f64) -> Duration {
        let last = self.sorted.len().saturating_sub(1);
        self.sorted[((last as f64) * q).round() as usize]
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Times `n` sequential GETs of `path` (after 10 unmeasured ones).
async fn measure(
    client: &reqwest::Client,
    server: &MockServer,
    path: &str,
    n: usize,
) -> anyhow::Result<Timings> {
    let url = format!("{}{path}", server.base_url());
    let mut sorted = Vec::with_capacity(n);
    let mut bytes = 0;
    for i in 0..n + 10 {
        let began = Instant::now();
        let resp = client
            .get(&url)
            .bearer_auth(server.portal_token())
            .send()
            .await?;
        let status = resp.status();
        let body = resp.bytes().await?;
        let took = began.elapsed();
        if !status.is_success() {
            anyhow::bail!("{path}: {status} {}", String::from_utf8_lossy(&body));
        }
        bytes = body.len();
        if i >= 10 {
            sorted.push(took);
        }
    }
    sorted.sort();
    Ok(Timings { sorted, bytes })
}

fn report(label: &str, t: &Timings, reference: &Timings) {
    let median = t.quantile(0.5);
    println!(
        "{label:<52} median {:>7.2} ms  p90 {:>7.2} ms  {:>6.1}x reference  {:>6} KiB",
        ms(median),
        ms(t.quantile(0.9)),
        median.as_secs_f64() / reference.quantile(0.5).as_secs_f64().max(1e-9),
        t.bytes / 1024,
    );
}

/// A line of `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak resident set size (Linux ≥ 4.0); whether it worked.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Downloads `path`, counting bytes and lines without keeping them; reports time and memory.
async fn export(
    client: &reqwest::Client,
    server: &MockServer,
    label: &str,
    path: &str,
) -> anyhow::Result<()> {
    let before = status_kib("VmHWM:").unwrap_or(0);
    let reset = reset_peak();
    let rss_start = status_kib("VmRSS:").unwrap_or(0);
    let began = Instant::now();
    let resp = client
        .get(format!("{}{path}", server.base_url()))
        .bearer_auth(server.portal_token())
        .send()
        .await?;
    anyhow::ensure!(resp.status().is_success(), "{path}: {}", resp.status());
    let first_byte = began.elapsed();
    let (mut bytes, mut lines) = (0usize, 0usize);
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let took = began.elapsed();
    let peak = status_kib("VmHWM:").unwrap_or(0);
    println!(
        "{label:<52} {:>7.2} s  first byte {:>6.1} ms  {:>7.1} MiB  {lines} lines",
        took.as_secs_f64(),
        ms(first_byte),
        bytes as f64 / (1024.0 * 1024.0),
    );
    if reset {
        println!(
            "{:<52} peak RSS during the export {:.1} MiB (RSS at start {:.1} MiB)",
            "",
            peak as f64 / 1024.0,
            rss_start as f64 / 1024.0
        );
    } else {
        println!(
            "{:<52} peak RSS {:.1} MiB (peak before the export {:.1} MiB: could not reset it)",
            "",
            peak as f64 / 1024.0,
            before as f64 / 1024.0
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n = env("DCKIT_BENCH_REQUESTS", 200);
    let lines = env("DCKIT_BENCH_LINES", 500_000);
    let counter = env("DCKIT_BENCH_COUNTER", 1_000_000);
    let clock = DateTime::parse_from_rfc3339("2026-02-15T12:00:00+01:00")?;
    let dir = std::env::temp_dir().join(format!(
        "dckit-bench-portal-{}-{}",
        std::process::id(),
        dckit_mock::secrets::generate("", 8)
    ));
    let config = Config::ephemeral().with_clock(clock).with_data_dir(&dir);
    println!(
        "dckit-mock account area, {n} sequential requests each, clock {clock}, {} build, store in {}",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        dir.display()
    );

    // The demo data, then the bulk data sets, in the same file.
    MockServer::start(config.clone()).await?.shutdown().await;
    let began = Instant::now();
    let today = clock.date_naive();
    let from = today
        .checked_sub_months(chrono::Months::new(3))
        .unwrap_or(today);
    let days = u32::try_from((today - from).num_days()).unwrap_or(90);
    let bulk = {
        let store = Db::open_dir(&dir)?;
        store
            .write(move |conn| seed::generate_datacash_bulk(conn, 42, today, lines, counter, days))
            .await?
    };
    println!(
        "  (generated in {:.1} s: store-{} with {} documents and {} lines from {} to {}; key-{} with {} documents)",
        began.elapsed().as_secs_f64(),
        bulk.store_id,
        bulk.store_documents,
        bulk.store_lines,
        bulk.first_day,
        bulk.last_day,
        bulk.key_id,
        bulk.counter_documents
    );

    let server = MockServer::start(config).await?;
    let client = reqwest::Client::new();
    let reference = measure(&client, &server, "/portal/v1/stores", n).await?;
    report("reference: GET /portal/v1/stores", &reference, &reference);
    let range = format!("from={from}&to={today}");
    let store = measure(
        &client,
        &server,
        &format!("/portal/v1/stats?store=store-{}&{range}", bulk.store_id),
        n,
    )
    .await?;
    report(
        &format!(
            "stats, store of {} lines, {from}..{today}",
            bulk.store_lines
        ),
        &store,
        &reference,
    );
    let device = measure(
        &client,
        &server,
        &format!("/portal/v1/stats?device=dev-{}&{range}", bulk.register_id),
        n,
    )
    .await?;
    report("stats, its register, same range", &device, &reference);
    let csv = measure(
        &client,
        &server,
        &format!(
            "/portal/v1/stats/export.csv?store=store-{}&{range}",
            bulk.store_id
        ),
        n,
    )
    .await?;
    report("stats/export.csv, same store and range", &csv, &reference);

    export(
        &client,
        &server,
        &format!(
            "documents.csv of key-{} ({} documents)",
            bulk.key_id, bulk.counter_documents
        ),
        &format!("/portal/v1/counters/key-{}/dco/documents.csv", bulk.key_id),
    )
    .await?;
    if env("DCKIT_BENCH_XLSX", 1) != 0 {
        export(
            &client,
            &server,
            &format!("documents.xlsx of key-{}", bulk.key_id),
            &format!("/portal/v1/counters/key-{}/dco/documents.xlsx", bulk.key_id),
        )
        .await?;
    }
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

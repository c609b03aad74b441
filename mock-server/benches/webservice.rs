//! Latency of the WebService, measured end to end over HTTP on a frozen clock.
//!
//! `cargo bench -p dckit-mock --bench webservice` starts the mock in-process and times
//! sequential requests (one client, keep-alive): `start=All` over the seeded data, then
//! `Month to date` over stores of 100,000 invoices, each against a trivial reference request
//! (a date range holding no document, answered `{}` by the same path) measured in the same
//! run. It prints the median and 90th percentile of each and their ratio to the reference.
//! Set `DCKIT_BENCH_REQUESTS` to change the number of requests per measurement (default 200).

use chrono::DateTime;
use dckit_mock::db::DbError;
use dckit_mock::{Config, MockServer, seed};
use std::time::{Duration, Instant};

const PATH: &str =
    "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php";

/// The latencies of one measurement, sorted.
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

/// Times `n` sequential requests with `start` (after a few unmeasured ones).
async fn measure(
    client: &reqwest::Client,
    server: &MockServer,
    start: &str,
    n: usize,
) -> anyhow::Result<Timings> {
    let url = format!("{}{PATH}", server.base_url());
    let token = server.webservice_token();
    let form = [
        ("token", token.as_str()),
        ("ws", "einvoice"),
        ("action", "Get"),
        ("start", start),
    ];
    let mut bytes = 0;
    let mut sorted = Vec::with_capacity(n);
    for i in 0..n + 10 {
        let began = Instant::now();
        let body = client.post(&url).form(&form).send().await?.bytes().await?;
        let took = began.elapsed();
        if body.starts_with(br#"{"result":"error""#) {
            anyhow::bail!("start={start}: {}", String::from_utf8_lossy(&body));
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
        "{label:<48} median {:>6.2} ms  p90 {:>6.2} ms  {:>5.1}x reference  {:>5} KiB",
        ms(median),
        ms(t.quantile(0.9)),
        median.as_secs_f64() / reference.quantile(0.5).as_secs_f64().max(1e-9),
        t.bytes / 1024,
    );
}

async fn bulk(server: &MockServer, invoices: usize, days: u32) -> anyhow::Result<()> {
    let today = server.clock().today();
    server
        .state()
        .db
        .write(move |conn| {
            seed::wipe(conn)?;
            seed::generate_whmcs_bulk(conn, 42, today, invoices, days)?;
            Ok::<_, DbError>(())
        })
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::var("DCKIT_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let clock = DateTime::parse_from_rfc3339("2019-06-15T12:00:00+02:00")?;
    let server = MockServer::start(Config::ephemeral().with_clock(clock)).await?;
    let client = reqwest::Client::new();
    let empty = "2030-01-01";
    println!(
        "dckit-mock WebService, {n} sequential requests each, clock {clock}, {} build",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );

    let reference = measure(&client, &server, empty, n).await?;
    report(
        "reference: an empty range, answered {}",
        &reference,
        &reference,
    );
    let all = measure(&client, &server, "All", n).await?;
    report("start=All, seed 42", &all, &reference);

    // 100,000 invoices over 10 years (27 a day) and, denser, over 18 months (182 a day):
    // Month to date answers about 400 and 2,700 documents.
    for (days, span) in [(3650, "10 years"), (548, "18 months")] {
        let began = Instant::now();
        bulk(&server, 100_000, days).await?;
        println!(
            "  (100,000 invoices over {span} generated in {:.1} s)",
            began.elapsed().as_secs_f64()
        );
        let reference = measure(&client, &server, empty, n).await?;
        report("  reference", &reference, &reference);
        let mtd = measure(&client, &server, "Month to date", n).await?;
        report(
            &format!("  Month to date, 100k invoices over {span}"),
            &mtd,
            &reference,
        );
    }
    server.shutdown().await;
    Ok(())
}

//! Request logging, cheap enough for load tests.
//!
//! At `info` (the default), one line per request — method, path, status, latency — for the
//! first [`LINES_PER_SECOND`] requests of each second; the requests past that are counted and
//! summed up in one line at the end of the second (how many, by status class, the slowest).
//! By hand or from a test suite every request gets its line; under load the log stays short
//! and costs the server almost nothing (writing a line per request to stderr would take a
//! quarter of its time). With `RUST_LOG=dckit_mock::http=debug` (or `debug`, `trace`) every
//! request gets its line, at `debug`. The request journal (`GET /__admin/requests`) keeps the
//! same facts for the last 10,000 requests whatever the log level.
//!
//! Never logs headers, query strings or bodies: they carry keys, tokens and credentials.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How many requests a second are logged one by one at `info`.
pub const LINES_PER_SECOND: u64 = 10;

/// The target of request lines and summaries (`RUST_LOG=dckit_mock::http=debug`).
const TARGET: &str = "dckit_mock::http";

/// One server's request log: this second's budget of lines, and the requests counted
/// instead of logged since the last summary. All counters are atomics touched once or twice
/// per request; a task writes the summary once a second.
#[derive(Debug)]
pub(crate) struct RequestLog {
    started: Instant,
    /// The second (since `started`) the budget is for.
    second: AtomicU64,
    /// Lines logged in that second.
    lines: AtomicU64,
    /// Requests not logged one by one since the last summary, by status class: 1xx–3xx,
    /// 4xx, 5xx.
    quiet: [AtomicU64; 3],
    /// The longest of them, in microseconds.
    slowest_us: AtomicU64,
}

impl RequestLog {
    /// A request log, with the task writing its summaries when a runtime is running (the task
    /// ends once the log is dropped).
    pub(crate) fn start() -> Arc<RequestLog> {
        let log = Arc::new(RequestLog {
            started: Instant::now(),
            second: AtomicU64::new(0),
            lines: AtomicU64::new(0),
            quiet: Default::default(),
            slowest_us: AtomicU64::new(0),
        });
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let log = Arc::downgrade(&log);
            runtime.spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_secs(1));
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tick.tick().await;
                    match log.upgrade() {
                        Some(log) => log.summarise(),
                        None => return,
                    }
                }
            });
        }
        log
    }

    /// Logs one answered request (or counts it, past this second's budget).
    pub(crate) fn request(&self, method: &Method, path: &str, status: u16, latency: Duration) {
        let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        if tracing::enabled!(target: TARGET, tracing::Level::DEBUG) {
            tracing::debug!(target: TARGET, %method, path, status, latency_us, "request");
            return;
        }
        if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
            return;
        }
        if self.take_line() {
            tracing::info!(target: TARGET, %method, path, status, latency_us, "request");
            return;
        }
        let class = match status {
            500.. => 2,
            400..=499 => 1,
            _ => 0,
        };
        self.quiet[class].fetch_add(1, Ordering::Relaxed);
        if latency_us > self.slowest_us.load(Ordering::Relaxed) {
            self.slowest_us.fetch_max(latency_us, Ordering::Relaxed);
        }
    }

    /// Whether this second's budget has a line left (and takes it).
    fn take_line(&self) -> bool {
        let now = self.started.elapsed().as_secs();
        let second = self.second.load(Ordering::Relaxed);
        if second != now
            && self
                .second
                .compare_exchange(second, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.lines.store(0, Ordering::Relaxed);
        }
        // Past the budget, only a load: no write to a shared counter.
        self.lines.load(Ordering::Relaxed) < LINES_PER_SECOND
            && self.lines.fetch_add(1, Ordering::Relaxed) < LINES_PER_SECOND
    }

    /// Logs (and resets) the requests counted since the last summary, if any.
    fn summarise(&self) {
        let [ok, client, server] = [0, 1, 2].map(|i| self.quiet[i].swap(0, Ordering::Relaxed));
        let slowest_us = self.slowest_us.swap(0, Ordering::Relaxed);
        let more = ok + client + server;
        if more == 0 {
            return;
        }
        tracing::info!(
            target: TARGET,
            more,
            ok,
            client_errors = client,
            server_errors = server,
            slowest_ms = slowest_us as f64 / 1000.0,
            "requests past {LINES_PER_SECOND} a second, counted but not logged one by one \
             (RUST_LOG=dckit_mock::http=debug logs them all)"
        );
    }
}

/// Logs each request once it is answered (see the module's documentation).
pub(crate) async fn log_requests(
    State(log): State<Arc<RequestLog>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().clone();
    // Copied only if it will be logged: the response's request is gone by then.
    let path = req.uri().clone();
    let started = Instant::now();
    let response = next.run(req).await;
    log.request(
        &method,
        path.path(),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Installs a `tracing` subscriber writing to stderr, filtered by `RUST_LOG` (default `info`),
/// in colour only when stderr is a terminal and `NO_COLOR` is unset. The OpenPGP library's
/// events below `warn` are never shown, whatever `RUST_LOG` says: its debug output dumps key
/// material. Does nothing if a subscriber is already installed.
pub fn init() {
    use std::io::IsTerminal;
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let no_pgp_internals = tracing_subscriber::filter::filter_fn(|meta| {
        let target = meta.target();
        let pgp = target == "pgp" || target.starts_with("pgp::");
        !pgp || *meta.level() <= tracing::Level::WARN
    });
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(colour)
                .with_filter(no_pgp_internals),
        )
        .try_init();
}

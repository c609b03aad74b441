//! Request logging: one line per request with method, path, status and latency.
//!
//! Never logs headers, query strings or bodies: they carry keys, tokens and credentials.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Logs each request once it is answered.
pub(crate) async fn log_requests(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    let latency_us = started.elapsed().as_micros();
    tracing::info!(
        target: "dckit_mock::http",
        %method,
        %path,
        status = response.status().as_u16(),
        latency_us,
        "request"
    );
    response
}

/// Installs a `tracing` subscriber writing to stderr, filtered by `RUST_LOG` (default `info`),
/// in colour only when stderr is a terminal and `NO_COLOR` is unset. Does nothing if one is
/// already installed.
pub fn init() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .try_init();
}

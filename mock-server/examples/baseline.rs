//! The benchmark baseline: a bare axum server answering every request with the same small JSON,
//! to compare the mock's `infoUser` against (see `scripts/bench-datacash`).
//!
//! ```text
//! cargo run --release -p dckit-mock --example baseline -- --addr 127.0.0.1:18081
//! ```

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::any;
use std::net::SocketAddr;

/// The answer: an `infoUser`-sized envelope.
const BODY: &str = r#"{"esito":true,"idtrx":null,"progressivo":null,"errori":[],"partitaIva":"01234567897","statoLicenza":"attiva","scadenzaLicenza":"2026-12-31","documentiEmessi":1534,"documentiOggi":12}"#;

async fn fixed() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], BODY)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut addr: SocketAddr = "127.0.0.1:18081".parse()?;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().ok_or("--addr needs a value")?.parse()?,
            other => {
                return Err(
                    format!("unknown argument {other}; usage: baseline [--addr ADDR]").into(),
                );
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        println!("listening on http://{}", listener.local_addr()?);
        let app = Router::new().fallback(any(fixed));
        axum::serve(listener, app)
            .with_graceful_shutdown(dckit_mock::server::signal::signal())
            .await?;
        Ok(())
    })
}

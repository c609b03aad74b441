//! What one more mock costs a test suite: `MockServer::start(Config::ephemeral())` (the
//! default seed, real time) followed by `shutdown`, in process, on a Tokio runtime.
//!
//! - `startup/start + shutdown`: one server started and stopped; the first start of the
//!   process (the demo data generated, or read from the cache directory) is in the warm-up.
//!
//! `cargo bench -p dckit-mock --bench startup`
// criterion_group! makes a public function without docs.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use dckit_mock::{Config, MockServer};
use std::time::Duration;

fn startup(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("start + shutdown", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let server = MockServer::start(Config::ephemeral())
                    .await
                    .expect("the mock starts");
                server.shutdown().await;
            })
        })
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);

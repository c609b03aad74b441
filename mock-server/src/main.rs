//! `dckit-mock`: the mock server binary.

mod cli;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command};
use dckit_mock::MockServer;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Some(Command::Serve(args)) => serve(args).await,
            None => serve(cli.serve).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: cli::ServeArgs) -> anyhow::Result<()> {
    dckit_mock::logging::init();
    let config = args.resolve()?;
    let server = MockServer::start(config)
        .await
        .context("cannot start the mock server")?;
    let mut out = std::io::stdout().lock();
    for line in server.banner() {
        writeln!(out, "{line}").context("cannot write the banner")?;
    }
    out.flush().context("cannot write the banner")?;
    drop(out);
    dckit_mock::shutdown::signal().await;
    tracing::info!("shutting down");
    server.shutdown().await;
    Ok(())
}

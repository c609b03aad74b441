//! `dckit-mock`: the mock server binary — `serve` (the default), `credentials`, `verify`.

mod cli;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command};
use dckit_mock::MockServer;
use dckit_mock::config::Storage;
use std::io::Write;
use std::process::ExitCode;

/// jemalloc rather than the system allocator: requests move between the runtime's workers,
/// and glibc's malloc would serialise them on its arena locks.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
            Some(Command::Serve(args)) => serve(args).await.map(|()| true),
            Some(Command::Credentials(args)) => credentials(args).await.map(|()| true),
            Some(Command::Verify(args)) => verify(args).await,
            None => serve(cli.serve).await.map(|()| true),
        }
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints credentials encrypted to the public key of the mock at `args.url`.
async fn credentials(args: cli::CredentialsArgs) -> anyhow::Result<()> {
    use dckit_mock::credentials;
    let key = credentials::fetch_public_key(&args.url)
        .await
        .context("is the mock running? start it with `dckit-mock` or pass --url")?;
    let blob = credentials::encrypt(
        &key,
        &dckit_contracts::model::datacash::Credentials {
            codice_fiscale: args.cf.trim().to_uppercase(),
            password: args.password,
            pin: args.pin,
            partita_iva: args.piva.trim().to_owned(),
        },
    )?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let body = serde_json::json!({ "ade_credentials_encrypted": blob });
        writeln!(out, "{body}").context("cannot write the credentials")?;
    } else {
        write!(out, "{blob}").context("cannot write the credentials")?;
    }
    out.flush().context("cannot write the credentials")?;
    Ok(())
}

/// Replays the contract cases against a server; `Ok(false)` when one failed.
async fn verify(args: cli::VerifyArgs) -> anyhow::Result<bool> {
    let env = cli::resolve::process_env()?;
    let settings = cli::resolve::verify_settings(&args, &env)?;
    cli::verify::run(&settings).await
}

async fn serve(args: cli::ServeArgs) -> anyhow::Result<()> {
    dckit_mock::logging::init();
    let env = cli::resolve::process_env()?;
    let config = cli::resolve::serve_config(&args, &env)?;
    if let Storage::DataDir(dir) = &config.storage {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    }
    // One server per process: the next process of this build starts from the day's template.
    dckit_mock::seed::template::keep_files();
    let server = MockServer::start(config)
        .await
        .context("cannot start the mock server")?;
    let mut out = std::io::stdout().lock();
    for line in server.banner() {
        writeln!(out, "{line}").context("cannot write the banner")?;
    }
    out.flush().context("cannot write the banner")?;
    drop(out);
    dckit_mock::server::signal::signal().await;
    tracing::info!("shutting down");
    // A second signal stops at once; the store still commits what it has queued.
    tokio::select! {
        () = server.shutdown() => Ok(()),
        () = dckit_mock::server::signal::signal() => {
            anyhow::bail!("stopped at once by a second signal: requests in flight were cut off")
        }
    }
}

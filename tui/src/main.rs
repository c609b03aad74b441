//! `dckit`: the terminal admin console.
//!
//! The console itself is not built yet; until it is, `dckit` starts the embedded mock on
//! seeded demo data and tells you where it listens, so the README's command works as written.

use anyhow::Context;
use std::process::ExitCode;

const HELP: &str = "\
dckit — terminal admin console for DataCash and the Billing Extension WebService

USAGE:
    dckit [--help]

The console screens are not available yet. For now dckit starts the embedded mock
server on seeded demo data (in memory) and prints its address and tokens; stop it
with Ctrl-C. See README.md for the mock's routes.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    if let Some(unknown) = args.first() {
        eprintln!("error: unexpected argument {unknown:?}\n\n{HELP}");
        return ExitCode::from(2);
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let server = dckit_mock::MockServer::start(dckit_mock::Config::ephemeral())
            .await
            .context("cannot start the embedded mock")?;
        println!("dckit: the console is not available yet (not yet implemented).");
        println!("The embedded mock is running on seeded demo data:");
        for line in server.banner() {
            println!("  {line}");
        }
        println!("Press Ctrl-C to stop.");
        dckit_mock::shutdown::signal().await;
        server.shutdown().await;
        Ok(())
    })
}

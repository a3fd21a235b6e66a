//! `summit`: runs the server. Everything lives in the library; this only reads the
//! configuration, starts, prints the URL and waits for Ctrl-C or SIGTERM.

use clap::Parser;
use summit_backend::{start, Config};

/// mimalloc instead of glibc's malloc: a command makes dozens of small, short-lived
/// allocations (HTTP parsing, JSON, the batch), and glibc's free lists and
/// consolidation took ~16 % of the server's CPU on the durable-writes benchmark
/// (BENCHMARKS.md, F5).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "summit_backend=info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Config::parse();
    if !config.assets.join("index.html").exists() {
        tracing::warn!(assets = %config.assets.display(), "front end not built: only the API will answer (run scripts/run.sh)");
    }
    let running = match start(&config, shutdown_signal()).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("summit: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("Summit is running at http://{}/", running.addr);
    match running.wait().await {
        Ok(()) => {
            eprintln!("summit: stopped cleanly");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("summit: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

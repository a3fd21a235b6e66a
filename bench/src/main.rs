//! `summit-bench`: Summit's benchmark driver. Each subcommand starts the servers it
//! measures (pinned to `--server-cpu` with `taskset`), drives them from this process
//! (run it pinned to the other core), prints a table and a `RESULT {json}` line, and
//! stops everything it started. See BENCHMARKS.md and scripts/bench.sh.

mod fanout;
mod floor;
mod writes;

use clap::{Parser, Subcommand};

/// No benchmark may run longer than this, whatever happens.
const MAX_SECONDS: u64 = 300;

#[derive(Parser)]
#[command(name = "summit-bench", about = "Summit's benchmarks")]
struct Cli {
    #[command(subcommand)]
    command: Bench,
}

#[derive(Subcommand)]
enum Bench {
    /// Durable vote throughput on SQLite vs. a bare axum endpoint vs. single-row commits.
    Writes(writes::Args),
    /// One loop of single-row committed inserts (WAL, synchronous=FULL); run by `writes`.
    SqliteFloor(floor::Args),
    /// Live-stream fan-out latency and memory per client, Summit or the reference server.
    Fanout(fanout::Args),
    /// Delivery latency across several Summit servers sharing PostgreSQL.
    CrossServer(fanout::CrossArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // The load generator gets one core: a single-threaded runtime wastes none of it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result = runtime.block_on(async move {
        let bench = async move {
            match cli.command {
                Bench::Writes(args) => writes::run(args).await,
                Bench::SqliteFloor(args) => floor::run(args).await,
                Bench::Fanout(args) => fanout::run(args).await,
                Bench::CrossServer(args) => fanout::run_cross(args).await,
            }
        };
        // A hung run must still end, and end its servers (dropping the future stops them).
        tokio::time::timeout(std::time::Duration::from_secs(MAX_SECONDS), bench)
            .await
            .unwrap_or_else(|_| {
                Err(std::io::Error::other(format!(
                    "gave up after {MAX_SECONDS} s"
                )))
            })
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("summit-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

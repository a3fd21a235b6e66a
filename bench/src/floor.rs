//! The one-commit-per-vote floor: a plain loop of single-row committed inserts into
//! a table shaped like Summit's `events`, with Summit's SQLite settings (WAL,
//! `synchronous = FULL`, one connection through sqlx, as the server's writer).

use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection};
use std::io;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::{Duration, Instant};
use summit_bench::stats::Summary;

#[derive(clap::Args)]
pub struct Args {
    /// The SQLite file to create (must not exist).
    #[arg(long)]
    db: PathBuf,
    /// How long to insert.
    #[arg(long, default_value_t = 10.0)]
    secs: f64,
}

#[derive(Serialize)]
pub struct FloorResult {
    pub inserts: u64,
    pub secs: f64,
    pub per_second: f64,
    /// Commit latency in microseconds.
    pub latency_us: Summary,
}

pub async fn run(args: Args) -> io::Result<()> {
    let url = format!("sqlite://{}", args.db.display());
    let mut conn = SqliteConnectOptions::from_str(&url)
        .map_err(io::Error::other)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
        .connect()
        .await
        .map_err(io::Error::other)?;
    sqlx::query(
        "CREATE TABLE events (
            position   INTEGER PRIMARY KEY,
            body       TEXT    NOT NULL,
            created_at INTEGER NOT NULL
        )",
    )
    .execute(&mut conn)
    .await
    .map_err(io::Error::other)?;
    // Summit's positions: (session key << 32) | seq (its migration 0003).
    let session: i64 = 1 << 32;
    let start = Instant::now();
    let end = start + Duration::from_secs_f64(args.secs);
    let mut latencies = Vec::new();
    let mut seq: i64 = 0;
    while Instant::now() < end {
        seq += 1;
        let body = format!(
            r#"{{"type":"vote_cast","participant":{},"idea":1}}"#,
            seq % 256 + 3
        );
        let t0 = Instant::now();
        // No explicit transaction: each statement is its own committed transaction.
        sqlx::query("INSERT INTO events (position, body, created_at) VALUES (?, ?, ?)")
            .bind(session | seq)
            .bind(body)
            .bind(seq)
            .execute(&mut conn)
            .await
            .map_err(io::Error::other)?;
        latencies.push(t0.elapsed().as_micros() as i64);
    }
    let secs = start.elapsed().as_secs_f64();
    conn.close().await.map_err(io::Error::other)?;
    let result = FloorResult {
        inserts: seq as u64,
        secs,
        per_second: seq as f64 / secs,
        latency_us: Summary::of(&mut latencies),
    };
    summit_bench::emit("sqlite-floor", &result);
    Ok(())
}

//! Summit's benchmarks (see BENCHMARKS.md at the repository root and
//! `scripts/bench.sh`): a minimal HTTP/1.1 load generator and SSE reader, helpers to
//! run server processes pinned to a core and read their `/proc` counters, and the
//! set-up of a session in the Vote phase.

pub mod http;
pub mod proc;
pub mod room;
pub mod sse;
pub mod stats;

/// Prints a machine-readable result line (`RESULT {json}`) for scripts to collect.
pub fn emit<T: serde::Serialize>(kind: &str, value: &T) {
    let json = serde_json::json!({ "benchmark": kind, "result": value });
    println!("RESULT {json}");
}

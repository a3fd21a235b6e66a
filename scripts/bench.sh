#!/usr/bin/env bash
# Summit's benchmarks (results and how to read them: BENCHMARKS.md).
#
#   bash scripts/bench.sh build          release build of the server and the bench crate
#   bash scripts/bench.sh writes         1. durable vote throughput vs bare axum vs single-row commits
#   bash scripts/bench.sh fanout         2+3. SSE fan-out latency and memory per client (1,000 and 5,000
#                                             clients; Summit and the bare-broadcast reference)
#   bash scripts/bench.sh frontend       4. front-end size (raw/gzip/brotli) and time to interactive
#   bash scripts/bench.sh embed          4. what <summit-session> costs its host page's load event
#   bash scripts/bench.sh pages          4. each person's page on a slow phone network, cold
#   bash scripts/bench.sh cross-server   5. delivery latency across 3 servers on PostgreSQL
#   bash scripts/bench.sh all            everything above, in order
#
# Extra arguments after the benchmark name go to it, e.g.
#   bash scripts/bench.sh fanout --clients 1000 --servers summit --secs 10
#   bash scripts/bench.sh writes --conns 64,128,256 --no-idempotency-key
# (`target-bench/release/summit-bench <name> --help` lists them.)
#
# The server under test runs on core 0 and the load generator on core 1 (taskset);
# each benchmark stops by itself within about three minutes. Output is also saved to
# target-bench/results/<name>-<time>.log; its `RESULT {json}` lines hold every number.
# Measure on a quiet machine: the load average is printed and recorded.
#
# Environment: CARGO_TARGET_DIR (default target-bench, apart from the other builds),
# SUMMIT_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres, for
# cross-server: a fresh database is created there and dropped afterwards),
# SUMMIT_BENCH_NO_BUILD=1 to skip the builds, SUMMIT_BENCH_NICE (default -20: the
# benchmark outranks concurrent builds; needs root, else use 0).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target-bench}"
BIN="$CARGO_TARGET_DIR/release"
RESULTS="$CARGO_TARGET_DIR/results"
SERVER_CPU=0
LOADGEN_CPU=1
# Priority over whatever else the machine runs (builds): the benchmark processes
# then get their core when they are runnable. With autogroup scheduling (the
# default), a nice value only ranks processes within one session, so the benchmark
# runs in a session of its own whose autogroup gets the nice value. Set
# SUMMIT_BENCH_NICE=0 to disable.
NICE="${SUMMIT_BENCH_NICE:--20}"
prio() {
  if [ "$NICE" = 0 ]; then
    "$@"
  else
    setsid --wait bash -c 'echo "$0" > /proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "$NICE" "$@"
  fi
}

# Thousands of sockets on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

build() {
  if [ -n "${SUMMIT_BENCH_NO_BUILD:-}" ]; then return; fi
  section "Build (release, $CARGO_TARGET_DIR)"
  cargo build --release -p summit-bench -p summit-backend
}

# run NAME COMMAND...: prints the machine state, runs, and keeps a log.
run() {
  local name="$1"
  shift
  mkdir -p "$RESULTS"
  local log
  log="$RESULTS/$name-$(date +%Y%m%d-%H%M%S).log"
  section "$name"
  {
    echo "# $(date -Is)  $(uptime)"
    echo "# $*"
  } | tee "$log"
  "$@" 2>&1 | tee -a "$log"
  echo "# after: $(uptime)" | tee -a "$log"
  echo "log: $log"
}

# The load generator on its core; it starts the servers under test on theirs, at
# the same priority.
loadgen() {
  prio taskset -c "$LOADGEN_CPU" "$BIN/summit-bench" "$@" --server-cpu "$SERVER_CPU"
}

bench_writes() { build; run writes loadgen writes "$@"; }
bench_fanout() { build; run fanout loadgen fanout "$@"; }
bench_cross() {
  build
  local url="${SUMMIT_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  run cross-server loadgen cross-server --admin-url "$url" "$@"
}
bench_frontend() {
  build
  if [ -z "${SUMMIT_BENCH_NO_BUILD:-}" ]; then
    bash scripts/build-frontend.sh
  fi
  run frontend prio env SUMMIT_BIN="$BIN/summit" SERVER_CPU="$SERVER_CPU" \
    taskset -c "$LOADGEN_CPU" node bench/frontend.mjs "$@"
}

bench_embed() {
  build
  if [ -z "${SUMMIT_BENCH_NO_BUILD:-}" ]; then
    bash scripts/build-frontend.sh
  fi
  run embed env SUMMIT_BIN="$BIN/summit" node bench/embed.mjs "$@"
}

bench_pages() {
  build
  if [ -z "${SUMMIT_BENCH_NO_BUILD:-}" ]; then
    bash scripts/build-frontend.sh
  fi
  run pages env SUMMIT_BIN="$BIN/summit" node bench/pages.mjs "$@"
}

what="${1:-}"
[ $# -gt 0 ] && shift
case "$what" in
  build) SUMMIT_BENCH_NO_BUILD="" build ;;
  writes) bench_writes "$@" ;;
  fanout | memory) bench_fanout "$@" ;;
  frontend) bench_frontend "$@" ;;
  embed) bench_embed "$@" ;;
  pages) bench_pages "$@" ;;
  cross-server) bench_cross "$@" ;;
  all)
    bench_writes
    SUMMIT_BENCH_NO_BUILD=1 bench_fanout
    bench_frontend
    SUMMIT_BENCH_NO_BUILD=1 bench_embed
    SUMMIT_BENCH_NO_BUILD=1 bench_pages
    SUMMIT_BENCH_NO_BUILD=1 bench_cross
    ;;
  *)
    sed -n '2,26p' "$0"
    exit 2
    ;;
esac

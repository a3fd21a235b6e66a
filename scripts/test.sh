#!/usr/bin/env bash
# Runs every check and test Summit has, in order, stopping at the first failure:
#   1. setup (tools + Chromium)      5. release build of the front end + size budget
#   2. cargo fmt --check             6. clippy of the front end for wasm32 (beside 5)
#   3. PostgreSQL for the tests      7. Schemathesis against /api/openapi.json
#   4. cargo test, its build linted  8. end-to-end browser tests (tests/e2e)
#      by Clippy: shared unit/property tests; backend API, race, crash, hostile-input
#      and multi-server tests (SQLite and PostgreSQL)
# Steps 7 and 8 run the server `cargo test` built (target/debug/summit; its own tests
# start it too) with the front end's release build. The server's release build
# (scripts/run.sh) is the same code, optimised: compiling it here as well took about
# 200 s of CI on two cores, and the browser tests take as long with either
# (BENCHMARKS.md, "CI time").
# Exits non-zero if anything fails. Browser-test screenshots and console logs go to
# tests/artifacts/e2e/.
#
# PostgreSQL: SUMMIT_TEST_POSTGRES_URL (an admin URL) if set; else the local server on
# 127.0.0.1:5432; else scripts/postgres.sh starts a throwaway cluster. The PostgreSQL
# tests never skip: no server, no green run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

current_step=""
started=$SECONDS
# Name the failing step at the end of the log, where CI readers look first.
trap 'rc=$?; if [ $rc -ne 0 ]; then printf "\n\033[1;31mFAILED at step: %s (exit %s)\033[0m\n" "$current_step" "$rc"; fi' EXIT

step() {
  current_step="$1"
  section "$1  [$(( SECONDS - started ))s elapsed]"
}

step "1/8 setup (tools, browser and nginx)"
bash scripts/setup.sh --browser --nginx

step "2/8 cargo fmt --check"
cargo fmt --all --check

step "3/8 PostgreSQL for the tests"
SUMMIT_TEST_POSTGRES_URL="$(bash scripts/postgres.sh | tail -n 1)"
export SUMMIT_TEST_POSTGRES_URL
echo "PostgreSQL tests use $SUMMIT_TEST_POSTGRES_URL (each test process creates its own summit_test_* database)"
# Databases left by earlier runs; ours are created fresh below.
psql "$SUMMIT_TEST_POSTGRES_URL" -Atqc "select datname from pg_database where datname like 'summit_test_%'" |
  while read -r db; do psql "$SUMMIT_TEST_POSTGRES_URL" -qc "drop database if exists \"$db\"" >/dev/null || true; done

step "4/8 cargo test --workspace, linted by Clippy (all targets, warnings denied)"
# Clippy lints the workspace's own crates as cargo compiles them for the tests
# (scripts/lint-rustc.sh): a separate `cargo clippy --all-targets` checked every
# dependency a second time, about 150 s of CI. The front end is linted natively here
# and for wasm32 in step 6.
RUSTC_WORKSPACE_WRAPPER="$ROOT/scripts/lint-rustc.sh" cargo test --workspace
# Steps 7 and 8 start this build of the server (the backend's tests run it too).
[ -x "$TARGET_DIR/debug/summit" ] || { echo "cargo test did not build $TARGET_DIR/debug/summit"; exit 1; }

step "5/8 build the front end (release), check its size budget"
# First the two apps' compile alone (it keeps both cores busy), then the front end's
# wasm32 clippy beside Trunk's packing (wasm-split, wasm-bindgen, wasm-opt), which
# leaves a core free for a third of its time; the clippy's output follows, in step 6.
compile_frontend
clippy_log="$TARGET_DIR/frontend-clippy.log"
mkdir -p "$TARGET_DIR"
cargo clippy -p summit-frontend --target wasm32-unknown-unknown --all-targets -- -D warnings >"$clippy_log" 2>&1 &
clippy_pid=$!
trap 'rc=$?; kill "$clippy_pid" 2>/dev/null || true; if [ $rc -ne 0 ]; then printf "\n\033[1;31mFAILED at step: %s (exit %s)\033[0m\n" "$current_step" "$rc"; fi' EXIT
bash scripts/build-frontend.sh
# The front end's size budgets, per page (scripts/check-size.mjs): what a browser
# downloads to show it, KB of gzip. Each download is cut into a main module and parts
# fetched when first needed (frontend/src/split.rs): the participant's join page runs
# on the main module alone, at most 250 KB (the target of "Every language, every
# hand"); in a session it adds the session's part, 446 KB in all. The console's start
# page 279 KB; the facilitator's console 620, the projector 384, the leads' page 338,
# each the start page's module and its own part. BENCHMARKS.md, "4. Front end", says
# where the bytes went. Sizes are deterministic for one checkout path (the wasm names
# its source files), so each budget leaves up to 1 KB for another path; raise one
# only for a feature that needs it, with its cost in BENCHMARKS.md.
SUMMIT_SIZE_BUDGET_KB=250 SUMMIT_SESSION_BUDGET_KB=448 \
  SUMMIT_CONSOLE_BUDGET_KB=281 SUMMIT_FACILITATOR_BUDGET_KB=622 \
  SUMMIT_SCREEN_BUDGET_KB=385 SUMMIT_LEADS_BUDGET_KB=341 \
  node scripts/check-size.mjs

step "6/8 clippy of the front end for wasm32, started with step 5"
clippy_status=0
wait "$clippy_pid" || clippy_status=$?
cat "$clippy_log"
[ "$clippy_status" -eq 0 ] || { echo "the front end's wasm32 clippy failed (exit $clippy_status)"; exit "$clippy_status"; }

step "7/8 Schemathesis against /api/openapi.json"
SUMMIT_BIN="$TARGET_DIR/debug/summit" bash scripts/schemathesis.sh

step "8/8 end-to-end browser tests"
# Each test starts this binary itself, on a free port with a throwaway database, and
# leaves its screenshots and console logs in tests/artifacts/e2e/ (emptied here).
# scripts/e2e.mjs runs them three at a time and lists every run's result at the end.
rm -rf "$ROOT/tests/artifacts/e2e"
mkdir -p "$ROOT/tests/artifacts"
e2e_counts="$ROOT/tests/artifacts/e2e-summary.txt"
SUMMIT_BIN="$TARGET_DIR/debug/summit" SUMMIT_ASSETS="$ROOT/frontend/dist" \
  node scripts/e2e.mjs | tee "$ROOT/tests/artifacts/e2e-output.log"
sed -n '/^Browser tests: /,$p' "$ROOT/tests/artifacts/e2e-output.log" >"$e2e_counts"

current_step=""
section "All tests passed in $(( SECONDS - started ))s"
# End on the browser tests' "N passed, N failed" lines, so the log's last lines are
# test counts rather than a banner (the cargo test counts scroll by further up).
cat "$e2e_counts"

#!/usr/bin/env bash
# Runs every check and test Summit has, in order, stopping at the first failure:
#   1. setup (tools + Chromium)      6. cargo test: shared unit/property tests; backend API,
#   2. cargo fmt --check                race, crash, hostile-input and multi-server tests
#   3. clippy, native, all targets      (SQLite and PostgreSQL)
#   4. clippy, front end for wasm32  7. release build of the front end + size budget
#   5. PostgreSQL for the tests      8. release build of the server
#                                    9. Schemathesis against /api/openapi.json
#                                   10. end-to-end browser tests (tests/e2e) against that build
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

step "1/10 setup (tools, browser and nginx)"
bash scripts/setup.sh --browser --nginx

step "2/10 cargo fmt --check"
cargo fmt --all --check

step "3/10 cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "4/10 cargo clippy (front end, wasm32)"
cargo clippy -p summit-frontend --target wasm32-unknown-unknown -- -D warnings

step "5/10 PostgreSQL for the tests"
SUMMIT_TEST_POSTGRES_URL="$(bash scripts/postgres.sh | tail -n 1)"
export SUMMIT_TEST_POSTGRES_URL
echo "PostgreSQL tests use $SUMMIT_TEST_POSTGRES_URL (each test process creates its own summit_test_* database)"
# Databases left by earlier runs; ours are created fresh below.
psql "$SUMMIT_TEST_POSTGRES_URL" -Atqc "select datname from pg_database where datname like 'summit_test_%'" |
  while read -r db; do psql "$SUMMIT_TEST_POSTGRES_URL" -qc "drop database if exists \"$db\"" >/dev/null || true; done

step "6/10 cargo test --workspace"
cargo test --workspace

step "7/10 build front end (release) and check its size budget"
bash scripts/build-frontend.sh
# The front end's size budgets, per page (scripts/check-size.mjs): what a browser
# downloads to show it, KB of gzip. Each download is cut into a main module and parts
# fetched when first needed (frontend/src/split.rs): the participant's join page runs
# on the main module alone, at most 250 KB (the target of "Every language, every
# hand"); in a session it adds the session's part, 428 KB in all. The console's start
# page 275 KB; the facilitator's console 585, the projector 365, the leads' page 333,
# each the start page's module and its own part. BENCHMARKS.md, "4. Front end", says
# where the bytes went. Sizes are deterministic for one checkout path (the wasm names
# its source files), so each budget leaves up to 1 KB for another path; raise one
# only for a feature that needs it, with its cost in BENCHMARKS.md.
SUMMIT_SIZE_BUDGET_KB=250 SUMMIT_SESSION_BUDGET_KB=428 \
  SUMMIT_CONSOLE_BUDGET_KB=275 SUMMIT_FACILITATOR_BUDGET_KB=585 \
  SUMMIT_SCREEN_BUDGET_KB=365 SUMMIT_LEADS_BUDGET_KB=333 \
  node scripts/check-size.mjs

step "8/10 build server (release)"
cargo build --release -p summit-backend

step "9/10 Schemathesis against /api/openapi.json"
SUMMIT_BIN="$TARGET_DIR/release/summit" bash scripts/schemathesis.sh

step "10/10 end-to-end browser tests"
# Each test starts this binary itself, on a free port with a throwaway database, and
# leaves its screenshots and console logs in tests/artifacts/e2e/ (emptied here).
rm -rf "$ROOT/tests/artifacts/e2e"
mkdir -p "$ROOT/tests/artifacts"
e2e_counts=""
e2e_runs=0
# e2e_run FILE [VAR=value…]: one test file, in an environment of its own.
e2e_run() {
  local e2e_test="$1" name
  shift
  name="$(basename "$e2e_test" .mjs)${*:+ ($*)}"
  e2e_runs=$((e2e_runs + 1))
  e2e_log="$ROOT/tests/artifacts/$(basename "$e2e_test" .mjs)-$e2e_runs-output.log"
  local began=$SECONDS
  env "$@" SUMMIT_BIN="$TARGET_DIR/release/summit" SUMMIT_ASSETS="$ROOT/frontend/dist" \
    node "$e2e_test" | tee "$e2e_log"
  # With its time, to balance the browser tests across lanes if the step grows.
  e2e_counts="$e2e_counts$name: $(tail -n 1 "$e2e_log") ($((SECONDS - began)) s)"$'\n'
}
# The accessibility audit (the longest test: every page, role, phase, language and
# size) runs beside the others, in a second browser: the machine has two cores and
# a browser test mostly waits, so this halves the wall time of this step. Its output
# follows once the others are done.
a11y_log="$ROOT/tests/artifacts/a11y-output.log"
SUMMIT_BIN="$TARGET_DIR/release/summit" SUMMIT_ASSETS="$ROOT/frontend/dist" \
  node tests/e2e/a11y.e2e.mjs >"$a11y_log" 2>&1 &
a11y_pid=$!
trap 'rc=$?; kill "$a11y_pid" 2>/dev/null || true; if [ $rc -ne 0 ]; then printf "\n\033[1;31mFAILED at step: %s (exit %s)\033[0m\n" "$current_step" "$rc"; fi' EXIT
for e2e_test in tests/e2e/*.e2e.mjs; do
  [ "$e2e_test" = tests/e2e/a11y.e2e.mjs ] && continue
  e2e_run "$e2e_test"
done
# The whole summit again in German, the participants on 390×844 phones: no English
# on any screen, and the vote bar's height.
e2e_run tests/e2e/summit.e2e.mjs SUMMIT_E2E_LOCALE=de-DE SUMMIT_E2E_PHONE=1
# And in Spanish on the small phone (360×640).
e2e_run tests/e2e/summit.e2e.mjs SUMMIT_E2E_LOCALE=es-ES SUMMIT_E2E_PHONE=360x640

a11y_status=0
wait "$a11y_pid" || a11y_status=$?
cat "$a11y_log"
[ "$a11y_status" -eq 0 ] || { echo "a11y.e2e.mjs failed (exit $a11y_status)"; exit "$a11y_status"; }
e2e_counts="${e2e_counts}a11y.e2e: $(tail -n 1 "$a11y_log")"$'\n'

current_step=""
section "All tests passed in $(( SECONDS - started ))s"
# End on the browser tests' "N passed, N failed" lines, so the log's last lines are
# test counts rather than a banner (the cargo test counts scroll by further up).
printf '%s' "$e2e_counts"

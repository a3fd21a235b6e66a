#!/usr/bin/env bash
# Runs every check and test Summit has, in order, stopping at the first failure:
#   1. setup (tools + Chromium)      5. cargo test (shared unit/property tests, backend API tests)
#   2. cargo fmt --check             6. release build of the front end (Trunk)
#   3. clippy, native, all targets   7. release build of the server
#   4. clippy, front end for wasm32  8. end-to-end browser test (tests/e2e) against that build
# Exits non-zero if anything fails. Browser-test screenshots and console logs go to
# tests/artifacts/e2e/.
#
# Optional: SUMMIT_TEST_POSTGRES_URL=postgres://... also runs the storage tests that
# need PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/test). Unset: SQLite only.
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

step "1/8 setup (tools and browser)"
bash scripts/setup.sh --browser

step "2/8 cargo fmt --check"
cargo fmt --all --check

step "3/8 cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "4/8 cargo clippy (front end, wasm32)"
cargo clippy -p summit-frontend --target wasm32-unknown-unknown -- -D warnings

step "5/8 cargo test --workspace"
if [ -n "${SUMMIT_TEST_POSTGRES_URL:-}" ]; then
  # Passed through to the tests; they add PostgreSQL runs when it is set.
  echo "PostgreSQL tests enabled: SUMMIT_TEST_POSTGRES_URL is set"
  export SUMMIT_TEST_POSTGRES_URL
else
  echo "PostgreSQL tests skipped: set SUMMIT_TEST_POSTGRES_URL to run them"
fi
cargo test --workspace

step "6/8 build front end (release)"
bash scripts/build-frontend.sh

step "7/8 build server (release)"
cargo build --release -p summit-backend

step "8/8 end-to-end browser test"
# The e2e test starts this binary itself, on a free port with a throwaway database.
e2e_log="$ROOT/tests/artifacts/e2e-output.log"
mkdir -p "$(dirname "$e2e_log")"
SUMMIT_BIN="$TARGET_DIR/release/summit" SUMMIT_ASSETS="$ROOT/frontend/dist" \
  node tests/e2e/summit.e2e.mjs | tee "$e2e_log"

current_step=""
section "All tests passed in $(( SECONDS - started ))s"
# End on the browser test's "N passed, N failed" line, so the log's last line is a
# test count rather than a banner (the cargo test counts scroll by further up).
printf 'e2e: %s\n' "$(tail -n 1 "$e2e_log")"

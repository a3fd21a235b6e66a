#!/usr/bin/env bash
# Installs whatever Summit's build and tests need and is missing; a no-op (a few
# seconds) when everything is there. Safe to run again and again.
#
#   scripts/setup.sh            build tools: wasm32 target, trunk, wasm-bindgen, wasm-split-cli,
#                               npm packages, Python's icalendar (for the calendar feed's test)
#   scripts/setup.sh --browser  also Chromium, for the end-to-end browser tests
#   scripts/setup.sh --nginx    also nginx, for the test behind a reverse proxy
#
# Why install by hand instead of letting the tools fetch themselves: this machine
# reaches package registries only. Trunk's own download of wasm-bindgen/wasm-opt and
# Playwright's browser download would fail, so everything comes from crates.io, npm
# or Debian instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

browser=false
nginx=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --nginx) nginx=true ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

section "Setup: checking tools"

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Rust's wasm target (rust-toolchain.toml lists it, but rustup only adds it on demand).
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ok   rust target wasm32-unknown-unknown"
else
  echo "install rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- Trunk, pinned. --locked: Trunk's own lock file is known to build on this Rust.
have_trunk="$(trunk --version 2>/dev/null || true)"
if [ "$have_trunk" = "trunk $TRUNK_VERSION" ]; then
  echo "ok   $have_trunk"
else
  echo "install trunk $TRUNK_VERSION (found: ${have_trunk:-none}); this compiles for ~15 minutes"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

# --- wasm-bindgen CLI, the exact version of the wasm-bindgen crate in Cargo.lock.
# Not --locked: that version's own lock file pins crates this Rust cannot build.
want_wb="$(wasm_bindgen_lock_version)"
if [ -z "$want_wb" ]; then
  echo "setup.sh: could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
have_wb="$(wasm-bindgen --version 2>/dev/null || true)"
if [ "$have_wb" = "wasm-bindgen $want_wb" ]; then
  echo "ok   $have_wb"
else
  echo "install wasm-bindgen-cli $want_wb (found: ${have_wb:-none})"
  cargo install wasm-bindgen-cli --version "$want_wb"
fi

# --- wasm-split-cli, which cuts the app's wasm into the parts a page fetches when
# first needed (scripts/split-wasm.mjs). Pinned: its output must match the loader
# code of wasm_split_helpers in Cargo.lock. About a minute to compile.
if cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  echo "ok   wasm-split-cli $WASM_SPLIT_VERSION"
else
  echo "install wasm-split-cli $WASM_SPLIT_VERSION"
  cargo install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
fi

# --- npm packages (binaryen's wasm-opt, playwright-core), pinned in package.json.
# npm writes node_modules/.package-lock.json on install: if it is newer than both
# manifests, the install is current and we skip it.
if [ -f node_modules/.package-lock.json ] \
   && [ node_modules/.package-lock.json -nt package.json ] \
   && { [ ! -f package-lock.json ] || [ node_modules/.package-lock.json -nt package-lock.json ]; }; then
  echo "ok   node_modules"
elif [ -f package-lock.json ]; then
  echo "install node packages (npm ci)"
  npm ci --no-audit --no-fund
else
  echo "install node packages (npm install)"
  npm install --no-audit --no-fund
fi

# --- Chromium for the browser test. Debian's build, driven by playwright-core
# (never `playwright install`: it downloads a browser, which fails here).
if $browser; then
  if [ -x /usr/bin/chromium ]; then
    echo "ok   /usr/bin/chromium"
  else
    echo "install chromium chromium-driver (apt)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update
    as_root apt-get install -y chromium chromium-driver
  fi
fi

# --- nginx for the test behind a reverse proxy (backend/tests/api/proxy.rs). Debian's
# package; the test runs its own instance, so the package's service is kept from
# starting during the install (policy-rc.d) and stays off.
if $nginx; then
  if [ -x /usr/sbin/nginx ]; then
    echo "ok   /usr/sbin/nginx"
  else
    echo "install nginx (apt)"
    export DEBIAN_FRONTEND=noninteractive
    policy=/usr/sbin/policy-rc.d
    had_policy=false
    [ -e "$policy" ] && had_policy=true
    $had_policy || printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    $had_policy || as_root chmod +x "$policy"
    as_root apt-get update
    as_root apt-get install -y nginx-light || as_root apt-get install -y nginx
    $had_policy || as_root rm -f "$policy"
  fi
fi

# --- Python's icalendar, pinned, in the tools' venv (.tools/venv, gitignored): a
# real iCalendar parser reads the calendar feed in backend/tests/api/calendar_feed.rs.
ICALENDAR_VERSION="7.3.2"
venv="$ROOT/.tools/venv"
have_ical="$("$venv/bin/python" -c 'import icalendar; print(icalendar.__version__)' 2>/dev/null || true)"
if [ "$have_ical" = "$ICALENDAR_VERSION" ]; then
  echo "ok   python icalendar $have_ical"
else
  echo "install python icalendar $ICALENDAR_VERSION into .tools/venv (found: ${have_ical:-none})"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "icalendar==$ICALENDAR_VERSION"
fi

echo "setup done"

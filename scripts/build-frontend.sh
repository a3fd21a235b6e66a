#!/usr/bin/env bash
# Builds the browser app (frontend/, Leptos CSR) into frontend/dist with Trunk,
# in release mode: wasm-bindgen glue plus a size-optimised wasm (wasm-opt), then
# writes brotli and gzip copies of every asset (scripts/precompress.mjs).
# Trunk.toml at the repository root holds the build settings (offline, tool versions).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash "$ROOT/scripts/setup.sh"

section "Build front end (trunk build --release --offline)"
# --offline: never let Trunk try to download wasm-bindgen or wasm-opt; it must use
# the ones setup.sh installed (on PATH via common.sh, with TRUNK_TOOLS_WASM_OPT set).
trunk build --release --offline
echo "front end built into frontend/dist"

section "Precompress front end (.br and .gz next to each file)"
# The server sends these as they are (tower-http ServeDir precompressed_br/gzip).
node "$ROOT/scripts/precompress.mjs" "$ROOT/frontend/dist"

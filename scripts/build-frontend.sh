#!/usr/bin/env bash
# Builds the browser app (frontend/, Leptos CSR) into frontend/dist with Trunk,
# in release mode: wasm-bindgen glue plus a size-optimised wasm (wasm-opt), then
# writes brotli and gzip copies of every asset (scripts/precompress.mjs).
# Trunk.toml at the repository root holds the build settings (offline, tool versions).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash "$ROOT/scripts/setup.sh"

section "Build front end: compile both apps (cargo, wasm-release)"
compile_frontend

# --offline: never let Trunk try to download wasm-bindgen or wasm-opt; it must use
# the ones setup.sh installed (on PATH via common.sh, with TRUNK_TOOLS_WASM_OPT set).
#
# Two downloads from one crate (frontend/src/lib.rs says why). The console's page is
# index.html with the console's binary, written to frontend/console.html (not kept
# in git) and built first into a folder of its own, since a Trunk build empties its
# dist folder.
section "Build front end: the console (trunk build --release --offline)"
# The console's page also inlines console.css (the projector's and the share panel's
# rules), which the participant's page does without.
sed -e 's/data-bin="summit-frontend"/data-bin="summit-console"/' \
    -e 's|<link data-trunk rel="inline" href="style.css" />|&<link data-trunk rel="inline" href="console.css" />|' \
    frontend/index.html > frontend/console.html
grep -q 'data-bin="summit-console"' frontend/console.html
grep -q 'href="console.css"' frontend/console.html
trunk build frontend/console.html --dist frontend/dist-console --html-output console.html --release --offline

section "Build front end: the participant's (trunk build --release --offline)"
trunk build --release --offline
cp frontend/dist-console/* frontend/dist/
rm -rf frontend/dist-console
echo "front end built into frontend/dist (index.html: the participant's, console.html: the console)"

section "Build front end: what other sites' pages load to embed Summit"
node "$ROOT/scripts/build-embed.mjs" "$ROOT/frontend/dist"

section "Precompress front end (.br and .gz next to each file)"
# The server sends these as they are (tower-http ServeDir precompressed_br/gzip).
node "$ROOT/scripts/precompress.mjs" "$ROOT/frontend/dist"

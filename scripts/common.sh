# Shared by the scripts in this folder: source it, don't run it.
# Puts the repository root in $ROOT, makes the tools setup.sh installs findable,
# and gives a `section` helper so a failing step is easy to spot in CI logs.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# cargo-installed tools (trunk, wasm-bindgen) live in Cargo's bin folder, which a
# non-login shell (CI) may not have on PATH. node_modules/.bin holds wasm-opt from
# npm's binaryen: Debian's binaryen is too old for Trunk's release build.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Trunk is pinned to this version: 0.22 needs a newer Rust than the machine has.
TRUNK_VERSION="0.21.14"
# wasm-split-cli (crate wasm_split_cli_support), for scripts/split-wasm.mjs.
WASM_SPLIT_VERSION="0.2.4"
# Trunk checks that the wasm-opt it finds reports this version (binaryen@132 from npm).
export TRUNK_TOOLS_WASM_OPT="version_132"

# Where cargo puts binaries; honour an override so scripts and cargo agree.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

section() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

# The wasm-bindgen version in Cargo.lock: the CLI must match it exactly, or the
# generated JS glue and the wasm module disagree.
wasm_bindgen_lock_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Compiles the front end's two apps (the participant's and the console's,
# frontend/src/lib.rs) for the browser in one cargo run, so their whole-program
# links (LTO) run side by side; each Trunk build in build-frontend.sh then finds its
# app built. Trunk runs cargo with these same arguments (frontend/index.html).
compile_frontend() {
  cargo build --profile wasm-release --target wasm32-unknown-unknown \
    --manifest-path "$ROOT/frontend/Cargo.toml" --bins
}

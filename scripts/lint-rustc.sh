#!/usr/bin/env bash
# Cargo's RUSTC_WORKSPACE_WRAPPER in scripts/test.sh's `cargo test`: cargo runs it as
# `lint-rustc.sh <rustc> <args>` for the workspace's own crates only (its
# dependencies are compiled by rustc as usual). clippy-driver compiles a crate as
# rustc does and runs Clippy's lints on the way, every warning an error, as
# `cargo clippy --all-targets -- -D warnings` would; so the tests' build is the lint
# too, without checking every dependency a second time (`cargo clippy` runs
# clippy-driver the same way, in check mode).
set -euo pipefail
exec clippy-driver "$@" -D warnings

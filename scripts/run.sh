#!/usr/bin/env bash
# Builds everything and starts Summit. Extra arguments go to the server, e.g.
#   scripts/run.sh --addr 0.0.0.0:8080 --database-url sqlite://summit.db
# It prints "Summit is running at http://ADDR/" when it is ready.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

# Installs missing tools (setup.sh), then builds frontend/dist, which the server serves.
bash "$ROOT/scripts/build-frontend.sh"

section "Start server (cargo run --release -p summit-backend --bin summit)"
exec cargo run --release -p summit-backend --bin summit -- "$@"
